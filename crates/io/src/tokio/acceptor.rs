//! `TlsAcceptor`: server streams.

use std::future::Future;
use std::io;
use std::sync::Arc;

use ::tokio::io::{AsyncRead, AsyncWrite};
use ferrotls_core::server::ServerHandshake;
use ferrotls_core::{ServerConfig, ServerConnection};

use super::{Answerer, TlsStream};
use crate::error::api_to_io_error;

/// A server TLS stream.
pub type ServerTlsStream<IO> = TlsStream<IO, ServerHandshake>;

/// Accepts server connections with one configuration. Cheap to clone.
#[derive(Clone)]
pub struct TlsAcceptor {
    config: Arc<ServerConfig>,
    answerer: Option<Arc<dyn Answerer>>,
}

impl std::fmt::Debug for TlsAcceptor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsAcceptor")
            .field("config", &self.config)
            .field("answerer", &self.answerer.is_some())
            .finish()
    }
}

impl TlsAcceptor {
    /// Connections with `config`.
    pub fn new(config: Arc<ServerConfig>) -> Self {
        Self {
            config,
            answerer: None,
        }
    }

    /// Await `answerer` for the requests the handshake pauses on (what `config.defer` sends to
    /// the application: session lookups, anti-replay, certificate choice; and signatures by
    /// external keys), and hand it the sessions to store. Without one, such a request fails
    /// the accept with a `WouldBlock` error.
    pub fn with_answerer(mut self, answerer: Arc<dyn Answerer>) -> Self {
        self.answerer = Some(answerer);
        self
    }

    /// The configuration.
    pub fn config(&self) -> &Arc<ServerConfig> {
        &self.config
    }

    /// Handshake with the client on `io`. Accepted 0-RTT data is waiting in the returned
    /// stream for [`read_early_data`](TlsStream::read_early_data).
    ///
    /// With `max_early_data_size` above 0, drain it with `read_early_data` before reading:
    /// [`AsyncRead`] never returns 0-RTT data (it may be a replay, RFC 9846 §8, so it is kept
    /// apart), and a client that waits for the answer to its early data before sending more
    /// would otherwise wait on a server that waits for it.
    pub fn accept<IO>(&self, io: IO) -> impl Future<Output = io::Result<ServerTlsStream<IO>>>
    where
        IO: AsyncRead + AsyncWrite + Unpin,
    {
        let conn = ServerConnection::new(Arc::clone(&self.config));
        let answerer = self.answerer.clone();
        async move {
            let conn = conn.map_err(api_to_io_error)?;
            let mut stream = TlsStream::new(conn, io);
            match answerer {
                Some(answerer) => stream.handshake_answering(&*answerer).await?,
                None => stream.handshake().await?,
            }
            Ok(stream)
        }
    }
}
