//! HMAC (RFC 2104) over SHA-256 and SHA-384, from the `hmac` crate.

use alloc::boxed::Box;

use hmac::digest::KeyInit;
use hmac::Mac;

use crate::hmac::{Hmac, HmacKey};
use crate::{HashAlgorithm, Secret};

/// HMAC-SHA256.
pub static HMAC_SHA256: HmacSha<hmac::Hmac<sha2::Sha256>> = HmacSha::new(HashAlgorithm::Sha256);
/// HMAC-SHA384.
pub static HMAC_SHA384: HmacSha<hmac::Hmac<sha2::Sha384>> = HmacSha::new(HashAlgorithm::Sha384);

/// HMAC over a `sha2` hash (`M` is the `hmac` crate's MAC type) behind the provider's [`Hmac`]
/// trait.
#[derive(Debug)]
pub struct HmacSha<M> {
    algorithm: HashAlgorithm,
    _mac: core::marker::PhantomData<fn() -> M>,
}

impl<M> HmacSha<M> {
    const fn new(algorithm: HashAlgorithm) -> Self {
        Self {
            algorithm,
            _mac: core::marker::PhantomData,
        }
    }
}

impl<M> HmacSha<M>
where
    M: Mac + KeyInit + Clone + Send + Sync + 'static,
{
    fn keyed(&self, key: &[u8]) -> HmacShaKey<M> {
        // The block-level `Hmac` keeps both the inner and the outer hash state after absorbing
        // the padded key (RFC 2104 §4's precomputation), so a tag costs a clone and the message's
        // compressions. (`SimpleHmac` keeps the outer key block instead and compresses it again
        // for every tag.) Every key length is accepted.
        let mac = match <M as KeyInit>::new_from_slice(key) {
            Ok(mac) => mac,
            Err(_) => unreachable!("HMAC accepts keys of every length (RFC 2104 §2)"),
        };
        HmacShaKey {
            mac,
            tag_len: self.algorithm.output_len(),
        }
    }
}

impl<M> Hmac for HmacSha<M>
where
    M: Mac + KeyInit + Clone + Send + Sync + 'static,
{
    fn hash_algorithm(&self) -> HashAlgorithm {
        self.algorithm
    }

    fn with_key(&self, key: &[u8]) -> Box<dyn HmacKey> {
        Box::new(self.keyed(key))
    }

    fn with_key_scoped(&self, key: &[u8], f: &mut dyn FnMut(&dyn HmacKey)) {
        f(&self.keyed(key));
    }

    fn sign_once(&self, key: &[u8], chunks: &[&[u8]]) -> Secret {
        let mut mac = <M as KeyInit>::new_from_slice(key)
            .unwrap_or_else(|_| unreachable!("HMAC accepts keys of every length (RFC 2104 §2)"));
        for chunk in chunks {
            mac.update(chunk);
        }
        Secret::new(&mac.finalize().into_bytes())
    }
}

/// A keyed HMAC: the inner and outer states after absorbing the padded key, cloned per message.
struct HmacShaKey<M> {
    mac: M,
    tag_len: usize,
}

impl<M> HmacKey for HmacShaKey<M>
where
    M: Mac + Clone + Send + Sync + 'static,
{
    fn sign(&self, chunks: &[&[u8]]) -> Secret {
        let mut mac = self.mac.clone();
        for chunk in chunks {
            mac.update(chunk);
        }
        Secret::new(&mac.finalize().into_bytes())
    }

    fn tag_len(&self) -> usize {
        self.tag_len
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_hex::unhex;

    #[test]
    fn rfc4231_test_case_2() {
        // RFC 4231 §4.3: key "Jefe", data "what do ya want for nothing?".
        let key = HMAC_SHA256.with_key(b"Jefe");
        let tag = key.sign(&[b"what do ya want ", b"for nothing?"]);
        let want = unhex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assert!(tag.ct_eq(&want));
        assert_eq!(key.tag_len(), 32);

        let key = HMAC_SHA384.with_key(b"Jefe");
        let tag = key.sign(&[b"what do ya want for nothing?"]);
        let want = unhex(
            "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e\
             8e2240ca5e69e2c78b3239ecfab21649",
        );
        assert!(tag.ct_eq(&want));
        assert_eq!(key.tag_len(), 48);
    }

    #[test]
    fn rfc4231_test_case_6_long_key() {
        // RFC 4231 §4.7: a 131-byte key is hashed first.
        let key = HMAC_SHA256.with_key(&[0xaa; 131]);
        let tag = key.sign(&[b"Test Using Larger Than Block-Size Key - Hash Key First"]);
        let want = unhex("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
        assert!(tag.ct_eq(&want));
    }

    #[test]
    fn key_is_reusable() {
        let key = HMAC_SHA256.with_key(b"k");
        assert_eq!(key.sign(&[b"m"]), key.sign(&[b"m"]));
        assert_ne!(key.sign(&[b"m"]), key.sign(&[b"n"]));
    }
}
