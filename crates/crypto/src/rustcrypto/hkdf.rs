//! HKDF (RFC 5869) over SHA-256 and SHA-384, from the `hkdf` crate.

use hmac::digest::OutputSizeUser;
use zeroize::Zeroize;

use crate::hkdf::Hkdf;
use crate::{CryptoError, HashAlgorithm, Secret};

/// HKDF-SHA256.
pub static HKDF_SHA256: HkdfSha<sha2::Sha256, hmac::Hmac<sha2::Sha256>> =
    HkdfSha::new(HashAlgorithm::Sha256);
/// HKDF-SHA384.
pub static HKDF_SHA384: HkdfSha<sha2::Sha384, hmac::Hmac<sha2::Sha384>> =
    HkdfSha::new(HashAlgorithm::Sha384);

/// HKDF over a `sha2` hash `D` and its HMAC `M` (the `hmac` crate's block-level `Hmac`, which
/// keeps the outer hash state after keying instead of compressing the outer key block again for
/// every HMAC of the expansion) behind the provider's [`Hkdf`] trait.
#[derive(Debug)]
pub struct HkdfSha<D, M> {
    algorithm: HashAlgorithm,
    _digest: core::marker::PhantomData<fn() -> (D, M)>,
}

impl<D, M> HkdfSha<D, M> {
    const fn new(algorithm: HashAlgorithm) -> Self {
        Self {
            algorithm,
            _digest: core::marker::PhantomData,
        }
    }
}

impl<D, M> Hkdf for HkdfSha<D, M>
where
    D: OutputSizeUser + Send + Sync + 'static,
    M: hkdf::HmacImpl<D> + Send + Sync + 'static,
{
    fn hash_algorithm(&self) -> HashAlgorithm {
        self.algorithm
    }

    fn extract(&self, salt: Option<&[u8]>, ikm: &[u8]) -> Secret {
        // RFC 5869 §2.2: an absent salt is HashLen zeros. The crate keys HMAC with the empty
        // string instead, which is the same key once HMAC pads it with zeros (RFC 2104 §2).
        let (mut prk, _) = hkdf::Hkdf::<D, M>::extract(salt, ikm);
        let secret = Secret::new(&prk);
        prk.as_mut_slice().zeroize();
        secret
    }

    fn expand(&self, prk: &[u8], info: &[&[u8]], out: &mut [u8]) -> Result<(), CryptoError> {
        // RFC 5869 §2.3: PRK is at least HashLen octets; L <= 255 * HashLen.
        let hkdf = hkdf::Hkdf::<D, M>::from_prk(prk).map_err(|_| CryptoError::BadLength)?;
        hkdf.expand_multi_info(info, out)
            .map_err(|_| CryptoError::OutputTooLong)
    }
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
