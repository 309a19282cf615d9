//! Session caches for ferrotls servers and clients, implementing the core's storage traits
//! ([`ServerSessionStore`](ferrotls_core::resumption::ServerSessionStore),
//! [`AntiReplay`](ferrotls_core::resumption::AntiReplay),
//! [`TicketSealer`](ferrotls_core::resumption::TicketSealer),
//! [`ClientSessionStore`](ferrotls_core::resumption::ClientSessionStore)).
//!
//! Map of the crate (one concept per module):
//! - [`client_cache`]: [`ClientCache`], the client's sessions per server name, optionally kept
//!   in a file (written atomically, owner-only) so that a restarted client resumes.
//! - [`deferred`]: [`AnswersRequests`](deferred::AnswersRequests), this crate's stores
//!   answering the core's deferred session and anti-replay requests.
//! - [`memory`]: [`MemoryStore`], the sharded in-process session store and 0-RTT anti-replay
//!   record (the CLI's default).
//! - [`metrics`]: the counters every store and key ring here reports into, and their snapshot.
//! - [`ticket_keys`]: [`TicketKeyRing`], ticket keys that rotate, random per process or derived
//!   from a secret a fleet shares.
//! - `redis` (feature `redis`): the Redis fleet store, blocking and async.
//!
//! # Example: a server with a session store and rotating ticket keys
//!
//! A [`MemoryStore`] (TLS 1.2 session IDs, and the single-use anti-replay record that 0-RTT
//! needs, RFC 9846 §8) and a [`TicketKeyRing`] (the keys sealing TLS 1.3 and RFC 5077 tickets,
//! rotating hourly by default) wired into a `ServerConfig`, counting into one set of
//! [`Counters`]; a client keeping its sessions in a [`ClientCache`]. The second connection
//! resumes the first's session with a ticket and sends its request as 0-RTT data:
//!
//! ```
//! use std::io::{Read, Write};
//! use std::net::{TcpListener, TcpStream};
//! use std::path::Path;
//! use std::sync::Arc;
//!
//! use ferrotls_core::crypto::rustcrypto::default_provider;
//! use ferrotls_core::pem::{load_certs, load_root_store, load_signing_key};
//! use ferrotls_core::pki_types::{ServerName, UnixTime};
//! use ferrotls_core::{ClientConfig, ClientConnection, Event, ServerConfig, ServerConnection};
//! use ferrotls_io::Stream;
//! use ferrotls_session_cache::{
//!     ClientCache, ClientCacheOptions, Counters, MemoryOptions, MemoryStore, Rotation, TicketKeyRing,
//! };
//!
//! type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;
//!
//! fn main() -> Result<()> {
//!     let certs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../vectors/certs");
//!     let provider = Arc::new(default_provider());
//!
//!     // The server's caches, sharing their counters.
//!     let counters = Arc::new(Counters::new());
//!     let store = Arc::new(MemoryStore::with_options(MemoryOptions::default(), counters.clone()));
//!     // Random keys, rotating every hour, each opening tickets for 12 hours more. A fleet uses
//!     // `TicketKeyRing::from_secret_file` on every server instead (and a shared store).
//!     let ring = TicketKeyRing::random(&provider, Rotation::default(), UnixTime::now())?
//!         .with_counters(counters.clone());
//!     let chain = load_certs(&certs.join("server-ecdsa-p256.pem"))?;
//!     let key = load_signing_key(&provider, &certs.join("server-ecdsa-p256.key"))?;
//!     let server_config = Arc::new(
//!         ServerConfig::builder(provider.clone())
//!             .cert(chain, key)
//!             // Accept up to 16 KiB of 0-RTT data, each flight once (the store's replay record).
//!             .early_data(16 * 1024, store.clone())
//!             .with(|config| {
//!                 config.ticket_sealer = Some(Arc::new(ring));
//!                 config.session_store = Some(store.clone());
//!             })
//!             .build()?,
//!     );
//!
//!     // The server: answer each connection's request (0-RTT or not) in capitals.
//!     let listener = TcpListener::bind("127.0.0.1:0")?;
//!     let addr = listener.local_addr()?;
//!     let server = std::thread::spawn(move || -> Result<()> {
//!         for _ in 0..2 {
//!             let (tcp, _) = listener.accept()?;
//!             let mut tls = Stream::new(ServerConnection::new(server_config.clone())?, tcp);
//!             tls.complete_handshake()?;
//!             let mut request = [0; 5];
//!             if tls.read_early_data(&mut request)? == 0 {
//!                 tls.read_exact(&mut request)?;
//!             }
//!             tls.write_all(&request.to_ascii_uppercase())?;
//!             tls.close()?;
//!         }
//!         Ok(())
//!     });
//!
//!     // The client: sessions go into the cache and come out of it by themselves.
//!     let roots = Arc::new(load_root_store(&certs.join("ca.pem"), true)?);
//!     let cache = Arc::new(ClientCache::new(ClientCacheOptions::default()));
//!     let client_config = Arc::new(
//!         ClientConfig::builder(provider, roots)
//!             .with(|config| {
//!                 config.session_store = Some(cache.clone());
//!                 config.enable_early_data = true;
//!             })
//!             .build()?,
//!     );
//!     let name = ServerName::try_from("localhost")?;
//!
//!     // First connection: a full handshake; the server's tickets land in the cache.
//!     let conn = ClientConnection::new(client_config.clone(), name.clone(), UnixTime::now())?;
//!     let mut tls = Stream::new(conn, TcpStream::connect(addr)?);
//!     tls.write_all(b"hello")?;
//!     let mut reply = Vec::new();
//!     tls.read_to_end(&mut reply)?;
//!     assert_eq!(reply, b"HELLO");
//!     assert!(!tls.conn().is_resumed());
//!     assert!(cache.len_for(Some("localhost")) > 0);
//!
//!     // Second connection: the cached ticket is offered, with the request as 0-RTT data.
//!     let conn = ClientConnection::new(client_config, name, UnixTime::now())?;
//!     let mut tls = Stream::new(conn, TcpStream::connect(addr)?);
//!     assert_eq!(tls.send_early_data(b"again")?, 5);
//!     tls.complete_handshake()?;
//!     assert!(tls.conn().is_resumed());
//!     assert!(tls.events().any(|e| matches!(e, Event::EarlyDataAccepted)));
//!     let mut reply = Vec::new();
//!     tls.read_to_end(&mut reply)?;
//!     assert_eq!(reply, b"AGAIN");
//!     server.join().expect("the server thread")?;
//!
//!     // What the server's caches saw.
//!     let metrics = store.metrics();
//!     assert_eq!(metrics.tickets_accepted, 1);
//!     assert_eq!(metrics.zero_rtt_accepted, 1);
//!     assert!(metrics.tickets_issued >= 2);
//!     Ok(())
//! }
//! ```
//!
//! With the `redis` feature, `redis::RedisStore` (blocking) and `redis::AsyncRedisStore` take
//! the [`MemoryStore`]'s place for a fleet: sessions and 0-RTT records shared by every server,
//! with `TicketKeyRing::from_secret_file` giving them the same ticket keys. The example
//! `examples/tokio_redis_server.rs` is such a server on tokio: `ferrotls-io`'s `TlsAcceptor`
//! defers its session lookups and 0-RTT checks (`Defer::sessions`, `Defer::anti_replay`) to an
//! `AsyncRedisStore`, which answers them without blocking the runtime
//! (`cargo run -p ferrotls-session-cache --features redis --example tokio_redis_server`).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod client_cache;
pub mod deferred;
pub mod memory;
pub mod metrics;
#[cfg(feature = "redis")]
pub mod redis;
pub mod ticket_keys;

pub use client_cache::{ClientCache, ClientCacheOptions};
pub use memory::{MemoryOptions, MemoryStore};
pub use metrics::{Counters, GenerationCounts, Metrics};
pub use ticket_keys::{KeyRingError, Rotation, TicketKeyRing};
