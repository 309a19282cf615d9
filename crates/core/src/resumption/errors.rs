//! Why resumption state could not be built or decoded.
//!
//! The errors say what was wrong without carrying any of the bytes: a decode failure may be
//! about a secret, and errors end up in logs.

use core::fmt;

use ferrotls_crypto::CryptoError;

use crate::msgs::enums::CipherSuite;

/// Why [`ResumptionData`](super::ResumptionData) could not be built or decoded.
///
/// Every refusal means the same thing to the caller: do a full handshake instead. The variants
/// exist so an application can log (or test for) the reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResumptionDataError {
    /// The input does not start with the ferrotls resumption magic bytes: it is not resumption
    /// data at all (or was cut before the magic ended).
    BadMagic,
    /// A format version this library does not know (a newer library wrote it).
    UnknownFormatVersion(u8),
    /// A kind byte this format version does not define.
    UnknownKind(u8),
    /// A cipher suite this library does not implement, or one of the wrong protocol version.
    UnsupportedCipherSuite(CipherSuite),
    /// The bytes break the format; the text names the field.
    Malformed(&'static str),
    /// The session's lifetime has passed (`receive time + lifetime <= now`), or its receive time
    /// lies further in the future than the clock-skew allowance
    /// ([`CLOCK_SKEW_ALLOWANCE_SECS`](super::CLOCK_SKEW_ALLOWANCE_SECS)).
    Expired,
    /// The session was made for another server name than the one asked for.
    WrongServerName,
}

impl fmt::Display for ResumptionDataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadMagic => f.write_str("not ferrotls resumption data (bad magic)"),
            Self::UnknownFormatVersion(v) => {
                write!(f, "unknown resumption data format version {v}")
            }
            Self::UnknownKind(k) => write!(f, "unknown resumption data kind {k}"),
            Self::UnsupportedCipherSuite(s) => write!(f, "unsupported cipher suite {s:?}"),
            Self::Malformed(what) => write!(f, "malformed resumption data: {what}"),
            Self::Expired => f.write_str("resumption data expired"),
            Self::WrongServerName => f.write_str("resumption data is for another server name"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ResumptionDataError {}

/// Why a [`ServerSessionState`](super::ServerSessionState) could not be built or decoded.
///
/// A server treats every one of these as "unknown ticket or session ID": it falls back to a
/// full handshake (RFC 5077 §3.4, RFC 8446 §4.2.11).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ServerStateError {
    /// A format version this library does not know.
    UnknownFormatVersion(u8),
    /// A cipher suite this library does not implement, or one of the wrong protocol version.
    UnsupportedCipherSuite(CipherSuite),
    /// The bytes break the format; the text names the field.
    Malformed(&'static str),
    /// `creation time + lifetime <= now`, or a creation time further in the future than the
    /// clock-skew allowance.
    Expired,
}

impl fmt::Display for ServerStateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownFormatVersion(v) => {
                write!(f, "unknown server session state format version {v}")
            }
            Self::UnsupportedCipherSuite(s) => write!(f, "unsupported cipher suite {s:?}"),
            Self::Malformed(what) => write!(f, "malformed server session state: {what}"),
            Self::Expired => f.write_str("server session state expired"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ServerStateError {}

/// A field-level failure shared by both encodings; each public error type takes it over.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum FieldError {
    Malformed(&'static str),
    UnsupportedCipherSuite(CipherSuite),
}

impl From<FieldError> for ResumptionDataError {
    fn from(e: FieldError) -> Self {
        match e {
            FieldError::Malformed(what) => Self::Malformed(what),
            FieldError::UnsupportedCipherSuite(s) => Self::UnsupportedCipherSuite(s),
        }
    }
}

impl From<FieldError> for ServerStateError {
    fn from(e: FieldError) -> Self {
        match e {
            FieldError::Malformed(what) => Self::Malformed(what),
            FieldError::UnsupportedCipherSuite(s) => Self::UnsupportedCipherSuite(s),
        }
    }
}

/// Why a [`TicketSealer`](super::TicketSealer) made no ticket. The server then issues none;
/// the connection itself is unaffected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SealError {
    /// The sealed ticket would not fit the 65535-byte ticket field of TLS.
    TooLong,
    /// The key has sealed as many tickets as its nonces safely allow; a new key is needed.
    KeyExhausted,
    /// The random source or the cipher failed.
    Crypto(CryptoError),
}

impl From<CryptoError> for SealError {
    fn from(e: CryptoError) -> Self {
        Self::Crypto(e)
    }
}

impl fmt::Display for SealError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLong => f.write_str("ticket would exceed 65535 bytes"),
            Self::KeyExhausted => f.write_str("ticket key has sealed its maximum of tickets"),
            Self::Crypto(e) => write!(f, "ticket sealing failed: {e}"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for SealError {}
