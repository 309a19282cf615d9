//! ECDSA signing on P-256 and P-384 with `aws-lc-rs`, only through
//! [`NATIVE_ECDSA_KEY_LOADER`](super::loader::NATIVE_ECDSA_KEY_LOADER).
//!
//! AWS-LC draws each nonce from its own generator, which `aws-lc-rs` offers no way to replace
//! (its `sign` ignores the RNG argument). Signing draws nothing from the injected source, like
//! the RustCrypto key, so the injected stream and everything else derived from it stay the
//! same; but the signature's own bytes differ from run to run, which is why the provider's
//! default loader keeps ECDSA keys on RustCrypto.

use alloc::vec::Vec;
use core::fmt;

use ::aws_lc_rs::rand::SystemRandom;
use ::aws_lc_rs::signature::{self, EcdsaKeyPair};

use crate::sign::{KeyKind, SigningKey};
use crate::{CryptoError, SecureRandom, SignatureScheme};

/// A P-256 or P-384 key in `aws-lc-rs`; signs its curve's one scheme (RFC 9846 §4.2.3).
pub struct AwsLcEcdsaKey {
    pair: EcdsaKeyPair,
    kind: KeyKind,
    scheme: [SignatureScheme; 1],
    spki: Vec<u8>,
}

impl AwsLcEcdsaKey {
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
        let pair = EcdsaKeyPair::from_private_key_and_public_key(alg, private, public)
            .map_err(|_| CryptoError::KeyRejected("aws-lc-rs refused the ECDSA key"))?;
        Ok(Self {
            pair,
            kind,
            scheme: [scheme],
            spki,
        })
    }
}

impl SigningKey for AwsLcEcdsaKey {
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
        // The argument is ignored by `aws-lc-rs` (see the module documentation).
        let sig = self
            .pair
            .sign(&SystemRandom::new(), message)
            .map_err(|_| CryptoError::BadSignature)?;
        Ok(sig.as_ref().to_vec())
    }

    fn public_key_spki(&self) -> Option<Vec<u8>> {
        Some(self.spki.clone())
    }
}

impl fmt::Debug for AwsLcEcdsaKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "AwsLcEcdsaKey({:?})", self.kind)
    }
}
