//! Loading private keys (PKCS#8, SEC1, PKCS#1 DER) for the `aws-lc-rs` provider.
//!
//! The RustCrypto decoders read the key (`crate::rustcrypto::sign::decode`). Ed25519 keys are
//! imported into `aws-lc-rs` (Ed25519 signing needs no randomness). ECDSA and RSA keys stay
//! RustCrypto keys under [`KEY_LOADER`], because `aws-lc-rs` signs them with randomness only
//! AWS-LC's own generator gives: the ECDSA nonce, the RSA-PSS salt. Through RustCrypto the salt
//! comes from the injected source and the nonce from RFC 6979, so signatures reproduce (RFC
//! 8448's CertificateVerify, and the pair matrices, which require every run of a cell to write
//! the same bytes). [`NATIVE_ECDSA_KEY_LOADER`] imports ECDSA keys into `aws-lc-rs` instead, for
//! whoever prefers AWS-LC's faster signing to reproducible signatures ([`super::ecdsa`]).

use alloc::sync::Arc;

use rustls_pki_types::PrivateKeyDer;

use super::ecdsa::AwsLcEcdsaKey;
use super::ed25519::AwsLcEd25519Key;
use crate::rustcrypto::sign::decode::{decode, KeyParts};
use crate::rustcrypto::sign::rsa::RsaKey;
use crate::rustcrypto::sign::KEY_LOADER as RUSTCRYPTO_KEY_LOADER;
use crate::sign::{KeyLoader, SigningKey};
use crate::CryptoError;

/// Loads Ed25519 keys (and with `native_ecdsa`, ECDSA keys) into `aws-lc-rs`, the others into
/// RustCrypto.
#[derive(Debug)]
pub struct AwsLcKeyLoader {
    native_ecdsa: bool,
}

/// The provider's key loader: every signature reproducible from the injected source.
pub static KEY_LOADER: AwsLcKeyLoader = AwsLcKeyLoader {
    native_ecdsa: false,
};

/// A loader whose ECDSA keys sign with AWS-LC, nonces from AWS-LC's own generator: faster, but
/// an ECDSA signature differs from run to run. Use it as the provider's `key_loader` explicitly.
pub static NATIVE_ECDSA_KEY_LOADER: AwsLcKeyLoader = AwsLcKeyLoader { native_ecdsa: true };

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
            } if self.native_ecdsa => {
                Ok(Arc::new(AwsLcEcdsaKey::new(kind, &scalar, &public, spki)?))
            }
            KeyParts::Ed25519 { seed, public } => {
                Ok(Arc::new(AwsLcEd25519Key::new(&seed[..], &public)?))
            }
            KeyParts::Rsa { key, .. } => Ok(Arc::new(RsaKey::new(key))),
            KeyParts::Ec { .. } => RUSTCRYPTO_KEY_LOADER.load_private_key(der),
        }
    }
}
