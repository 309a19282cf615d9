//! RFC 9149 ticket requests between our own client and server: a client asking for 0, 1 or 5
//! tickets gets 0, 1 or min(5, the server's `max_requested_tickets`), after a full handshake
//! (its `new_session_count`) and after a resumption (its `resumption_count`); a client that
//! does not ask gets the server's `tls13_tickets`; a declined ticket gets the new-session count;
//! and the extension stays out of TLS 1.2.
#![forbid(unsafe_code)]

use std::sync::Arc;

use ferrotls_core::msgs::enums::ExtensionType;
use ferrotls_core::msgs::extensions::{ClientExtension, TicketRequest};
use ferrotls_core::msgs::handshake::{ClientHello, HandshakeMessage, Version};
use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::{
    ClientConfig, ClientConnection, ProtocolVersion, ResumptionData, ServerConfig, ServerConnection,
};
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::chunks::Delivery;
use ferrotls_tests::pair::{Pair, START_TIME};
use ferrotls_tests::sessions;

fn request(new_session_count: u8, resumption_count: u8) -> Option<TicketRequest> {
    Some(TicketRequest {
        new_session_count,
        resumption_count,
    })
}

fn client_config(ticket_request: Option<TicketRequest>) -> Arc<ClientConfig> {
    let mut config = certs::client_config();
    config.ticket_request = ticket_request;
    Arc::new(config)
}

fn server_config(max_requested_tickets: u8) -> Arc<ServerConfig> {
    let mut config = certs::server_config(KeyKind::EcdsaP256);
    config.max_requested_tickets = max_requested_tickets;
    Arc::new(config)
}

fn tickets(pair: &Pair) -> Vec<ResumptionData> {
    sessions::tickets(&pair.client.events)
}

/// The handshake and whatever follows it (the tickets).
fn run(mut pair: Pair) -> Pair {
    pair.handshake()
        .unwrap_or_else(|e| panic!("handshake failed: {e}"));
    pair.pump();
    pair
}

fn full(client: &Arc<ClientConfig>, server: &Arc<ServerConfig>, delivery: Delivery) -> Pair {
    run(Pair::new(
        client.clone(),
        server.clone(),
        certs::SERVER_NAME,
        delivery,
    ))
}

/// A connection offering `data`, whether or not the server resumes it.
fn offering(
    client: &Arc<ClientConfig>,
    server: &Arc<ServerConfig>,
    data: ResumptionData,
    delivery: Delivery,
) -> Pair {
    let name = ServerName::try_from(certs::SERVER_NAME.to_string()).unwrap();
    let conn = ClientConnection::resume(
        client.clone(),
        name,
        data,
        UnixTime::since_unix_epoch(START_TIME),
    )
    .unwrap();
    let server = ServerConnection::new(server.clone()).unwrap();
    run(Pair::from_connections(conn, server, delivery, START_TIME))
}

fn resumed(
    client: &Arc<ClientConfig>,
    server: &Arc<ServerConfig>,
    data: ResumptionData,
    delivery: Delivery,
) -> Pair {
    let pair = offering(client, server, data, delivery);
    assert!(pair.client.conn.is_resumed());
    pair
}

/// The ClientHello as the server received it.
fn client_hello(pair: &Pair) -> ClientHello {
    let wire = &pair.client_wrote;
    let len = usize::from(u16::from_be_bytes([wire[3], wire[4]]));
    match HandshakeMessage::decode(&wire[5..5 + len], Version::Tls13) {
        Ok(HandshakeMessage::ClientHello(ch)) => ch,
        other => panic!("not a ClientHello: {other:?}"),
    }
}

const DELIVERIES: [Delivery; 2] = [
    Delivery::Flights,
    Delivery::Random {
        seed: 3,
        max_chunk: 11,
    },
];

#[test]
fn a_new_session_gets_what_was_asked_within_the_servers_maximum() {
    for delivery in DELIVERIES {
        for max in [3, ferrotls_core::config::DEFAULT_MAX_REQUESTED_TICKETS] {
            let server = server_config(max);
            for asked in [0u8, 1, 5] {
                // Without a ticket to offer, the client asks for none on resumption (RFC 9149
                // §3); a declined ticket (below) shows a nonzero resumption count is ignored.
                let client = client_config(request(asked, 7));
                let pair = full(&client, &server, delivery);
                assert_eq!(
                    client_hello(&pair).extension(ExtensionType::TICKET_REQUEST),
                    Some(&ClientExtension::TicketRequest(request(asked, 0).unwrap()))
                );
                assert_eq!(
                    tickets(&pair).len(),
                    usize::from(asked.min(max)),
                    "asked {asked}, max {max}, {delivery:?}"
                );
            }
        }
    }
}

#[test]
fn a_resumed_session_gets_what_was_asked_within_the_servers_maximum() {
    for delivery in DELIVERIES {
        for max in [3, ferrotls_core::config::DEFAULT_MAX_REQUESTED_TICKETS] {
            let server = server_config(max);
            let first = full(&client_config(None), &server, delivery);
            let mut stock = tickets(&first);
            assert_eq!(stock.len(), 2, "tls13_tickets without a request");
            for asked in [0u8, 1, 5] {
                // The new-session count must not matter on a resumption.
                let client = client_config(request(7, asked));
                let data = stock.pop().unwrap_or_else(|| panic!("out of tickets"));
                let pair = resumed(&client, &server, data, delivery);
                let got = tickets(&pair);
                assert_eq!(
                    got.len(),
                    usize::from(asked.min(max)),
                    "asked {asked}, max {max}, {delivery:?}"
                );
                stock.extend(got);
            }
        }
    }
}

/// RFC 9149 §3: a client whose ticket the server declines gets its new_session_count, not
/// its resumption_count: the server made a new session.
#[test]
fn a_declined_ticket_gets_the_new_session_count() {
    for delivery in DELIVERIES {
        let data = tickets(&full(&client_config(None), &server_config(8), delivery))
            .pop()
            .unwrap_or_else(|| panic!("no ticket"));
        // Another server config: another ticket key, which cannot open the ticket.
        let client = client_config(request(3, 7));
        let pair = offering(&client, &server_config(8), data, delivery);
        assert!(!pair.client.conn.is_resumed());
        assert_eq!(
            client_hello(&pair).extension(ExtensionType::TICKET_REQUEST),
            Some(&ClientExtension::TicketRequest(request(3, 7).unwrap()))
        );
        assert_eq!(tickets(&pair).len(), 3, "{delivery:?}");
    }
}

#[test]
fn without_a_request_the_server_sends_its_default() {
    let mut server = certs::server_config(KeyKind::EcdsaP256);
    server.tls13_tickets = 4;
    server.max_requested_tickets = 1;
    let pair = full(&client_config(None), &Arc::new(server), Delivery::Flights);
    assert!(client_hello(&pair)
        .extension(ExtensionType::TICKET_REQUEST)
        .is_none());
    assert_eq!(tickets(&pair).len(), 4);
}

#[test]
fn tls12_has_no_ticket_request() {
    let mut client = certs::client_config();
    client.versions = vec![ProtocolVersion::TLS1_2];
    client.ticket_request = request(5, 5);
    let pair = full(&Arc::new(client), &server_config(3), Delivery::Flights);
    assert_eq!(
        pair.client.conn.info().version,
        Some(ProtocolVersion::TLS1_2)
    );
    assert!(client_hello(&pair)
        .extension(ExtensionType::TICKET_REQUEST)
        .is_none());
    // The TLS 1.2 session as always: one per handshake.
    assert_eq!(tickets(&pair).len(), 1);
}
