//! ECDSA signing keys on P-256 and P-384 (deterministic nonces, RFC 6979).

use alloc::vec::Vec;
use core::fmt;

use p256::pkcs8::EncodePublicKey;
use signature::Signer;

use crate::sign::{KeyKind, SigningKey};
use crate::{CryptoError, SecureRandom, SignatureScheme};

/// A P-256 key; signs `ecdsa_secp256r1_sha256` only, the one scheme TLS 1.3 allows for it
/// (RFC 8446 §4.2.3) and the natural one for TLS 1.2.
pub struct EcdsaP256Key(pub(super) p256::ecdsa::SigningKey);

/// A P-384 key; signs `ecdsa_secp384r1_sha384` only.
pub struct EcdsaP384Key(pub(super) p384::ecdsa::SigningKey);

impl SigningKey for EcdsaP256Key {
    fn kind(&self) -> KeyKind {
        KeyKind::EcdsaP256
    }

    fn schemes(&self) -> &[SignatureScheme] {
        &[SignatureScheme::ECDSA_NISTP256_SHA256]
    }

    /// Draws nothing from `rng`: the nonce is derived from the key and message (RFC 6979).
    fn sign(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
        _rng: &dyn SecureRandom,
    ) -> Result<Vec<u8>, CryptoError> {
        if scheme != SignatureScheme::ECDSA_NISTP256_SHA256 {
            return Err(CryptoError::UnsupportedScheme);
        }
        let sig: p256::ecdsa::Signature = self
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

impl SigningKey for EcdsaP384Key {
    fn kind(&self) -> KeyKind {
        KeyKind::EcdsaP384
    }

    fn schemes(&self) -> &[SignatureScheme] {
        &[SignatureScheme::ECDSA_NISTP384_SHA384]
    }

    /// Draws nothing from `rng`: the nonce is derived from the key and message (RFC 6979).
    fn sign(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
        _rng: &dyn SecureRandom,
    ) -> Result<Vec<u8>, CryptoError> {
        if scheme != SignatureScheme::ECDSA_NISTP384_SHA384 {
            return Err(CryptoError::UnsupportedScheme);
        }
        let sig: p384::ecdsa::Signature = self
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

impl fmt::Debug for EcdsaP256Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EcdsaP256Key")
    }
}

impl fmt::Debug for EcdsaP384Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EcdsaP384Key")
    }
}
