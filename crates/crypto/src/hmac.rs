//! HMAC (RFC 2104), the building block of HKDF and the TLS 1.2 PRF.

use alloc::boxed::Box;

use crate::{HashAlgorithm, Secret};

/// An HMAC construction over one hash function.
pub trait Hmac: Send + Sync {
    /// The underlying hash; a provider lists at most one `Hmac` per hash.
    fn hash_algorithm(&self) -> HashAlgorithm;

    /// Key the HMAC. Any key length is accepted (RFC 2104 §2 hashes long keys).
    fn with_key(&self, key: &[u8]) -> Box<dyn HmacKey>;

    /// Run `f` with the HMAC keyed with `key`, for several messages under one key (the TLS 1.2
    /// PRF). A provider can keep the keyed state on its stack; the default boxes it.
    fn with_key_scoped(&self, key: &[u8], f: &mut dyn FnMut(&dyn HmacKey)) {
        f(self.with_key(key).as_ref());
    }

    /// HMAC over the concatenation of `chunks` under `key`, in one call (e.g. a Finished
    /// message's verify_data). The default keys through [`with_key_scoped`](Self::with_key_scoped).
    fn sign_once(&self, key: &[u8], chunks: &[&[u8]]) -> Secret {
        let mut tag = None;
        self.with_key_scoped(key, &mut |k| tag = Some(k.sign(chunks)));
        // `with_key_scoped` calls `f` exactly once.
        tag.unwrap_or_else(|| Secret::new(&[]))
    }
}

/// A keyed HMAC, reusable for many messages.
pub trait HmacKey: Send + Sync {
    /// HMAC over the concatenation of `chunks`: callers avoid building the message in a buffer.
    fn sign(&self, chunks: &[&[u8]]) -> Secret;

    /// Tag length in bytes: the hash's output length (no truncation).
    fn tag_len(&self) -> usize;
}
