//! ECDSA signing keys on P-256 and P-384 (deterministic nonces, RFC 6979).

use alloc::vec::Vec;
use core::fmt;

use p256::ecdsa::signature::Signer;
use p256::pkcs8::EncodePublicKey;

use crate::sign::{KeyKind, SigningKey};
use crate::{CryptoError, SecureRandom, SignatureScheme};

/// A P-256 key; signs `ecdsa_secp256r1_sha256` only, the one scheme TLS 1.3 allows for it
/// (RFC 8446 §4.2.3) and the natural one for TLS 1.2.
pub struct EcdsaP256Key(pub(super) p256::ecdsa::SigningKey);

/// A P-384 key; signs `ecdsa_secp384r1_sha384` only.
pub struct EcdsaP384Key(pub(super) p384::ecdsa::SigningKey);

/// The two keys differ only in curve, scheme and kind; one definition serves both.
macro_rules! ecdsa_signing_key {
    ($key:ident, $curve:ident, $kind:ident, $scheme:ident) => {
        impl SigningKey for $key {
            fn kind(&self) -> KeyKind {
                KeyKind::$kind
            }

            fn schemes(&self) -> &[SignatureScheme] {
                &[SignatureScheme::$scheme]
            }

            /// Draws nothing from `rng`: the nonce is derived from the key and message (RFC 6979).
            fn sign(
                &self,
                scheme: SignatureScheme,
                message: &[u8],
                _rng: &dyn SecureRandom,
            ) -> Result<Vec<u8>, CryptoError> {
                if scheme != SignatureScheme::$scheme {
                    return Err(CryptoError::UnsupportedScheme);
                }
                let sig: $curve::ecdsa::Signature = self
                    .0
                    .try_sign(message)
                    .map_err(|_| CryptoError::BadSignature)?;
                Ok(sig.to_der().as_bytes().to_vec())
            }

            fn public_key_spki(&self) -> Option<Vec<u8>> {
                let doc = self.0.verifying_key().to_public_key_der().ok()?;
                Some(doc.as_bytes().to_vec())
            }
        }

        impl fmt::Debug for $key {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(stringify!($key))
            }
        }
    };
}

ecdsa_signing_key!(EcdsaP256Key, p256, EcdsaP256, ECDSA_NISTP256_SHA256);
ecdsa_signing_key!(EcdsaP384Key, p384, EcdsaP384, ECDSA_NISTP384_SHA384);
