//! AEAD ciphers (RFC 5116) sealing and opening in place in the caller's buffer.

use alloc::boxed::Box;

use crate::{AeadAlgorithm, CryptoError};

/// An AEAD algorithm the provider implements.
pub trait Aead: Send + Sync {
    /// Which algorithm this is; a provider lists at most one `Aead` per algorithm.
    fn algorithm(&self) -> AeadAlgorithm;

    /// Build a key. `key.len()` must be `algorithm().key_len()`.
    fn new_key(&self, key: &[u8]) -> Result<KeyedAead, CryptoError>;
}

/// A keyed AEAD, held by value: the built-in ciphers are stored inline, so installing record
/// keys (four per side in a TLS 1.3 handshake) allocates nothing; another provider's key is
/// boxed ([`KeyedAead::boxed`]). Use it as a [`dyn AeadKey`](AeadKey) through `Deref`/`AsRef`.
pub struct KeyedAead(Repr);

// About 1 KiB inline (an AES key schedule) against a box's 16 bytes: the size is the point.
// `ring`'s and `aws-lc-rs`'s keys are smaller than the RustCrypto one, so holding them inline
// too costs no space and saves an allocation per key installed.
#[allow(clippy::large_enum_variant)]
enum Repr {
    Inline(crate::rustcrypto::aead::InlineKey),
    #[cfg(feature = "ring")]
    Ring(crate::ring::aead::RingAeadKey),
    #[cfg(feature = "aws-lc-rs")]
    AwsLc(crate::aws_lc::aead::AwsLcAeadKey),
    Boxed(Box<dyn AeadKey>),
}

impl KeyedAead {
    /// A key from a provider whose key type this crate does not know.
    pub fn boxed(key: Box<dyn AeadKey>) -> Self {
        Self(Repr::Boxed(key))
    }

    pub(crate) fn inline(key: crate::rustcrypto::aead::InlineKey) -> Self {
        Self(Repr::Inline(key))
    }

    #[cfg(feature = "ring")]
    pub(crate) fn ring(key: crate::ring::aead::RingAeadKey) -> Self {
        Self(Repr::Ring(key))
    }

    #[cfg(feature = "aws-lc-rs")]
    pub(crate) fn aws_lc(key: crate::aws_lc::aead::AwsLcAeadKey) -> Self {
        Self(Repr::AwsLc(key))
    }
}

impl core::ops::Deref for KeyedAead {
    type Target = dyn AeadKey;

    fn deref(&self) -> &(dyn AeadKey + 'static) {
        match &self.0 {
            Repr::Inline(key) => key,
            #[cfg(feature = "ring")]
            Repr::Ring(key) => key,
            #[cfg(feature = "aws-lc-rs")]
            Repr::AwsLc(key) => key,
            Repr::Boxed(key) => key.as_ref(),
        }
    }
}

impl AsRef<dyn AeadKey> for KeyedAead {
    fn as_ref(&self) -> &(dyn AeadKey + 'static) {
        &**self
    }
}

impl core::fmt::Debug for KeyedAead {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_tuple("KeyedAead").field(&self.algorithm()).finish()
    }
}

/// A keyed AEAD. Both operations work in place and never allocate.
pub trait AeadKey: Send + Sync {
    /// The algorithm the key is for.
    fn algorithm(&self) -> AeadAlgorithm;

    /// Encrypt `in_out` in place and return the tag (16 bytes for every supported AEAD).
    fn seal_in_place(
        &self,
        nonce: &[u8; 12],
        aad: &[u8],
        in_out: &mut [u8],
    ) -> Result<[u8; 16], CryptoError>;

    /// Encrypt `input` followed by `trailer` into `out` and append the tag: `out` is exactly
    /// `input.len() + trailer.len() + 16` bytes, and `input` is left as it was. Where the
    /// provider encrypts from one buffer into another (aws-lc-rs; RustCrypto without a
    /// trailer) the encryption is the only pass over the data; the default copies `input` and
    /// `trailer` into `out` and seals there ([`seal_in_place`](Self::seal_in_place)).
    fn seal_into(
        &self,
        nonce: &[u8; 12],
        aad: &[u8],
        input: &[u8],
        trailer: &[u8],
        out: &mut [u8],
    ) -> Result<(), CryptoError> {
        seal_into_by_copy(self, nonce, aad, input, trailer, out)
    }

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

/// [`AeadKey::seal_into`] by copying `input` and `trailer` into `out` and sealing there: the
/// default, and what a backend that encrypts out of place only sometimes falls back to.
pub(crate) fn seal_into_by_copy<K: AeadKey + ?Sized>(
    key: &K,
    nonce: &[u8; 12],
    aad: &[u8],
    input: &[u8],
    trailer: &[u8],
    out: &mut [u8],
) -> Result<(), CryptoError> {
    let (body, tag) = split_sealed(out, input.len() + trailer.len())?;
    let (head, tail) = body.split_at_mut(input.len());
    head.copy_from_slice(input);
    tail.copy_from_slice(trailer);
    tag.copy_from_slice(&key.seal_in_place(nonce, aad, body)?);
    Ok(())
}

/// `out` as the ciphertext of `len` bytes and the 16-byte tag after it ([`AeadKey::seal_into`]).
pub(crate) fn split_sealed(
    out: &mut [u8],
    len: usize,
) -> Result<(&mut [u8], &mut [u8]), CryptoError> {
    if len.checked_add(16) != Some(out.len()) {
        return Err(CryptoError::BadLength);
    }
    Ok(out.split_at_mut(len))
}
