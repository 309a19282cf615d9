//! Private keys decoded into their parts, for the providers that import keys into another
//! library (`ring`, `aws-lc-rs`): every provider then accepts exactly the encodings, and refuses
//! exactly the keys, that the RustCrypto loader does.

use alloc::vec::Vec;

use p256::elliptic_curve::sec1::ToSec1Point;
// Two generations of PKCS#8: that of the NIST curves and RSA (pkcs8 0.11) and Ed25519's (pkcs8
// 0.10). Each key type implements one, so the calls below are not ambiguous.
use ed25519_dalek::pkcs8::DecodePrivateKey as _;
use p256::pkcs8::{DecodePrivateKey as _, EncodePublicKey as _};
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use rustls_pki_types::PrivateKeyDer;
use zeroize::Zeroizing;

use crate::sign::KeyKind;
use crate::CryptoError;

/// A decoded private key. Short-lived (decoded, then imported), so the size difference of the
/// variants costs nothing.
#[allow(clippy::large_enum_variant)]
pub(crate) enum KeyParts {
    /// ECDSA: the big-endian private scalar, the uncompressed public point and the SPKI.
    Ec {
        kind: KeyKind,
        scalar: Zeroizing<Vec<u8>>,
        public: Vec<u8>,
        spki: Vec<u8>,
    },
    /// Ed25519: the 32-byte seed (RFC 8032 §5.1.5) and the public key.
    Ed25519 {
        seed: Zeroizing<[u8; 32]>,
        public: [u8; 32],
    },
    /// RSA: the RustCrypto key, its modulus size, the SPKI, and the DER it came from (PKCS#8
    /// or PKCS#1), which the other libraries import directly. (Only `ring` imports RSA keys:
    /// without it only `key` is read.)
    #[cfg_attr(not(feature = "ring"), allow(dead_code))]
    Rsa {
        key: rsa::PrivateKey,
        bits: usize,
        spki: Vec<u8>,
        der: PrivateKeyDer<'static>,
    },
}

/// Decode PKCS#8, SEC1 or PKCS#1 DER, trying the algorithms in the RustCrypto loader's order.
pub(crate) fn decode(der: &PrivateKeyDer<'_>) -> Result<KeyParts, CryptoError> {
    match der {
        PrivateKeyDer::Pkcs8(pkcs8) => {
            let der = pkcs8.secret_pkcs8_der();
            if let Ok(key) = p256::SecretKey::from_pkcs8_der(der) {
                return ec_p256(&key);
            }
            if let Ok(key) = p384::SecretKey::from_pkcs8_der(der) {
                return ec_p384(&key);
            }
            if let Ok(key) = ed25519_dalek::SigningKey::from_pkcs8_der(der) {
                return Ok(KeyParts::Ed25519 {
                    seed: Zeroizing::new(key.to_bytes()),
                    public: key.verifying_key().to_bytes(),
                });
            }
            if let Ok(key) = rsa::PrivateKey::from_pkcs8_der(der) {
                return rsa_parts(key, PrivateKeyDer::Pkcs8(pkcs8.clone_key()));
            }
            Err(CryptoError::KeyRejected(
                "unsupported or malformed PKCS#8 key",
            ))
        }
        PrivateKeyDer::Sec1(der) => {
            let der = der.secret_sec1_der();
            if let Ok(key) = p256::SecretKey::from_sec1_der(der) {
                return ec_p256(&key);
            }
            if let Ok(key) = p384::SecretKey::from_sec1_der(der) {
                return ec_p384(&key);
            }
            Err(CryptoError::KeyRejected(
                "unsupported or malformed SEC1 key",
            ))
        }
        PrivateKeyDer::Pkcs1(der) => rsa::PrivateKey::from_pkcs1_der(der.secret_pkcs1_der())
            .map_err(|_| CryptoError::KeyRejected("unsupported or malformed PKCS#1 key"))
            .and_then(|key| rsa_parts(key, PrivateKeyDer::Pkcs1(der.clone_key()))),
        _ => Err(CryptoError::KeyRejected("unknown private key encoding")),
    }
}

fn ec_p256(key: &p256::SecretKey) -> Result<KeyParts, CryptoError> {
    let public = key.public_key();
    Ok(KeyParts::Ec {
        kind: KeyKind::EcdsaP256,
        scalar: Zeroizing::new(key.to_bytes().to_vec()),
        public: public.to_sec1_point(false).as_bytes().to_vec(),
        spki: spki(public.to_public_key_der().map(|d| d.as_bytes().to_vec()))?,
    })
}

fn ec_p384(key: &p384::SecretKey) -> Result<KeyParts, CryptoError> {
    let public = key.public_key();
    Ok(KeyParts::Ec {
        kind: KeyKind::EcdsaP384,
        scalar: Zeroizing::new(key.to_bytes().to_vec()),
        public: public.to_sec1_point(false).as_bytes().to_vec(),
        spki: spki(public.to_public_key_der().map(|d| d.as_bytes().to_vec()))?,
    })
}

fn rsa_parts(key: rsa::PrivateKey, der: PrivateKeyDer<'static>) -> Result<KeyParts, CryptoError> {
    let spki = spki(
        key.to_public_key()
            .to_public_key_der()
            .map(|d| d.as_bytes().to_vec()),
    )?;
    let bits = usize::try_from(key.n().bit_width())
        .map_err(|_| CryptoError::KeyRejected("RSA modulus too large"))?;
    Ok(KeyParts::Rsa {
        key,
        bits,
        spki,
        der,
    })
}

fn spki<E>(der: Result<Vec<u8>, E>) -> Result<Vec<u8>, CryptoError> {
    der.map_err(|_| CryptoError::KeyRejected("public key not encodable"))
}
