//! AEAD ciphers (RFC 5116) sealing and opening in place in the caller's buffer.

use alloc::boxed::Box;

use crate::{AeadAlgorithm, CryptoError};

/// An AEAD algorithm the provider implements.
pub trait Aead: Send + Sync {
    fn algorithm(&self) -> AeadAlgorithm;

    /// Build a key. `key.len()` must be `algorithm().key_len()`.
    fn new_key(&self, key: &[u8]) -> Result<Box<dyn AeadKey>, CryptoError>;
}

/// A keyed AEAD. Both operations work in place and never allocate.
pub trait AeadKey: Send + Sync {
    fn algorithm(&self) -> AeadAlgorithm;

    /// Encrypt `in_out` in place and return the tag (16 bytes for every supported AEAD).
    fn seal_in_place(
        &self,
        nonce: &[u8; 12],
        aad: &[u8],
        in_out: &mut [u8],
    ) -> Result<[u8; 16], CryptoError>;

    /// Decrypt `in_out` (ciphertext followed by the 16-byte tag) in place. On success the first
    /// `in_out.len() - 16` bytes are the plaintext and that length is returned; on failure the
    /// buffer contents are unspecified and `DecryptFailed` is returned.
    fn open_in_place(
        &self,
        nonce: &[u8; 12],
        aad: &[u8],
        in_out: &mut [u8],
    ) -> Result<usize, CryptoError>;
}
