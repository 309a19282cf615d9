//! AES-128-GCM, AES-256-GCM (NIST SP 800-38D) and ChaCha20-Poly1305 (RFC 8439), sealing and
//! opening in place through the RustCrypto detached APIs, so a record is never copied.

use aes_gcm::aead::array::typenum::Unsigned;
use aes_gcm::aead::inout::InOutBuf;
use aes_gcm::aead::{AeadInOut, KeyInit, Nonce, Tag};
use aes_gcm::{Aes128Gcm, Aes256Gcm};
use chacha20poly1305::ChaCha20Poly1305;

use crate::aead::{seal_into_by_copy, split_sealed, Aead, AeadKey, KeyedAead};
use crate::{AeadAlgorithm, CryptoError};

/// AES-128-GCM.
pub static AES_128_GCM: RustCryptoAead<Aes128Gcm> = RustCryptoAead::new(AeadAlgorithm::Aes128Gcm);
/// AES-256-GCM.
pub static AES_256_GCM: RustCryptoAead<Aes256Gcm> = RustCryptoAead::new(AeadAlgorithm::Aes256Gcm);
/// ChaCha20-Poly1305.
pub static CHACHA20_POLY1305: RustCryptoAead<ChaCha20Poly1305> =
    RustCryptoAead::new(AeadAlgorithm::ChaCha20Poly1305);

const TAG_LEN: usize = 16;

/// A RustCrypto AEAD with a 96-bit nonce and 128-bit tag behind the provider's [`Aead`] trait.
#[derive(Debug)]
pub struct RustCryptoAead<C> {
    algorithm: AeadAlgorithm,
    _cipher: core::marker::PhantomData<fn() -> C>,
}

impl<C> RustCryptoAead<C> {
    const fn new(algorithm: AeadAlgorithm) -> Self {
        Self {
            algorithm,
            _cipher: core::marker::PhantomData,
        }
    }
}

/// The cipher types this module wraps: all have 12-byte nonces and 16-byte tags, which the
/// `aead` crate expresses as type-level sizes; this trait pins them down once.
trait Cipher: KeyInit + AeadInOut + Send + Sync + 'static {
    /// The key as the inline variant for this cipher.
    fn inline(key: Keyed<Self>) -> InlineKey;
}

impl Cipher for Aes128Gcm {
    fn inline(key: Keyed<Self>) -> InlineKey {
        InlineKey::Aes128Gcm(key)
    }
}
impl Cipher for Aes256Gcm {
    fn inline(key: Keyed<Self>) -> InlineKey {
        InlineKey::Aes256Gcm(key)
    }
}
impl Cipher for ChaCha20Poly1305 {
    fn inline(key: Keyed<Self>) -> InlineKey {
        InlineKey::ChaCha20Poly1305(key)
    }
}

/// The keys of this module by value, for [`KeyedAead`]. The variants differ in size (an AES key
/// schedule against ChaCha20's 32 bytes); boxing the large ones would bring back the
/// allocation per key this type exists to avoid.
#[allow(clippy::large_enum_variant)]
pub(crate) enum InlineKey {
    Aes128Gcm(Keyed<Aes128Gcm>),
    Aes256Gcm(Keyed<Aes256Gcm>),
    ChaCha20Poly1305(Keyed<ChaCha20Poly1305>),
}

impl InlineKey {
    fn key(&self) -> &dyn AeadKey {
        match self {
            Self::Aes128Gcm(k) => k,
            Self::Aes256Gcm(k) => k,
            Self::ChaCha20Poly1305(k) => k,
        }
    }
}

impl AeadKey for InlineKey {
    fn algorithm(&self) -> AeadAlgorithm {
        self.key().algorithm()
    }

    fn seal_in_place(
        &self,
        nonce: &[u8; 12],
        aad: &[u8],
        in_out: &mut [u8],
    ) -> Result<[u8; 16], CryptoError> {
        self.key().seal_in_place(nonce, aad, in_out)
    }

    fn seal_into(
        &self,
        nonce: &[u8; 12],
        aad: &[u8],
        input: &[u8],
        trailer: &[u8],
        out: &mut [u8],
    ) -> Result<(), CryptoError> {
        self.key().seal_into(nonce, aad, input, trailer, out)
    }

    fn open_in_place(
        &self,
        nonce: &[u8; 12],
        aad: &[u8],
        in_out: &mut [u8],
    ) -> Result<usize, CryptoError> {
        self.key().open_in_place(nonce, aad, in_out)
    }
}

impl<C: Cipher> Aead for RustCryptoAead<C> {
    fn algorithm(&self) -> AeadAlgorithm {
        self.algorithm
    }

    fn new_key(&self, key: &[u8]) -> Result<KeyedAead, CryptoError> {
        if key.len() != self.algorithm.key_len() {
            return Err(CryptoError::BadLength);
        }
        let cipher = C::new_from_slice(key).map_err(|_| CryptoError::BadLength)?;
        Ok(KeyedAead::inline(C::inline(Keyed {
            cipher,
            algorithm: self.algorithm,
        })))
    }
}

pub(crate) struct Keyed<C> {
    cipher: C,
    algorithm: AeadAlgorithm,
}

impl<C: Cipher> AeadKey for Keyed<C> {
    fn algorithm(&self) -> AeadAlgorithm {
        self.algorithm
    }

    fn seal_in_place(
        &self,
        nonce: &[u8; 12],
        aad: &[u8],
        in_out: &mut [u8],
    ) -> Result<[u8; 16], CryptoError> {
        let nonce = nonce_of::<C>(nonce)?;
        let tag = self
            .cipher
            .encrypt_inout_detached(nonce, aad, in_out.into())
            .map_err(|_| CryptoError::BadLength)?;
        let mut out = [0u8; TAG_LEN];
        if tag.len() != TAG_LEN {
            return Err(CryptoError::BadLength);
        }
        out.copy_from_slice(&tag);
        Ok(out)
    }

    /// Without a trailer the cipher reads `input` and writes `out` in one pass (`InOutBuf`);
    /// the `aead` API takes one contiguous plaintext, so a trailer means copying first.
    fn seal_into(
        &self,
        nonce: &[u8; 12],
        aad: &[u8],
        input: &[u8],
        trailer: &[u8],
        out: &mut [u8],
    ) -> Result<(), CryptoError> {
        if !trailer.is_empty() {
            return seal_into_by_copy(self, nonce, aad, input, trailer, out);
        }
        let (body, tag_out) = split_sealed(out, input.len())?;
        let buffer = InOutBuf::new(input, body).map_err(|_| CryptoError::BadLength)?;
        let tag = self
            .cipher
            .encrypt_inout_detached(nonce_of::<C>(nonce)?, aad, buffer)
            .map_err(|_| CryptoError::BadLength)?;
        if tag.len() != TAG_LEN {
            return Err(CryptoError::BadLength);
        }
        tag_out.copy_from_slice(&tag);
        Ok(())
    }

    fn open_in_place(
        &self,
        nonce: &[u8; 12],
        aad: &[u8],
        in_out: &mut [u8],
    ) -> Result<usize, CryptoError> {
        let nonce = nonce_of::<C>(nonce)?;
        let plain_len = in_out
            .len()
            .checked_sub(TAG_LEN)
            .ok_or(CryptoError::DecryptFailed)?;
        let (ciphertext, tag) = in_out.split_at_mut(plain_len);
        let tag = tag_of::<C>(tag)?;
        self.cipher
            .decrypt_inout_detached(nonce, aad, ciphertext.into(), tag)
            .map_err(|_| CryptoError::DecryptFailed)?;
        Ok(plain_len)
    }
}

/// The nonce as the cipher's type. Every wrapped cipher uses 12 bytes; the conversion checks it.
fn nonce_of<C: Cipher>(nonce: &[u8; 12]) -> Result<&Nonce<C>, CryptoError> {
    <&Nonce<C>>::try_from(&nonce[..]).map_err(|_| CryptoError::BadLength)
}

/// The trailing tag as the cipher's type, size-checked like [`nonce_of`].
fn tag_of<C: Cipher>(tag: &[u8]) -> Result<&Tag<C>, CryptoError> {
    if C::TagSize::USIZE != tag.len() {
        return Err(CryptoError::DecryptFailed);
    }
    <&Tag<C>>::try_from(tag).map_err(|_| CryptoError::DecryptFailed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_hex::unhex;
    use alloc::vec::Vec;

    struct Case {
        aead: &'static dyn Aead,
        key: &'static str,
        nonce: &'static str,
        aad: &'static str,
        plain: &'static str,
        cipher: &'static str,
        tag: &'static str,
    }

    // McGrew & Viega, "The Galois/Counter Mode of Operation", Appendix B.
    const GCM_PLAIN: &str = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72\
                             1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
    const GCM_AAD: &str = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
    const GCM_IV: &str = "cafebabefacedbaddecaf888";

    fn cases() -> [Case; 3] {
        [
            // Test Case 4.
            Case {
                aead: &AES_128_GCM,
                key: "feffe9928665731c6d6a8f9467308308",
                nonce: GCM_IV,
                aad: GCM_AAD,
                plain: GCM_PLAIN,
                cipher: "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e\
                         21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
                tag: "5bc94fbc3221a5db94fae95ae7121a47",
            },
            // Test Case 16.
            Case {
                aead: &AES_256_GCM,
                key: "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
                nonce: GCM_IV,
                aad: GCM_AAD,
                plain: GCM_PLAIN,
                cipher: "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa\
                         8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
                tag: "76fc6ece0f4e1768cddf8853bb2d551b",
            },
            // RFC 8439 §2.8.2.
            Case {
                aead: &CHACHA20_POLY1305,
                key: "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
                nonce: "070000004041424344454647",
                aad: "50515253c0c1c2c3c4c5c6c7",
                plain: "4c616469657320616e642047656e746c656d656e206f662074686520636c6173\
                        73206f66202739393a204966204920636f756c64206f6666657220796f75206f\
                        6e6c79206f6e652074697020666f7220746865206675747572652c2073756e73\
                        637265656e20776f756c642062652069742e",
                cipher: "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6\
                         3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36\
                         92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc\
                         3ff4def08e4b7a9de576d26586cec64b6116",
                tag: "1ae10b594f09e26a7e902ecbd0600691",
            },
        ]
    }

    fn nonce(hex: &str) -> [u8; 12] {
        unhex(hex).try_into().unwrap()
    }

    #[test]
    fn known_answers_seal_and_open() {
        for c in cases() {
            let key = c.aead.new_key(&unhex(c.key)).unwrap();
            assert_eq!(key.algorithm(), c.aead.algorithm());
            let (n, aad) = (nonce(c.nonce), unhex(c.aad));
            let mut buf = unhex(c.plain);
            let tag = key.seal_in_place(&n, &aad, &mut buf).unwrap();
            assert_eq!(buf, unhex(c.cipher), "{:?}", c.aead.algorithm());
            assert_eq!(&tag[..], &unhex(c.tag)[..], "{:?}", c.aead.algorithm());

            buf.extend_from_slice(&tag);
            let len = key.open_in_place(&n, &aad, &mut buf).unwrap();
            assert_eq!(&buf[..len], &unhex(c.plain)[..]);
        }
    }

    #[test]
    fn tampering_is_rejected() {
        for c in cases() {
            let key = c.aead.new_key(&unhex(c.key)).unwrap();
            let (n, aad) = (nonce(c.nonce), unhex(c.aad));
            let sealed: Vec<u8> = [unhex(c.cipher), unhex(c.tag)].concat();
            for i in [0, sealed.len() / 2, sealed.len() - 1] {
                let mut buf = sealed.clone();
                buf[i] ^= 0x80;
                assert_eq!(
                    key.open_in_place(&n, &aad, &mut buf),
                    Err(CryptoError::DecryptFailed)
                );
            }
            let mut buf = sealed.clone();
            assert_eq!(
                key.open_in_place(&n, b"", &mut buf),
                Err(CryptoError::DecryptFailed)
            );
            let mut buf = sealed.clone();
            let mut other = n;
            other[11] ^= 1;
            assert_eq!(
                key.open_in_place(&other, &aad, &mut buf),
                Err(CryptoError::DecryptFailed)
            );
        }
    }

    #[test]
    fn short_inputs_and_bad_keys() {
        for aead in [&AES_128_GCM as &dyn Aead, &AES_256_GCM, &CHACHA20_POLY1305] {
            let len = aead.algorithm().key_len();
            assert!(aead.new_key(&alloc::vec![0; len + 1]).is_err());
            assert!(aead.new_key(&alloc::vec![0; len - 1]).is_err());
            let key = aead.new_key(&alloc::vec![1; len]).unwrap();
            for short in 0..16 {
                let mut buf = alloc::vec![0u8; short];
                assert_eq!(
                    key.open_in_place(&[0; 12], b"", &mut buf),
                    Err(CryptoError::DecryptFailed)
                );
            }
            // Empty plaintext: the record is just the tag.
            let mut buf = Vec::new();
            let tag = key.seal_in_place(&[0; 12], b"ad", &mut buf).unwrap();
            let mut rec = tag.to_vec();
            assert_eq!(key.open_in_place(&[0; 12], b"ad", &mut rec), Ok(0));
        }
    }
}
