//! HKDF (RFC 5869) over SHA-256 and SHA-384 from `aws_lc_rs::hmac` and `aws_lc_rs::hkdf`;
//! HKDF-Extract, HMAC(salt, IKM), is written once for both backends in `ring_like/hkdf.rs`.
//!
//! HKDF-Expand (§2.3) is AWS-LC's own, from the PRK bytes held in `aws-lc-rs`'s PRK (see
//! `AwsLcPrk` for why it is not keyed once here, as the other providers do).

use ::aws_lc_rs::hkdf;

use crate::hkdf::HkdfPrk;
use crate::{CryptoError, HashAlgorithm};

crate::ring_like::hkdf_module!(aws_lc_rs, "`aws-lc-rs`", AwsLcHkdf, AwsLcPrk);

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

impl AwsLcPrk {
    fn new(hkdf: &AwsLcHkdf, prk: &[u8]) -> Self {
        Self {
            prk: native_prk(hkdf.algorithm, prk),
            algorithm: hkdf.algorithm,
            prk_len: prk.len(),
        }
    }
}

/// AWS-LC's PRK, for PRKs it takes (it panics past its largest digest, 64 bytes).
fn native_prk(algorithm: HashAlgorithm, prk: &[u8]) -> Option<hkdf::Prk> {
    let algorithm = match algorithm {
        HashAlgorithm::Sha384 => hkdf::HKDF_SHA384,
        _ => hkdf::HKDF_SHA256,
    };
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
        self.prk = native_prk(self.algorithm, prk);
        self.prk_len = prk.len();
    }
}
