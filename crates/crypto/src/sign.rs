//! Signing with a loaded private key (the server's or the client's certificate key).

use alloc::sync::Arc;
use alloc::vec::Vec;

use rustls_pki_types::PrivateKeyDer;

use crate::{CryptoError, SecureRandom, SignatureScheme};

/// The kind of a loaded private key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyKind {
    EcdsaP256,
    EcdsaP384,
    Ed25519,
    Rsa,
}

/// A private key that can produce TLS signatures.
pub trait SigningKey: Send + Sync + core::fmt::Debug {
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
}

/// Turns private keys in their standard encodings into signing keys.
pub trait KeyLoader: Send + Sync {
    /// Load a DER private key: PKCS#8, SEC1 (EC) or PKCS#1 (RSA).
    fn load_private_key(&self, der: &PrivateKeyDer<'_>)
        -> Result<Arc<dyn SigningKey>, CryptoError>;
}
