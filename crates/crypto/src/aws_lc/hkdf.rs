//! HKDF (RFC 5869) over SHA-256 and SHA-384 from `aws_lc_rs::hmac` and `aws_lc_rs::hkdf`.
//!
//! `aws-lc-rs`'s extraction yields an opaque PRK, but the TLS 1.3 key schedule keeps its secrets
//! as bytes, so HKDF-Extract is computed as what it is, HMAC(salt, IKM) (RFC 5869 §2.2).
//! HKDF-Expand (§2.3) is AWS-LC's own, from the PRK bytes held in `aws-lc-rs`'s PRK (see
//! `AwsLcPrk` for why it is not keyed once here, as the other providers do).

use alloc::boxed::Box;

use ::aws_lc_rs::{hkdf, hmac};

use crate::hkdf::{Hkdf, HkdfPrk};
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

impl AwsLcHkdf {
    fn keyed_prk(&self, prk: &[u8]) -> AwsLcPrk {
        AwsLcPrk {
            prk: native_prk(self.hkdf, prk),
            algorithm: self.algorithm,
            prk_len: prk.len(),
        }
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

    fn prk(&self, prk: &[u8]) -> Box<dyn HkdfPrk> {
        Box::new(self.keyed_prk(prk))
    }

    fn with_prk(&self, prk: &[u8], f: &mut dyn FnMut(&dyn HkdfPrk)) {
        f(&self.keyed_prk(prk));
    }
}

/// A PRK for AWS-LC's own HKDF-Expand. AWS-LC keys HMAC inside each expansion, in C, on a
/// context it cleanses afterwards; keying it once through `aws-lc-rs`'s HMAC and copying the keyed
/// context per output block measured slower than that (the copies and the wrapper's checks cost
/// more than the keying they save). The PRK bytes are wiped when dropped (`hkdf::Prk`'s drop).
struct AwsLcPrk {
    /// `None` for a PRK longer than AWS-LC takes, which no TLS secret is.
    prk: Option<hkdf::Prk>,
    algorithm: HashAlgorithm,
    prk_len: usize,
}

/// AWS-LC's PRK, for PRKs it takes (it panics past its largest digest, 64 bytes).
fn native_prk(algorithm: hkdf::Algorithm, prk: &[u8]) -> Option<hkdf::Prk> {
    (prk.len() <= crate::secret::MAX_OUTPUT_LEN).then(|| hkdf::Prk::new_less_safe(algorithm, prk))
}

/// An output length, as `aws-lc-rs`'s expansion wants it.
struct Len(usize);

impl hkdf::KeyType for Len {
    fn len(&self) -> usize {
        self.0
    }
}

impl HkdfPrk for AwsLcPrk {
    fn expand(&self, info: &[&[u8]], out: &mut [u8]) -> Result<(), CryptoError> {
        // RFC 5869 §2.3: PRK is at least HashLen octets (AWS-LC would take any key); L <= 255 *
        // HashLen (AWS-LC refuses more).
        let hash_len = self.algorithm.output_len();
        if self.prk_len < hash_len {
            return Err(CryptoError::BadLength);
        }
        if out.len() > 255 * hash_len {
            return Err(CryptoError::OutputTooLong);
        }
        if out.is_empty() {
            return Ok(());
        }
        let prk = self.prk.as_ref().ok_or(CryptoError::BadLength)?;
        prk.expand(info, Len(out.len()))
            .and_then(|okm| okm.fill(out))
            .map_err(|_| CryptoError::OutputTooLong)
    }

    fn rekey(&mut self, prk: &[u8]) {
        let algorithm = match self.algorithm {
            HashAlgorithm::Sha384 => hkdf::HKDF_SHA384,
            _ => hkdf::HKDF_SHA256,
        };
        self.prk = native_prk(algorithm, prk);
        self.prk_len = prk.len();
    }
}
