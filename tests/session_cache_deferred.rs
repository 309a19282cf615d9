//! The session-cache crate's `MemoryStore` answering a paused handshake (`Defer::sessions`)
//! through `AnswersRequests`, in real handshakes: a TLS 1.2 session ID looked up and a TLS 1.3
//! stateful ticket taken (once: offered again, it is a full handshake). The store writes go
//! wherever the core sends them (`put` on the config's store, or `Event::StoreSession`, which
//! the driver carries out).
#![forbid(unsafe_code)]

use std::sync::Arc;

use ferrotls_core::deferred::{Defer, StoreWrite};
use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::resumption::ServerSessionStore;
use ferrotls_core::{
    ClientConfig, ClientConnection, DeclineReason, Event, ProtocolVersion, ResumptionData,
    ServerConfig, ServerConnection,
};
use ferrotls_session_cache::deferred::AnswersRequests;
use ferrotls_session_cache::MemoryStore;
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::chunks::Delivery;
use ferrotls_tests::pair::{Pair, START_TIME};

fn server(version: ProtocolVersion, store: &Arc<MemoryStore>) -> Arc<ServerConfig> {
    let mut config = certs::server_config(KeyKind::EcdsaP256);
    config.versions = vec![version];
    // Stateful only: TLS 1.2 session IDs, TLS 1.3 tickets kept in the store.
    config.ticket_sealer = None;
    config.session_store = Some(Arc::clone(store) as Arc<dyn ServerSessionStore>);
    config.defer = Defer {
        sessions: true,
        ..Defer::default()
    };
    Arc::new(config)
}

fn client(version: ProtocolVersion) -> Arc<ClientConfig> {
    let mut config = certs::client_config();
    config.versions = vec![version];
    config.tls12_session_tickets = false;
    Arc::new(config)
}

/// A handshake whose server requests are answered by `store` (counting how many), then the
/// store writes it reported.
fn connect(
    client: &Arc<ClientConfig>,
    server: &Arc<ServerConfig>,
    store: &MemoryStore,
    data: Option<ResumptionData>,
) -> (Pair, usize) {
    let now = UnixTime::since_unix_epoch(START_TIME);
    let name = ServerName::try_from(certs::SERVER_NAME.to_string()).unwrap();
    let conn = match data {
        Some(d) => ClientConnection::resume(Arc::clone(client), name, d, now),
        None => ClientConnection::new(Arc::clone(client), name, now),
    }
    .unwrap();
    let mut pair = Pair::from_connections(
        conn,
        ServerConnection::new(Arc::clone(server)).unwrap(),
        Delivery::Flights,
        START_TIME,
    );
    let mut answered = 0;
    for _ in 0..16 {
        let mut moved = pair.client_to_server();
        while let Some(request) = pair.server.conn.pending().cloned() {
            let answer = store
                .answer(&request, now)
                .unwrap_or_else(|| panic!("the store answers {request:?}"));
            pair.server.conn.answer(answer, now).expect("a good answer");
            answered += 1;
            // The input that waited while the handshake was paused.
            pair.server.receive(&[], now);
        }
        moved += pair.server_to_client();
        if pair.client.handshake_done() && pair.server.handshake_done() {
            break;
        }
        assert!(moved > 0, "stuck: {:?}", pair.server.events);
    }
    pair.pump();
    assert!(pair.client.handshake_done() && pair.server.handshake_done());
    for event in &pair.server.events {
        if let Event::StoreSession(write) = event {
            assert!(store.store(StoreWrite::clone(write), now));
        }
    }
    (pair, answered)
}

fn newest_session(pair: &Pair) -> ResumptionData {
    pair.client
        .events
        .iter()
        .rev()
        .find_map(|e| match e {
            Event::TicketReceived(d) => Some(ResumptionData::clone(d)),
            _ => None,
        })
        .expect("a session")
}

#[test]
fn a_tls12_session_id_is_looked_up_through_the_answerer() {
    let store = Arc::new(MemoryStore::new(100));
    let (server, client) = (
        server(ProtocolVersion::TLS1_2, &store),
        client(ProtocolVersion::TLS1_2),
    );
    let (full, _) = connect(&client, &server, &store, None);
    let session = newest_session(&full);
    for _ in 0..2 {
        let (resumed, answered) = connect(&client, &server, &store, Some(session.clone()));
        assert!(resumed.server.conn.is_resumed() && resumed.client.conn.is_resumed());
        assert_eq!(answered, 1, "one LookupSession");
        assert!(resumed.server.saw(&Event::Paused));
    }
    assert_eq!(store.metrics().hits, 2);
}

#[test]
fn a_tls13_stateful_ticket_is_taken_once_through_the_answerer() {
    let store = Arc::new(MemoryStore::new(100));
    let (server, client) = (
        server(ProtocolVersion::TLS1_3, &store),
        client(ProtocolVersion::TLS1_3),
    );
    let (full, _) = connect(&client, &server, &store, None);
    let ticket = newest_session(&full);
    let (resumed, answered) = connect(&client, &server, &store, Some(ticket.clone()));
    assert!(resumed.server.conn.is_resumed() && resumed.client.conn.is_resumed());
    assert_eq!(answered, 1, "one TakeSession");
    let (again, _) = connect(&client, &server, &store, Some(ticket));
    assert!(!again.server.conn.is_resumed());
    assert!(again.server.saw(&Event::ResumptionDeclined {
        reason: DeclineReason::UnknownSession
    }));
}
