//! Loading private keys from DER (PKCS#8, SEC1, PKCS#1) and PEM.

use alloc::sync::Arc;

// Two generations of the PKCS#8 decoder: that of the NIST curves and RSA (pkcs8 0.11) and
// Ed25519's (pkcs8 0.10). Each key type implements one, so the calls below are not ambiguous.
use ed25519_dalek::pkcs8::DecodePrivateKey as _;
use p256::pkcs8::DecodePrivateKey as _;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::PrivateKeyDer;

use super::ecdsa::{EcdsaP256Key, EcdsaP384Key};
use super::ed25519::Ed25519Key;
use super::rsa::RsaKey;
use crate::sign::{KeyLoader, SigningKey};
use crate::CryptoError;

/// Loads RSA, ECDSA P-256/P-384 and Ed25519 keys.
#[derive(Debug)]
pub struct RustCryptoKeyLoader;

/// The provider's key loader.
pub static KEY_LOADER: RustCryptoKeyLoader = RustCryptoKeyLoader;

impl KeyLoader for RustCryptoKeyLoader {
    fn load_private_key(
        &self,
        der: &PrivateKeyDer<'_>,
    ) -> Result<Arc<dyn SigningKey>, CryptoError> {
        match der {
            PrivateKeyDer::Pkcs8(der) => load_pkcs8(der.secret_pkcs8_der()),
            PrivateKeyDer::Sec1(der) => load_sec1(der.secret_sec1_der()),
            PrivateKeyDer::Pkcs1(der) => load_pkcs1(der.secret_pkcs1_der()),
            _ => Err(CryptoError::KeyRejected("unknown private key encoding")),
        }
    }
}

impl RustCryptoKeyLoader {
    /// Load the first private key (PKCS#8, SEC1 or PKCS#1 block) found in PEM text.
    pub fn load_pem(&self, pem: &str) -> Result<Arc<dyn SigningKey>, CryptoError> {
        let der = PrivateKeyDer::from_pem_slice(pem.as_bytes())
            .map_err(|_| CryptoError::KeyRejected("no private key in PEM"))?;
        self.load_private_key(&der)
    }
}

/// Each decoder checks the PKCS#8 algorithm identifier (RFC 5208 §5) and fails fast on another
/// algorithm's OID, so trying them in turn is a dispatch on the OID.
fn load_pkcs8(der: &[u8]) -> Result<Arc<dyn SigningKey>, CryptoError> {
    if let Ok(key) = p256::ecdsa::SigningKey::from_pkcs8_der(der) {
        return Ok(Arc::new(EcdsaP256Key(key)));
    }
    if let Ok(key) = p384::ecdsa::SigningKey::from_pkcs8_der(der) {
        return Ok(Arc::new(EcdsaP384Key(key)));
    }
    if let Ok(key) = ed25519_dalek::SigningKey::from_pkcs8_der(der) {
        return Ok(Arc::new(Ed25519Key(key)));
    }
    if let Ok(key) = rsa::PrivateKey::from_pkcs8_der(der) {
        return Ok(Arc::new(RsaKey::new(key)));
    }
    Err(CryptoError::KeyRejected(
        "unsupported or malformed PKCS#8 key",
    ))
}

/// SEC1 `ECPrivateKey` (RFC 5915 §3). When the optional curve parameter is present the decoder
/// checks it; without it, P-256 is tried first and only a key that does not fit P-256 is read as
/// P-384.
fn load_sec1(der: &[u8]) -> Result<Arc<dyn SigningKey>, CryptoError> {
    if let Ok(key) = p256::SecretKey::from_sec1_der(der) {
        return Ok(Arc::new(EcdsaP256Key(key.into())));
    }
    if let Ok(key) = p384::SecretKey::from_sec1_der(der) {
        return Ok(Arc::new(EcdsaP384Key(key.into())));
    }
    Err(CryptoError::KeyRejected(
        "unsupported or malformed SEC1 key",
    ))
}

/// PKCS#1 `RSAPrivateKey` (RFC 8017 Appendix A.1.2).
fn load_pkcs1(der: &[u8]) -> Result<Arc<dyn SigningKey>, CryptoError> {
    let key = rsa::PrivateKey::from_pkcs1_der(der)
        .map_err(|_| CryptoError::KeyRejected("unsupported or malformed PKCS#1 key"))?;
    Ok(Arc::new(RsaKey::new(key)))
}
