//! The tokio driver (feature `tokio`): [`TlsConnector`] and [`TlsAcceptor`] make
//! [`TlsStream`]s, `AsyncRead + AsyncWrite` over any tokio transport.
//!
//! - `stream.rs`: the stream, a loop over the sans-IO connection with the steps every driver
//!   shares (`crate::driver`); reading, writing, shutdown, events, memory accounting.
//! - `connector.rs`: client streams (full handshake, resumption, 0-RTT).
//! - `acceptor.rs`: server streams.
//! - `answerer.rs`: the asynchronous answers to the requests a handshake pauses on
//!   (`ferrotls_core::deferred`), which `TlsStream::handshake_answering` awaits.
//! - `wakers.rs`: the fan-out waker that lets a split stream's two tasks both progress.
//!
//! A client, an echo server on split halves, and the client resuming the session with a ticket
//! from the first connection; over an in-memory pipe here (`tokio::io::duplex`), over a
//! `TcpStream` the same way (the crate docs show TCP):
//!
//! ```
//! # use std::path::Path;
//! # use std::sync::Arc;
//! # use ferrotls_core::crypto::rustcrypto::default_provider;
//! # use ferrotls_core::pem::{load_certs, load_root_store, load_signing_key};
//! # use ferrotls_core::{ClientConfig, ServerConfig};
//! use ferrotls_core::pki_types::ServerName;
//! use ferrotls_core::Event;
//! use ferrotls_io::tokio::{TlsAcceptor, TlsConnector};
//! use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
//! # let certs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../vectors/certs");
//! # let provider = Arc::new(default_provider());
//! # let chain = load_certs(&certs.join("server-ecdsa-p256.pem"))?;
//! # let key = load_signing_key(&provider, &certs.join("server-ecdsa-p256.key"))?;
//! # let server_config = Arc::new(ServerConfig::builder(provider.clone()).cert(chain, key).build()?);
//! # let roots = Arc::new(load_root_store(&certs.join("ca.pem"), true)?);
//! # let client_config = Arc::new(ClientConfig::builder(provider, roots).build()?);
//! // server_config, client_config: made as in the crate docs.
//! let acceptor = TlsAcceptor::new(server_config);
//! let connector = TlsConnector::new(client_config);
//! let serve = |io: DuplexStream| {
//!     let acceptor = acceptor.clone();
//!     async move {
//!         let tls = acceptor.accept(io).await?;
//!         // Two halves, which two tasks could own: both make progress.
//!         let (mut reading, mut writing) = tokio::io::split(tls);
//!         tokio::io::copy(&mut reading, &mut writing).await?; // until the client's close_notify
//!         writing.shutdown().await // our close_notify
//!     }
//! };
//!
//! let (client_io, server_io) = tokio::io::duplex(64 * 1024);
//! let server = tokio::spawn(serve(server_io));
//! let name = ServerName::try_from("localhost")?;
//! let mut tls = connector.connect(name.clone(), client_io).await?;
//! tls.write_all(b"ping").await?;
//! tls.flush().await?;
//! let mut echo = [0; 4];
//! tls.read_exact(&mut echo).await?;
//! assert_eq!(&echo, b"ping");
//! // TLS 1.3 tickets come after the handshake (two by default): keep one.
//! tls.wait_for_event(|e| matches!(e, Event::TicketReceived(_))).await?;
//! let ticket = tls
//!     .events()
//!     .find_map(|e| match e {
//!         Event::TicketReceived(data) => Some(data),
//!         _ => None,
//!     })
//!     .expect("a ticket");
//! tls.shutdown().await?;
//! assert_eq!(tls.read(&mut echo).await?, 0); // the server's close_notify
//! server.await??;
//!
//! // A second connection offers the ticket: the server resumes the session (RFC 9846 §2.2).
//! let (client_io, server_io) = tokio::io::duplex(64 * 1024);
//! let server = tokio::spawn(serve(server_io));
//! let mut tls = connector.resume(name, ticket, client_io).await?;
//! assert!(tls.conn().is_resumed());
//! tls.shutdown().await?;
//! assert_eq!(tls.read(&mut echo).await?, 0);
//! server.await??;
//! # Ok(())
//! # }
//! ```
//!
//! With `ClientConfig::session_store` set, `connect` offers a stored session by itself; with a
//! session store and an anti-replay record on the server (`ferrotls-session-cache`), a resumed
//! client can send 0-RTT data with [`TlsConnector::connect_early`].

mod acceptor;
mod answerer;
mod connector;
mod stream;
mod wakers;

pub use crate::driver::Buffered;
pub use acceptor::{ServerTlsStream, TlsAcceptor};
pub use answerer::{AnswerFuture, Answerer};
pub use connector::{ClientTlsStream, EarlyData, TlsConnector};
pub use stream::TlsStream;
