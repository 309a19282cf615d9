//! Errors of a connection: protocol failures (which always carry the alert that was sent) and API
//! misuse (which never touches the connection's state).

use core::fmt;

use ferrotls_crypto::CryptoError;
use ferrotls_record::{AlertDescription, RecordError};

use crate::msgs::enums::HandshakeType;
pub use crate::msgs::error::DecodeError;
use crate::verify::CertificateError;

/// What went wrong, for diagnostics. The alert is in [`Error`]; this says why it was chosen.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Cause {
    /// A message or extension failed to decode.
    Decode(DecodeError),
    /// The record layer refused a record.
    Record(RecordError),
    /// The peer's certificate or handshake signature was refused.
    Certificate(CertificateError),
    /// A cryptographic operation failed (a bad key share, a provider failure).
    Crypto(CryptoError),
    /// A protocol rule was broken; the text names the rule (and its RFC section).
    Protocol(&'static str),
    /// A configured resource limit was exceeded.
    Limit(&'static str),
    /// A handshake message the state machine does not accept in `state`.
    UnexpectedMessage {
        /// The message that came.
        handshake_type: HandshakeType,
        /// The state that did not expect it.
        state: &'static str,
    },
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Decode(e) => write!(f, "decode: {e:?}"),
            Self::Record(e) => write!(f, "record: {e:?}"),
            Self::Certificate(e) => write!(f, "certificate: {e}"),
            Self::Crypto(e) => write!(f, "crypto: {e}"),
            Self::Protocol(why) => f.write_str(why),
            Self::Limit(what) => write!(f, "limit exceeded: {what}"),
            Self::UnexpectedMessage {
                handshake_type,
                state,
            } => {
                write!(f, "unexpected {handshake_type:?} in state {state}")
            }
        }
    }
}

/// A fatal connection error. The connection is in a terminal state afterwards: every later call
/// that needs the protocol returns the same error.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// We failed the connection and queued this fatal alert for the peer (drain it with
    /// `write_tls` before closing the transport).
    AlertSent {
        /// The alert sent (RFC 9846 §6.2 says which failure calls for which).
        alert: AlertDescription,
        /// Why.
        cause: Cause,
    },
    /// The peer sent this fatal alert (RFC 8446 §6.2: every error alert is fatal in TLS 1.3).
    AlertReceived(AlertDescription),
    /// We failed the connection after sending close_notify. Nothing may follow close_notify
    /// (RFC 9846 §6.1), so `alert`, the one the failure calls for, was not sent.
    FailedAfterClose {
        /// The alert the failure calls for (not sent).
        alert: AlertDescription,
        /// Why.
        cause: Cause,
    },
    /// The transport ended without a close_notify (truncation, RFC 8446 §6.1).
    UnexpectedEof,
}

impl Error {
    /// A failure we detected, with the alert to send.
    pub fn fatal(alert: AlertDescription, cause: Cause) -> Self {
        Self::AlertSent { alert, cause }
    }

    /// A broken protocol rule with the alert RFC 8446 §6 or RFC 5246 §7.2 prescribes.
    pub fn protocol(alert: AlertDescription, rule: &'static str) -> Self {
        Self::fatal(alert, Cause::Protocol(rule))
    }

    /// `internal_error`: our own side failed (a provider, an encoding of our own message), not
    /// the peer (RFC 8446 §6.2).
    pub(crate) fn internal(what: &'static str) -> Self {
        Self::protocol(AlertDescription::INTERNAL_ERROR, what)
    }

    /// `unexpected_message`, the answer to any message the state machine did not expect.
    pub fn unexpected(rule: &'static str) -> Self {
        Self::protocol(AlertDescription::UNEXPECTED_MESSAGE, rule)
    }

    /// The alert we sent, if we were the ones who failed the connection.
    pub fn alert_sent(&self) -> Option<AlertDescription> {
        match self {
            Self::AlertSent { alert, .. } => Some(*alert),
            _ => None,
        }
    }
}

impl From<DecodeError> for Error {
    fn from(e: DecodeError) -> Self {
        Self::fatal(e.alert(), Cause::Decode(e))
    }
}

impl From<RecordError> for Error {
    fn from(e: RecordError) -> Self {
        Self::fatal(e.alert(), Cause::Record(e))
    }
}

impl From<CertificateError> for Error {
    fn from(e: CertificateError) -> Self {
        Self::fatal(e.alert(), Cause::Certificate(e))
    }
}

impl From<CryptoError> for Error {
    fn from(e: CryptoError) -> Self {
        let alert = match e {
            CryptoError::InvalidPeerKey => AlertDescription::ILLEGAL_PARAMETER,
            CryptoError::DecryptFailed => AlertDescription::BAD_RECORD_MAC,
            CryptoError::BadSignature => AlertDescription::DECRYPT_ERROR,
            _ => AlertDescription::INTERNAL_ERROR,
        };
        Self::fatal(alert, Cause::Crypto(e))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::AlertSent { alert, cause } => write!(f, "sent fatal alert {alert:?}: {cause}"),
            Self::AlertReceived(alert) => write!(f, "peer sent fatal alert {alert:?}"),
            Self::FailedAfterClose { alert, cause } => {
                write!(f, "failed after close_notify ({alert:?} not sent): {cause}")
            }
            Self::UnexpectedEof => f.write_str("peer closed the transport without close_notify"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}

/// The application called the API in a way the connection's state does not allow. The
/// connection is unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApiError {
    /// The operation needs a completed handshake.
    HandshakeNotComplete,
    /// The connection has failed; the error is the one it failed with.
    Failed(Error),
    /// close() was called, or the peer's close_notify was received and the operation needs a
    /// writable direction.
    Closed,
    /// 0-RTT is not available: early data was offered where none can be sent (no ticket
    /// allowing it, or too late), or the early exporter was asked for on a connection where
    /// 0-RTT is not in use.
    EarlyDataUnavailable,
    /// More early data than the ticket's max_early_data_size allows.
    EarlyDataTooLarge,
    /// A configuration value is invalid (the text says which).
    InvalidConfig(&'static str),
    /// An argument of the call is out of its range (the text says which and the rule).
    InvalidArgument(&'static str),
    /// The negotiated protocol version has no such operation (e.g. a key update in TLS 1.2);
    /// the text says which.
    Unsupported(&'static str),
    /// [`Connection::answer`](crate::Connection::answer) with no request pending (none was
    /// made, or it was answered already).
    NothingPending,
    /// [`Connection::answer`](crate::Connection::answer) with an answer of another kind than the
    /// pending request takes; `expected` names the kind it takes.
    WrongAnswer {
        /// The kind of [`Answer`](crate::deferred::Answer) the pending request takes.
        expected: &'static str,
    },
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::HandshakeNotComplete => f.write_str("handshake not complete"),
            Self::Failed(e) => write!(f, "connection failed: {e}"),
            Self::Closed => f.write_str("connection closed"),
            Self::EarlyDataUnavailable => f.write_str("early data not available"),
            Self::EarlyDataTooLarge => f.write_str("early data exceeds max_early_data_size"),
            Self::InvalidConfig(why) => write!(f, "invalid configuration: {why}"),
            Self::InvalidArgument(why) => write!(f, "invalid argument: {why}"),
            Self::Unsupported(why) => write!(f, "not supported: {why}"),
            Self::NothingPending => f.write_str("no request is pending"),
            Self::WrongAnswer { expected } => {
                write!(
                    f,
                    "wrong kind of answer: the pending request takes {expected}"
                )
            }
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ApiError {}
