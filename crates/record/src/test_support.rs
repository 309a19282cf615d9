//! Keys for the unit tests, from the default RustCrypto provider.

use alloc::vec;

use ferrotls_crypto::aead::KeyedAead;
use ferrotls_crypto::AeadAlgorithm;

use crate::protection::RecordProtection;

pub(crate) const ALL_AEADS: [AeadAlgorithm; 3] = [
    AeadAlgorithm::Aes128Gcm,
    AeadAlgorithm::Aes256Gcm,
    AeadAlgorithm::ChaCha20Poly1305,
];

/// A raw AEAD key of `alg` filled with `byte`.
pub(crate) fn key(alg: AeadAlgorithm, byte: u8) -> KeyedAead {
    let provider = ferrotls_crypto::rustcrypto::default_provider();
    provider
        .aead(alg)
        .expect("provider has every AEAD")
        .new_key(&vec![byte; alg.key_len()])
        .expect("key length")
}

pub(crate) const IV: [u8; 12] = [
    0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab,
];
pub(crate) const SALT: [u8; 4] = [0x5a, 0x17, 0x5a, 0x17];

pub(crate) fn tls13(alg: AeadAlgorithm) -> RecordProtection {
    RecordProtection::tls13(key(alg, 0x42), &IV).unwrap()
}

/// TLS 1.2 protection with the salt (AES-GCM) or the IV (ChaCha20-Poly1305) the algorithm wants.
pub(crate) fn tls12(alg: AeadAlgorithm) -> RecordProtection {
    let iv: &[u8] = match alg {
        AeadAlgorithm::ChaCha20Poly1305 => &IV,
        _ => &SALT,
    };
    RecordProtection::tls12(key(alg, 0x42), iv).unwrap()
}
