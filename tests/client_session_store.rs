//! Automatic client sessions (`ClientConfig::session_store`): three connections made from one
//! `ClientConfig` against one `ServerConfig`, in TLS 1.3 and in TLS 1.2 (tickets and session
//! IDs). The first is a full handshake, the second and third resume; every ClientHello is
//! decoded as the server receives it, and no TLS 1.3 ticket is ever offered twice. Then the
//! store's reaction to a server that no longer knows its sessions, and 0-RTT with a stored
//! ticket.
#![forbid(unsafe_code)]

use std::collections::HashSet;
use std::sync::Arc;

use ferrotls_core::msgs::handshake::{ClientHello, HandshakeMessage, Version};
use ferrotls_core::resumption::{ClientSessionStore, InMemoryClientSessionStore};
use ferrotls_core::{
    ClientConfig, DeclineReason, EarlyDataStatus, Event, ProtocolVersion, ServerConfig,
};
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::chunks::Delivery;
use ferrotls_tests::pair::Pair;

const NAME: Option<&str> = Some(certs::SERVER_NAME);

/// The first record the client wrote, decoded: its ClientHello, as the server sees it.
fn client_hello(pair: &Pair) -> ClientHello {
    let wire = &pair.client_wrote;
    assert_eq!(wire[0], 22, "a handshake record first");
    let len = usize::from(u16::from_be_bytes([wire[3], wire[4]]));
    match HandshakeMessage::decode(&wire[5..5 + len], Version::Tls13) {
        Ok(HandshakeMessage::ClientHello(ch)) => ch,
        other => panic!("not a ClientHello: {other:?}"),
    }
}

fn psk_identities(ch: &ClientHello) -> Vec<Vec<u8>> {
    ch.psk()
        .map(|p| p.identities.iter().map(|i| i.identity.clone()).collect())
        .unwrap_or_default()
}

fn tickets_received(pair: &Pair) -> Vec<Vec<u8>> {
    pair.client
        .events
        .iter()
        .filter_map(|e| match e {
            Event::TicketReceived(d) => Some(d.ticket().to_vec()),
            _ => None,
        })
        .collect()
}

fn client_config(
    versions: &[ProtocolVersion],
) -> (Arc<ClientConfig>, Arc<InMemoryClientSessionStore>) {
    let store = Arc::new(InMemoryClientSessionStore::new(8, 8));
    let mut config = certs::client_config();
    config.versions = versions.to_vec();
    config.session_store = Some(store.clone());
    (Arc::new(config), store)
}

/// One connection to completion, with the tickets sent after the handshake delivered.
fn connect(client: &Arc<ClientConfig>, server: &Arc<ServerConfig>, delivery: Delivery) -> Pair {
    let mut pair = Pair::new(client.clone(), server.clone(), certs::SERVER_NAME, delivery);
    pair.handshake()
        .unwrap_or_else(|e| panic!("handshake failed: {e}"));
    pair.pump();
    pair
}

const DELIVERIES: [Delivery; 2] = [
    Delivery::Flights,
    Delivery::Random {
        seed: 5,
        max_chunk: 9,
    },
];

#[test]
fn tls13_second_and_third_connections_resume_each_ticket_offered_once() {
    for delivery in DELIVERIES {
        let (client, store) = client_config(&[ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2]);
        let server = Arc::new(certs::server_config(KeyKind::EcdsaP256));
        assert_eq!(server.tls13_tickets, 2);
        let mut offered = HashSet::new();
        let mut received = Vec::new();
        for round in 0..3 {
            let pair = connect(&client, &server, delivery);
            let ch = client_hello(&pair);
            let identities = psk_identities(&ch);
            assert_eq!(
                pair.client.conn.info().version,
                Some(ProtocolVersion::TLS1_3)
            );
            if round == 0 {
                assert!(identities.is_empty(), "nothing stored yet");
                assert!(!pair.client.conn.is_resumed());
            } else {
                // The newest ticket of the previous connection, and only that one.
                assert_eq!(identities.len(), 1, "round {round}");
                let previous: &Vec<Vec<u8>> = received.last().unwrap();
                assert_eq!(&identities[0], previous.last().unwrap(), "round {round}");
                assert!(pair.client.conn.is_resumed(), "round {round}");
                assert!(pair.server.conn.is_resumed(), "round {round}");
            }
            for identity in identities {
                assert!(
                    offered.insert(identity),
                    "a ticket offered twice ({delivery:?})"
                );
            }
            let tickets = tickets_received(&pair);
            assert_eq!(tickets.len(), 2);
            received.push(tickets);
            // Each connection stores its 2 tickets and takes 1: 2, 3, 4 in the store.
            assert_eq!(store.len_for(NAME), round + 2, "round {round}");
        }
    }
}

#[test]
fn tls12_second_and_third_connections_resume() {
    for (tickets, delivery) in [(true, DELIVERIES[0]), (false, DELIVERIES[1])] {
        let (client, store) = client_config(&[ProtocolVersion::TLS1_2]);
        let mut server = certs::server_config(KeyKind::EcdsaP256);
        server.tls12_tickets = tickets;
        let server = Arc::new(server);
        let mut first_session_id = Vec::new();
        for round in 0..3 {
            let pair = connect(&client, &server, delivery);
            let ch = client_hello(&pair);
            assert!(psk_identities(&ch).is_empty());
            assert_eq!(
                pair.client.conn.info().version,
                Some(ProtocolVersion::TLS1_2)
            );
            assert_eq!(pair.client.conn.is_resumed(), round > 0, "round {round}");
            assert_eq!(pair.server.conn.is_resumed(), round > 0, "round {round}");
            if round == 0 {
                first_session_id = pair.server.conn.session_id().to_vec();
            } else {
                // One session throughout: a TLS 1.2 session may be resumed again and again.
                assert_eq!(pair.server.conn.session_id(), first_session_id);
            }
            let stored = store.get(NAME, pair.now()).expect("a session stored");
            if tickets {
                assert!(!stored.ticket().is_empty());
            } else {
                assert_eq!(ch.session_id.is_empty(), round == 0);
                assert_eq!(stored.session_id(), pair.client.conn.session_id());
            }
        }
        // Session IDs: the session stays stored once, however often it is resumed. Tickets:
        // each abbreviated handshake renews the ticket (RFC 5077 §3.3), and the new one is
        // stored beside the old.
        assert_eq!(store.len_for(NAME), if tickets { 3 } else { 1 });
    }
}

#[test]
fn a_server_that_lost_its_keys_clears_the_store_once() {
    let (client, store) = client_config(&[ProtocolVersion::TLS1_3]);
    let server = Arc::new(certs::server_config(KeyKind::EcdsaP256));
    connect(&client, &server, Delivery::Flights);
    assert_eq!(store.len_for(NAME), 2);
    // A new server config: a new random ticket key, so the stored tickets do not open.
    let restarted = Arc::new(certs::server_config(KeyKind::EcdsaP256));
    let pair = connect(&client, &restarted, Delivery::Flights);
    assert!(pair.client.saw(&Event::ResumptionDeclined {
        reason: DeclineReason::DeclinedByServer
    }));
    assert!(!pair.client.conn.is_resumed());
    // The other old ticket went with the declined one; the new connection's two came in.
    let stored: Vec<Vec<u8>> = std::iter::from_fn(|| store.take(NAME, pair.now()))
        .map(|d| d.ticket().to_vec())
        .collect();
    let mut expected = tickets_received(&pair);
    expected.reverse();
    assert_eq!(stored, expected);
}

#[test]
fn without_a_store_nothing_is_offered() {
    let config = Arc::new(certs::client_config());
    let server = Arc::new(certs::server_config(KeyKind::EcdsaP256));
    for _ in 0..2 {
        let pair = connect(&config, &server, Delivery::Flights);
        assert!(!pair.client.conn.is_resumed());
        assert!(psk_identities(&client_hello(&pair)).is_empty());
    }
}

#[test]
fn a_stored_ticket_carries_0rtt_when_the_config_allows_it() {
    let store = Arc::new(InMemoryClientSessionStore::new(8, 8));
    let mut config = certs::client_config();
    config.versions = vec![ProtocolVersion::TLS1_3];
    config.enable_early_data = true;
    config.session_store = Some(store.clone());
    let client = Arc::new(config);
    let mut server = certs::server_config(KeyKind::EcdsaP256);
    server.max_early_data = 1024;
    server.anti_replay = Some(Arc::new(
        ferrotls_core::resumption::SingleUseAntiReplay::new(16),
    ));
    let server = Arc::new(server);
    connect(&client, &server, Delivery::Flights);
    // Offered with early data, none written: the handshake completes, resumed.
    let pair = connect(&client, &server, Delivery::Flights);
    assert!(client_hello(&pair).early_data_offered());
    assert!(pair.client.conn.is_resumed());
    // Written: the server takes it.
    let mut pair = Pair::new(
        client.clone(),
        server.clone(),
        certs::SERVER_NAME,
        Delivery::Flights,
    );
    assert_eq!(pair.client.conn.send_early_data(b"early"), Ok(5));
    pair.handshake().unwrap();
    assert_eq!(
        pair.server.conn.info().early_data,
        EarlyDataStatus::Accepted
    );
}
