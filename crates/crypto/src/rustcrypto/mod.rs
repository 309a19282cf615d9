//! The default provider, built on the RustCrypto crates.
