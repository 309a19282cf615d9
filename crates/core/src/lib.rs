//! The ferrotls protocol core: TLS 1.3 (RFC 9846) and TLS 1.2 (RFC 5246) clients and servers
//! without I/O. Bytes, time and randomness go in; bytes and events come out. The caller owns
//! the transport (a socket, a pipe, a test's `Vec`); the `ferrotls-io` crate drives this API
//! over `std::io` or tokio if you would rather not.
//!
//! # The shape of the API
//!
//! - **Configs**, shared by many connections: [`ClientConfig`] and [`ServerConfig`], best made
//!   with [`ClientConfig::builder`] / [`ServerConfig::builder`], which refuse mistakes at build
//!   time ([`config::ConfigError`]). Cryptography comes from a
//!   [`CryptoProvider`](crypto::CryptoProvider) (`crypto::rustcrypto::default_provider()`),
//!   which also holds the random source; certificates and keys load from PEM with [`pem`].
//! - **Connections**: [`ClientConnection`] and [`ServerConnection`], both a [`Connection`].
//!   Bytes received go into [`Connection::handle_tls`] (which says how many it consumed);
//!   bytes to send come out of [`Connection::write_tls`] (or [`pending_tls`] and
//!   [`consume_tls`] without a copy). Application data goes in with [`Connection::send`]
//!   and comes out with [`Connection::read`], or is lent in place by
//!   [`Connection::received`] until [`Connection::consume_received`].
//! - **Events**: [`Connection::poll_event`] yields [`Event`]s: the handshake completed, data is
//!   waiting, a ticket arrived ([`Event::TicketReceived`]), the peer closed, the handshake
//!   paused for the application ([`Event::Paused`]).
//! - **Time** is an argument ([`pki_types::UnixTime`]) of every call that may need it
//!   (certificate validity, ticket ages); nothing reads a clock.
//! - **Errors**: a protocol failure is an [`Error`] (carrying the alert that was sent, queued in
//!   `write_tls`) and leaves the connection terminal; misuse of the API is an [`ApiError`] and
//!   changes nothing.
//!
//! # A handshake and application data, in memory
//!
//! The two connections below talk through a `Vec<u8>` standing for the network.
//!
//! ```
//! use std::path::Path;
//! use std::sync::Arc;
//!
//! use ferrotls_core::crypto::rustcrypto::default_provider;
//! use ferrotls_core::pki_types::{ServerName, UnixTime};
//! use ferrotls_core::{
//!     pem, ClientConfig, ClientConnection, Connection, Event, Handshake, ProtocolVersion,
//!     ServerConfig, ServerConnection,
//! };
//!
//! /// What a transport would do: carry the records `from` wants to send to `to`.
//! fn transfer<A: Handshake, B: Handshake>(
//!     from: &mut Connection<A>,
//!     to: &mut Connection<B>,
//!     now: UnixTime,
//! ) -> Result<(), ferrotls_core::Error> {
//!     let mut wire = Vec::new();
//!     from.write_tls(&mut wire);
//!     let mut start = 0;
//!     // `handle_tls` consumes complete records from the front and returns how many bytes.
//!     while start < wire.len() {
//!         start += to.handle_tls(&mut wire[start..], now)?;
//!     }
//!     Ok(())
//! }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/certs"));
//! let provider = Arc::new(default_provider());
//!
//! // The server: its certificate chain and private key (the builder checks that they match).
//! let chain = pem::load_certs(&dir.join("server-ecdsa-p256.pem"))?;
//! let key = pem::load_signing_key(&provider, &dir.join("server-ecdsa-p256.key"))?;
//! let server_config = Arc::new(ServerConfig::builder(provider.clone()).cert(chain, key).build()?);
//!
//! // The client: the roots it trusts.
//! let roots = Arc::new(pem::load_root_store(&dir.join("ca.pem"), true)?);
//! let client_config = Arc::new(ClientConfig::builder(provider, roots).build()?);
//!
//! let now = UnixTime::now();
//! let name = ServerName::try_from("localhost")?;
//! // The ClientHello is ready to send as soon as the client exists.
//! let mut client = ClientConnection::new(client_config, name, now)?;
//! let mut server = ServerConnection::new(server_config)?;
//!
//! while client.is_handshaking() || server.is_handshaking() {
//!     transfer(&mut client, &mut server, now)?;
//!     transfer(&mut server, &mut client, now)?;
//! }
//! assert_eq!(client.info().version, Some(ProtocolVersion::TLS1_3));
//! assert!(matches!(
//!     client.poll_event(),
//!     Some(Event::HandshakeComplete { version: ProtocolVersion::TLS1_3 })
//! ));
//!
//! // Application data: `send` takes what fits in the send buffer and says how much.
//! assert_eq!(client.send(b"ping")?, 4);
//! transfer(&mut client, &mut server, now)?;
//! let mut buf = [0u8; 100];
//! let n = server.read(&mut buf)?;
//! assert_eq!(&buf[..n], b"ping");
//!
//! server.send(b"pong")?;
//! transfer(&mut server, &mut client, now)?;
//! // Without copying it out: lent where the connection holds it, then marked used.
//! assert_eq!(client.received()?, b"pong");
//! client.consume_received(4);
//! assert_eq!(client.received()?, b"");
//!
//! // close_notify (RFC 9846 §6.1): the peer learns that nothing more will come.
//! client.close();
//! transfer(&mut client, &mut server, now)?;
//! assert!(server.peer_closed());
//! # Ok(())
//! # }
//! ```
//!
//! # Resumption
//!
//! After a handshake the client receives sessions: TLS 1.3 NewSessionTickets (RFC 9846
//! §4.7.1), TLS 1.2 session IDs or tickets, each as an [`Event::TicketReceived`] holding a
//! [`ResumptionData`] (also available from [`Connection::resumption_data`]). Keep it, in
//! memory or as bytes ([`ResumptionData::to_bytes`], a stable format), and offer it with
//! [`ClientConnection::resume`]. A TLS 1.3 ticket is for one use (RFC 9846 §C.4).
//!
//! ```
//! # use std::path::Path;
//! # use std::sync::Arc;
//! # use ferrotls_core::crypto::rustcrypto::default_provider;
//! # use ferrotls_core::pki_types::{ServerName, UnixTime};
//! # use ferrotls_core::{pem, ClientConfig, ClientConnection, Connection, Event, Handshake, ResumptionData, ServerConfig, ServerConnection};
//! # fn transfer<A: Handshake, B: Handshake>(from: &mut Connection<A>, to: &mut Connection<B>, now: UnixTime) -> Result<(), ferrotls_core::Error> {
//! #     let mut wire = Vec::new();
//! #     from.write_tls(&mut wire);
//! #     let mut start = 0;
//! #     while start < wire.len() { start += to.handle_tls(&mut wire[start..], now)?; }
//! #     Ok(())
//! # }
//! # fn handshake<A: Handshake, B: Handshake>(client: &mut Connection<A>, server: &mut Connection<B>, now: UnixTime) -> Result<(), ferrotls_core::Error> {
//! #     while client.is_handshaking() || server.is_handshaking() {
//! #         transfer(client, server, now)?;
//! #         transfer(server, client, now)?;
//! #     }
//! #     Ok(())
//! # }
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/certs"));
//! # let provider = Arc::new(default_provider());
//! # let chain = pem::load_certs(&dir.join("server-ecdsa-p256.pem"))?;
//! # let key = pem::load_signing_key(&provider, &dir.join("server-ecdsa-p256.key"))?;
//! # let roots = Arc::new(pem::load_root_store(&dir.join("ca.pem"), true)?);
//! # let now = UnixTime::now();
//! // The server keeps its config (and with it the key that seals its tickets) across
//! // connections; `handshake` and `transfer` carry bytes as in the example above.
//! let server_config = Arc::new(ServerConfig::builder(provider.clone()).cert(chain, key).build()?);
//! let client_config = Arc::new(ClientConfig::builder(provider, roots).build()?);
//!
//! let name = ServerName::try_from("localhost")?;
//! let mut client = ClientConnection::new(client_config.clone(), name.clone(), now)?;
//! let mut server = ServerConnection::new(server_config.clone())?;
//! handshake(&mut client, &mut server, now)?;
//! // TLS 1.3 tickets follow the handshake, in the server's next flight.
//! transfer(&mut server, &mut client, now)?;
//! let mut sessions = Vec::new();
//! while let Some(event) = client.poll_event() {
//!     if let Event::TicketReceived(data) = event {
//!         sessions.push(data);
//!     }
//! }
//! assert!(!client.is_resumed());
//!
//! // Stored as bytes (they hold the session's secret: keep them like a private key) and
//! // read back, checked against the clock.
//! let stored = sessions.pop().expect("the server sends tickets").to_bytes();
//! let session = ResumptionData::from_bytes(&stored, now)?;
//!
//! let mut client = ClientConnection::resume(client_config, name, session, now)?;
//! let mut server = ServerConnection::new(server_config)?;
//! handshake(&mut client, &mut server, now)?;
//! assert!(client.is_resumed() && server.is_resumed());
//! # Ok(())
//! # }
//! ```
//!
//! # Pausing for the application
//!
//! Where the handshake needs something the application may have to fetch (a session from a
//! remote store, a certificate, a signature from a key in another process), it can pause
//! instead of blocking: set the flags of [`deferred::Defer`] in the config, and the connection
//! posts a [`deferred::Request`], emits [`Event::Paused`], and waits until
//! [`Connection::answer`] brings the [`deferred::Answer`], however much later. Meanwhile its
//! other calls keep working. Here the server chooses its certificate itself:
//!
//! ```
//! # use std::path::Path;
//! # use std::sync::Arc;
//! # use ferrotls_core::crypto::rustcrypto::default_provider;
//! # use ferrotls_core::pki_types::{ServerName, UnixTime};
//! # use ferrotls_core::{pem, ClientConfig, ClientConnection, Connection, Handshake};
//! use ferrotls_core::deferred::{Answer, Request};
//! use ferrotls_core::{CertifiedKey, Event, ServerConfig, ServerConnection};
//! # fn transfer<A: Handshake, B: Handshake>(from: &mut Connection<A>, to: &mut Connection<B>, now: UnixTime) -> Result<(), ferrotls_core::Error> {
//! #     let mut wire = Vec::new();
//! #     from.write_tls(&mut wire);
//! #     let mut start = 0;
//! #     while start < wire.len() { start += to.handle_tls(&mut wire[start..], now)?; }
//! #     Ok(())
//! # }
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../vectors/certs"));
//! # let provider = Arc::new(default_provider());
//! # let chain = pem::load_certs(&dir.join("server-ecdsa-p256.pem"))?;
//! # let key = pem::load_signing_key(&provider, &dir.join("server-ecdsa-p256.key"))?;
//! # let roots = Arc::new(pem::load_root_store(&dir.join("ca.pem"), true)?);
//! # let client_config = Arc::new(ClientConfig::builder(provider.clone(), roots).build()?);
//! # let now = UnixTime::now();
//! # let mut client = ClientConnection::new(client_config, ServerName::try_from("localhost")?, now)?;
//! let server_config = ServerConfig::builder(provider)
//!     .with(|config| config.defer.certificate = true)
//!     .build()?;
//! let mut server = ServerConnection::new(Arc::new(server_config))?;
//!
//! // The ClientHello arrives; the server pauses before its first flight.
//! transfer(&mut client, &mut server, now)?;
//! assert!(matches!(server.poll_event(), Some(Event::Paused)));
//! let Some(Request::ChooseCertificate(query)) = server.pending() else {
//!     panic!("the server waits for a certificate");
//! };
//! assert_eq!(query.server_name.as_deref(), Some("localhost"));
//!
//! // Later, with the answer: the handshake goes on from where it stopped.
//! let certified = Arc::new(CertifiedKey::new(chain, key));
//! server.answer(Answer::Certificate(Some(certified)), now)?;
//! while client.is_handshaking() || server.is_handshaking() {
//!     transfer(&mut server, &mut client, now)?;
//!     transfer(&mut client, &mut server, now)?;
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # Features
//!
//! - `std` (default): PEM loading ([`pem`]), the in-memory stores, `KeyLogFile`,
//!   `std::error::Error` impls. Without it the crate is `no_std` + `alloc`.
//! - `internals`: **unstable**, for ferrotls' own tests, fuzzers and benchmarks, with no semver
//!   promise: makes the wire codec and the key schedules public (hidden from these docs).
//!
//! [`pending_tls`]: Connection::pending_tls
//! [`consume_tls`]: Connection::consume_tls
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

/// A module that is ferrotls' internals: `pub` (and hidden from the docs) with the `internals`
/// feature, which exists for ferrotls' own tests, fuzzers and benchmarks and carries no semver
/// promise; crate-private without it.
macro_rules! internal_mod {
    ($name:ident) => {
        #[cfg(feature = "internals")]
        #[doc(hidden)]
        pub mod $name;
        #[cfg(not(feature = "internals"))]
        #[allow(dead_code, unused_imports)]
        pub(crate) mod $name;
    };
}

mod certificate_chain;
pub mod client;
pub mod config;
pub mod conn;
pub mod deferred;
pub mod error;
pub mod events;
pub mod key_log;
internal_mod!(key_schedule);
internal_mod!(msgs);
#[cfg(feature = "std")]
pub mod pem;
pub mod resumption;
pub mod server;
pub mod suites;
#[cfg(test)]
mod test_keys;
mod tls12;
mod tls13;
mod trace;
mod transcript;
pub mod verify;

pub use certificate_chain::CertificateChain;
pub use client::ClientConnection;
pub use config::{CertResolver, CertifiedKey, ClientConfig, Limits, ServerConfig};
pub use conn::{
    AppData, Connection, ConnectionInfo, EarlyDataStatus, Handshake, InPlace,
    ResumptionUnavailable, SendLayout, SessionFlags,
};
pub use error::{ApiError, Error};
pub use events::Event;
pub use ferrotls_crypto as crypto;
pub use ferrotls_record::{AlertDescription, ProtocolVersion};
pub use key_log::{KeyLog, KeyLogLabel};
// The handshake's code points that the public API names (configs, resumption data, errors).
pub use msgs::enums::{CipherSuite, ExtensionType, HandshakeType, PskKeyExchangeMode};
pub use resumption::{DeclineReason, ResumptionData};
pub use rustls_pki_types as pki_types;
pub use server::ServerConnection;
pub use verify::RootStore;
/// `TicketSealer::open` returns `zeroize::Zeroizing`: re-exported so implementations outside
/// this crate can name it.
pub use zeroize;
