//! Signing keys on `ring`, and the key loader that decodes keys (with the RustCrypto decoders, so
//! every provider accepts the same encodings) and imports them into `ring`.

pub mod ecdsa;
pub mod ed25519;
pub mod loader;
pub mod rsa;

pub use loader::{RingKeyLoader, KEY_LOADER};
