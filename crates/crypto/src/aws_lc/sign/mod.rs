//! Signing keys on `aws-lc-rs`, and the key loader that decodes keys (with the RustCrypto
//! decoders, so every provider accepts the same encodings) and imports them.

pub mod ecdsa;
pub mod ed25519;
pub mod loader;

pub use loader::{AwsLcKeyLoader, KEY_LOADER, NATIVE_ECDSA_KEY_LOADER};
