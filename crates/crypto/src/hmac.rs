//! HMAC (RFC 2104), the building block of HKDF and the TLS 1.2 PRF.

use alloc::boxed::Box;

use crate::{HashAlgorithm, Secret};

/// An HMAC construction over one hash function.
pub trait Hmac: Send + Sync {
    fn hash_algorithm(&self) -> HashAlgorithm;

    /// Key the HMAC. Any key length is accepted (RFC 2104 §2 hashes long keys).
    fn with_key(&self, key: &[u8]) -> Box<dyn HmacKey>;
}

/// A keyed HMAC, reusable for many messages.
pub trait HmacKey: Send + Sync {
    /// HMAC over the concatenation of `chunks`: callers avoid building the message in a buffer.
    fn sign(&self, chunks: &[&[u8]]) -> Secret;

    fn tag_len(&self) -> usize;
}
