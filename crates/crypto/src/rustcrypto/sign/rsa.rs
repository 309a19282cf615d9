//! RSA signing keys: RSASSA-PSS (TLS 1.3 and 1.2) and RSASSA-PKCS1-v1_5 (TLS 1.2 only).

use alloc::vec::Vec;
use core::fmt;

use rsa::pkcs8::EncodePublicKey;
use rsa::sha2::{Sha256 as Sha256Id, Sha384 as Sha384Id, Sha512 as Sha512Id};
use rsa::traits::PrivateKeyParts;
use rsa::{Pkcs1v15Sign, PrivateKey as RsaPrivateKey, Pss};
use sha2::{Digest, Sha256, Sha384, Sha512};
use zeroize::Zeroizing;

use super::rng_adapter::SaltThenDerived;
use crate::sign::{KeyKind, SigningKey};
use crate::{CryptoError, SecureRandom, SignatureScheme};

/// Preference order: PSS before PKCS#1 v1.5 (RFC 8446 §4.2.3 forbids the latter in TLS 1.3
/// handshakes), SHA-256 first as the most widely offered.
static SCHEMES: [SignatureScheme; 6] = [
    SignatureScheme::RSA_PSS_RSAE_SHA256,
    SignatureScheme::RSA_PSS_RSAE_SHA384,
    SignatureScheme::RSA_PSS_RSAE_SHA512,
    SignatureScheme::RSA_PKCS1_SHA256,
    SignatureScheme::RSA_PKCS1_SHA384,
    SignatureScheme::RSA_PKCS1_SHA512,
];

/// An RSA key of any size `rsa` accepts (up to 4096 bits; smaller than 2048 is allowed because
/// RFC 8448's test key is 1024-bit — refusing weak keys is configuration policy).
///
/// RSA-PSS signing draws exactly the salt, HashLen bytes, from `rng` in one call (RFC 8446
/// §4.2.3: salt length equals the digest length). PKCS#1 v1.5 signing draws nothing. The private
/// operation is blinded with factors derived from the key, digest and salt (see
/// `rng_adapter`), so the count of injected bytes is fixed.
pub struct RsaKey {
    key: RsaPrivateKey,
    blind_key: Zeroizing<[u8; 32]>,
}

impl RsaKey {
    /// Wrap a validated private key.
    pub fn new(key: RsaPrivateKey) -> Self {
        let mut h = Sha256::new();
        h.update(b"ferrotls rsa blinding key");
        h.update(&Zeroizing::new(key.d().to_be_bytes())[..]);
        let blind_key = Zeroizing::new(<[u8; 32]>::from(h.finalize()));
        Self { key, blind_key }
    }

    fn sign_digest(
        &self,
        pss: bool,
        digest: &[u8],
        padding: impl rsa::traits::SignatureScheme,
        rng: &dyn SecureRandom,
    ) -> Result<Vec<u8>, CryptoError> {
        let salt_len = if pss { digest.len() } else { 0 };
        let mut adapter = SaltThenDerived::new(rng, salt_len, &self.blind_key, digest);
        let sig = self.key.sign_with_rng(&mut adapter, padding, digest);
        if adapter.failed() {
            return Err(CryptoError::RandomUnavailable);
        }
        // `rsa` fails only for a key too small for the encoding (e.g. PSS-SHA512 with a 1024-bit
        // modulus, RFC 8017 §9.1.1 step 3), which is this key's inability to use the scheme.
        sig.map_err(|_| CryptoError::UnsupportedScheme)
    }
}

impl SigningKey for RsaKey {
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
        match scheme {
            SignatureScheme::RSA_PSS_RSAE_SHA256 => self.sign_digest(
                true,
                &Sha256::digest(message),
                Pss::<Sha256Id>::new_blinded(),
                rng,
            ),
            SignatureScheme::RSA_PSS_RSAE_SHA384 => self.sign_digest(
                true,
                &Sha384::digest(message),
                Pss::<Sha384Id>::new_blinded(),
                rng,
            ),
            SignatureScheme::RSA_PSS_RSAE_SHA512 => self.sign_digest(
                true,
                &Sha512::digest(message),
                Pss::<Sha512Id>::new_blinded(),
                rng,
            ),
            SignatureScheme::RSA_PKCS1_SHA256 => self.sign_digest(
                false,
                &Sha256::digest(message),
                Pkcs1v15Sign::new::<Sha256Id>(),
                rng,
            ),
            SignatureScheme::RSA_PKCS1_SHA384 => self.sign_digest(
                false,
                &Sha384::digest(message),
                Pkcs1v15Sign::new::<Sha384Id>(),
                rng,
            ),
            SignatureScheme::RSA_PKCS1_SHA512 => self.sign_digest(
                false,
                &Sha512::digest(message),
                Pkcs1v15Sign::new::<Sha512Id>(),
                rng,
            ),
            _ => Err(CryptoError::UnsupportedScheme),
        }
    }

    fn public_key_spki(&self) -> Option<Vec<u8>> {
        let doc = self.key.to_public_key().to_public_key_der().ok()?;
        Some(doc.as_bytes().to_vec())
    }
}

impl fmt::Debug for RsaKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use rsa::traits::PublicKeyParts;
        write!(f, "RsaKey({} bits)", self.key.n().bit_width())
    }
}
