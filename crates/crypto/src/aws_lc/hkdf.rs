//! HKDF (RFC 5869) over SHA-256 and SHA-384 from `aws_lc_rs::hmac` and `aws_lc_rs::hkdf`.
//!
//! `aws-lc-rs`'s extraction yields an opaque PRK, but the TLS 1.3 key schedule keeps its secrets as
//! bytes, so HKDF-Extract is computed as what it is, HMAC(salt, IKM) (RFC 5869 §2.2);
//! HKDF-Expand is `aws-lc-rs`'s, from the PRK bytes.

use ::aws_lc_rs::{hkdf, hmac};

use crate::hkdf::Hkdf;
use crate::{CryptoError, HashAlgorithm, Secret};

/// HKDF-SHA256.
pub static HKDF_SHA256: AwsLcHkdf = AwsLcHkdf {
    algorithm: HashAlgorithm::Sha256,
    hmac: hmac::HMAC_SHA256,
    hkdf: hkdf::HKDF_SHA256,
};
/// HKDF-SHA384.
pub static HKDF_SHA384: AwsLcHkdf = AwsLcHkdf {
    algorithm: HashAlgorithm::Sha384,
    hmac: hmac::HMAC_SHA384,
    hkdf: hkdf::HKDF_SHA384,
};

/// HKDF over one `aws-lc-rs` hash behind the provider's [`Hkdf`] trait.
#[derive(Debug)]
pub struct AwsLcHkdf {
    algorithm: HashAlgorithm,
    hmac: hmac::Algorithm,
    hkdf: hkdf::Algorithm,
}

/// An output length, as `aws-lc-rs`'s expansion wants it.
struct Len(usize);

impl hkdf::KeyType for Len {
    fn len(&self) -> usize {
        self.0
    }
}

impl Hkdf for AwsLcHkdf {
    fn hash_algorithm(&self) -> HashAlgorithm {
        self.algorithm
    }

    fn extract(&self, salt: Option<&[u8]>, ikm: &[u8]) -> Secret {
        // RFC 5869 §2.2: an absent salt is HashLen zeros, the same HMAC key as the empty string
        // once HMAC pads it (RFC 2104 §2).
        let key = hmac::Key::new(self.hmac, salt.unwrap_or_default());
        Secret::new(hmac::sign(&key, ikm).as_ref())
    }

    fn expand(&self, prk: &[u8], info: &[&[u8]], out: &mut [u8]) -> Result<(), CryptoError> {
        // RFC 5869 §2.3: PRK is at least HashLen octets (`aws-lc-rs` would take any key); L <= 255 *
        // HashLen (`aws-lc-rs` refuses more).
        if prk.len() < self.algorithm.output_len() {
            return Err(CryptoError::BadLength);
        }
        if out.len() > 255 * self.algorithm.output_len() {
            return Err(CryptoError::OutputTooLong);
        }
        if out.is_empty() {
            return Ok(());
        }
        let prk = hkdf::Prk::new_less_safe(self.hkdf, prk);
        prk.expand(info, Len(out.len()))
            .and_then(|okm| okm.fill(out))
            .map_err(|_| CryptoError::OutputTooLong)
    }
}
