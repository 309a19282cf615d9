//! Handshakes that hand out sessions and resume them, on the in-memory [`Pair`]: a full
//! handshake run until the tickets have arrived, a resumption of one of them (with 0-RTT data
//! if asked), close_notify both ways, and the tickets a client received or the reasons a
//! resumption was declined.

use std::sync::Arc;
use std::time::Duration;

use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::{
    ClientConfig, ClientConnection, DeclineReason, Event, ResumptionData, ServerConfig,
    ServerConnection,
};

use crate::certs;
use crate::chunks::Delivery;
use crate::pair::Pair;

/// The name the test certificates are for, as a client connects to it.
pub fn server_name() -> ServerName<'static> {
    ServerName::try_from(certs::SERVER_NAME.to_string()).unwrap()
}

/// The sessions `events` hand over (`Event::TicketReceived`), oldest first.
pub fn tickets(events: &[Event]) -> Vec<ResumptionData> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::TicketReceived(data) => Some(data.clone()),
            _ => None,
        })
        .collect()
}

/// Why the server declined to resume, as `events` report it (`Event::ResumptionDeclined`: the
/// server's reason, or the client's `DeclinedByServer`).
pub fn declines(events: &[Event]) -> Vec<DeclineReason> {
    events
        .iter()
        .filter_map(|e| match e {
            Event::ResumptionDeclined { reason } => Some(*reason),
            _ => None,
        })
        .collect()
}

/// A full handshake of new connections at `clock` (time since the Unix epoch), flight by
/// flight; returns the pair once everything sent after it (the tickets) has arrived.
pub fn full_handshake(
    client: &Arc<ClientConfig>,
    server: &Arc<ServerConfig>,
    clock: Duration,
) -> Pair {
    let now = UnixTime::since_unix_epoch(clock);
    let conn = ClientConnection::new(Arc::clone(client), server_name(), now)
        .unwrap_or_else(|e| panic!("client refused to start: {e}"));
    let server = ServerConnection::new(Arc::clone(server))
        .unwrap_or_else(|e| panic!("server refused to start: {e}"));
    let mut pair = Pair::from_connections(conn, server, Delivery::Flights, clock);
    pair.handshake()
        .unwrap_or_else(|e| panic!("full handshake: {e}"));
    pair.pump();
    pair
}

/// A resumption of `data` at `clock` with `early` as 0-RTT data (none if empty), flight by
/// flight; returns the pair once everything sent after the handshake has arrived.
pub fn resumed_handshake(
    client: &Arc<ClientConfig>,
    server: &Arc<ServerConfig>,
    data: ResumptionData,
    early: &[u8],
    clock: Duration,
) -> Pair {
    let now = UnixTime::since_unix_epoch(clock);
    let mut conn = ClientConnection::resume(Arc::clone(client), server_name(), data, now)
        .unwrap_or_else(|e| panic!("client refused to resume: {e}"));
    if !early.is_empty() {
        assert_eq!(conn.send_early_data(early), Ok(early.len()));
    }
    let server = ServerConnection::new(Arc::clone(server))
        .unwrap_or_else(|e| panic!("server refused to start: {e}"));
    let mut pair = Pair::from_connections(conn, server, Delivery::Flights, clock);
    pair.handshake()
        .unwrap_or_else(|e| panic!("resumed handshake: {e}"));
    pair.pump();
    pair
}

/// close_notify both ways.
pub fn close(pair: &mut Pair) {
    pair.client.conn.close();
    pair.server.conn.close();
    pair.pump();
}
