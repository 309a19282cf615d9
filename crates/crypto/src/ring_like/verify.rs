//! Signature verification for both backends.

/// One verification algorithm of [`verify_module`].
macro_rules! verify_alg {
    ($Verify:ident, $(#[$m:meta])* $name:ident, $backend:ident, $key:ident, $sig:ident, $small:expr) => {
        $(#[$m])*
        pub static $name: $Verify = $Verify {
            backend: &signature::$backend,
            public_key_alg_id: alg_id::$key,
            signature_alg_id: alg_id::$sig,
            small_rsa: $small,
            name: stringify!($name),
        };
    };
}
pub(crate) use verify_alg;

/// The verification module: `$krate::signature` in the shape rustls-webpki consumes, with the
/// same algorithms and TLS scheme mapping as the RustCrypto provider. Both backends verify RSA
/// only with moduli of 2048 to 8192 bits; smaller RSA keys (down to RustCrypto's
/// `MIN_MODULUS_BITS`) are verified by the RustCrypto algorithm, chosen by the key's modulus
/// length alone, so a key is never tried twice.
macro_rules! verify_module {
    ($krate:ident, $label:literal, $Verify:ident) => {
        use core::fmt;

        use ::$krate::signature;
        use rsa::pkcs1::der::Decode;
        use rustls_pki_types::SignatureVerificationAlgorithm;
        use rustls_pki_types::{alg_id, AlgorithmIdentifier, InvalidSignature};

        use crate::ring_like::verify::verify_alg;
        use crate::rustcrypto::verify::rsa as rustcrypto_rsa;
        use crate::verify::VerificationAlgorithms;
        use crate::SignatureScheme;

        /// The smallest RSA modulus the backend verifies.
        const BACKEND_MIN_RSA_BITS: usize = 2048;

        #[doc = concat!("A ", $label, " verification algorithm with its AlgorithmIdentifiers.")]
        pub struct $Verify {
            backend: &'static dyn signature::VerificationAlgorithm,
            public_key_alg_id: AlgorithmIdentifier,
            signature_alg_id: AlgorithmIdentifier,
            /// For RSA: the RustCrypto algorithm for moduli below 2048 bits.
            small_rsa: Option<&'static dyn SignatureVerificationAlgorithm>,
            name: &'static str,
        }

        verify_alg!(
            $Verify,
            /// ecdsa-with-SHA256 on a P-256 key.
            ECDSA_P256_SHA256, ECDSA_P256_SHA256_ASN1, ECDSA_P256, ECDSA_SHA256, None
        );
        verify_alg!(
            $Verify,
            /// ecdsa-with-SHA384 on a P-256 key.
            ECDSA_P256_SHA384, ECDSA_P256_SHA384_ASN1, ECDSA_P256, ECDSA_SHA384, None
        );
        verify_alg!(
            $Verify,
            /// ecdsa-with-SHA256 on a P-384 key.
            ECDSA_P384_SHA256, ECDSA_P384_SHA256_ASN1, ECDSA_P384, ECDSA_SHA256, None
        );
        verify_alg!(
            $Verify,
            /// ecdsa-with-SHA384 on a P-384 key.
            ECDSA_P384_SHA384, ECDSA_P384_SHA384_ASN1, ECDSA_P384, ECDSA_SHA384, None
        );
        verify_alg!(
            $Verify,
            /// Ed25519 (RFC 8032 §5.1.7).
            ED25519, ED25519, ED25519, ED25519, None
        );
        verify_alg!(
            $Verify,
            /// RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt (RFC 9846 §4.3.3).
            RSA_PSS_SHA256, RSA_PSS_2048_8192_SHA256, RSA_ENCRYPTION, RSA_PSS_SHA256,
            Some(&rustcrypto_rsa::RSA_PSS_SHA256)
        );
        verify_alg!(
            $Verify,
            /// RSASSA-PSS with SHA-384.
            RSA_PSS_SHA384, RSA_PSS_2048_8192_SHA384, RSA_ENCRYPTION, RSA_PSS_SHA384,
            Some(&rustcrypto_rsa::RSA_PSS_SHA384)
        );
        verify_alg!(
            $Verify,
            /// RSASSA-PSS with SHA-512.
            RSA_PSS_SHA512, RSA_PSS_2048_8192_SHA512, RSA_ENCRYPTION, RSA_PSS_SHA512,
            Some(&rustcrypto_rsa::RSA_PSS_SHA512)
        );
        verify_alg!(
            $Verify,
            /// RSASSA-PKCS1-v1_5 with SHA-256.
            RSA_PKCS1_SHA256, RSA_PKCS1_2048_8192_SHA256, RSA_ENCRYPTION, RSA_PKCS1_SHA256,
            Some(&rustcrypto_rsa::RSA_PKCS1_SHA256)
        );
        verify_alg!(
            $Verify,
            /// RSASSA-PKCS1-v1_5 with SHA-384.
            RSA_PKCS1_SHA384, RSA_PKCS1_2048_8192_SHA384, RSA_ENCRYPTION, RSA_PKCS1_SHA384,
            Some(&rustcrypto_rsa::RSA_PKCS1_SHA384)
        );
        verify_alg!(
            $Verify,
            /// RSASSA-PKCS1-v1_5 with SHA-512.
            RSA_PKCS1_SHA512, RSA_PKCS1_2048_8192_SHA512, RSA_ENCRYPTION, RSA_PKCS1_SHA512,
            Some(&rustcrypto_rsa::RSA_PKCS1_SHA512)
        );

        impl SignatureVerificationAlgorithm for $Verify {
            fn verify_signature(
                &self,
                public_key: &[u8],
                message: &[u8],
                signature: &[u8],
            ) -> Result<(), InvalidSignature> {
                if let Some(small) = self.small_rsa {
                    if rsa_modulus_bits(public_key).ok_or(InvalidSignature)?
                        < BACKEND_MIN_RSA_BITS
                    {
                        return small.verify_signature(public_key, message, signature);
                    }
                }
                signature::UnparsedPublicKey::new(self.backend, public_key)
                    .verify(message, signature)
                    .map_err(|_| InvalidSignature)
            }

            fn public_key_alg_id(&self) -> AlgorithmIdentifier {
                self.public_key_alg_id
            }

            fn signature_alg_id(&self) -> AlgorithmIdentifier {
                self.signature_alg_id
            }
        }

        impl fmt::Debug for $Verify {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.name)
            }
        }

        /// The bit length of a DER `RSAPublicKey`'s modulus (RFC 8017 Appendix A.1.1).
        fn rsa_modulus_bits(der: &[u8]) -> Option<usize> {
            let key =
                rsa::pkcs1::RsaPublicKey::<rsa::pkcs1::der::asn1::UintRef<'_>>::from_der(der)
                    .ok()?;
            let n = key.modulus.as_bytes();
            let first = *n.first()?;
            Some((n.len() - 1) * 8 + (8 - first.leading_zeros() as usize))
        }

        type Alg = &'static dyn SignatureVerificationAlgorithm;

        /// Every algorithm, for certificate-chain signatures.
        pub static ALL: &[Alg] = &[
            &ECDSA_P256_SHA256,
            &ECDSA_P256_SHA384,
            &ECDSA_P384_SHA256,
            &ECDSA_P384_SHA384,
            &ED25519,
            &RSA_PSS_SHA256,
            &RSA_PSS_SHA384,
            &RSA_PSS_SHA512,
            &RSA_PKCS1_SHA256,
            &RSA_PKCS1_SHA384,
            &RSA_PKCS1_SHA512,
        ];

        /// Per TLS scheme, in the RustCrypto provider's order and with its curve mixing (see
        /// [`crate::rustcrypto::verify::MAPPING`]).
        pub static MAPPING: &[(SignatureScheme, &[Alg])] = &[
            (
                SignatureScheme::ECDSA_NISTP384_SHA384,
                &[&ECDSA_P384_SHA384, &ECDSA_P256_SHA384],
            ),
            (
                SignatureScheme::ECDSA_NISTP256_SHA256,
                &[&ECDSA_P256_SHA256, &ECDSA_P384_SHA256],
            ),
            (SignatureScheme::ED25519, &[&ED25519]),
            (SignatureScheme::RSA_PSS_RSAE_SHA512, &[&RSA_PSS_SHA512]),
            (SignatureScheme::RSA_PSS_RSAE_SHA384, &[&RSA_PSS_SHA384]),
            (SignatureScheme::RSA_PSS_RSAE_SHA256, &[&RSA_PSS_SHA256]),
            (SignatureScheme::RSA_PKCS1_SHA512, &[&RSA_PKCS1_SHA512]),
            (SignatureScheme::RSA_PKCS1_SHA384, &[&RSA_PKCS1_SHA384]),
            (SignatureScheme::RSA_PKCS1_SHA256, &[&RSA_PKCS1_SHA256]),
        ];

        /// The provider's verification algorithms.
        pub static VERIFICATION: VerificationAlgorithms = VerificationAlgorithms {
            all: ALL,
            mapping: MAPPING,
        };
    };
}
pub(crate) use verify_module;
