//! The in-memory pair end to end: a full TLS 1.3 handshake, an echo, KeyUpdate and a clean
//! close, in every delivery mode.

use std::sync::Arc;

use ferrotls_core::{Event, ProtocolVersion};
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::chunks::Delivery;
use ferrotls_tests::pair::Pair;

fn connected(delivery: Delivery) -> Pair {
    let mut pair = Pair::new(
        Arc::new(certs::client_config()),
        Arc::new(certs::server_config(KeyKind::EcdsaP256)),
        certs::SERVER_NAME,
        delivery,
    );
    pair.handshake()
        .unwrap_or_else(|e| panic!("{delivery:?}: handshake failed: {e}"));
    let complete = Event::HandshakeComplete {
        version: ProtocolVersion::TLS1_3,
    };
    assert!(
        pair.client.saw(&complete),
        "{delivery:?}: client events {:?}",
        pair.client.events
    );
    assert!(
        pair.server.saw(&complete),
        "{delivery:?}: server events {:?}",
        pair.server.events
    );
    pair
}

fn echo_then_close(delivery: Delivery) {
    let mut pair = connected(delivery);

    pair.client_send(b"hello\n");
    pair.pump();
    let request = pair.server.take_data();
    assert_eq!(request, b"hello\n", "{delivery:?}");
    pair.server_send(&request);
    pair.pump();
    assert_eq!(pair.client.take_data(), b"hello\n", "{delivery:?}");

    pair.client.conn.close();
    pair.pump();
    assert!(pair.server.saw(&Event::PeerClosed), "{delivery:?}");
    pair.server.conn.close();
    pair.pump();
    assert!(pair.client.saw(&Event::PeerClosed), "{delivery:?}");
    assert_eq!(pair.client_hangs_up(), Ok(()));
    assert_eq!(pair.server_hangs_up(), Ok(()));
    assert_eq!((&pair.client.error, &pair.server.error), (&None, &None));
}

#[test]
fn whole_flights() {
    echo_then_close(Delivery::Flights);
}

#[test]
fn one_byte_at_a_time() {
    echo_then_close(Delivery::Bytewise);
}

#[test]
fn random_chunks() {
    for seed in 0..8 {
        echo_then_close(Delivery::Random {
            seed,
            max_chunk: 1 + 37 * seed as usize,
        });
    }
}

#[test]
fn key_update_requested_by_the_client() {
    let mut pair = connected(Delivery::Flights);
    pair.client
        .conn
        .update_keys(true)
        .unwrap_or_else(|e| panic!("update_keys: {e}"));
    pair.client_send(b"after the update\n");
    pair.pump();
    assert!(pair.server.saw(&Event::KeyUpdated {
        we_updated_too: true
    }));
    assert_eq!(pair.server.take_data(), b"after the update\n");
    pair.server_send(b"answer\n");
    pair.pump();
    assert!(pair.client.saw(&Event::KeyUpdated {
        we_updated_too: false
    }));
    assert_eq!(pair.client.take_data(), b"answer\n");
}
