//! Signing with a loaded private key (the server's or the client's certificate key).

use alloc::sync::Arc;
use alloc::vec::Vec;

use rustls_pki_types::PrivateKeyDer;

use crate::{CryptoError, SecureRandom, SignatureScheme};

/// The kind of a loaded private key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyKind {
    /// ECDSA on P-256 (secp256r1): signs `ecdsa_secp256r1_sha256`.
    EcdsaP256,
    /// ECDSA on P-384 (secp384r1): signs `ecdsa_secp384r1_sha384`.
    EcdsaP384,
    /// Ed25519 (RFC 8032): signs `ed25519`.
    Ed25519,
    /// RSA of any supported size: signs RSA-PSS (both versions) and PKCS#1 v1.5 (TLS 1.2 only).
    Rsa,
}

/// A private key that can produce TLS signatures.
pub trait SigningKey: Send + Sync + core::fmt::Debug {
    /// The kind of key.
    fn kind(&self) -> KeyKind;

    /// The schemes this key can sign with, in order of preference.
    fn schemes(&self) -> &[SignatureScheme];

    /// The first of our schemes, in our preference order, that the peer offered.
    fn choose_scheme(&self, offered: &[SignatureScheme]) -> Option<SignatureScheme> {
        self.schemes().iter().copied().find(|s| offered.contains(s))
    }

    /// Sign `message` (the whole to-be-signed content; the scheme's hash is applied here).
    /// RSA-PSS salts are drawn from `rng`; ECDSA is deterministic (RFC 6979); Ed25519 is
    /// deterministic by construction.
    fn sign(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
        rng: &dyn SecureRandom,
    ) -> Result<Vec<u8>, CryptoError>;

    /// The matching public key as a DER SubjectPublicKeyInfo (RFC 5280 §4.1.2.7), for building
    /// certificates; `None` if the implementation cannot encode it.
    fn public_key_spki(&self) -> Option<Vec<u8>> {
        None
    }

    /// Whether the private half lives outside this process (an HSM, a key server): the
    /// handshake then never calls [`sign`](Self::sign) but asks the application for the
    /// signature (`ferrotls_core::deferred::Request::Sign`).
    fn is_external(&self) -> bool {
        false
    }
}

/// A key whose private half is held elsewhere: it knows its kind, the schemes it can sign with
/// and (optionally) its public key, and signs nothing itself. A handshake using it pauses for
/// each signature and lets the application produce it.
#[derive(Clone, Debug)]
pub struct ExternalKey {
    kind: KeyKind,
    schemes: Vec<SignatureScheme>,
    spki: Option<Vec<u8>>,
}

impl ExternalKey {
    /// A key of `kind` signing with `schemes` (in preference order), whose public key is the DER
    /// SubjectPublicKeyInfo `spki` if known.
    pub fn new(kind: KeyKind, schemes: Vec<SignatureScheme>, spki: Option<Vec<u8>>) -> Self {
        Self {
            kind,
            schemes,
            spki,
        }
    }
}

impl SigningKey for ExternalKey {
    fn kind(&self) -> KeyKind {
        self.kind
    }

    fn schemes(&self) -> &[SignatureScheme] {
        &self.schemes
    }

    /// Never called by the handshake (see [`SigningKey::is_external`]); refuses.
    fn sign(
        &self,
        _scheme: SignatureScheme,
        _message: &[u8],
        _rng: &dyn SecureRandom,
    ) -> Result<Vec<u8>, CryptoError> {
        Err(CryptoError::KeyRejected(
            "an external key signs outside the library",
        ))
    }

    fn public_key_spki(&self) -> Option<Vec<u8>> {
        self.spki.clone()
    }

    fn is_external(&self) -> bool {
        true
    }
}

/// Turns private keys in their standard encodings into signing keys.
pub trait KeyLoader: Send + Sync {
    /// Load a DER private key: PKCS#8, SEC1 (EC) or PKCS#1 (RSA).
    fn load_private_key(&self, der: &PrivateKeyDer<'_>)
        -> Result<Arc<dyn SigningKey>, CryptoError>;
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[derive(Debug)]
    struct NoRandom;

    impl SecureRandom for NoRandom {
        fn fill(&self, _: &mut [u8]) -> Result<(), CryptoError> {
            Err(CryptoError::RandomUnavailable)
        }
    }

    #[test]
    fn an_external_key_describes_itself_and_signs_nothing() {
        let key = ExternalKey::new(
            KeyKind::EcdsaP256,
            vec![SignatureScheme::ECDSA_NISTP256_SHA256],
            Some(vec![0x30, 0x00]),
        );
        assert!(key.is_external());
        assert_eq!(key.kind(), KeyKind::EcdsaP256);
        assert_eq!(
            key.choose_scheme(&[
                SignatureScheme::ED25519,
                SignatureScheme::ECDSA_NISTP256_SHA256
            ]),
            Some(SignatureScheme::ECDSA_NISTP256_SHA256)
        );
        assert_eq!(key.public_key_spki(), Some(vec![0x30, 0x00]));
        assert!(key
            .sign(SignatureScheme::ECDSA_NISTP256_SHA256, b"m", &NoRandom)
            .is_err());
    }
}
