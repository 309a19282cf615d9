//! Record-protection keys derived from a TLS 1.3 traffic secret (RFC 8446 §7.3).

use core::fmt;

use ferrotls_crypto::hkdf::HkdfPrk;
use ferrotls_crypto::{AeadAlgorithm, Secret};
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::hkdf_label::{expand_label_keyed, expand_label_secret_keyed, with_prk};
use super::{HashPrimitives, KeyScheduleError};

/// A 12-byte per-direction IV; record nonces are this XOR the sequence number (RFC 8446 §5.3).
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct Iv([u8; 12]);

impl Iv {
    /// Wrap IV bytes (e.g. a TLS 1.2 ChaCha20-Poly1305 fixed IV, RFC 7905 §2).
    pub fn new(bytes: [u8; 12]) -> Self {
        Self(bytes)
    }

    /// The IV bytes, to XOR with the padded sequence number.
    pub fn as_bytes(&self) -> &[u8; 12] {
        &self.0
    }
}

impl fmt::Debug for Iv {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Iv(..)")
    }
}

/// The key and IV protecting one direction of one epoch.
#[derive(Clone)]
pub struct TrafficKeys {
    aead: AeadAlgorithm,
    key: Secret,
    iv: Iv,
}

impl TrafficKeys {
    /// `[sender]_write_key = HKDF-Expand-Label(Secret, "key", "", key_length)` and
    /// `[sender]_write_iv = HKDF-Expand-Label(Secret, "iv", "", iv_length)` (RFC 8446 §7.3).
    pub(crate) fn derive(
        prims: &HashPrimitives,
        traffic_secret: &Secret,
        aead: AeadAlgorithm,
    ) -> Result<Self, KeyScheduleError> {
        // Both from one keying of HMAC with the secret.
        with_prk(prims.hkdf, traffic_secret.as_bytes(), |prk| {
            Self::derive_keyed(prk, aead)
        })
    }

    /// [`derive`](Self::derive) from the traffic secret already keyed into HMAC.
    pub(crate) fn derive_keyed(
        prk: &dyn HkdfPrk,
        aead: AeadAlgorithm,
    ) -> Result<Self, KeyScheduleError> {
        let key = expand_label_secret_keyed(prk, b"key", &[], aead.key_len())?;
        let mut iv = Iv([0u8; 12]);
        expand_label_keyed(prk, b"iv", &[], &mut iv.0)?;
        Ok(Self { aead, key, iv })
    }

    /// The AEAD these keys are for.
    pub fn aead(&self) -> AeadAlgorithm {
        self.aead
    }

    /// The AEAD key, `aead().key_len()` bytes.
    pub fn key(&self) -> &Secret {
        &self.key
    }

    /// The per-direction IV (RFC 8446 §5.3).
    pub fn iv(&self) -> &Iv {
        &self.iv
    }
}

impl fmt::Debug for TrafficKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TrafficKeys")
            .field("aead", &self.aead)
            .finish_non_exhaustive()
    }
}
