//! HKDF (RFC 5869) over SHA-256 and SHA-384, on the `hmac` crate's block-level HMAC.
//!
//! Extract is HMAC(salt, IKM) (RFC 5869 §2.2); Expand (§2.3) runs from the PRK keyed once: the
//! block-level `Hmac` keeps the inner and outer hash states after absorbing the padded key, so
//! each HMAC of an expansion costs a clone and the message's compressions.

use alloc::boxed::Box;

use hmac::digest::KeyInit;
use hmac::Mac;

use crate::hkdf::{expand_with, Hkdf, HkdfPrk};
use crate::{CryptoError, HashAlgorithm, Secret};

/// HKDF-SHA256.
pub static HKDF_SHA256: HkdfSha<hmac::Hmac<sha2::Sha256>> = HkdfSha::new(HashAlgorithm::Sha256);
/// HKDF-SHA384.
pub static HKDF_SHA384: HkdfSha<hmac::Hmac<sha2::Sha384>> = HkdfSha::new(HashAlgorithm::Sha384);

/// HKDF over a `sha2` hash's HMAC `M` (the `hmac` crate's block-level `Hmac`) behind the
/// provider's [`Hkdf`] trait.
#[derive(Debug)]
pub struct HkdfSha<M> {
    algorithm: HashAlgorithm,
    _mac: core::marker::PhantomData<fn() -> M>,
}

impl<M> HkdfSha<M> {
    const fn new(algorithm: HashAlgorithm) -> Self {
        Self {
            algorithm,
            _mac: core::marker::PhantomData,
        }
    }
}

/// HMAC keyed with `key`; every key length is accepted (RFC 2104 §2 hashes long keys).
fn keyed<M: Mac + KeyInit>(key: &[u8]) -> M {
    match <M as KeyInit>::new_from_slice(key) {
        Ok(mac) => mac,
        Err(_) => unreachable!("HMAC accepts keys of every length (RFC 2104 §2)"),
    }
}

impl<M> HkdfSha<M>
where
    M: Mac + KeyInit + Clone + Send + Sync + 'static,
{
    fn keyed_prk(&self, prk: &[u8]) -> ShaPrk<M> {
        ShaPrk {
            mac: keyed(prk),
            algorithm: self.algorithm,
            prk_len: prk.len(),
        }
    }
}

impl<M> Hkdf for HkdfSha<M>
where
    M: Mac + KeyInit + Clone + Send + Sync + 'static,
{
    fn hash_algorithm(&self) -> HashAlgorithm {
        self.algorithm
    }

    fn extract(&self, salt: Option<&[u8]>, ikm: &[u8]) -> Secret {
        // RFC 5869 §2.2: an absent salt is HashLen zeros, the same HMAC key as the empty string
        // once HMAC pads it with zeros (RFC 2104 §2).
        let mut mac = keyed::<M>(salt.unwrap_or_default());
        mac.update(ikm);
        Secret::new(&mac.finalize().into_bytes())
    }

    fn prk(&self, prk: &[u8]) -> Box<dyn HkdfPrk> {
        Box::new(self.keyed_prk(prk))
    }

    fn with_prk(&self, prk: &[u8], f: &mut dyn FnMut(&dyn HkdfPrk)) {
        f(&self.keyed_prk(prk));
    }
}

/// A PRK keyed into the block-level HMAC.
struct ShaPrk<M: Mac + KeyInit + Clone + 'static> {
    mac: M,
    algorithm: HashAlgorithm,
    prk_len: usize,
}

impl<M> HkdfPrk for ShaPrk<M>
where
    M: Mac + KeyInit + Clone + Send + Sync + 'static,
{
    fn expand(&self, info: &[&[u8]], out: &mut [u8]) -> Result<(), CryptoError> {
        expand_with(
            self.algorithm,
            self.prk_len,
            info,
            out,
            |previous, info, i| {
                let mut mac = self.mac.clone();
                mac.update(previous);
                for chunk in info {
                    mac.update(chunk);
                }
                mac.update(&[i]);
                Secret::new(&mac.finalize().into_bytes())
            },
        )
    }

    fn rekey(&mut self, prk: &[u8]) {
        self.mac = keyed(prk);
        self.prk_len = prk.len();
    }
}

impl<M: Mac + KeyInit + Clone + 'static> Drop for ShaPrk<M> {
    fn drop(&mut self) {
        // The `hmac` crate's states do not zeroize themselves: overwrite the PRK-keyed inner and
        // outer states in place with the empty key's, and keep the store from being elided.
        self.mac = empty_keyed();
        core::hint::black_box(&mut self.mac);
    }
}

/// HMAC keyed with the empty key. With `std`, SHA-256's and SHA-384's are made once and copied,
/// so wiping a dropped state is a copy rather than a keying (two compressions).
fn empty_keyed<M: Mac + KeyInit + Clone + 'static>() -> M {
    #[cfg(feature = "std")]
    {
        use core::any::Any;
        use std::sync::OnceLock;
        type Hmac256 = hmac::Hmac<sha2::Sha256>;
        type Hmac384 = hmac::Hmac<sha2::Sha384>;
        static EMPTY_256: OnceLock<Hmac256> = OnceLock::new();
        static EMPTY_384: OnceLock<Hmac384> = OnceLock::new();
        let id = core::any::TypeId::of::<M>();
        let template: Option<&dyn Any> = if id == core::any::TypeId::of::<Hmac256>() {
            Some(EMPTY_256.get_or_init(|| keyed(&[])))
        } else if id == core::any::TypeId::of::<Hmac384>() {
            Some(EMPTY_384.get_or_init(|| keyed(&[])))
        } else {
            None
        };
        if let Some(mac) = template.and_then(|t| t.downcast_ref::<M>()) {
            return mac.clone();
        }
    }
    keyed(&[])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_hex::unhex;

    #[test]
    fn rfc5869_case_1() {
        let ikm = [0x0b; 22];
        let salt = unhex("000102030405060708090a0b0c");
        let info = unhex("f0f1f2f3f4f5f6f7f8f9");
        let prk = HKDF_SHA256.extract(Some(&salt), &ikm);
        let want = unhex("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
        assert!(prk.ct_eq(&want));
        let mut okm = [0u8; 42];
        HKDF_SHA256
            .expand(prk.as_bytes(), &[&info[..5], &info[5..]], &mut okm)
            .unwrap();
        let want = unhex(
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
        );
        assert_eq!(&okm[..], &want[..]);
    }

    #[test]
    fn absent_salt_is_hashlen_zeros() {
        for h in [&HKDF_SHA256 as &dyn Hkdf, &HKDF_SHA384] {
            let zeros = [0u8; 48];
            let len = h.hash_algorithm().output_len();
            assert_eq!(
                h.extract(None, b"ikm"),
                h.extract(Some(&zeros[..len]), b"ikm")
            );
        }
    }

    #[test]
    fn expand_limits() {
        let prk = [7u8; 32];
        let mut out = [0u8; 255 * 32 + 1];
        assert_eq!(
            HKDF_SHA256.expand(&prk, &[], &mut out),
            Err(CryptoError::OutputTooLong)
        );
        assert_eq!(HKDF_SHA256.expand(&prk, &[], &mut out[..255 * 32]), Ok(()));
        assert_eq!(
            HKDF_SHA256.expand(&prk[..31], &[], &mut out[..1]),
            Err(CryptoError::BadLength)
        );
        assert_eq!(
            HKDF_SHA384.expand(&prk, &[], &mut out[..1]),
            Err(CryptoError::BadLength)
        );
        assert_eq!(HKDF_SHA256.expand(&prk, &[b"x"], &mut []), Ok(()));
    }
}
