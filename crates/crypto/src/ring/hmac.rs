//! HMAC (RFC 2104) over SHA-256 and SHA-384 from `ring::hmac`.

use alloc::boxed::Box;

use ::ring::hmac;

use crate::hmac::{Hmac, HmacKey};
use crate::{HashAlgorithm, Secret};

/// HMAC-SHA256.
pub static HMAC_SHA256: RingHmac = RingHmac {
    algorithm: HashAlgorithm::Sha256,
    ring: hmac::HMAC_SHA256,
};
/// HMAC-SHA384.
pub static HMAC_SHA384: RingHmac = RingHmac {
    algorithm: HashAlgorithm::Sha384,
    ring: hmac::HMAC_SHA384,
};

/// A `ring` HMAC behind the provider's [`Hmac`] trait.
#[derive(Debug)]
pub struct RingHmac {
    algorithm: HashAlgorithm,
    ring: hmac::Algorithm,
}

impl RingHmac {
    /// `ring`'s key holds the inner and outer states after absorbing the padded key, so every tag
    /// under it costs only the message's compressions. Every key length is accepted.
    fn keyed(&self, key: &[u8]) -> RingHmacKey {
        RingHmacKey {
            key: hmac::Key::new(self.ring, key),
            tag_len: self.algorithm.output_len(),
        }
    }
}

impl Hmac for RingHmac {
    fn hash_algorithm(&self) -> HashAlgorithm {
        self.algorithm
    }

    fn with_key(&self, key: &[u8]) -> Box<dyn HmacKey> {
        Box::new(self.keyed(key))
    }

    fn with_key_scoped(&self, key: &[u8], f: &mut dyn FnMut(&dyn HmacKey)) {
        f(&self.keyed(key));
    }
}

struct RingHmacKey {
    key: hmac::Key,
    tag_len: usize,
}

impl HmacKey for RingHmacKey {
    fn sign(&self, chunks: &[&[u8]]) -> Secret {
        let mut ctx = hmac::Context::with_key(&self.key);
        for chunk in chunks {
            ctx.update(chunk);
        }
        Secret::new(ctx.sign().as_ref())
    }

    fn tag_len(&self) -> usize {
        self.tag_len
    }
}
