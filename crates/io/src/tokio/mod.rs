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
//! ```no_run
//! # async fn demo(config: std::sync::Arc<ferrotls_core::ClientConfig>) -> std::io::Result<()> {
//! use ferrotls_core::pki_types::ServerName;
//! use ferrotls_io::tokio::TlsConnector;
//! use tokio::io::{AsyncReadExt, AsyncWriteExt};
//!
//! let tcp = tokio::net::TcpStream::connect("example.com:443").await?;
//! let name = ServerName::try_from("example.com").unwrap();
//! let mut tls = TlsConnector::new(config).connect(name, tcp).await?;
//! tls.write_all(b"GET / HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n").await?;
//! tls.flush().await?;
//! let mut response = Vec::new();
//! tls.read_to_end(&mut response).await?; // an error if the server truncates
//! tls.shutdown().await?; // close_notify
//! # Ok(()) }
//! ```

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
