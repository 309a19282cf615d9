//! Ephemeral key exchange: (EC)DHE groups for TLS 1.3 key_share and TLS 1.2 ECDHE.

use alloc::boxed::Box;

use crate::{CryptoError, NamedGroup, Secret, SecureRandom};

/// A key-exchange group the provider implements.
pub trait KxGroup: Send + Sync {
    fn name(&self) -> NamedGroup;

    /// Generate an ephemeral key pair. The private key is drawn from `rng` (see each group's
    /// documentation for how many bytes, and in which order), so scripted randomness reproduces
    /// published traces.
    fn start(&self, rng: &dyn SecureRandom) -> Result<Box<dyn ActiveKx>, CryptoError>;
}

/// An ephemeral key pair waiting for the peer's share.
pub trait ActiveKx: Send + Sync {
    fn group(&self) -> NamedGroup;

    /// Our public share in the TLS encoding (X25519: 32 bytes; NIST curves: uncompressed point,
    /// RFC 8446 §4.2.8.2).
    fn public_key(&self) -> &[u8];

    /// Combine with the peer's share. Malformed shares, points off the curve and an all-zero
    /// X25519 result (RFC 7748 §6.1, RFC 8446 §7.4.2) fail with `InvalidPeerKey`.
    fn complete(self: Box<Self>, peer_public: &[u8]) -> Result<Secret, CryptoError>;
}
