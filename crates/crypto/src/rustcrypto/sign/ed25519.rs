//! Ed25519 signing keys (RFC 8032).

use alloc::vec::Vec;
use core::fmt;

use signature::Signer;

use crate::sign::{KeyKind, SigningKey};
use crate::{CryptoError, SecureRandom, SignatureScheme};

/// The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410 §4): SEQUENCE { SEQUENCE { OID
/// 1.3.101.112 }, BIT STRING (0 unused bits) } around the 32-byte key.
const SPKI_PREFIX: [u8; 12] = [
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];

/// An Ed25519 key; signs `ed25519` (RFC 8446 §4.2.3, RFC 8422 §5.1.3).
pub struct Ed25519Key(pub(super) ed25519_dalek::SigningKey);

impl SigningKey for Ed25519Key {
    fn kind(&self) -> KeyKind {
        KeyKind::Ed25519
    }

    fn schemes(&self) -> &[SignatureScheme] {
        &[SignatureScheme::ED25519]
    }

    /// Draws nothing from `rng`: Ed25519 is deterministic (RFC 8032 §5.1.6).
    fn sign(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
        _rng: &dyn SecureRandom,
    ) -> Result<Vec<u8>, CryptoError> {
        if scheme != SignatureScheme::ED25519 {
            return Err(CryptoError::UnsupportedScheme);
        }
        let sig = self
            .0
            .try_sign(message)
            .map_err(|_| CryptoError::BadSignature)?;
        Ok(sig.to_bytes().to_vec())
    }

    fn public_key_spki(&self) -> Option<Vec<u8>> {
        let mut spki = Vec::with_capacity(SPKI_PREFIX.len() + 32);
        spki.extend_from_slice(&SPKI_PREFIX);
        spki.extend_from_slice(self.0.verifying_key().as_bytes());
        Some(spki)
    }
}

impl fmt::Debug for Ed25519Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Ed25519Key")
    }
}
