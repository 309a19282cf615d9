//! The `ring` provider (feature `ring`): `ring` 0.17's primitives behind the provider traits.
//!
//! [`provider_with_random`] assembles it around a caller-supplied random source; [`provider`]
//! uses the operating system's. What it shares with the `aws-lc-rs` provider is written once, as
//! macros over the backend crate, in `ring_like/`; the files here keep what differs.
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
//! Every random byte still comes from the injected [`SecureRandom`](crate::SecureRandom), in the same amounts and
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

use crate::rustcrypto::x25519_mlkem768::X25519MlKem768;

pub mod aead;
mod given_random;
pub mod hash;
pub mod hkdf;
pub mod hmac;
pub mod kx;
pub mod sign;
pub mod verify;

/// X25519MLKEM768: RustCrypto's ML-KEM-768 (`ring` has none) with `ring`'s X25519.
pub static X25519_MLKEM768: X25519MlKem768 = X25519MlKem768::with_x25519(&kx::X25519);

crate::ring_like::provider_module!("`ring`");
