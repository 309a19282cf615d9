//! Client and server configuration: which versions, suites, groups and schemes to use, which
//! certificates to present, how to verify the peer's, and the resource limits.

mod certified_key;
mod client;
mod limits;
mod server;

pub use certified_key::{CertResolver, CertifiedKey, ResolvesServerCert};
pub use client::ClientConfig;
pub use limits::Limits;
pub use server::{ServerConfig, DEFAULT_SESSION_LIFETIME, DEFAULT_SESSION_STORE_CAPACITY};

use ferrotls_crypto::NamedGroup;

/// The key-exchange groups offered by default, in preference order (X25519 first: fastest and
/// hardest to misuse).
pub const DEFAULT_GROUPS: &[NamedGroup] = &[
    NamedGroup::X25519,
    NamedGroup::SECP256R1,
    NamedGroup::SECP384R1,
];
