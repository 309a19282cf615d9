//! The default provider, built on the RustCrypto crates.
//!
//! [`provider_with_random`] assembles every primitive around a caller-supplied random source;
//! [`default_provider`] (feature `std`) uses the operating system's.

use alloc::sync::Arc;

use crate::aead::Aead;
use crate::hash::Hash;
use crate::hkdf::Hkdf;
use crate::hmac::Hmac;
use crate::kx::KxGroup;
use crate::{CryptoProvider, SecureRandom};

pub mod aead;
pub mod ecdhe;
pub mod hash;
pub mod hkdf;
pub mod hmac;
pub mod sign;
pub mod verify;
pub mod x25519;
pub mod x25519_mlkem768;

#[cfg(test)]
mod sign_verify_tests;

/// SHA-256 and SHA-384.
pub static HASHES: &[&dyn Hash] = &[&hash::SHA256, &hash::SHA384];
/// HMAC-SHA256 and HMAC-SHA384.
pub static HMACS: &[&dyn Hmac] = &[&hmac::HMAC_SHA256, &hmac::HMAC_SHA384];
/// HKDF-SHA256 and HKDF-SHA384.
pub static HKDFS: &[&dyn Hkdf] = &[&hkdf::HKDF_SHA256, &hkdf::HKDF_SHA384];
/// AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305.
pub static AEADS: &[&dyn Aead] = &[
    &aead::AES_128_GCM,
    &aead::AES_256_GCM,
    &aead::CHACHA20_POLY1305,
];
/// Key-exchange groups in preference order: the post-quantum hybrid first, then the classical
/// groups.
pub static KX_GROUPS: &[&dyn KxGroup] = &[
    &x25519_mlkem768::X25519MlKem768,
    &x25519::X25519,
    &ecdhe::SECP256R1,
    &ecdhe::SECP384R1,
];

/// The RustCrypto provider drawing its randomness from `random`.
pub fn provider_with_random(random: Arc<dyn SecureRandom>) -> CryptoProvider {
    CryptoProvider {
        hashes: HASHES,
        hmacs: HMACS,
        hkdfs: HKDFS,
        aeads: AEADS,
        kx_groups: KX_GROUPS,
        verification: verify::VERIFICATION,
        key_loader: &sign::KEY_LOADER,
        random,
    }
}

/// The RustCrypto provider with the operating system's randomness.
#[cfg(feature = "std")]
pub fn default_provider() -> CryptoProvider {
    provider_with_random(Arc::new(crate::random::OsRandom))
}
