//! ECDSA verification (FIPS 186-4 §6.4) on P-256 and P-384 with SHA-256 or SHA-384.

use core::fmt;

use p256::ecdsa::signature::hazmat::PrehashVerifier;
use rustls_pki_types::SignatureVerificationAlgorithm;
use rustls_pki_types::{alg_id, AlgorithmIdentifier, InvalidSignature};
use sha2::{Digest, Sha256, Sha384};

/// The curve of the certificate key.
#[derive(Clone, Copy, Debug)]
enum Curve {
    P256,
    P384,
}

/// The hash applied to the message before signing.
#[derive(Clone, Copy, Debug)]
enum MessageHash {
    Sha256,
    Sha384,
}

/// ECDSA with a DER `Ecdsa-Sig-Value` signature (RFC 3279 §2.2.3) and a SEC1-encoded public key
/// (the subjectPublicKey BIT STRING content, RFC 5480 §2.2).
pub struct EcdsaVerify {
    curve: Curve,
    hash: MessageHash,
    name: &'static str,
}

/// ecdsa-with-SHA256 on a P-256 key.
pub static ECDSA_P256_SHA256: EcdsaVerify = EcdsaVerify {
    curve: Curve::P256,
    hash: MessageHash::Sha256,
    name: "ECDSA_P256_SHA256",
};
/// ecdsa-with-SHA384 on a P-256 key (certificate chains and TLS 1.2 allow mixing).
pub static ECDSA_P256_SHA384: EcdsaVerify = EcdsaVerify {
    curve: Curve::P256,
    hash: MessageHash::Sha384,
    name: "ECDSA_P256_SHA384",
};
/// ecdsa-with-SHA256 on a P-384 key.
pub static ECDSA_P384_SHA256: EcdsaVerify = EcdsaVerify {
    curve: Curve::P384,
    hash: MessageHash::Sha256,
    name: "ECDSA_P384_SHA256",
};
/// ecdsa-with-SHA384 on a P-384 key.
pub static ECDSA_P384_SHA384: EcdsaVerify = EcdsaVerify {
    curve: Curve::P384,
    hash: MessageHash::Sha384,
    name: "ECDSA_P384_SHA384",
};

impl SignatureVerificationAlgorithm for EcdsaVerify {
    fn verify_signature(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), InvalidSignature> {
        // Hash first, then verify the prehash: `verify_prehash` applies the FIPS 186-4 §6.4
        // truncation/extension of the digest to the curve order, which is what makes the
        // cross combinations (P-256 with SHA-384, P-384 with SHA-256) work.
        let mut digest = [0u8; 48];
        let digest = match self.hash {
            MessageHash::Sha256 => put(&mut digest, &Sha256::digest(message)),
            MessageHash::Sha384 => put(&mut digest, &Sha384::digest(message)),
        }
        .ok_or(InvalidSignature)?;
        match self.curve {
            Curve::P256 => verify_p256(public_key, digest, signature),
            Curve::P384 => verify_p384(public_key, digest, signature),
        }
    }

    fn public_key_alg_id(&self) -> AlgorithmIdentifier {
        match self.curve {
            Curve::P256 => alg_id::ECDSA_P256,
            Curve::P384 => alg_id::ECDSA_P384,
        }
    }

    fn signature_alg_id(&self) -> AlgorithmIdentifier {
        match self.hash {
            MessageHash::Sha256 => alg_id::ECDSA_SHA256,
            MessageHash::Sha384 => alg_id::ECDSA_SHA384,
        }
    }
}

impl fmt::Debug for EcdsaVerify {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

fn put<'a>(buf: &'a mut [u8; 48], digest: &[u8]) -> Option<&'a [u8]> {
    let out = buf.get_mut(..digest.len())?;
    out.copy_from_slice(digest);
    Some(out)
}

fn verify_p256(public_key: &[u8], digest: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
    let key =
        p256::ecdsa::VerifyingKey::from_sec1_bytes(public_key).map_err(|_| InvalidSignature)?;
    let signature = p256::ecdsa::Signature::from_der(signature).map_err(|_| InvalidSignature)?;
    key.verify_prehash(digest, &signature)
        .map_err(|_| InvalidSignature)
}

fn verify_p384(public_key: &[u8], digest: &[u8], signature: &[u8]) -> Result<(), InvalidSignature> {
    let key =
        p384::ecdsa::VerifyingKey::from_sec1_bytes(public_key).map_err(|_| InvalidSignature)?;
    let signature = p384::ecdsa::Signature::from_der(signature).map_err(|_| InvalidSignature)?;
    key.verify_prehash(digest, &signature)
        .map_err(|_| InvalidSignature)
}
