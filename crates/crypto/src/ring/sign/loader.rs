//! Loading private keys (PKCS#8, SEC1, PKCS#1 DER) into `ring` keys.
//!
//! The RustCrypto decoders read the key (`crate::rustcrypto::sign::decode`); the parts are
//! imported into `ring`. RSA keys `ring` does not sign with (below 2048 bits, such as RFC 8448's
//! 1024-bit key) stay RustCrypto keys.

use alloc::sync::Arc;

use ::ring::rsa::KeyPair as RsaKeyPair;
use rustls_pki_types::PrivateKeyDer;

use super::ecdsa::RingEcdsaKey;
use super::ed25519::RingEd25519Key;
use super::rsa::RingRsaKey;
use crate::rustcrypto::sign::decode::{decode, KeyParts};
use crate::rustcrypto::sign::rsa::RsaKey;
use crate::sign::{KeyLoader, SigningKey};
use crate::CryptoError;

/// The smallest RSA modulus `ring` signs with.
const RING_MIN_RSA_BITS: usize = 2048;

/// Loads RSA, ECDSA P-256/P-384 and Ed25519 keys into `ring`.
#[derive(Debug)]
pub struct RingKeyLoader;

/// The provider's key loader.
pub static KEY_LOADER: RingKeyLoader = RingKeyLoader;

impl KeyLoader for RingKeyLoader {
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
            } => Ok(Arc::new(RingEcdsaKey::new(kind, &scalar, &public, spki)?)),
            KeyParts::Ed25519 { seed, public } => {
                Ok(Arc::new(RingEd25519Key::new(&seed[..], &public)?))
            }
            KeyParts::Rsa {
                key,
                bits,
                spki,
                der,
            } => {
                if bits < RING_MIN_RSA_BITS {
                    return Ok(Arc::new(RsaKey::new(key)));
                }
                let pair = match &der {
                    PrivateKeyDer::Pkcs8(der) => RsaKeyPair::from_pkcs8(der.secret_pkcs8_der()),
                    PrivateKeyDer::Pkcs1(der) => RsaKeyPair::from_der(der.secret_pkcs1_der()),
                    _ => return Err(CryptoError::KeyRejected("unknown private key encoding")),
                }
                .map_err(|_| CryptoError::KeyRejected("ring refused the RSA key"))?;
                Ok(Arc::new(RingRsaKey::new(pair, spki)))
            }
        }
    }
}
