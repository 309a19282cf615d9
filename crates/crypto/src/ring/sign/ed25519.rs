//! Ed25519 signing (RFC 8032) with `ring`; deterministic by construction, draws nothing.

use alloc::vec::Vec;
use core::fmt;

use ::ring::signature::{Ed25519KeyPair, KeyPair};

use crate::sign::{KeyKind, SigningKey};
use crate::{CryptoError, SecureRandom, SignatureScheme};

/// The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410 §4) around the 32-byte key.
const SPKI_PREFIX: [u8; 12] = [
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];

/// An Ed25519 key in `ring`; signs `ed25519`.
pub struct RingEd25519Key(Ed25519KeyPair);

impl RingEd25519Key {
    /// Import a 32-byte seed and its public key (`ring` checks that they match).
    pub(super) fn new(seed: &[u8], public: &[u8]) -> Result<Self, CryptoError> {
        Ed25519KeyPair::from_seed_and_public_key(seed, public)
            .map(Self)
            .map_err(|_| CryptoError::KeyRejected("ring refused the Ed25519 key"))
    }
}

impl SigningKey for RingEd25519Key {
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

impl fmt::Debug for RingEd25519Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RingEd25519Key")
    }
}
