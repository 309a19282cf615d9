//! The session a TLS 1.2 handshake makes resumable: a session ID in the session store
//! (RFC 5246 §7.4.1.3) and/or an RFC 5077 ticket. What the full handshake's ServerHello
//! promises, what is stored or sealed once the client's Finished has verified, and the renewed
//! ticket of an abbreviated handshake.
//!
//! Every session, however it is carried, holds one persistent identifier (the
//! `ServerSessionState`'s `session_id`), made at the full handshake: it is the session-store
//! key, it travels inside every ticket issued for the session, and it is what
//! `conn.session_id()` reports on every resumption.

use alloc::sync::Arc;
use alloc::vec::Vec;

use ferrotls_crypto::SecureRandom;
use ferrotls_record::AlertDescription;
use rustls_pki_types::UnixTime;

use super::client_hello::Agreed;
use crate::config::ServerConfig;
use crate::conn::HandshakeOutput;
use crate::deferred::{SessionSink, StoreWrite};
use crate::error::Error;
use crate::msgs::handshake::{HandshakeMessage, NewSessionTicketTls12};
use crate::resumption::{ServerSessionState, SessionParams, TicketSealer};
use crate::ProtocolVersion;

/// What a full handshake's ServerHello promised about the session it makes, and what keeping
/// that promise needs at the end of the handshake (the state machine has no config there).
#[derive(Debug)]
pub(super) struct SessionPlan {
    /// The session's persistent identifier.
    pub(super) id: Vec<u8>,
    /// The ServerHello carried `id`: the session goes into this store (or to the application,
    /// `Defer::sessions`), for this many seconds.
    store: Option<(SessionSink, u32)>,
    /// The ServerHello carried session_ticket: a NewSessionTicket sealed by this sealer, valid
    /// this many seconds, precedes our ChangeCipherSpec (RFC 5077 §3.3).
    ticket: Option<(Arc<dyn TicketSealer>, u32)>,
}

impl SessionPlan {
    /// The plan for a full handshake whose persistent identifier is `id` (32 random bytes).
    ///
    /// A session without the extended master secret is never made resumable: RFC 7627 §5.3
    /// has the server abort ("SHOULD abort the handshake") when a client without EMS offers to
    /// resume one, so handing one out would only lead a legacy client into a failed handshake
    /// later, and such a session's secret is not bound to its handshake (§1).
    pub(super) fn new(config: &ServerConfig, agreed: &Agreed, id: Vec<u8>) -> Self {
        let resumable = agreed.ems;
        let store = SessionSink::of(config)
            .filter(|_| resumable)
            .map(|s| (s, store_lifetime(config)));
        let ticket = config
            .ticket_sealer
            .as_ref()
            .filter(|_| resumable && agreed.ticket_requested)
            .map(|s| (Arc::clone(s), ticket_lifetime(config)));
        Self { id, store, ticket }
    }

    /// The ServerHello's session_id: the identifier when the session will be in the store.
    /// RFC 5077 §3.4: "If a server is planning on issuing a session ticket to a client that
    /// does not present one, it SHOULD include an empty Session ID in the ServerHello" — which
    /// we do when the ticket is the only way back. With a store as well, the ID is a second way
    /// back (a client that gets the ticket discards it, §3.4).
    pub(super) fn server_hello_id(&self) -> &[u8] {
        if self.store.is_some() {
            &self.id
        } else {
            &[]
        }
    }

    /// Whether the ServerHello carries session_ticket.
    pub(super) fn ticket_promised(&self) -> bool {
        self.ticket.is_some()
    }

    /// The end of a full handshake, the client's Finished verified (RFC 5077 §3.3: "In the
    /// case of a full handshake, the server MUST verify the client's Finished message before
    /// sending the ticket"): store the session as planned and return the encoded
    /// NewSessionTicket to send, if one was promised. RFC 5246 §7.2.2 / §F.1.4: a session
    /// becomes resumable only here, never from a handshake that failed before.
    pub(super) fn complete(
        &self,
        common: &mut dyn HandshakeOutput,
        params: SessionParams,
        now: UnixTime,
    ) -> Result<Option<Vec<u8>>, Error> {
        if let Some((sink, lifetime)) = &self.store {
            if let Ok(state) =
                ServerSessionState::tls12(params.clone(), self.id.clone(), now, *lifetime)
            {
                // Not waited for: a deferred store hears of it as Event::StoreSession. A
                // refusal (full store, policy) only means the ID will not be found again.
                let write = StoreWrite {
                    id: self.id.clone(),
                    state,
                };
                if sink.keep(common, write, now) {
                    crate::trace::session_issued(
                        ProtocolVersion::TLS1_2,
                        "session ID",
                        *lifetime,
                        0,
                    );
                }
            }
        }
        let Some((sealer, lifetime)) = &self.ticket else {
            return Ok(None);
        };
        let state = ServerSessionState::tls12(params, self.id.clone(), now, *lifetime).ok();
        let rng = common.provider().random.as_ref();
        new_session_ticket(sealer.as_ref(), rng, state.as_ref(), now).map(Some)
    }
}

/// Lifetime of a new session in the store: `session_lifetime` from the full handshake.
fn store_lifetime(config: &ServerConfig) -> u32 {
    config.session_lifetime
}

/// Lifetime of a ticket: `session_lifetime`, capped by the sealer's announced hint (0 there
/// means unspecified, RFC 5077 §3.3, and caps nothing).
fn ticket_lifetime(config: &ServerConfig) -> u32 {
    match config.ticket_sealer.as_ref().map(|s| s.lifetime_hint()) {
        Some(hint) if hint > 0 => config.session_lifetime.min(hint),
        _ => config.session_lifetime,
    }
}

/// Make `session` the state a renewed ticket carries on an abbreviated handshake (RFC 5077
/// §3.3: the server "MAY renew the ticket"): the same session, issued `now`, living until the
/// earlier of the original session's expiry and a fresh ticket lifetime, so renewal never
/// extends a session. `false` (the session unchanged) if no such state can be made.
pub(super) fn renew(
    config: &ServerConfig,
    session: &mut ServerSessionState,
    now: UnixTime,
) -> bool {
    let remaining = session.expires_at().as_secs().saturating_sub(now.as_secs());
    let lifetime = u32::try_from(remaining)
        .unwrap_or(u32::MAX)
        .min(ticket_lifetime(config));
    session.reissue(now, lifetime).is_ok()
}

/// The encoded NewSessionTicket for `state`, announcing its lifetime, sealed with randomness
/// from `rng` (the provider's, or the part drawn ahead of it).
pub(super) fn new_session_ticket(
    sealer: &dyn TicketSealer,
    rng: &dyn SecureRandom,
    state: Option<&ServerSessionState>,
    now: UnixTime,
) -> Result<Vec<u8>, Error> {
    let (lifetime_hint, ticket) = seal_ticket(sealer, rng, state, now);
    let mut out = Vec::with_capacity(NEW_SESSION_TICKET_OVERHEAD + ticket.len());
    put_new_session_ticket(&mut out, lifetime_hint, ticket)?;
    Ok(out)
}

/// Handshake header, lifetime hint and ticket length of a NewSessionTicket (RFC 5077 §3.3).
pub(super) const NEW_SESSION_TICKET_OVERHEAD: usize = 4 + 4 + 2;

/// `state` sealed into a ticket, with the lifetime it announces. Without a state, or when
/// sealing fails (the key spent, say), the ticket is empty: RFC 5077 §3.3 "If the server
/// determines that it does not want to include a ticket after it has included the
/// SessionTicket extension in the ServerHello, then it sends a zero-length ticket".
pub(super) fn seal_ticket(
    sealer: &dyn TicketSealer,
    rng: &dyn SecureRandom,
    state: Option<&ServerSessionState>,
    now: UnixTime,
) -> (u32, Vec<u8>) {
    let sealed = state.and_then(|state| {
        sealer
            .seal(&state.to_bytes(), rng, now)
            .ok()
            .map(|ticket| (state.lifetime(), ticket))
    });
    let (lifetime_hint, ticket) = sealed.unwrap_or_default();
    let kind = if ticket.is_empty() {
        "empty ticket"
    } else {
        "ticket"
    };
    crate::trace::session_issued(ProtocolVersion::TLS1_2, kind, lifetime_hint, 0);
    (lifetime_hint, ticket)
}

/// Append the NewSessionTicket carrying `ticket` to `out`.
pub(super) fn put_new_session_ticket(
    out: &mut Vec<u8>,
    lifetime_hint: u32,
    ticket: Vec<u8>,
) -> Result<(), Error> {
    HandshakeMessage::NewSessionTicketTls12(NewSessionTicketTls12 {
        lifetime_hint,
        ticket,
    })
    .encode(out)
    .map_err(|_| {
        Error::protocol(
            AlertDescription::INTERNAL_ERROR,
            "could not encode our own NewSessionTicket",
        )
    })
}
