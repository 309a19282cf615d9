//! The one error type of the provider.

use core::fmt;

/// Why a cryptographic operation failed. None of the variants carries secret material.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CryptoError {
    /// An AEAD open failed: wrong key, nonce, AAD, or tampered ciphertext/tag.
    DecryptFailed,
    /// A key, nonce or buffer had the wrong length for the algorithm.
    BadLength,
    /// The requested output is longer than the construction can produce (HKDF: 255 × HashLen).
    OutputTooLong,
    /// The peer's key-exchange share is malformed, off the curve, or yields an all-zero secret.
    InvalidPeerKey,
    /// The random source failed or (scripted source) ran out of bytes.
    RandomUnavailable,
    /// A signature did not verify.
    BadSignature,
    /// The signature scheme is not implemented by this provider or not usable with this key.
    UnsupportedScheme,
    /// A private key could not be parsed or is of a kind this provider cannot sign with.
    KeyRejected(&'static str),
}

impl fmt::Display for CryptoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::DecryptFailed => f.write_str("AEAD decryption failed"),
            Self::BadLength => f.write_str("wrong key, nonce or buffer length"),
            Self::OutputTooLong => f.write_str("requested output too long"),
            Self::InvalidPeerKey => f.write_str("invalid peer key share"),
            Self::RandomUnavailable => f.write_str("random source unavailable"),
            Self::BadSignature => f.write_str("signature did not verify"),
            Self::UnsupportedScheme => f.write_str("unsupported signature scheme"),
            Self::KeyRejected(why) => write!(f, "private key rejected: {why}"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for CryptoError {}
