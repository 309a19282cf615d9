//! RSA signature verification: RSASSA-PSS and RSASSA-PKCS1-v1_5 (RFC 8017 §8) from `rsa` 0.10.

use core::fmt;

use rsa::pkcs1::der::asn1::UintRef;
use rsa::pkcs1::der::Decode;
use rsa::sha2::{Sha256, Sha384, Sha512};
use rsa::signature::Verifier;
use rsa::{pkcs1v15, pss, BoxedUint, PublicKey};
use rustls_pki_types::SignatureVerificationAlgorithm;
use rustls_pki_types::{alg_id, AlgorithmIdentifier, InvalidSignature};

/// Smallest modulus accepted, in bits. RFC 8448's test server key is 1024-bit, so anything
/// stricter would make that trace unverifiable; policy on weak keys belongs to certificate
/// validation, not to the primitive.
pub const MIN_MODULUS_BITS: usize = 1024;
/// Largest modulus accepted, in bits, bounding the cost a peer can impose with one signature.
pub const MAX_MODULUS_BITS: usize = 8192;

#[derive(Clone, Copy, Debug)]
enum Padding {
    Pss,
    Pkcs1,
}

#[derive(Clone, Copy, Debug)]
enum MessageHash {
    Sha256,
    Sha384,
    Sha512,
}

/// RSA verification with a DER `RSAPublicKey` (RFC 8017 Appendix A.1.1) as the public key.
pub struct RsaVerify {
    padding: Padding,
    hash: MessageHash,
    name: &'static str,
}

macro_rules! rsa_alg {
    ($(#[$m:meta])* $name:ident, $padding:ident, $hash:ident) => {
        $(#[$m])*
        pub static $name: RsaVerify =
            RsaVerify { padding: Padding::$padding, hash: MessageHash::$hash, name: stringify!($name) };
    };
}

rsa_alg!(
    /// RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt (RFC 8446 §4.2.3).
    RSA_PSS_SHA256, Pss, Sha256
);
rsa_alg!(
    /// RSASSA-PSS with SHA-384, MGF1-SHA-384 and a 48-byte salt.
    RSA_PSS_SHA384, Pss, Sha384
);
rsa_alg!(
    /// RSASSA-PSS with SHA-512, MGF1-SHA-512 and a 64-byte salt.
    RSA_PSS_SHA512, Pss, Sha512
);
rsa_alg!(
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    RSA_PKCS1_SHA256, Pkcs1, Sha256
);
rsa_alg!(
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    RSA_PKCS1_SHA384, Pkcs1, Sha384
);
rsa_alg!(
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    RSA_PKCS1_SHA512, Pkcs1, Sha512
);

impl SignatureVerificationAlgorithm for RsaVerify {
    fn verify_signature(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), InvalidSignature> {
        let key = parse_public_key(public_key).ok_or(InvalidSignature)?;
        match self.padding {
            Padding::Pss => {
                // RFC 8446 §4.2.3: the salt length equals the digest length; `new` fixes it so.
                let sig = pss::Signature::try_from(signature).map_err(|_| InvalidSignature)?;
                let ok = match self.hash {
                    MessageHash::Sha256 => {
                        pss::VerifyingKey::<Sha256>::new(key).verify(message, &sig)
                    }
                    MessageHash::Sha384 => {
                        pss::VerifyingKey::<Sha384>::new(key).verify(message, &sig)
                    }
                    MessageHash::Sha512 => {
                        pss::VerifyingKey::<Sha512>::new(key).verify(message, &sig)
                    }
                };
                ok.map_err(|_| InvalidSignature)
            }
            Padding::Pkcs1 => {
                let sig = pkcs1v15::Signature::try_from(signature).map_err(|_| InvalidSignature)?;
                let ok = match self.hash {
                    MessageHash::Sha256 => {
                        pkcs1v15::VerifyingKey::<Sha256>::new(key).verify(message, &sig)
                    }
                    MessageHash::Sha384 => {
                        pkcs1v15::VerifyingKey::<Sha384>::new(key).verify(message, &sig)
                    }
                    MessageHash::Sha512 => {
                        pkcs1v15::VerifyingKey::<Sha512>::new(key).verify(message, &sig)
                    }
                };
                ok.map_err(|_| InvalidSignature)
            }
        }
    }

    fn public_key_alg_id(&self) -> AlgorithmIdentifier {
        alg_id::RSA_ENCRYPTION
    }

    fn signature_alg_id(&self) -> AlgorithmIdentifier {
        match (self.padding, self.hash) {
            (Padding::Pss, MessageHash::Sha256) => alg_id::RSA_PSS_SHA256,
            (Padding::Pss, MessageHash::Sha384) => alg_id::RSA_PSS_SHA384,
            (Padding::Pss, MessageHash::Sha512) => alg_id::RSA_PSS_SHA512,
            (Padding::Pkcs1, MessageHash::Sha256) => alg_id::RSA_PKCS1_SHA256,
            (Padding::Pkcs1, MessageHash::Sha384) => alg_id::RSA_PKCS1_SHA384,
            (Padding::Pkcs1, MessageHash::Sha512) => alg_id::RSA_PKCS1_SHA512,
        }
    }
}

impl fmt::Debug for RsaVerify {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)
    }
}

/// A DER `RSAPublicKey` within the accepted size range: the modulus and exponent are taken from
/// the DER and the size is checked against our own bounds (the exponent checks stay with `rsa`).
fn parse_public_key(der: &[u8]) -> Option<PublicKey> {
    let parsed = rsa::pkcs1::RsaPublicKey::<UintRef<'_>>::from_der(der).ok()?;
    let n = BoxedUint::from_be_slice_vartime(parsed.modulus.as_bytes());
    let e = BoxedUint::from_be_slice_vartime(parsed.public_exponent.as_bytes());
    let bits = usize::try_from(n.bit_width_vartime()).ok()?;
    if !(MIN_MODULUS_BITS..=MAX_MODULUS_BITS).contains(&bits) {
        return None;
    }
    PublicKey::new_with_size_limits(n, e, MIN_MODULUS_BITS..=MAX_MODULUS_BITS).ok()
}
