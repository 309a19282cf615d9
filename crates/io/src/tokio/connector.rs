//! `TlsConnector`: client streams, with a full handshake, a resumption, or 0-RTT data.

use std::future::Future;
use std::io;
use std::sync::Arc;

use ::tokio::io::{AsyncRead, AsyncWrite};
use ferrotls_core::client::ClientHandshake;
use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::{ApiError, ClientConfig, ClientConnection, Event, ResumptionData};

use super::{Answerer, TlsStream};
use crate::error::api_to_io_error;

/// A client TLS stream.
pub type ClientTlsStream<IO> = TlsStream<IO, ClientHandshake>;

/// Makes client connections with one configuration. Cheap to clone.
#[derive(Clone)]
pub struct TlsConnector {
    config: Arc<ClientConfig>,
    answerer: Option<Arc<dyn Answerer>>,
}

impl std::fmt::Debug for TlsConnector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsConnector")
            .field("config", &self.config)
            .field("answerer", &self.answerer.is_some())
            .finish()
    }
}

/// What became of the 0-RTT data given to [`TlsConnector::connect_early`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EarlyData {
    /// The server accepted all of it.
    Accepted,
    /// The server refused it, or the session did not allow it (its ticket carried no early
    /// data, the data was larger than the ticket allows, or the session could not be offered):
    /// here it is, to send again as ordinary data if it still makes sense.
    NotAccepted(Vec<u8>),
}

impl TlsConnector {
    /// Connections with `config`.
    pub fn new(config: Arc<ClientConfig>) -> Self {
        Self {
            config,
            answerer: None,
        }
    }

    /// Await `answerer` for the requests the handshake pauses on (with
    /// `config.defer.certificate`, the client certificate for a CertificateRequest; a
    /// signature by an external client key). Without one, such a request fails the connect
    /// with a `WouldBlock` error.
    pub fn with_answerer(mut self, answerer: Arc<dyn Answerer>) -> Self {
        self.answerer = Some(answerer);
        self
    }

    /// The configuration.
    pub fn config(&self) -> &Arc<ClientConfig> {
        &self.config
    }

    /// Handshake with the server `name` over `io`. With `config.session_store`, a stored
    /// session for `name` is offered (see [`ClientConnection::new`]).
    pub fn connect<IO>(
        &self,
        name: ServerName<'static>,
        io: IO,
    ) -> impl Future<Output = io::Result<ClientTlsStream<IO>>>
    where
        IO: AsyncRead + AsyncWrite + Unpin,
    {
        let conn = ClientConnection::new(Arc::clone(&self.config), name, UnixTime::now());
        let answerer = self.answerer.clone();
        async move { complete(conn.map_err(api_to_io_error)?, io, answerer).await }
    }

    /// Handshake offering the stored session `data` ([`ClientConnection::resume`]). Whether
    /// the server resumed it shows in `conn().is_resumed()`; a `ResumptionDeclined` event says
    /// why not.
    pub fn resume<IO>(
        &self,
        name: ServerName<'static>,
        data: ResumptionData,
        io: IO,
    ) -> impl Future<Output = io::Result<ClientTlsStream<IO>>>
    where
        IO: AsyncRead + AsyncWrite + Unpin,
    {
        let conn = self.resuming(name, data);
        let answerer = self.answerer.clone();
        async move { complete(conn?, io, answerer).await }
    }

    /// [`resume`](Self::resume) sending `early` as 0-RTT data right behind the ClientHello
    /// (RFC 9846 §2.3), for a server that can answer it before the handshake completes. Needs
    /// `config.enable_early_data` and a TLS 1.3 ticket allowing early data. Send only what is
    /// safe to repeat: early data can be replayed (RFC 9846 §8). Returns the stream once the
    /// handshake is complete, with what became of the data.
    pub fn connect_early<IO>(
        &self,
        name: ServerName<'static>,
        data: ResumptionData,
        early: Vec<u8>,
        io: IO,
    ) -> impl Future<Output = io::Result<(ClientTlsStream<IO>, EarlyData)>>
    where
        IO: AsyncRead + AsyncWrite + Unpin,
    {
        let conn = self.resuming(name, data);
        let answerer = self.answerer.clone();
        async move {
            let mut stream = TlsStream::new(conn?, io);
            let sent = send_early_data(&mut stream, &early).await?;
            let stream = handshake(stream, answerer).await?;
            let accepted = sent && stream.has_event(|e| matches!(e, Event::EarlyDataAccepted));
            let outcome = if accepted {
                EarlyData::Accepted
            } else {
                EarlyData::NotAccepted(early)
            };
            Ok((stream, outcome))
        }
    }

    fn resuming(
        &self,
        name: ServerName<'static>,
        data: ResumptionData,
    ) -> io::Result<ClientConnection> {
        ClientConnection::resume(Arc::clone(&self.config), name, data, UnixTime::now())
            .map_err(api_to_io_error)
    }
}

/// Drive `conn` over `io` until its handshake is complete.
async fn complete<IO>(
    conn: ClientConnection,
    io: IO,
    answerer: Option<Arc<dyn Answerer>>,
) -> io::Result<ClientTlsStream<IO>>
where
    IO: AsyncRead + AsyncWrite + Unpin,
{
    handshake(TlsStream::new(conn, io), answerer).await
}

/// Take all of `early` as 0-RTT data, sending the ClientHello and the early records whenever
/// the connection's send buffer (`Limits::max_send_buffer`) is full; `false` when the session
/// cannot carry it (no early data offered, or more than the ticket allows: nothing was taken).
async fn send_early_data<IO>(stream: &mut ClientTlsStream<IO>, early: &[u8]) -> io::Result<bool>
where
    IO: AsyncRead + AsyncWrite + Unpin,
{
    let mut taken = 0;
    while taken < early.len() {
        let rest = early.get(taken..).unwrap_or_default();
        match stream.conn_mut().send_early_data(rest) {
            Ok(0) if !stream.conn().wants_write() => {
                // No room, and none will come: only with a max_send_buffer of 0.
                return match taken {
                    0 => Ok(false),
                    _ => Err(io::Error::other(
                        "early data stalled with a full send buffer",
                    )),
                };
            }
            Ok(0) => stream.send_tls().await?,
            Ok(n) => taken += n,
            Err(ApiError::EarlyDataUnavailable | ApiError::EarlyDataTooLarge) => return Ok(false),
            Err(e) => return Err(api_to_io_error(e)),
        }
    }
    Ok(true)
}

/// Drive `stream` until its handshake is complete.
async fn handshake<IO>(
    mut stream: ClientTlsStream<IO>,
    answerer: Option<Arc<dyn Answerer>>,
) -> io::Result<ClientTlsStream<IO>>
where
    IO: AsyncRead + AsyncWrite + Unpin,
{
    match answerer {
        Some(answerer) => stream.handshake_answering(&*answerer).await?,
        None => stream.handshake().await?,
    }
    Ok(stream)
}
