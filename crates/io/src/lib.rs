//! Drivers that connect a ferrotls [`Connection`](ferrotls_core::Connection) to real transports.
//!
//! [`Stream`] is a blocking `std::io::Read + Write` over any `Read + Write` transport (usually a
//! `TcpStream`). With the `tokio` feature, `tokio::TlsStream` is its asynchronous
//! counterpart, made by `tokio::TlsConnector` and `tokio::TlsAcceptor`. Both are loops over the
//! sans-IO API sharing one driver step (`driver.rs`): all protocol decisions stay in the core.
//!
//! What both give you: the handshake driven on the first read or write (or explicitly); reads
//! that return `0` only at the peer's close_notify, and a transport that ends without one as an
//! `UnexpectedEof` error (a truncation attack, RFC 9846 §6.1); buffered reading on the stream
//! itself (`BufRead`, `tokio::io::AsyncBufRead`), which lends the data where the connection
//! decrypted it instead of copying it, so `read_line` and `lines` need no `BufReader`; writes
//! bounded by the connection's send buffer (`Limits::max_send_buffer`, 64 KiB by default), so
//! memory stays bounded when the peer reads slowly; protocol failures as `io::Error`s from
//! which [`tls_error`] recovers the ferrotls [`Error`](ferrotls_core::Error), sent to the peer
//! as an alert first; and the connection itself ([`Stream::conn`]) for what was negotiated.
//!
//! # A blocking client and server
//!
//! Over loopback TCP, with the repository's test certificates (`vectors/certs`: a CA, and a
//! P-256 server certificate for `localhost`):
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
//! use ferrotls_core::{ClientConfig, ClientConnection, ProtocolVersion, ServerConfig, ServerConnection};
//! use ferrotls_io::Stream;
//!
//! type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;
//!
//! fn main() -> Result<()> {
//!     let certs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../vectors/certs");
//!     let provider = Arc::new(default_provider());
//!
//!     // The server: a certificate chain and its key, checked to match when the config is built.
//!     let chain = load_certs(&certs.join("server-ecdsa-p256.pem"))?;
//!     let key = load_signing_key(&provider, &certs.join("server-ecdsa-p256.key"))?;
//!     let server_config = Arc::new(ServerConfig::builder(provider.clone()).cert(chain, key).build()?);
//!     let listener = TcpListener::bind("127.0.0.1:0")?;
//!     let addr = listener.local_addr()?;
//!     let server = std::thread::spawn(move || -> Result<()> {
//!         let (tcp, _) = listener.accept()?;
//!         let mut tls = Stream::new(ServerConnection::new(server_config)?, tcp);
//!         let mut request = [0; 5];
//!         tls.read_exact(&mut request)?; // the handshake happens here
//!         tls.write_all(&request.to_ascii_uppercase())?;
//!         tls.close()?; // close_notify: the client's read_to_end ends cleanly
//!         Ok(())
//!     });
//!
//!     // The client: trusts the test CA and checks the certificate is for "localhost".
//!     let roots = Arc::new(load_root_store(&certs.join("ca.pem"), true)?);
//!     let client_config = Arc::new(ClientConfig::builder(provider, roots).build()?);
//!     let name = ServerName::try_from("localhost")?;
//!     let conn = ClientConnection::new(client_config, name, UnixTime::now())?;
//!     let mut tls = Stream::new(conn, TcpStream::connect(addr)?);
//!     tls.write_all(b"hello")?;
//!     let mut reply = Vec::new();
//!     tls.read_to_end(&mut reply)?;
//!     assert_eq!(reply, b"HELLO");
//!
//!     let info = tls.conn().info();
//!     assert_eq!(info.version, Some(ProtocolVersion::TLS1_3));
//!     println!("{} {:?} {:?}", info.version_name(), info.suite, info.group);
//!     server.join().expect("the server thread")?;
//!     Ok(())
//! }
//! ```
//!
//! A server serving many clients accepts in a loop and gives each `TcpStream` its own `Stream`
//! (a thread each, or the `tokio` driver); one `Arc<ServerConfig>` serves them all.
//! `crates/io/examples` has a `mio` server with many connections on one thread and a
//! fixed-buffer client driven by hand as an embedded target would.
//!
//! # A tokio client and server (feature `tokio`)
//!
//! The same exchange on tokio: `tokio::TlsConnector` and `tokio::TlsAcceptor` hand back a
//! `tokio::TlsStream`, which is
//! `AsyncRead + AsyncWrite`; `shutdown` sends close_notify. The feature brings in only tokio's I/O
//! traits: the runtime is yours.
//!
//! ```
//! # #[cfg(feature = "tokio")]
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
//!     use std::path::Path;
//!     use std::sync::Arc;
//!
//!     use ferrotls_core::crypto::rustcrypto::default_provider;
//!     use ferrotls_core::pem::{load_certs, load_root_store, load_signing_key};
//!     use ferrotls_core::pki_types::ServerName;
//!     use ferrotls_core::{ClientConfig, ServerConfig};
//!     use ferrotls_io::tokio::{TlsAcceptor, TlsConnector};
//!     use tokio::io::{AsyncReadExt, AsyncWriteExt};
//!     use tokio::net::{TcpListener, TcpStream};
//!
//!     let certs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../vectors/certs");
//!     let provider = Arc::new(default_provider());
//!     let chain = load_certs(&certs.join("server-ecdsa-p256.pem"))?;
//!     let key = load_signing_key(&provider, &certs.join("server-ecdsa-p256.key"))?;
//!     let acceptor = TlsAcceptor::new(Arc::new(
//!         ServerConfig::builder(provider.clone()).cert(chain, key).build()?,
//!     ));
//!     let roots = Arc::new(load_root_store(&certs.join("ca.pem"), true)?);
//!     let connector = TlsConnector::new(Arc::new(ClientConfig::builder(provider, roots).build()?));
//!
//!     let listener = TcpListener::bind("127.0.0.1:0").await?;
//!     let addr = listener.local_addr()?;
//!     let server = tokio::spawn(async move {
//!         let (tcp, _) = listener.accept().await?;
//!         let mut tls = acceptor.accept(tcp).await?; // the handshake
//!         let mut request = [0; 5];
//!         tls.read_exact(&mut request).await?;
//!         tls.write_all(&request.to_ascii_uppercase()).await?;
//!         tls.shutdown().await // close_notify
//!     });
//!
//!     let tcp = TcpStream::connect(addr).await?;
//!     let mut tls = connector.connect(ServerName::try_from("localhost")?, tcp).await?;
//!     tls.write_all(b"hello").await?;
//!     tls.flush().await?;
//!     let mut reply = Vec::new();
//!     tls.read_to_end(&mut reply).await?; // an error if the server truncates
//!     assert_eq!(reply, b"HELLO");
//!     assert!(!tls.conn().is_resumed());
//!     server.await??;
//!     Ok(())
//! }
//! # #[cfg(not(feature = "tokio"))]
//! # fn main() {}
//! ```
//!
//! Resumption, 0-RTT (`TlsConnector::connect_early`), split read and write halves
//! (`tokio::io::split`), events (`TlsStream::events`) and asynchronous stores answering a
//! handshake's deferred requests (`tokio::Answerer`) are described on the `tokio` module's items.
//! This test runs with the feature on: `cargo test --workspace` enables it (the tests crate
//! depends on `ferrotls-io` with `tokio`), as does `cargo test -p ferrotls-io --features tokio`.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod driver;
mod error;
mod stream;
#[cfg(feature = "tokio")]
pub mod tokio;

pub use driver::Buffered;
pub use error::{tls_error, to_io_error};
pub use stream::{HalfClose, Stream, DRAIN_BYTES, DRAIN_TIME};

#[cfg(test)]
mod test_socket;

/// The repository's README: its Rust code blocks (the quick start) run as doc tests of this
/// crate, so that they compile and work as written.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;
