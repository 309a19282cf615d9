//! Cryptography for ferrotls: the provider traits the protocol core is written against, the
//! default provider built on the RustCrypto crates ([`rustcrypto`]), and two optional ones on
//! `ring` (feature `ring`, module `ring`) and `aws-lc-rs` (feature `aws-lc-rs`, module `aws_lc`).
//!
//! The protocol never calls a primitive directly: it asks a [`CryptoProvider`] for a hash, an HMAC,
//! an HKDF, an AEAD, a key-exchange group, a signature verifier or a signing key, and it draws every
//! random byte from the provider's [`SecureRandom`]. Swapping the random source for a scripted one
//! is what lets tests reproduce RFC 8448 byte for byte and lets a fuzzer replay its findings.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod aead;
#[cfg(feature = "aws-lc-rs")]
pub mod aws_lc;
pub mod error;
pub mod hash;
pub mod hkdf;
pub mod hmac;
pub mod ids;
pub mod kx;
pub mod prf;
pub mod provider;
pub mod random;
#[cfg(feature = "ring")]
pub mod ring;
pub mod rustcrypto;
pub mod secret;
pub mod sign;
pub mod verify;

#[cfg(test)]
mod test_hex;

pub use error::CryptoError;
pub use ids::{AeadAlgorithm, HashAlgorithm, NamedGroup, SignatureScheme};
pub use provider::CryptoProvider;
pub use random::SecureRandom;
pub use secret::{HashOutput, Secret};
