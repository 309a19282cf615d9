//! The `ring` provider (feature `ring`): `ring` 0.17's primitives behind the provider traits.
//!
//! [`provider_with_random`] assembles it around a caller-supplied random source; [`provider`]
//! uses the operating system's.
//!
//! | concept | module | from `ring` | otherwise |
//! |---|---|---|---|
//! | SHA-256/384 | [`hash`] | `digest` | |
//! | HMAC | [`hmac`] | `hmac` | |
//! | HKDF | [`hkdf`] | `hmac` (Extract and Expand, keyed once per PRK) | |
//! | AES-GCM, ChaCha20-Poly1305 | [`aead`] | `aead` | |
//! | X25519, P-256, P-384 | [`kx`] | `agreement` | |
//! | X25519MLKEM768 | (RustCrypto's) | X25519 from [`kx`] | ML-KEM-768 from `ml-kem`: `ring` has none |
//! | verification | [`verify`] | `signature` | RSA keys below 2048 bits: RustCrypto |
//! | signing, key loading | [`sign`] | `signature`, `rsa` | decoding: RustCrypto; RSA keys below 2048 bits: RustCrypto |
//!
//! # Randomness
//!
//! Every random byte still comes from the injected [`SecureRandom`], in the same amounts and
//! order as with the RustCrypto provider, so RFC 8448 and every scripted run reproduce on this
//! provider too. `ring` takes randomness only through its own sealed RNG trait; the bytes we
//! draw are handed to it through its deterministic test sources (`given_random`):
//!
//! - ephemeral keys: the private key drawn as the RustCrypto group draws it, then given to
//!   `ring`'s key generation, which uses it unchanged — the same key pair on both providers;
//! - RSA-PSS: the HashLen-byte salt drawn, then given to `ring` — the same signature;
//! - ECDSA: `ring`'s nonce is derived from the private key, the message and a constant, so
//!   signing draws nothing (as RustCrypto's RFC 6979 signing); the signature differs from
//!   RustCrypto's, both verify, both are reproducible;
//! - ML-KEM: RustCrypto's, which takes its seeds from the injected source.
//!
//! `ring` never reads the operating system's randomness on this provider's behalf.

use alloc::sync::Arc;

use crate::aead::Aead;
use crate::hash::Hash;
use crate::hkdf::Hkdf;
use crate::hmac::Hmac;
use crate::kx::KxGroup;
use crate::rustcrypto::x25519_mlkem768::X25519MlKem768;
use crate::{CryptoProvider, SecureRandom};

pub mod aead;
mod given_random;
pub mod hash;
pub mod hkdf;
pub mod hmac;
pub mod kx;
pub mod sign;
pub mod verify;

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
/// X25519MLKEM768 over `ring`'s X25519.
pub static X25519_MLKEM768: X25519MlKem768 = X25519MlKem768::with_x25519(&kx::X25519);
/// Key-exchange groups in the RustCrypto provider's preference order.
pub static KX_GROUPS: &[&dyn KxGroup] = &[
    &X25519_MLKEM768,
    &kx::X25519,
    &kx::SECP256R1,
    &kx::SECP384R1,
];

/// The `ring` provider drawing its randomness from `random`.
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

/// The `ring` provider with the operating system's randomness.
pub fn provider() -> CryptoProvider {
    provider_with_random(Arc::new(crate::random::OsRandom))
}
