//! HKDF (RFC 5869), the TLS 1.3 key-schedule primitive.
//!
//! HKDF-Expand is HMAC keyed with the PRK, run once per HashLen bytes of output (RFC 5869 §2.3).
//! The TLS 1.3 key schedule expands each PRK several times (a stage's secrets, a traffic
//! secret's key and IV), so a PRK is keyed into HMAC once, as an [`HkdfPrk`], and expanded from
//! that: keying HMAC costs two compressions of the hash (the padded key's inner and outer
//! blocks), as much as a short expansion itself.

use alloc::boxed::Box;

use crate::{CryptoError, HashAlgorithm, Secret};

/// HKDF over one hash function.
pub trait Hkdf: Send + Sync {
    /// The hash function HKDF runs on.
    fn hash_algorithm(&self) -> HashAlgorithm;

    /// HKDF-Extract (RFC 5869 §2.2). `salt: None` means HashLen zero bytes.
    fn extract(&self, salt: Option<&[u8]>, ikm: &[u8]) -> Secret;

    /// `prk` keyed into HMAC once, for many expansions. A PRK shorter than HashLen is accepted
    /// here and refused by every [`HkdfPrk::expand`] (RFC 5869 §2.3).
    fn prk(&self, prk: &[u8]) -> Box<dyn HkdfPrk>;

    /// Run `f` with `prk` keyed into HMAC, for several expansions without an allocation (a
    /// provider keeps the keyed state on its stack; the default boxes it through
    /// [`prk`](Self::prk)). `f` is called exactly once.
    fn with_prk(&self, prk: &[u8], f: &mut dyn FnMut(&dyn HkdfPrk)) {
        f(self.prk(prk).as_ref());
    }

    /// HKDF-Extract, keyed: the PRK's bytes (to log or keep) and the PRK keyed for expanding.
    fn extract_keyed(&self, salt: Option<&[u8]>, ikm: &[u8]) -> (Secret, Box<dyn HkdfPrk>) {
        let secret = self.extract(salt, ikm);
        let prk = self.prk(secret.as_bytes());
        (secret, prk)
    }

    /// HKDF-Expand (RFC 5869 §2.3) with `info` given as the concatenation of `info` chunks, filling
    /// all of `out`. Fails with `OutputTooLong` past 255 × HashLen and `BadLength` if `prk` is
    /// shorter than HashLen. For one expansion of a PRK; key it with [`prk`](Self::prk) or
    /// [`with_prk`](Self::with_prk) for more.
    fn expand(&self, prk: &[u8], info: &[&[u8]], out: &mut [u8]) -> Result<(), CryptoError> {
        let mut result = Ok(());
        self.with_prk(prk, &mut |keyed| result = keyed.expand(info, &mut *out));
        result
    }
}

/// A PRK keyed into HMAC (RFC 5869 §2.2's output, ready for §2.3). Providers zeroize the keyed
/// state when it is dropped.
pub trait HkdfPrk: Send + Sync {
    /// HKDF-Expand (RFC 5869 §2.3) with `info` given as the concatenation of `info` chunks,
    /// filling all of `out`. Fails with `OutputTooLong` past 255 × HashLen and `BadLength` if the
    /// PRK was shorter than HashLen.
    fn expand(&self, info: &[&[u8]], out: &mut [u8]) -> Result<(), CryptoError>;

    /// Key this object with another PRK of the same HKDF, overwriting the keyed state in place:
    /// the TLS 1.3 key schedule's stages each extract the next PRK, and one allocation serves the
    /// chain (the previous stage's keyed state is gone once this returns).
    fn rekey(&mut self, prk: &[u8]);
}

/// RFC 5869 §2.3 over a keyed HMAC: `T(i) = HMAC(PRK, T(i-1) | info | i)`, the first `out.len()`
/// bytes of `T(1) | T(2) | ...`. `mac(previous, info, i)` is the provider's HMAC under the PRK
/// over the concatenation of its arguments. `prk_len` is checked here so every provider refuses
/// the same PRKs.
pub(crate) fn expand_with(
    algorithm: HashAlgorithm,
    prk_len: usize,
    info: &[&[u8]],
    out: &mut [u8],
    mut mac: impl FnMut(&[u8], &[&[u8]], u8) -> Secret,
) -> Result<(), CryptoError> {
    let hash_len = algorithm.output_len();
    if prk_len < hash_len {
        return Err(CryptoError::BadLength);
    }
    if out.len() > 255 * hash_len {
        return Err(CryptoError::OutputTooLong);
    }
    // T(0) is the empty string. Each T(i) is a `Secret`, wiped when replaced.
    let mut previous = Secret::new(&[]);
    for (i, block) in out.chunks_mut(hash_len).enumerate() {
        // At most 255 blocks (checked above), so the counter 1..=255 fits a byte.
        let t = mac(previous.as_bytes(), info, (i + 1) as u8);
        block.copy_from_slice(&t.as_bytes()[..block.len()]);
        previous = t;
    }
    Ok(())
}
