//! Ed25519 and ECDSA signing keys for both backends.

/// The Ed25519 module: a key pair from `$krate::signature`, imported from its seed and public
/// key (the backend checks that they match). Ed25519 is deterministic by construction, so
/// signing draws nothing. `$name` is the backend's name, unquoted (it also names the backend in
/// the error of a refused key).
macro_rules! ed25519_module {
    ($krate:ident, $name:literal, $Key:ident) => {
        use alloc::vec::Vec;
        use core::fmt;

        use ::$krate::signature::{Ed25519KeyPair, KeyPair};

        use crate::sign::{KeyKind, SigningKey};
        use crate::{CryptoError, SecureRandom, SignatureScheme};

        /// The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410 §4) around the 32-byte
        /// key.
        const SPKI_PREFIX: [u8; 12] = [
            0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
        ];

        #[doc = concat!("An Ed25519 key in `", $name, "`; signs `ed25519`.")]
        pub struct $Key(Ed25519KeyPair);

        impl $Key {
            #[doc = concat!(
                "Import a 32-byte seed and its public key (`", $name, "` checks that they match)."
            )]
            pub(super) fn new(seed: &[u8], public: &[u8]) -> Result<Self, CryptoError> {
                Ed25519KeyPair::from_seed_and_public_key(seed, public)
                    .map(Self)
                    .map_err(|_| {
                        CryptoError::KeyRejected(concat!($name, " refused the Ed25519 key"))
                    })
            }
        }

        impl SigningKey for $Key {
            fn kind(&self) -> KeyKind {
                KeyKind::Ed25519
            }

            fn schemes(&self) -> &[SignatureScheme] {
                &[SignatureScheme::ED25519]
            }

            fn sign(
                &self,
                scheme: SignatureScheme,
                message: &[u8],
                _rng: &dyn SecureRandom,
            ) -> Result<Vec<u8>, CryptoError> {
                if scheme != SignatureScheme::ED25519 {
                    return Err(CryptoError::UnsupportedScheme);
                }
                Ok(self.0.sign(message).as_ref().to_vec())
            }

            fn public_key_spki(&self) -> Option<Vec<u8>> {
                let mut spki = SPKI_PREFIX.to_vec();
                spki.extend_from_slice(self.0.public_key().as_ref());
                Some(spki)
            }
        }

        impl fmt::Debug for $Key {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(stringify!($Key))
            }
        }
    };
}
pub(crate) use ed25519_module;

/// The ECDSA key: a P-256 or P-384 `$krate::signature::EcdsaKeyPair` signing its curve's one
/// scheme (RFC 9846 §4.3.3). The backends differ in how a pair is imported and where the nonce
/// comes from, so the provider's file gives `$import(signing algorithm, private scalar,
/// uncompressed public point)` and `$sign(pair, message)`. Paths are written out, so that the
/// expansion adds no imports to the provider's file.
macro_rules! ecdsa_module {
    ($krate:ident, $label:literal, $Key:ident, import: $import:path, sign: $sign:path $(,)?) => {
        #[doc = concat!(
            "A P-256 or P-384 key in ", $label, "; signs its curve's one scheme (RFC 9846 §4.3.3)."
        )]
        pub struct $Key {
            pair: ::$krate::signature::EcdsaKeyPair,
            kind: crate::sign::KeyKind,
            scheme: [crate::SignatureScheme; 1],
            spki: alloc::vec::Vec<u8>,
        }

        impl $Key {
            /// Import a private scalar and its uncompressed public point (`spki` is the public key
            /// as a SubjectPublicKeyInfo, for
            /// [`SigningKey::public_key_spki`](crate::sign::SigningKey::public_key_spki)).
            pub(super) fn new(
                kind: crate::sign::KeyKind,
                private: &[u8],
                public: &[u8],
                spki: alloc::vec::Vec<u8>,
            ) -> Result<Self, crate::CryptoError> {
                use ::$krate::signature::{
                    ECDSA_P256_SHA256_ASN1_SIGNING, ECDSA_P384_SHA384_ASN1_SIGNING,
                };
                use crate::sign::KeyKind;
                use crate::SignatureScheme;

                let (alg, scheme) = match kind {
                    KeyKind::EcdsaP256 => (
                        &ECDSA_P256_SHA256_ASN1_SIGNING,
                        SignatureScheme::ECDSA_NISTP256_SHA256,
                    ),
                    KeyKind::EcdsaP384 => (
                        &ECDSA_P384_SHA384_ASN1_SIGNING,
                        SignatureScheme::ECDSA_NISTP384_SHA384,
                    ),
                    _ => return Err(crate::CryptoError::KeyRejected("not an ECDSA key")),
                };
                Ok(Self {
                    pair: $import(alg, private, public)?,
                    kind,
                    scheme: [scheme],
                    spki,
                })
            }
        }

        impl crate::sign::SigningKey for $Key {
            fn kind(&self) -> crate::sign::KeyKind {
                self.kind
            }

            fn schemes(&self) -> &[crate::SignatureScheme] {
                &self.scheme
            }

            /// Draws nothing from `rng` (see the module documentation).
            fn sign(
                &self,
                scheme: crate::SignatureScheme,
                message: &[u8],
                _rng: &dyn crate::SecureRandom,
            ) -> Result<alloc::vec::Vec<u8>, crate::CryptoError> {
                if scheme != self.scheme[0] {
                    return Err(crate::CryptoError::UnsupportedScheme);
                }
                $sign(&self.pair, message)
            }

            fn public_key_spki(&self) -> Option<alloc::vec::Vec<u8>> {
                Some(self.spki.clone())
            }
        }

        impl core::fmt::Debug for $Key {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                write!(f, concat!(stringify!($Key), "({:?})"), self.kind)
            }
        }
    };
}
pub(crate) use ecdsa_module;
