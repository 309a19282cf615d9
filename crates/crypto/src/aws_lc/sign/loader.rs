//! Loading private keys (PKCS#8, SEC1, PKCS#1 DER) into `aws-lc-rs` keys.
//!
//! The RustCrypto decoders read the key ([`crate::rustcrypto::sign::decode`]); ECDSA and Ed25519
//! keys are imported into `aws-lc-rs`. RSA keys stay RustCrypto keys: `aws-lc-rs` draws the
//! RSA-PSS salt from AWS-LC's own generator, and the salt must come from the injected source
//! (RFC 8448's CertificateVerify is reproduced from the scripted salt). PKCS#1 v1.5 signing,
//! which needs no randomness, stays with the same key rather than holding the key twice.

use alloc::sync::Arc;

use rustls_pki_types::PrivateKeyDer;

use super::ecdsa::AwsLcEcdsaKey;
use super::ed25519::AwsLcEd25519Key;
use crate::rustcrypto::sign::decode::{decode, KeyParts};
use crate::rustcrypto::sign::rsa::RsaKey;
use crate::sign::{KeyLoader, SigningKey};
use crate::CryptoError;

/// Loads ECDSA P-256/P-384 and Ed25519 keys into `aws-lc-rs`, RSA keys into RustCrypto.
#[derive(Debug)]
pub struct AwsLcKeyLoader;

/// The provider's key loader.
pub static KEY_LOADER: AwsLcKeyLoader = AwsLcKeyLoader;

impl KeyLoader for AwsLcKeyLoader {
    fn load_private_key(
        &self,
        der: &PrivateKeyDer<'_>,
    ) -> Result<Arc<dyn SigningKey>, CryptoError> {
        match decode(der)? {
            KeyParts::Ec {
                kind,
                scalar,
                public,
                spki,
            } => Ok(Arc::new(AwsLcEcdsaKey::new(kind, &scalar, &public, spki)?)),
            KeyParts::Ed25519 { seed, public } => {
                Ok(Arc::new(AwsLcEd25519Key::new(&seed[..], &public)?))
            }
            KeyParts::Rsa { key, .. } => Ok(Arc::new(RsaKey::new(key))),
        }
    }
}
