//! HKDF (RFC 5869) over SHA-256 and SHA-384 from `ring::hmac`.
//!
//! `ring`'s own HKDF keeps its PRK opaque and keys HMAC again for every expansion, but the TLS
//! 1.3 key schedule keeps its secrets as bytes and expands each PRK several times. So
//! HKDF-Extract is computed as what it is, HMAC(salt, IKM) (RFC 5869 §2.2), and HKDF-Expand
//! (§2.3) runs from an HMAC key made once from the PRK: `ring`'s key holds the inner and outer
//! states after absorbing the padded key, so each HMAC of an expansion costs only its message.

use alloc::boxed::Box;

use ::ring::hmac;

use crate::hkdf::{expand_with, Hkdf, HkdfPrk};
use crate::{CryptoError, HashAlgorithm, Secret};

/// HKDF-SHA256.
pub static HKDF_SHA256: RingHkdf = RingHkdf {
    algorithm: HashAlgorithm::Sha256,
    hmac: hmac::HMAC_SHA256,
};
/// HKDF-SHA384.
pub static HKDF_SHA384: RingHkdf = RingHkdf {
    algorithm: HashAlgorithm::Sha384,
    hmac: hmac::HMAC_SHA384,
};

/// HKDF over one `ring` hash behind the provider's [`Hkdf`] trait.
#[derive(Debug)]
pub struct RingHkdf {
    algorithm: HashAlgorithm,
    hmac: hmac::Algorithm,
}

impl RingHkdf {
    fn keyed_prk(&self, prk: &[u8]) -> RingPrk {
        RingPrk {
            key: hmac::Key::new(self.hmac, prk),
            hmac: self.hmac,
            algorithm: self.algorithm,
            prk_len: prk.len(),
        }
    }
}

impl Hkdf for RingHkdf {
    fn hash_algorithm(&self) -> HashAlgorithm {
        self.algorithm
    }

    fn extract(&self, salt: Option<&[u8]>, ikm: &[u8]) -> Secret {
        // RFC 5869 §2.2: an absent salt is HashLen zeros, the same HMAC key as the empty string
        // once HMAC pads it (RFC 2104 §2).
        let key = hmac::Key::new(self.hmac, salt.unwrap_or_default());
        Secret::new(hmac::sign(&key, ikm).as_ref())
    }

    fn prk(&self, prk: &[u8]) -> Box<dyn HkdfPrk> {
        Box::new(self.keyed_prk(prk))
    }

    fn with_prk(&self, prk: &[u8], f: &mut dyn FnMut(&dyn HkdfPrk)) {
        f(&self.keyed_prk(prk));
    }
}

/// A PRK keyed into `ring`'s HMAC.
struct RingPrk {
    key: hmac::Key,
    hmac: hmac::Algorithm,
    algorithm: HashAlgorithm,
    prk_len: usize,
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
