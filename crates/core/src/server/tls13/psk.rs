//! Choosing a PSK from the ClientHello's pre_shared_key (RFC 8446 §4.2.11): the key exchange
//! mode first (§4.2.9), then each offered ticket in the client's order until one opens, is ours
//! and fits this connection; that one's binder must verify (§4.2.11.2) or the handshake fails.
//!
//! Nothing is committed before the binder verifies: no random draw, no output, no state change
//! beyond the single-use `take` of a stateful ticket (which a forged binder does not deserve to
//! keep usable anyway). A stateful ticket is taken through `Request::TakeSession`
//! ([`crate::deferred`]): the search pauses there ([`PskStep::Take`], held by the `TicketTaken`
//! continuation) and goes on with the store's answer, given at once by a synchronous store.

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec::Vec;

use ferrotls_record::AlertDescription;
use rustls_pki_types::UnixTime;

use super::client_hello::Negotiated;
use super::key_schedule_error;
use crate::config::ServerConfig;
use crate::conn::HandshakeOutput;
use crate::deferred::SessionLookup;
use crate::error::Error;
use crate::key_schedule::{EarlySecret, PskKind};
use crate::msgs::enums::PskKeyExchangeMode;
use crate::msgs::extensions::OfferedPsks;
use crate::msgs::handshake::ClientHello;
use crate::resumption::{DeclineReason, ServerSessionState, ServerStateError, TicketSealer};
use crate::server::choices::requires_client_auth;
use crate::suites;
use crate::transcript::Transcript;
use ferrotls_record::ProtocolVersion;

/// A PSK the server accepted.
pub(crate) struct ResumedPsk {
    /// The ticket's state: the PSK, the session's identity and parameters.
    pub(super) state: ServerSessionState,
    /// `selected_identity` for the ServerHello.
    pub(super) index: u16,
    pub(super) mode: PskKeyExchangeMode,
    /// The Early Secret from this PSK.
    pub(super) early: EarlySecret,
    /// The binder, verified: it cannot be made without the PSK, so it is a sound anti-replay
    /// key (RFC 8446 §8.2 allows only validated parts of the ClientHello there).
    pub(super) binder: Vec<u8>,
    pub(super) obfuscated_ticket_age: u32,
    /// Why the first identity was passed over when a later one was chosen: only the first may
    /// carry early data (RFC 8446 §4.2.10).
    pub(super) first_declined: Option<DeclineReason>,
}

impl core::fmt::Debug for ResumedPsk {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ResumedPsk")
            .field("state", &self.state)
            .field("index", &self.index)
            .field("mode", &self.mode)
            .finish_non_exhaustive()
    }
}

/// What became of the client's PSK offer.
#[derive(Debug)]
pub(crate) enum PskChoice {
    NotOffered,
    /// Offered, none accepted: the handshake goes on in full, and the application hears why
    /// (the reason the first identity was refused).
    Declined(DeclineReason),
    Accepted(Box<ResumedPsk>),
}

impl PskChoice {
    pub(super) fn accepted(&self) -> Option<&ResumedPsk> {
        match self {
            Self::Accepted(r) => Some(r),
            _ => None,
        }
    }

    /// Tell the application the offer was declined, if it was.
    pub(super) fn report(&self, common: &mut dyn HandshakeOutput) {
        if let Self::Declined(reason) = self {
            common.resumption_declined(*reason);
        }
    }
}

/// A ClientHello's pre_shared_key offer and the mode we would use with it.
#[derive(Debug)]
pub(super) struct Offer<'a> {
    psks: &'a OfferedPsks,
    /// Our preferred mode among the client's; `None` when there is none in common.
    mode: Option<PskKeyExchangeMode>,
}

impl<'a> Offer<'a> {
    /// The offer in `ch`, if any. RFC 8446 §4.2.9: "Servers MUST NOT select a key exchange
    /// mode that is not listed by the client" and a client offering a PSK MUST send the modes,
    /// "If clients offer "pre_shared_key" without a "psk_key_exchange_modes" extension,
    /// servers MUST abort the handshake". (That pre_shared_key is the last extension, §4.2.11,
    /// the decoder has checked: illegal_parameter.)
    pub(super) fn from_hello(
        config: &ServerConfig,
        ch: &'a ClientHello,
    ) -> Result<Option<Self>, Error> {
        let Some(psks) = ch.psk() else {
            return Ok(None);
        };
        let client_modes = ch.psk_modes().ok_or(Error::protocol(
            AlertDescription::MISSING_EXTENSION,
            "pre_shared_key without psk_key_exchange_modes (RFC 8446 §4.2.9)",
        ))?;
        let mode = config
            .psk_modes
            .iter()
            .copied()
            .find(|m| client_modes.contains(m));
        Ok(Some(Self { psks, mode }))
    }

    /// Whether a PSK accepted from this offer needs no key share (psk_ke, RFC 8446 §4.2.9).
    pub(super) fn psk_only(&self) -> bool {
        self.mode == Some(PskKeyExchangeMode::PSK_KE)
    }

    /// Try the identities in order (RFC 9846 §4.3.11), from where `search` stands. `before`
    /// is the transcript before this ClientHello (empty, or `message_hash ||
    /// HelloRetryRequest`) and `encoded` the ClientHello itself, whose binders list is cut off
    /// for the binder hash (§4.2.11.2). A stateful ticket is taken through
    /// `Request::TakeSession`: the search stops at it ([`PskStep::Take`]) and goes on with the
    /// answer as `taken`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn search(
        &self,
        config: &ServerConfig,
        negotiated: &Negotiated,
        before: &Transcript,
        encoded: &[u8],
        mut search: PskSearch,
        mut taken: Option<SessionLookup>,
        now: UnixTime,
    ) -> Result<PskStep, Error> {
        let Some(mode) = self.mode else {
            let reason = if config.psk_modes.is_empty() {
                DeclineReason::Disabled
            } else {
                DeclineReason::ModeMismatch
            };
            return Ok(PskStep::Chosen(PskChoice::Declined(reason)));
        };
        while let Some(identity) = self.psks.identities.get(search.next) {
            let opened = match TicketSource::of(config) {
                TicketSource::Sealed(sealer) => open_sealed(sealer, &identity.identity, now),
                // RFC 9846 §8.1: a stateful ticket is removed as it is used. The store may be
                // remote: the search pauses here and goes on with the answer.
                TicketSource::Stateful => match taken.take() {
                    Some(lookup) => from_store(lookup),
                    None => {
                        let id = identity.identity.clone();
                        return Ok(PskStep::Take { id, search });
                    }
                },
                TicketSource::None => Err(DeclineReason::Disabled),
            };
            match opened.and_then(|state| usable_state(config, negotiated, state, now)) {
                Ok(state) => {
                    let index =
                        u16::try_from(search.next).map_err(|_| Error::internal("PSK index"))?;
                    return self
                        .accept(
                            negotiated,
                            before,
                            encoded,
                            state,
                            index,
                            mode,
                            search.first_declined,
                        )
                        .map(PskStep::Chosen);
                }
                Err(reason) => {
                    search.first_declined.get_or_insert(reason);
                    search.next += 1;
                }
            }
        }
        Ok(PskStep::Chosen(PskChoice::Declined(
            search
                .first_declined
                .unwrap_or(DeclineReason::UnknownSession),
        )))
    }

    /// Verify the binder of identity `index` and accept it.
    #[allow(clippy::too_many_arguments)]
    fn accept(
        &self,
        negotiated: &Negotiated,
        before: &Transcript,
        encoded: &[u8],
        state: ServerSessionState,
        index: u16,
        mode: PskKeyExchangeMode,
        first_declined: Option<DeclineReason>,
    ) -> Result<PskChoice, Error> {
        let position = usize::from(index);
        let identity = self
            .psks
            .identities
            .get(position)
            .ok_or(Error::internal("chosen PSK identity vanished"))?;
        // The decoder pairs identities and binders one to one.
        let received = self
            .psks
            .binders
            .get(position)
            .ok_or(Error::internal("PSK binder missing"))?;
        // pre_shared_key is the last extension, so the binders list ends the message.
        let partial = encoded
            .len()
            .checked_sub(self.psks.binders_len())
            .and_then(|n| encoded.get(..n))
            .ok_or(Error::internal("binders longer than the ClientHello"))?;
        let binder_hash = before.hash_with(partial);
        let early = EarlySecret::new(negotiated.prims, Some(state.secret().as_bytes()));
        let key = early
            .binder_key(PskKind::Resumption)
            .map_err(key_schedule_error)?;
        // RFC 8446 §4.2.11: "If this value is not present or does not validate, the server
        // MUST abort the handshake" — decrypt_error, as for a Finished (§6.2). Constant time.
        if !key.verify_binder(&binder_hash, &received.0) {
            return Err(Error::protocol(
                AlertDescription::DECRYPT_ERROR,
                "PSK binder does not verify (RFC 8446 §4.2.11)",
            ));
        }
        Ok(PskChoice::Accepted(Box::new(ResumedPsk {
            state,
            index,
            mode,
            early,
            binder: received.0.clone(),
            obfuscated_ticket_age: identity.obfuscated_ticket_age,
            first_declined,
        })))
    }
}

/// Where an identity's state is: inside the ticket (a sealer), or in a store under it.
pub(super) enum TicketSource<'a> {
    Sealed(&'a Arc<dyn TicketSealer>),
    /// `session_store`, or the application's store (`Defer::sessions`).
    Stateful,
    None,
}

impl<'a> TicketSource<'a> {
    /// Sealed tickets when there is a sealer, else stateful ones taken (once) from the store.
    pub(super) fn of(config: &'a ServerConfig) -> Self {
        match &config.ticket_sealer {
            Some(sealer) => Self::Sealed(sealer),
            None if config.session_store.is_some() || config.defer.sessions => Self::Stateful,
            None => Self::None,
        }
    }
}

/// Where the search stands: the next identity to try and why the first was passed over.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct PskSearch {
    next: usize,
    first_declined: Option<DeclineReason>,
}

/// How far [`Offer::search`] got.
#[derive(Debug)]
pub(super) enum PskStep {
    Chosen(PskChoice),
    /// Take the stateful ticket `id` (`Request::TakeSession`), then search on from `search`.
    Take {
        id: Vec<u8>,
        search: PskSearch,
    },
}

/// `state`, if it is a live TLS 1.3 session of ours that this connection may resume; otherwise
/// why not.
fn usable_state(
    config: &ServerConfig,
    negotiated: &Negotiated,
    state: ServerSessionState,
    now: UnixTime,
) -> Result<ServerSessionState, DeclineReason> {
    // Stores promise never to return an expired state; checked anyway, it is cheap (and a late
    // answer is judged at its own time).
    if state.is_expired(now) {
        return Err(DeclineReason::Expired);
    }
    if state.protocol_version() != ProtocolVersion::TLS1_3 {
        return Err(DeclineReason::VersionMismatch);
    }
    // RFC 8446 §4.2.11: the server "MUST ensure that it selects a compatible PSK (if any) and
    // cipher suite"; a resumption PSK may be used with any suite of its hash (§4.6.1).
    let same_hash =
        suites::lookup(state.cipher_suite()).is_some_and(|s| s.hash == negotiated.suite.hash);
    if !same_hash {
        return Err(DeclineReason::CipherSuiteMismatch);
    }
    // RFC 8446 §4.6.1 (and RFC 6066 §3): a session is only resumed for the name it was made
    // under. Names are compared case-insensitively (DNS).
    let same_name = match (state.server_name(), negotiated.server_name.as_deref()) {
        (None, None) => true,
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        _ => false,
    };
    if !same_name {
        return Err(DeclineReason::ServerNameMismatch);
    }
    // A PSK handshake has no CertificateRequest (RFC 8446 §4.3.2: "MUST NOT" with PSK
    // authentication), so a session that authenticated no client would skip the client
    // authentication this server requires, e.g. a ticket sealed under a shared key by a
    // server configured without it.
    if requires_client_auth(config) && state.client_certificates().is_empty() {
        return Err(DeclineReason::ClientAuthRequired);
    }
    Ok(state)
}

/// The state sealed in a ticket.
fn open_sealed(
    sealer: &Arc<dyn TicketSealer>,
    ticket: &[u8],
    now: UnixTime,
) -> Result<ServerSessionState, DeclineReason> {
    let plaintext = sealer
        .open(ticket, now)
        .ok_or(DeclineReason::Undecryptable)?;
    ServerSessionState::from_bytes(&plaintext, now).map_err(|e| match e {
        ServerStateError::Expired => DeclineReason::Expired,
        // It opened, so it is ours, but no state we can read: an old format.
        _ => DeclineReason::Undecryptable,
    })
}

/// What the store's answer to `TakeSession` means: a store that could not answer is no
/// session (a full handshake, never a failure).
fn from_store(lookup: SessionLookup) -> Result<ServerSessionState, DeclineReason> {
    match lookup {
        SessionLookup::Found(state) => Ok(state),
        SessionLookup::NotFound => Err(DeclineReason::UnknownSession),
        SessionLookup::Unavailable => Err(DeclineReason::StoreUnavailable),
    }
}
