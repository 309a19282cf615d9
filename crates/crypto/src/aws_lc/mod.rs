//! The `aws-lc-rs` provider (feature `aws-lc-rs`): AWS-LC's primitives, through `aws-lc-rs` 1.x,
//! behind the provider traits.
//!
//! [`provider_with_random`] assembles it around a caller-supplied random source; [`provider`]
//! uses the operating system's. What it shares with the `ring` provider is written once, as
//! macros over the backend crate, in `ring_like/`; the files here keep what differs.
//!
//! | concept | module | from `aws-lc-rs` | otherwise |
//! |---|---|---|---|
//! | SHA-256/384 | [`hash`] | `digest` | |
//! | HMAC | [`hmac`] | `hmac` | |
//! | HKDF | [`hkdf`] | `hmac` (Extract), `hkdf` (Expand: AWS-LC's own, measured faster than keying once per PRK) | |
//! | AES-GCM, ChaCha20-Poly1305 | [`aead`] | `aead` | |
//! | X25519, P-256, P-384 | [`kx`] | `agreement` | |
//! | X25519MLKEM768 | (RustCrypto's) | X25519 from [`kx`] | ML-KEM-768 from `ml-kem` (see below) |
//! | verification | [`verify`] | `signature` | RSA keys below 2048 bits: RustCrypto |
//! | signing, key loading | [`sign`] | Ed25519 (ECDSA: opt-in) | decoding; ECDSA and RSA signing: RustCrypto |
//!
//! # Randomness
//!
//! The injected [`SecureRandom`](crate::SecureRandom) gives the same bytes, in the same amounts and order, as to the
//! RustCrypto provider, and they are used the same way, so RFC 8448 and scripted runs
//! reproduce on this provider too. Where `aws-lc-rs` cannot be given our bytes, the one
//! operation falls back to RustCrypto:
//!
//! - ephemeral keys: the private key drawn as the RustCrypto group draws it, then imported
//!   (`aws-lc-rs` can import an X25519 or NIST-curve private key) — the same key pair;
//! - ML-KEM-768: `aws-lc-rs` generates and encapsulates only with AWS-LC's own generator, so
//!   the ML-KEM half of X25519MLKEM768 is RustCrypto's `ml-kem`, seeded from the injected source;
//! - RSA signing: `aws-lc-rs` draws the PSS salt from AWS-LC's generator, so RSA keys sign with
//!   RustCrypto, the salt drawn from the injected source;
//! - ECDSA signing: AWS-LC's nonce comes from its own generator and cannot be replaced, so ECDSA
//!   keys sign with RustCrypto (RFC 6979, drawing nothing). Whoever prefers AWS-LC's faster,
//!   non-reproducible ECDSA signing sets the provider's `key_loader` to
//!   [`sign::NATIVE_ECDSA_KEY_LOADER`] ([`sign::ecdsa`]).
//!
//! AWS-LC itself seeds its generator from the operating system, but on this provider's default
//! path nothing it draws reaches the protocol.

use crate::rustcrypto::x25519_mlkem768::X25519MlKem768;

pub mod aead;
pub mod hash;
pub mod hkdf;
pub mod hmac;
pub mod kx;
pub mod sign;
pub mod verify;

/// X25519MLKEM768: RustCrypto's ML-KEM-768 (`aws-lc-rs`'s cannot be seeded from the injected
/// source, see above) with AWS-LC's X25519.
pub static X25519_MLKEM768: X25519MlKem768 = X25519MlKem768::with_x25519(&kx::X25519);

crate::ring_like::provider_module!("`aws-lc-rs`");
