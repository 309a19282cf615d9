//! RSA signing with `ring`: RSASSA-PSS (salt from the injected source) and RSASSA-PKCS1-v1_5.
//!
//! RSA-PSS draws the salt, HashLen bytes (RFC 9846 §4.3.3), from the injected source in one
//! call, as the RustCrypto key does, and hands them to `ring` as its RNG's output (see
//! `given_random`): with the same salt the signature is the same bytes on both providers.
//! `ring` signs with moduli of 2048 to 8192 bits only; the loader keeps smaller keys (RFC 8448's
//! is 1024-bit) on the RustCrypto key.

use alloc::vec;
use alloc::vec::Vec;
use core::fmt;

use ::ring::rsa::KeyPair as RsaKeyPair;
use ::ring::signature::{self, RsaEncoding};
use zeroize::Zeroizing;

use crate::ring::given_random;
use crate::sign::{KeyKind, SigningKey};
use crate::{CryptoError, SecureRandom, SignatureScheme};

/// PSS first (TLS 1.3 allows nothing else, RFC 9846 §4.3.3), as the RustCrypto key.
static SCHEMES: [SignatureScheme; 6] = [
    SignatureScheme::RSA_PSS_RSAE_SHA256,
    SignatureScheme::RSA_PSS_RSAE_SHA384,
    SignatureScheme::RSA_PSS_RSAE_SHA512,
    SignatureScheme::RSA_PKCS1_SHA256,
    SignatureScheme::RSA_PKCS1_SHA384,
    SignatureScheme::RSA_PKCS1_SHA512,
];

/// An RSA key of 2048 to 8192 bits in `ring`.
pub struct RingRsaKey {
    pair: RsaKeyPair,
    spki: Vec<u8>,
}

impl RingRsaKey {
    pub(super) fn new(pair: RsaKeyPair, spki: Vec<u8>) -> Self {
        Self { pair, spki }
    }
}

impl SigningKey for RingRsaKey {
    fn kind(&self) -> KeyKind {
        KeyKind::Rsa
    }

    fn schemes(&self) -> &[SignatureScheme] {
        &SCHEMES
    }

    fn sign(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
        rng: &dyn SecureRandom,
    ) -> Result<Vec<u8>, CryptoError> {
        let (encoding, salt_len): (&'static dyn RsaEncoding, usize) = match scheme {
            SignatureScheme::RSA_PSS_RSAE_SHA256 => (&signature::RSA_PSS_SHA256, 32),
            SignatureScheme::RSA_PSS_RSAE_SHA384 => (&signature::RSA_PSS_SHA384, 48),
            SignatureScheme::RSA_PSS_RSAE_SHA512 => (&signature::RSA_PSS_SHA512, 64),
            SignatureScheme::RSA_PKCS1_SHA256 => (&signature::RSA_PKCS1_SHA256, 0),
            SignatureScheme::RSA_PKCS1_SHA384 => (&signature::RSA_PKCS1_SHA384, 0),
            SignatureScheme::RSA_PKCS1_SHA512 => (&signature::RSA_PKCS1_SHA512, 0),
            _ => return Err(CryptoError::UnsupportedScheme),
        };
        // `ring` reads exactly the salt, in one `fill`, for PSS, and nothing for PKCS#1 v1.5. On
        // the stack: at most a SHA-512 output, and no allocation for it on a full handshake.
        let mut salt_buf = Zeroizing::new([0u8; 64]);
        let salt = &mut salt_buf[..salt_len];
        rng.fill(salt)?;
        let mut sig = vec![0u8; self.pair.public().modulus_len()];
        self.pair
            .sign(encoding, &given_random::drawn(salt), message, &mut sig)
            .map_err(|_| CryptoError::UnsupportedScheme)?;
        Ok(sig)
    }

    fn public_key_spki(&self) -> Option<Vec<u8>> {
        Some(self.spki.clone())
    }
}

impl fmt::Debug for RingRsaKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "RingRsaKey({} bits)",
            self.pair.public().modulus_len() * 8
        )
    }
}
