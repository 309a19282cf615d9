//! HKDF (RFC 5869), the TLS 1.3 key-schedule primitive.

use crate::{CryptoError, HashAlgorithm, Secret};

/// HKDF over one hash function.
pub trait Hkdf: Send + Sync {
    fn hash_algorithm(&self) -> HashAlgorithm;

    /// HKDF-Extract (RFC 5869 §2.2). `salt: None` means HashLen zero bytes.
    fn extract(&self, salt: Option<&[u8]>, ikm: &[u8]) -> Secret;

    /// HKDF-Expand (RFC 5869 §2.3) with `info` given as the concatenation of `info` chunks, filling
    /// all of `out`. Fails with `OutputTooLong` past 255 × HashLen and `BadLength` if `prk` is
    /// shorter than HashLen.
    fn expand(&self, prk: &[u8], info: &[&[u8]], out: &mut [u8]) -> Result<(), CryptoError>;
}
