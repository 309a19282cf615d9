//! AES-128-GCM, AES-256-GCM and ChaCha20-Poly1305 from `ring::aead`, sealing and opening in
//! place.

use ::ring::aead;

use crate::aead::{Aead, AeadKey, KeyedAead};
use crate::{AeadAlgorithm, CryptoError};

/// AES-128-GCM.
pub static AES_128_GCM: RingAead = RingAead {
    algorithm: AeadAlgorithm::Aes128Gcm,
    ring: &aead::AES_128_GCM,
};
/// AES-256-GCM.
pub static AES_256_GCM: RingAead = RingAead {
    algorithm: AeadAlgorithm::Aes256Gcm,
    ring: &aead::AES_256_GCM,
};
/// ChaCha20-Poly1305.
pub static CHACHA20_POLY1305: RingAead = RingAead {
    algorithm: AeadAlgorithm::ChaCha20Poly1305,
    ring: &aead::CHACHA20_POLY1305,
};

const TAG_LEN: usize = 16;

/// A `ring` AEAD behind the provider's [`Aead`] trait; its keys are held by value in the
/// [`KeyedAead`] (installing keys allocates nothing).
#[derive(Debug)]
pub struct RingAead {
    algorithm: AeadAlgorithm,
    ring: &'static aead::Algorithm,
}

impl Aead for RingAead {
    fn algorithm(&self) -> AeadAlgorithm {
        self.algorithm
    }

    fn new_key(&self, key: &[u8]) -> Result<KeyedAead, CryptoError> {
        if key.len() != self.algorithm.key_len() {
            return Err(CryptoError::BadLength);
        }
        let key = aead::UnboundKey::new(self.ring, key).map_err(|_| CryptoError::BadLength)?;
        Ok(KeyedAead::ring(RingAeadKey {
            key: aead::LessSafeKey::new(key),
            algorithm: self.algorithm,
        }))
    }
}

/// `LessSafeKey` because the record layer makes each nonce itself (RFC 9846 §5.3, RFC 5288 §3)
/// and hands it in per record.
pub(crate) struct RingAeadKey {
    key: aead::LessSafeKey,
    algorithm: AeadAlgorithm,
}

impl AeadKey for RingAeadKey {
    fn algorithm(&self) -> AeadAlgorithm {
        self.algorithm
    }

    fn seal_in_place(
        &self,
        nonce: &[u8; 12],
        aad: &[u8],
        in_out: &mut [u8],
    ) -> Result<[u8; 16], CryptoError> {
        let tag = self
            .key
            .seal_in_place_separate_tag(
                aead::Nonce::assume_unique_for_key(*nonce),
                aead::Aad::from(aad),
                in_out,
            )
            .map_err(|_| CryptoError::BadLength)?;
        tag.as_ref().try_into().map_err(|_| CryptoError::BadLength)
    }

    fn open_in_place(
        &self,
        nonce: &[u8; 12],
        aad: &[u8],
        in_out: &mut [u8],
    ) -> Result<usize, CryptoError> {
        let plain_len = in_out
            .len()
            .checked_sub(TAG_LEN)
            .ok_or(CryptoError::DecryptFailed)?;
        let plain = self
            .key
            .open_in_place(
                aead::Nonce::assume_unique_for_key(*nonce),
                aead::Aad::from(aad),
                in_out,
            )
            .map_err(|_| CryptoError::DecryptFailed)?;
        debug_assert_eq!(plain.len(), plain_len);
        Ok(plain_len)
    }
}
