//! The error type of the key schedules.

use core::fmt;

use ferrotls_crypto::{CryptoError, HashAlgorithm};

/// Why a key-schedule computation failed. None of the variants carries secret material.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyScheduleError {
    /// The provider has no hash, HMAC or HKDF for this hash function.
    UnsupportedHash(HashAlgorithm),
    /// An HKDF label is empty or longer than 249 bytes (RFC 8446 §7.1: `opaque label<7..255>`
    /// holds "tls13 " plus the label).
    BadLabelLength,
    /// An HKDF context (a hash, a ticket nonce, an exporter context hash) is longer than 255 bytes.
    ContextTooLong,
    /// A requested output does not fit the 16-bit `HkdfLabel.length` or the type that holds it.
    OutputTooLong,
    /// A transcript hash, secret or random has the wrong length for the hash function.
    BadLength,
    /// A TLS 1.2 exporter label that begins like one of the PRF's own labels ("client
    /// finished", "master secret", ...), whose output it could reproduce (RFC 5705 §4).
    ReservedLabel,
    /// The provider's primitive refused the operation.
    Crypto(CryptoError),
}

impl From<CryptoError> for KeyScheduleError {
    fn from(e: CryptoError) -> Self {
        Self::Crypto(e)
    }
}

impl fmt::Display for KeyScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnsupportedHash(h) => write!(f, "provider does not implement {h:?}"),
            Self::BadLabelLength => f.write_str("HKDF label length out of range"),
            Self::ContextTooLong => f.write_str("HKDF context longer than 255 bytes"),
            Self::OutputTooLong => f.write_str("requested key-schedule output too long"),
            Self::BadLength => f.write_str("input of the wrong length for the hash function"),
            Self::ReservedLabel => f.write_str("exporter label reserved by the TLS 1.2 PRF"),
            Self::Crypto(e) => write!(f, "crypto provider: {e}"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for KeyScheduleError {}
