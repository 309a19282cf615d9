//! Signing keys and the key loader.

#[cfg(any(feature = "ring", feature = "aws-lc-rs"))]
pub(crate) mod decode;
pub mod ecdsa;
pub mod ed25519;
pub mod loader;
mod rng_adapter;
pub mod rsa;

pub use loader::{RustCryptoKeyLoader, KEY_LOADER};
