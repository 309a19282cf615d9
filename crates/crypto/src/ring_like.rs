//! What the `ring` and `aws-lc-rs` providers share: `aws-lc-rs` mirrors `ring`'s API for
//! digests, AEADs and signature verification, so each of those modules is written once here, as
//! a macro over the backend crate, and expanded in `ring/` and `aws_lc/` with that provider's
//! type names. Where the two differ (key exchange, signing, randomness) each provider keeps its
//! own code.

/// The hash module: SHA-256 and SHA-384 from `$krate::digest`, running hashes held by value
/// in a `HashState` (`$state` is its constructor for this backend).
macro_rules! hash_module {
    ($krate:ident, $label:literal, $Hash:ident, $state:ident) => {
        use alloc::boxed::Box;

        use ::$krate::digest;

        use crate::hash::{Hash, HashContext, HashState};
        use crate::{HashAlgorithm, HashOutput};

        /// SHA-256.
        pub static SHA256: $Hash = $Hash {
            algorithm: HashAlgorithm::Sha256,
            backend: &digest::SHA256,
        };
        /// SHA-384.
        pub static SHA384: $Hash = $Hash {
            algorithm: HashAlgorithm::Sha384,
            backend: &digest::SHA384,
        };

        #[doc = concat!("A ", $label, " digest behind the provider's [`Hash`] trait. Running hashes")]
        /// ([`Hash::start_state`]) hold the backend's context by value: a transcript allocates
        /// nothing.
        #[derive(Debug)]
        pub struct $Hash {
            algorithm: HashAlgorithm,
            backend: &'static digest::Algorithm,
        }

        impl Hash for $Hash {
            fn algorithm(&self) -> HashAlgorithm {
                self.algorithm
            }

            fn start(&self) -> Box<dyn HashContext> {
                Box::new(Context(digest::Context::new(self.backend)))
            }

            fn start_state(&self) -> HashState {
                HashState::$state(digest::Context::new(self.backend))
            }

            fn hash(&self, data: &[u8]) -> HashOutput {
                HashOutput::new(digest::digest(self.backend, data).as_ref())
            }
        }

        /// A running hash; the backend's context is `Clone`, which makes `fork_finish` a copy
        /// and a finish.
        #[derive(Clone)]
        struct Context(digest::Context);

        impl HashContext for Context {
            fn update(&mut self, data: &[u8]) {
                self.0.update(data);
            }

            fn fork_finish(&self) -> HashOutput {
                HashOutput::new(self.0.clone().finish().as_ref())
            }

            fn fork(&self) -> Box<dyn HashContext> {
                Box::new(self.clone())
            }

            fn finish(self: Box<Self>) -> HashOutput {
                HashOutput::new(self.0.finish().as_ref())
            }
        }
    };
}
pub(crate) use hash_module;

/// The AEAD module: AES-128-GCM, AES-256-GCM and ChaCha20-Poly1305 from `$krate::aead`, sealing
/// and opening in place; keys held by value in a `KeyedAead` (`$keyed` is its constructor for
/// this backend).
macro_rules! aead_module {
    ($krate:ident, $label:literal, $Aead:ident, $Key:ident, $keyed:ident $(, $into:ident)?) => {
        use ::$krate::aead;

        use crate::aead::{Aead, AeadKey, KeyedAead};
        use crate::{AeadAlgorithm, CryptoError};

        /// AES-128-GCM.
        pub static AES_128_GCM: $Aead = $Aead {
            algorithm: AeadAlgorithm::Aes128Gcm,
            backend: &aead::AES_128_GCM,
        };
        /// AES-256-GCM.
        pub static AES_256_GCM: $Aead = $Aead {
            algorithm: AeadAlgorithm::Aes256Gcm,
            backend: &aead::AES_256_GCM,
        };
        /// ChaCha20-Poly1305.
        pub static CHACHA20_POLY1305: $Aead = $Aead {
            algorithm: AeadAlgorithm::ChaCha20Poly1305,
            backend: &aead::CHACHA20_POLY1305,
        };

        const TAG_LEN: usize = 16;

        #[doc = concat!("A ", $label, " AEAD behind the provider's [`Aead`] trait; its keys are held by")]
        /// value in the [`KeyedAead`] (installing keys allocates nothing).
        #[derive(Debug)]
        pub struct $Aead {
            algorithm: AeadAlgorithm,
            backend: &'static aead::Algorithm,
        }

        impl Aead for $Aead {
            fn algorithm(&self) -> AeadAlgorithm {
                self.algorithm
            }

            fn new_key(&self, key: &[u8]) -> Result<KeyedAead, CryptoError> {
                if key.len() != self.algorithm.key_len() {
                    return Err(CryptoError::BadLength);
                }
                let key = aead::UnboundKey::new(self.backend, key)
                    .map_err(|_| CryptoError::BadLength)?;
                Ok(KeyedAead::$keyed($Key {
                    key: aead::LessSafeKey::new(key),
                    algorithm: self.algorithm,
                }))
            }
        }

        /// `LessSafeKey` because the record layer makes each nonce itself (RFC 9846 §5.3,
        /// RFC 5288 §3) and hands it in per record.
        pub(crate) struct $Key {
            key: aead::LessSafeKey,
            algorithm: AeadAlgorithm,
        }

        impl AeadKey for $Key {
            fn algorithm(&self) -> AeadAlgorithm {
                self.algorithm
            }

            fn seal_in_place(
                &self,
                nonce: &[u8; 12],
                aad: &[u8],
                in_out: &mut [u8],
            ) -> Result<[u8; 16], CryptoError> {
                let tag = self
                    .key
                    .seal_in_place_separate_tag(
                        aead::Nonce::assume_unique_for_key(*nonce),
                        aead::Aad::from(aad),
                        in_out,
                    )
                    .map_err(|_| CryptoError::BadLength)?;
                tag.as_ref().try_into().map_err(|_| CryptoError::BadLength)
            }

            $(crate::ring_like::$into!();)?

            fn open_in_place(
                &self,
                nonce: &[u8; 12],
                aad: &[u8],
                in_out: &mut [u8],
            ) -> Result<usize, CryptoError> {
                let plain_len = in_out
                    .len()
                    .checked_sub(TAG_LEN)
                    .ok_or(CryptoError::DecryptFailed)?;
                let plain = self
                    .key
                    .open_in_place(
                        aead::Nonce::assume_unique_for_key(*nonce),
                        aead::Aad::from(aad),
                        in_out,
                    )
                    .map_err(|_| CryptoError::DecryptFailed)?;
                debug_assert_eq!(plain.len(), plain_len);
                Ok(plain_len)
            }
        }
    };
}
pub(crate) use aead_module;

/// `AeadKey::seal_into` for a backend that encrypts from one buffer into another
/// (aws-lc-rs's `seal_out_of_place_scatter`; ring has none and keeps the default copy).
macro_rules! seal_out_of_place {
    () => {
        fn seal_into(
            &self,
            nonce: &[u8; 12],
            aad: &[u8],
            input: &[u8],
            trailer: &[u8],
            out: &mut [u8],
        ) -> Result<(), CryptoError> {
            if input.len() + trailer.len() + TAG_LEN != out.len() {
                return Err(CryptoError::BadLength);
            }
            // The trailer's ciphertext and the tag lie together after the input's.
            let (body, extra_out_and_tag) = out.split_at_mut(input.len());
            self.key
                .seal_out_of_place_scatter(
                    aead::Nonce::assume_unique_for_key(*nonce),
                    aead::Aad::from(aad),
                    input,
                    body,
                    trailer,
                    extra_out_and_tag,
                )
                .map_err(|_| CryptoError::BadLength)
        }
    };
}
pub(crate) use seal_out_of_place;

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

        use crate::ring_like::verify_alg;
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
            /// RSASSA-PSS with SHA-256, MGF1-SHA-256 and a 32-byte salt (RFC 9846 §4.2.3).
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
