//! What the application answers a [`Request`](super::Request) with.

use alloc::sync::Arc;
use alloc::vec::Vec;

use crate::config::CertifiedKey;
use crate::resumption::ServerSessionState;

/// The answer to a pending [`Request`](super::Request), given to
/// [`Connection::answer`](crate::Connection::answer).
#[non_exhaustive]
#[derive(Debug)]
pub enum Answer {
    /// For `LookupSession` and `TakeSession`.
    Session(SessionLookup),
    /// For `CheckReplay`.
    Replay(ReplayVerdict),
    /// For `ChooseCertificate` (`None`: no certificate, the handshake fails with the alert
    /// RFC 6066 §3 / RFC 9846 §6.2 name) and `ChooseClientCertificate` (`None`: an empty
    /// Certificate).
    Certificate(Option<Arc<CertifiedKey>>),
    /// For `Sign`: the signature, or the key holder's failure (the handshake then fails with
    /// internal_error, RFC 9846 §6.2).
    Signature(Result<Vec<u8>, SignFailed>),
}

/// What the session store found.
#[derive(Debug)]
pub enum SessionLookup {
    /// The stored state (the handshake still checks its version, suite, lifetime and SNI).
    Found(ServerSessionState),
    /// No session under that ID: a full handshake.
    NotFound,
    /// The store could not answer (an outage, an error): treated as no session, a full
    /// handshake, reported as `DeclineReason::StoreUnavailable`. Never fatal.
    Unavailable,
}

/// The anti-replay store's verdict on a 0-RTT attempt (RFC 9846 §8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplayVerdict {
    /// First seen: the early data may be accepted.
    Fresh,
    /// Seen before: the early data is rejected (`DeclineReason::Replay`).
    Replayed,
    /// The store could not answer: the early data is rejected
    /// (`DeclineReason::StoreUnavailable`), the handshake goes on.
    Unavailable,
}

/// The holder of an external key could not sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SignFailed;
