//! The AEADs for both backends.

/// The AEAD module: AES-128-GCM, AES-256-GCM and ChaCha20-Poly1305 from `$krate::aead`, sealing
/// and opening in place; keys held by value in a `KeyedAead` (`$keyed` is its constructor for
/// this backend).
macro_rules! aead_module {
    ($krate:ident, $label:literal, $Aead:ident, $Key:ident, $keyed:ident $(, $into:ident)?) => {
        use ::$krate::aead;

        use crate::aead::{Aead, AeadKey, KeyedAead};
        use crate::{AeadAlgorithm, CryptoError};

        /// AES-128-GCM.
        pub static AES_128_GCM: $Aead = $Aead {
            algorithm: AeadAlgorithm::Aes128Gcm,
            backend: &aead::AES_128_GCM,
        };
        /// AES-256-GCM.
        pub static AES_256_GCM: $Aead = $Aead {
            algorithm: AeadAlgorithm::Aes256Gcm,
            backend: &aead::AES_256_GCM,
        };
        /// ChaCha20-Poly1305.
        pub static CHACHA20_POLY1305: $Aead = $Aead {
            algorithm: AeadAlgorithm::ChaCha20Poly1305,
            backend: &aead::CHACHA20_POLY1305,
        };

        const TAG_LEN: usize = 16;

        #[doc = concat!("A ", $label, " AEAD behind the provider's [`Aead`] trait; its keys are held by")]
        /// value in the [`KeyedAead`] (installing keys allocates nothing).
        #[derive(Debug)]
        pub struct $Aead {
            algorithm: AeadAlgorithm,
            backend: &'static aead::Algorithm,
        }

        impl Aead for $Aead {
            fn algorithm(&self) -> AeadAlgorithm {
                self.algorithm
            }

            fn new_key(&self, key: &[u8]) -> Result<KeyedAead, CryptoError> {
                if key.len() != self.algorithm.key_len() {
                    return Err(CryptoError::BadLength);
                }
                let key = aead::UnboundKey::new(self.backend, key)
                    .map_err(|_| CryptoError::BadLength)?;
                Ok(KeyedAead::$keyed($Key {
                    key: aead::LessSafeKey::new(key),
                    algorithm: self.algorithm,
                }))
            }
        }

        /// `LessSafeKey` because the record layer makes each nonce itself (RFC 9846 §5.3,
        /// RFC 5288 §3) and hands it in per record.
        pub(crate) struct $Key {
            key: aead::LessSafeKey,
            algorithm: AeadAlgorithm,
        }

        impl AeadKey for $Key {
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

            $(crate::ring_like::$into!();)?

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
    };
}
pub(crate) use aead_module;

/// `AeadKey::seal_into` for a backend that encrypts from one buffer into another
/// (aws-lc-rs's `seal_out_of_place_scatter`; ring has none and keeps the default copy).
#[cfg(feature = "aws-lc-rs")]
macro_rules! seal_out_of_place {
    () => {
        fn seal_into(
            &self,
            nonce: &[u8; 12],
            aad: &[u8],
            input: &[u8],
            trailer: &[u8],
            out: &mut [u8],
        ) -> Result<(), CryptoError> {
            crate::aead::split_sealed(out, input.len() + trailer.len())?;
            // The trailer's ciphertext and the tag lie together after the input's.
            let (body, extra_out_and_tag) = out.split_at_mut(input.len());
            self.key
                .seal_out_of_place_scatter(
                    aead::Nonce::assume_unique_for_key(*nonce),
                    aead::Aad::from(aad),
                    input,
                    body,
                    trailer,
                    extra_out_and_tag,
                )
                .map_err(|_| CryptoError::BadLength)
        }
    };
}
#[cfg(feature = "aws-lc-rs")]
pub(crate) use seal_out_of_place;
