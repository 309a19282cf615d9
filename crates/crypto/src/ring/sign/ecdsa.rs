//! ECDSA signing on P-256 and P-384 with `ring`: deterministic, drawing nothing from the
//! injected source (as the RustCrypto key, which follows RFC 6979).
//!
//! `ring` derives each nonce by hashing a key derived from the private key, bytes from its RNG
//! and the message digest. Given a constant for those bytes (`given_random::constant`) the
//! nonce is a function of the private key and the message, secret and distinct per message as
//! RFC 6979's is. If a nonce is out of range (about 2^-32 for P-256) `ring` gives up after
//! retrying with the same bytes, so the next constant is tried.

use alloc::vec::Vec;
use core::fmt;

use ::ring::signature::{self, EcdsaKeyPair};

use crate::ring::given_random;
use crate::sign::{KeyKind, SigningKey};
use crate::{CryptoError, SecureRandom, SignatureScheme};

/// A P-256 or P-384 key in `ring`; signs its curve's one scheme (RFC 9846 §4.2.3).
pub struct RingEcdsaKey {
    pair: EcdsaKeyPair,
    kind: KeyKind,
    scheme: [SignatureScheme; 1],
    spki: Vec<u8>,
}

impl RingEcdsaKey {
    /// Import a private scalar and its uncompressed public point (`spki` is the public key as a
    /// SubjectPublicKeyInfo, for [`SigningKey::public_key_spki`]).
    pub(super) fn new(
        kind: KeyKind,
        private: &[u8],
        public: &[u8],
        spki: Vec<u8>,
    ) -> Result<Self, CryptoError> {
        let (alg, scheme) = match kind {
            KeyKind::EcdsaP256 => (
                &signature::ECDSA_P256_SHA256_ASN1_SIGNING,
                SignatureScheme::ECDSA_NISTP256_SHA256,
            ),
            KeyKind::EcdsaP384 => (
                &signature::ECDSA_P384_SHA384_ASN1_SIGNING,
                SignatureScheme::ECDSA_NISTP384_SHA384,
            ),
            _ => return Err(CryptoError::KeyRejected("not an ECDSA key")),
        };
        let pair = EcdsaKeyPair::from_private_key_and_public_key(
            alg,
            private,
            public,
            &given_random::constant(0),
        )
        .map_err(|_| CryptoError::KeyRejected("ring refused the ECDSA key"))?;
        Ok(Self {
            pair,
            kind,
            scheme: [scheme],
            spki,
        })
    }
}

impl SigningKey for RingEcdsaKey {
    fn kind(&self) -> KeyKind {
        self.kind
    }

    fn schemes(&self) -> &[SignatureScheme] {
        &self.scheme
    }

    /// Draws nothing from `rng` (see the module documentation).
    fn sign(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
        _rng: &dyn SecureRandom,
    ) -> Result<Vec<u8>, CryptoError> {
        if scheme != self.scheme[0] {
            return Err(CryptoError::UnsupportedScheme);
        }
        for attempt in 0..=u8::MAX {
            if let Ok(sig) = self.pair.sign(&given_random::constant(attempt), message) {
                return Ok(sig.as_ref().to_vec());
            }
        }
        Err(CryptoError::BadSignature)
    }

    fn public_key_spki(&self) -> Option<Vec<u8>> {
        Some(self.spki.clone())
    }
}

impl fmt::Debug for RingEcdsaKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RingEcdsaKey({:?})", self.kind)
    }
}
