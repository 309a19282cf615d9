//! `TlsAcceptor`: server streams.

use std::future::Future;
use std::io;
use std::sync::Arc;

use ::tokio::io::{AsyncRead, AsyncWrite};
use ferrotls_core::server::ServerHandshake;
use ferrotls_core::{ServerConfig, ServerConnection};

use super::TlsStream;
use crate::error::api_to_io_error;

/// A server TLS stream.
pub type ServerTlsStream<IO> = TlsStream<IO, ServerHandshake>;

/// Accepts server connections with one configuration. Cheap to clone.
#[derive(Clone, Debug)]
pub struct TlsAcceptor {
    config: Arc<ServerConfig>,
}

impl TlsAcceptor {
    /// Connections with `config`.
    pub fn new(config: Arc<ServerConfig>) -> Self {
        Self { config }
    }

    /// The configuration.
    pub fn config(&self) -> &Arc<ServerConfig> {
        &self.config
    }

    /// Handshake with the client on `io`. Accepted 0-RTT data is waiting in the returned
    /// stream for [`read_early_data`](TlsStream::read_early_data).
    pub fn accept<IO>(&self, io: IO) -> impl Future<Output = io::Result<ServerTlsStream<IO>>>
    where
        IO: AsyncRead + AsyncWrite + Unpin,
    {
        let conn = ServerConnection::new(Arc::clone(&self.config));
        async move {
            let conn = conn.map_err(api_to_io_error)?;
            let mut stream = TlsStream::new(conn, io);
            stream.handshake().await?;
            Ok(stream)
        }
    }
}
