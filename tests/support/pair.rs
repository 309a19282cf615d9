//! An in-memory client and server with a virtual clock. Bytes move between them only when the
//! test says so, cut into chunks by a [`Delivery`], so every behaviour test can also run with
//! records and messages split at every possible point.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use ferrotls_core::client::ClientHandshake;
use ferrotls_core::conn::Handshake;
use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::server::ServerHandshake;
use ferrotls_core::{
    AlertDescription, ClientConfig, ClientConnection, Connection, Error, Event, ServerConfig,
    ServerConnection,
};

use crate::chunks::{Chunker, Delivery};

/// Where the virtual clock starts: 2026-01-01T00:00:00Z, inside the test certificates' validity.
pub const START_TIME: Duration = Duration::from_secs(1_767_225_600);

/// Rounds of exchange after which a handshake that neither completes nor fails is declared
/// stuck (a full TLS 1.3 handshake with HelloRetryRequest needs 3).
const MAX_ROUNDS: usize = 16;

/// How much one `read` asks for: less than a record, so records are read in pieces too.
const READ_LEN: usize = 1000;

/// One side of the pair: its connection, the bytes it has been given but not consumed, and what
/// it reported and received. Data is pulled the way an application does: `read` (and
/// `read_early_data`) after every `handle_tls`, in pieces of `READ_LEN` (1000) bytes.
#[derive(Debug)]
pub struct Endpoint<H> {
    pub conn: Connection<H>,
    /// Delivered bytes the connection has not consumed yet (an incomplete record, or records it
    /// leaves while its unread data is at its limit).
    inbox: Vec<u8>,
    /// Every event, in order. A data notification is not recorded again right after itself:
    /// how many the connection queues depends on when it is polled, that is on how the input
    /// was cut, and the matrices compare event sequences across deliveries.
    pub events: Vec<Event>,
    /// The first error `handle_tls` returned.
    pub error: Option<Error>,
    /// Application data read so far, in order.
    data: Vec<u8>,
    /// 0-RTT data read so far (server).
    early_data: Vec<u8>,
}

impl<H: Handshake> Endpoint<H> {
    fn new(conn: Connection<H>) -> Self {
        Self {
            conn,
            inbox: Vec::new(),
            events: Vec::new(),
            error: None,
            data: Vec::new(),
            early_data: Vec::new(),
        }
    }

    /// Give the connection one chunk, and read what it makes readable; false once it has
    /// failed.
    pub fn receive(&mut self, chunk: &[u8], now: UnixTime) -> bool {
        self.inbox.extend_from_slice(chunk);
        loop {
            let result = self.conn.handle_tls(&mut self.inbox, now);
            self.poll_events();
            self.read_all();
            match result {
                // Consumed nothing: an incomplete record waits for more bytes.
                Ok(0) => return true,
                Ok(used) => {
                    self.inbox.drain(..used);
                }
                Err(e) => {
                    self.error.get_or_insert(e);
                    return false;
                }
            }
        }
    }

    fn poll_events(&mut self) {
        while let Some(event) = self.conn.poll_event() {
            let notification = matches!(event, Event::ApplicationData | Event::EarlyData);
            if !(notification && self.events.last() == Some(&event)) {
                self.events.push(event);
            }
        }
    }

    /// Pull every readable byte, 1-RTT and 0-RTT apart.
    fn read_all(&mut self) {
        let mut buf = [0; READ_LEN];
        while let Ok(n @ 1..) = self.conn.read(&mut buf) {
            self.data.extend_from_slice(&buf[..n]);
        }
        while let Ok(n @ 1..) = self.conn.read_early_data(&mut buf) {
            self.early_data.extend_from_slice(&buf[..n]);
        }
    }

    /// Whether the handshake completed (and the connection has not failed).
    pub fn handshake_done(&self) -> bool {
        !self.conn.is_handshaking() && self.conn.failure().is_none()
    }

    /// All application data read so far, concatenated.
    pub fn received_data(&self) -> Vec<u8> {
        self.data.clone()
    }

    /// All 0-RTT data read so far (server), concatenated.
    pub fn early_data(&self) -> &[u8] {
        &self.early_data
    }

    /// Take the application data read so far, and remove its notifications from the events.
    pub fn take_data(&mut self) -> Vec<u8> {
        self.events.retain(|e| *e != Event::ApplicationData);
        std::mem::take(&mut self.data)
    }

    /// Whether an event equal to `event` was seen.
    pub fn saw(&self, event: &Event) -> bool {
        self.events.contains(event)
    }

    /// The fatal alert this side sent, if it failed the connection.
    pub fn alert_sent(&self) -> Option<AlertDescription> {
        self.conn.failure().and_then(Error::alert_sent)
    }

    /// The fatal alert this side received, if the peer failed the connection.
    pub fn alert_received(&self) -> Option<AlertDescription> {
        match self.conn.failure() {
            Some(Error::AlertReceived(alert)) => Some(*alert),
            _ => None,
        }
    }
}

/// Why [`Pair::handshake`] did not complete.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandshakeFailure {
    pub client: Option<Error>,
    pub server: Option<Error>,
    /// Neither side failed, but no bytes moved before both completed.
    pub stalled: bool,
}

impl fmt::Display for HandshakeFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |e: &Option<Error>| e.as_ref().map_or("-".to_string(), |e| e.to_string());
        write!(
            f,
            "client: {}; server: {}{}",
            show(&self.client),
            show(&self.server),
            if self.stalled { "; stalled" } else { "" }
        )
    }
}

/// A client and a server connected by an in-memory wire.
#[derive(Debug)]
pub struct Pair {
    pub client: Endpoint<ClientHandshake>,
    pub server: Endpoint<ServerHandshake>,
    /// Every byte the client's `write_tls` produced, in order (what went on the wire, including
    /// bytes the server dropped after failing), so runs can be compared byte for byte.
    pub client_wrote: Vec<u8>,
    /// Every byte the server's `write_tls` produced, in order.
    pub server_wrote: Vec<u8>,
    /// Time since the Unix epoch on the virtual clock.
    clock: Duration,
    chunker: Chunker,
}

impl Pair {
    /// A client for `server_name` and a server, at [`START_TIME`]. The ClientHello is queued
    /// but not delivered.
    pub fn new(
        client: Arc<ClientConfig>,
        server: Arc<ServerConfig>,
        server_name: &str,
        delivery: Delivery,
    ) -> Self {
        let now = UnixTime::since_unix_epoch(START_TIME);
        let name = ServerName::try_from(server_name.to_string())
            .unwrap_or_else(|e| panic!("bad server name {server_name:?}: {e}"));
        let client = ClientConnection::new(client, name, now)
            .unwrap_or_else(|e| panic!("client refused to start: {e}"));
        let server = ServerConnection::new(server)
            .unwrap_or_else(|e| panic!("server refused to start: {e}"));
        Self {
            client: Endpoint::new(client),
            server: Endpoint::new(server),
            client_wrote: Vec::new(),
            server_wrote: Vec::new(),
            clock: START_TIME,
            chunker: Chunker::new(delivery),
        }
    }

    /// A pair of connections made elsewhere (e.g. a client from `ClientConnection::resume`),
    /// with the virtual clock at `clock` (time since the Unix epoch). Whatever the client has
    /// queued (its ClientHello, 0-RTT data) is not delivered yet.
    pub fn from_connections(
        client: ClientConnection,
        server: ServerConnection,
        delivery: Delivery,
        clock: Duration,
    ) -> Self {
        Self {
            client: Endpoint::new(client),
            server: Endpoint::new(server),
            client_wrote: Vec::new(),
            server_wrote: Vec::new(),
            clock,
            chunker: Chunker::new(delivery),
        }
    }

    /// Time since the Unix epoch on the virtual clock.
    pub fn clock(&self) -> Duration {
        self.clock
    }

    /// The virtual time.
    pub fn now(&self) -> UnixTime {
        UnixTime::since_unix_epoch(self.clock)
    }

    /// Move the virtual clock forward.
    pub fn advance(&mut self, by: Duration) {
        self.clock += by;
    }

    /// Deliver what the client has queued to the server; returns how many bytes moved.
    pub fn client_to_server(&mut self) -> usize {
        let now = self.now();
        transfer(
            &mut self.client.conn,
            &mut self.server,
            &mut self.chunker,
            &mut self.client_wrote,
            now,
        )
    }

    /// Deliver what the server has queued to the client; returns how many bytes moved.
    pub fn server_to_client(&mut self) -> usize {
        let now = self.now();
        transfer(
            &mut self.server.conn,
            &mut self.client,
            &mut self.chunker,
            &mut self.server_wrote,
            now,
        )
    }

    /// Deliver in both directions until nothing is left to send; returns how many bytes moved.
    pub fn pump(&mut self) -> usize {
        let mut total = 0;
        loop {
            let moved = self.client_to_server() + self.server_to_client();
            if moved == 0 {
                return total;
            }
            total += moved;
        }
    }

    /// Exchange flights until both sides complete the handshake, one fails (after its alert
    /// reached the peer), or nothing moves.
    pub fn handshake(&mut self) -> Result<(), HandshakeFailure> {
        for _ in 0..MAX_ROUNDS {
            let moved = self.client_to_server() + self.server_to_client();
            if self.client.conn.failure().is_some() || self.server.conn.failure().is_some() {
                self.pump();
                return Err(self.failure(false));
            }
            if self.client.handshake_done() && self.server.handshake_done() {
                return Ok(());
            }
            if moved == 0 {
                return Err(self.failure(true));
            }
        }
        Err(self.failure(true))
    }

    fn failure(&self, stalled: bool) -> HandshakeFailure {
        HandshakeFailure {
            client: self.client.conn.failure().cloned(),
            server: self.server.conn.failure().cloned(),
            stalled,
        }
    }

    /// Send application data from the client: queued, and when it is more than the send buffer
    /// takes, delivered in the buffer's measure (with `pump`) until all is taken.
    pub fn client_send(&mut self, data: &[u8]) {
        let mut rest = data;
        while !rest.is_empty() {
            let taken = self
                .client
                .conn
                .send(rest)
                .unwrap_or_else(|e| panic!("client send: {e}"));
            rest = &rest[taken..];
            if !rest.is_empty() {
                assert!(self.pump() > 0, "client send: the buffer is full and stuck");
            }
        }
    }

    /// Send application data from the server, like [`client_send`](Self::client_send).
    pub fn server_send(&mut self, data: &[u8]) {
        let mut rest = data;
        while !rest.is_empty() {
            let taken = self
                .server
                .conn
                .send(rest)
                .unwrap_or_else(|e| panic!("server send: {e}"));
            rest = &rest[taken..];
            if !rest.is_empty() {
                assert!(self.pump() > 0, "server send: the buffer is full and stuck");
            }
        }
    }

    /// The transport's end reaches the server; returns what the server makes of it.
    pub fn client_hangs_up(&mut self) -> Result<(), Error> {
        self.server.conn.handle_eof()
    }

    /// The transport's end reaches the client; returns what the client makes of it.
    pub fn server_hangs_up(&mut self) -> Result<(), Error> {
        self.client.conn.handle_eof()
    }
}

/// Move everything `from` has queued into `to`, chunk by chunk, keeping a copy in `log`. Chunks
/// after `to` fails are dropped, as a real peer would stop reading.
fn transfer<F: Handshake, T: Handshake>(
    from: &mut Connection<F>,
    to: &mut Endpoint<T>,
    chunker: &mut Chunker,
    log: &mut Vec<u8>,
    now: UnixTime,
) -> usize {
    let mut wire = Vec::new();
    from.write_tls(&mut wire);
    log.extend_from_slice(&wire);
    for chunk in chunker.split(&wire) {
        if !to.receive(chunk, now) {
            break;
        }
    }
    wire.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certs::{self, KeyKind};

    fn pair(delivery: Delivery) -> Pair {
        Pair::new(
            Arc::new(certs::client_config()),
            Arc::new(certs::server_config(KeyKind::EcdsaP256)),
            certs::SERVER_NAME,
            delivery,
        )
    }

    #[test]
    fn the_virtual_clock_starts_in_2026_and_only_moves_when_told() {
        let mut p = pair(Delivery::Flights);
        assert_eq!(p.now().as_secs(), 1_767_225_600);
        p.advance(Duration::from_secs(90));
        assert_eq!(p.now().as_secs(), 1_767_225_690);
    }

    #[test]
    fn a_plaintext_alert_crosses_in_every_delivery_mode() {
        // Independent of the handshake: a close_notify before any handshake message is a
        // closure alert the server accepts in its initial state.
        for delivery in [
            Delivery::Flights,
            Delivery::Bytewise,
            Delivery::Random {
                seed: 5,
                max_chunk: 3,
            },
        ] {
            let mut p = pair(delivery);
            let close_notify = [21, 3, 3, 0, 2, 1, 0];
            let mut chunker = Chunker::new(delivery);
            let now = p.now();
            for chunk in chunker.split(&close_notify) {
                assert!(p.server.receive(chunk, now));
            }
            assert!(p.server.saw(&Event::PeerClosed), "{delivery:?}");
            assert_eq!(p.client_hangs_up(), Ok(()));
        }
    }

    #[test]
    fn received_data_concatenates_in_order_and_take_removes_it() {
        let mut p = pair(Delivery::Flights);
        p.client.events = vec![
            Event::ApplicationData,
            Event::PeerClosed,
            Event::ApplicationData,
        ];
        p.client.data = b"abc".to_vec();
        assert_eq!(p.client.received_data(), b"abc");
        assert_eq!(p.client.take_data(), b"abc");
        assert_eq!(p.client.events, [Event::PeerClosed]);
        assert!(p.client.received_data().is_empty());
    }
}
