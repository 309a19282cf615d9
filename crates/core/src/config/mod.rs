//! Client and server configuration: which versions, suites, groups and schemes to use, which
//! certificates to present, how to verify the peer's, and the resource limits.
//!
//! Start from [`ServerConfig::builder`] or [`ClientConfig::builder`]: they begin with the
//! defaults of [`ServerConfig::new`] / [`ClientConfig::new`] (each default is listed there),
//! take the common choices as setters and anything else through `with`, and `build()` refuses
//! a mistake with a [`ConfigError`] naming the field (an empty list, an unknown suite or group,
//! an ALPN name of 0 or more than 255 bytes, a private key that does not sign for its
//! certificate). The fields are public: a config made with `new` or changed by hand is not
//! checked, and a mistake then shows only when a connection fails. A config is shared by the
//! connections made from it (`Arc<ServerConfig>`), as are the stores, sealer and key log it
//! holds.

mod builder;
mod certified_key;
mod check;
mod client;
mod limits;
mod server;

pub use crate::msgs::enums::PskKeyExchangeMode;
pub use crate::msgs::extensions::TicketRequest;
pub use builder::{ClientConfigBuilder, ServerConfigBuilder};
pub use certified_key::{is_wildcard_name, CertResolver, CertifiedKey, ResolvesServerCert};
pub use check::ConfigError;
pub use client::ClientConfig;
pub use limits::Limits;
pub use server::{
    ServerConfig, DEFAULT_MAX_REQUESTED_TICKETS, DEFAULT_SESSION_LIFETIME,
    DEFAULT_SESSION_STORE_CAPACITY,
};

use ferrotls_crypto::NamedGroup;

/// The key-exchange groups offered by default, in preference order: the post-quantum hybrid
/// X25519MLKEM768 first (draft-ietf-tls-ecdhe-mlkem; what Chromium, Firefox, Go, rustls and
/// OpenSSL 3.5 prefer: it protects today's traffic against a future quantum computer, and is
/// never weaker than X25519 alone), then X25519 (fastest and hardest to misuse of the classical
/// groups). TLS 1.2 skips the hybrid (it is TLS 1.3 only).
pub const DEFAULT_GROUPS: &[NamedGroup] = &[
    NamedGroup::X25519MLKEM768,
    NamedGroup::X25519,
    NamedGroup::SECP256R1,
    NamedGroup::SECP384R1,
];
