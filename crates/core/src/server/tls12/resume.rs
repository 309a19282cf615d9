//! Whether a ClientHello offers a session we resume: a ticket (RFC 5077 §3.1) or a session ID
//! (RFC 5246 §7.4.1.2) found again, then the checks that the session fits this handshake. A
//! session ID is looked up through `Request::LookupSession` ([`crate::deferred`]): the
//! ClientHello step pauses there until the store (at once) or the application (later) answers.
//! Every session offered and not resumed is reported as `ResumptionDeclined` with its reason;
//! the handshake then continues in full. Only an extended-master-secret mismatch that
//! RFC 7627 §5.3 says to abort on is fatal.

use alloc::vec::Vec;

use ferrotls_crypto::CryptoProvider;
use ferrotls_record::ProtocolVersion;
use rustls_pki_types::UnixTime;

use super::client_hello::{runnable_suites, Agreed};
use super::handshake_failure;
use crate::config::ServerConfig;
use crate::conn::{HandshakeOutput, NegotiatedValue};
use crate::deferred::SessionLookup;
use crate::error::Error;
use crate::msgs::extensions::ClientExtension;
use crate::msgs::handshake::ClientHello;
use crate::resumption::{DeclineReason, ServerSessionState, ServerStateError};
use crate::server::choices::requires_client_auth;

/// Why an offered session is not resumed.
enum Refusal {
    /// Fall back to a full handshake.
    Decline(DeclineReason),
    /// End the handshake.
    Abort(Error),
}

impl From<DeclineReason> for Refusal {
    fn from(reason: DeclineReason) -> Self {
        Self::Decline(reason)
    }
}

/// What the ClientHello offers.
pub(super) enum Offer {
    Nothing,
    /// A ticket, opened: the state inside, or why there is none.
    Opened(Result<ServerSessionState, DeclineReason>),
    /// A session ID to look up (`Request::LookupSession`, answered by the store at once or by
    /// the application later).
    SessionId(Vec<u8>),
}

/// What `ch` offers. RFC 5077 §3.4: "If a ticket is presented by the client, the server MUST
/// NOT attempt to use the Session ID in the ClientHello for stateful session resumption" (it
/// may be a random value the client made up to detect the resumption); an empty
/// session_ticket only asks for a ticket (§3.2).
pub(super) fn offer(config: &ServerConfig, ch: &ClientHello, now: UnixTime) -> Offer {
    let ticket = ch.extensions.iter().find_map(|e| match e {
        ClientExtension::SessionTicket(t) if !t.0.is_empty() => Some(t.0.as_slice()),
        _ => None,
    });
    if let Some(ticket) = ticket {
        return Offer::Opened(open_ticket(config, ticket, now));
    }
    // Without a store, synchronous or the application's, there is nothing to look the ID up
    // in: it is not an offer we could take.
    if ch.session_id.is_empty() || (config.session_store.is_none() && !config.defer.sessions) {
        return Offer::Nothing;
    }
    Offer::SessionId(ch.session_id.clone())
}

/// What a session lookup's answer means for the handshake. A store that could not answer is
/// no session (a full handshake, never a failure); the store never returns an expired state
/// (its contract), checked again all the same at the time of the answer.
pub(super) fn looked_up(
    lookup: SessionLookup,
    now: UnixTime,
) -> Result<ServerSessionState, DeclineReason> {
    match lookup {
        SessionLookup::Found(state) if state.is_expired(now) => Err(DeclineReason::Expired),
        SessionLookup::Found(state) => Ok(state),
        SessionLookup::NotFound => Err(DeclineReason::UnknownSession),
        SessionLookup::Unavailable => Err(DeclineReason::StoreUnavailable),
    }
}

/// The offered session (`found`, or why there is none), if it can be resumed. `Ok(None)`: a
/// full handshake, after a `ResumptionDeclined` event.
pub(super) fn decide(
    config: &ServerConfig,
    provider: &CryptoProvider,
    common: &mut dyn HandshakeOutput,
    ch: &ClientHello,
    agreed: &Agreed,
    found: Result<ServerSessionState, DeclineReason>,
) -> Result<Option<ServerSessionState>, Error> {
    common.record(NegotiatedValue::ResumptionOffered);
    let refusal = match found.map_err(Refusal::from).and_then(|session| {
        check(config, provider, ch, agreed, &session)?;
        Ok(session)
    }) {
        Ok(session) => return Ok(Some(session)),
        Err(refusal) => refusal,
    };
    match refusal {
        Refusal::Decline(reason) => {
            common.resumption_declined(reason);
            Ok(None)
        }
        Refusal::Abort(e) => Err(e),
    }
}

/// The state inside a ticket. A ticket that does not open (forged, corrupted, another server's
/// or a retired key) is Undecryptable, as is one that opens but does not decode (which only a
/// format we no longer read can cause).
fn open_ticket(
    config: &ServerConfig,
    ticket: &[u8],
    now: UnixTime,
) -> Result<ServerSessionState, DeclineReason> {
    let sealer = config
        .ticket_sealer
        .as_ref()
        .filter(|_| config.tls12_tickets)
        .ok_or(DeclineReason::Disabled)?;
    let plaintext = sealer
        .open(ticket, now)
        .ok_or(DeclineReason::Undecryptable)?;
    ServerSessionState::from_bytes(&plaintext, now).map_err(|e| match e {
        ServerStateError::Expired => DeclineReason::Expired,
        _ => DeclineReason::Undecryptable,
    })
}

/// Whether `session` may be resumed by this ClientHello.
fn check(
    config: &ServerConfig,
    provider: &CryptoProvider,
    ch: &ClientHello,
    agreed: &Agreed,
    session: &ServerSessionState,
) -> Result<(), Refusal> {
    // A TLS 1.3 ticket (sealed by the same sealer) or a TLS 1.3 stateful ticket (in the same
    // store) is no TLS 1.2 session.
    if session.protocol_version() != ProtocolVersion::TLS1_2 {
        return Err(DeclineReason::VersionMismatch.into());
    }
    // RFC 6066 §3: "A server that implements this extension MUST NOT accept the request to
    // resume the session if the server_name extension contains a different name." Host names
    // compare case-insensitively.
    let same_name = match (session.server_name(), agreed.server_name.as_deref()) {
        (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
        (None, None) => true,
        _ => false,
    };
    if !same_name {
        return Err(DeclineReason::ServerNameMismatch.into());
    }
    // RFC 5246 §7.4.1.3: "If a session is resumed, it must be resumed using the same cipher
    // suite it was originally negotiated with", which §7.4.1.2 has the client list ("this
    // vector MUST include at least the cipher_suite from that session"); and it must still be
    // one we run.
    let suite = session.cipher_suite();
    let ours = runnable_suites(config, provider).any(|s| s.suite == suite);
    if !ours || !ch.cipher_suites.contains(&suite) {
        return Err(DeclineReason::CipherSuiteMismatch.into());
    }
    // A session that authenticated no client would skip the client authentication this
    // server requires (RFC 5246 §7.4.6).
    if requires_client_auth(config) && session.client_certificates().is_empty() {
        return Err(DeclineReason::ClientAuthRequired.into());
    }
    check_ems(session.extended_master_secret(), agreed.ems)
}

/// RFC 7627 §5.3, for a ClientHello "offering to resume a known previous session".
fn check_ems(original: bool, offered: bool) -> Result<(), Refusal> {
    match (original, offered) {
        (true, true) => Ok(()),
        // "If the original session did not use the "extended_master_secret" extension but the
        // new ClientHello contains the extension, then the server MUST NOT perform the
        // abbreviated handshake. Instead, it SHOULD continue with a full handshake".
        (false, true) => Err(DeclineReason::EmsMismatch.into()),
        // "If the original session used the "extended_master_secret" extension but the new
        // ClientHello does not contain it, the server MUST abort the abbreviated handshake."
        (true, false) => Err(Refusal::Abort(handshake_failure(
            "client without extended_master_secret resumes a session that had it \
             (RFC 7627 §5.3)",
        ))),
        // "If neither the original session nor the new ClientHello uses the extension, the
        // server SHOULD abort the handshake." (Our server never makes such sessions
        // resumable, see session.rs; one can only come from elsewhere.)
        (false, false) => Err(Refusal::Abort(handshake_failure(
            "resumption of a session without extended_master_secret (RFC 7627 §5.3)",
        ))),
    }
}
