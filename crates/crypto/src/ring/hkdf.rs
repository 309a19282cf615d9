//! HKDF (RFC 5869) over SHA-256 and SHA-384 from `ring::hmac`; HKDF-Extract is written once for
//! both backends in `ring_like/hkdf.rs`, HKDF-Expand is `ring`'s own here.
//!
//! `ring`'s own HKDF keeps its PRK opaque and keys HMAC again for every expansion, but the TLS
//! 1.3 key schedule expands each PRK several times. So HKDF-Expand (RFC 5869 §2.3) runs from an
//! HMAC key made once from the PRK: `ring`'s key holds the inner and outer states after
//! absorbing the padded key, so each HMAC of an expansion costs only its message.

use ::ring::hmac;

use crate::hkdf::{expand_with, HkdfPrk};
use crate::{CryptoError, HashAlgorithm, Secret};

crate::ring_like::hkdf_module!(ring, "`ring`", RingHkdf, RingPrk);

/// A PRK keyed into `ring`'s HMAC.
struct RingPrk {
    key: hmac::Key,
    hmac: hmac::Algorithm,
    algorithm: HashAlgorithm,
    prk_len: usize,
}

impl RingPrk {
    fn new(hkdf: &RingHkdf, prk: &[u8]) -> Self {
        Self {
            key: hmac::Key::new(hkdf.hmac, prk),
            hmac: hkdf.hmac,
            algorithm: hkdf.algorithm,
            prk_len: prk.len(),
        }
    }
}

impl HkdfPrk for RingPrk {
    fn expand(&self, info: &[&[u8]], out: &mut [u8]) -> Result<(), CryptoError> {
        expand_with(
            self.algorithm,
            self.prk_len,
            info,
            out,
            |previous, info, i| {
                let mut ctx = hmac::Context::with_key(&self.key);
                ctx.update(previous);
                for chunk in info {
                    ctx.update(chunk);
                }
                ctx.update(&[i]);
                Secret::new(ctx.sign().as_ref())
            },
        )
    }

    fn rekey(&mut self, prk: &[u8]) {
        // The previous key is dropped in place as the new one is stored.
        self.key = hmac::Key::new(self.key.algorithm(), prk);
        self.prk_len = prk.len();
    }
}

/// HMAC keyed with the empty key, per hash: what a dropped PRK's state is overwritten with.
/// Made once, so wiping is a copy rather than a keying (two compressions) per drop.
static EMPTY_KEYS: [std::sync::OnceLock<hmac::Key>; 2] =
    [std::sync::OnceLock::new(), std::sync::OnceLock::new()];

impl Drop for RingPrk {
    fn drop(&mut self) {
        // `ring`'s key does not wipe itself: overwrite the PRK-keyed states in place with the
        // empty key's, and keep the store from being elided.
        let slot = match self.algorithm {
            HashAlgorithm::Sha384 => &EMPTY_KEYS[1],
            _ => &EMPTY_KEYS[0],
        };
        self.key = slot.get_or_init(|| hmac::Key::new(self.hmac, &[])).clone();
        core::hint::black_box(&mut self.key);
    }
}
