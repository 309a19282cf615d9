//! change_cipher_spec in TLS 1.3 (RFC 9846 §5): an unprotected one of the single byte 1 is
//! dropped anywhere between the first ClientHello and the peer's Finished, however many arrive.
//! A Java 17 server that sends a HelloRetryRequest sends one after it and another after its
//! ServerHello; our client used to abort on the second.

use ferrotls_core::{Event, ProtocolVersion};
use ferrotls_crypto::NamedGroup;

use super::scripted::{events, give, pair, records, take, CCS};

/// The client's first key share is secp384r1, the server takes only X25519: a HelloRetryRequest.
fn hello_retry_pair() -> (
    ferrotls_core::ClientConnection,
    ferrotls_core::ServerConnection,
) {
    pair(
        &[NamedGroup::SECP384R1, NamedGroup::X25519],
        &[NamedGroup::X25519],
    )
}

#[test]
fn a_server_sending_one_after_its_hello_retry_request_and_one_after_its_server_hello() {
    let (mut client, mut server) = hello_retry_pair();
    let hello = take(&mut client);
    give(&mut server, &hello).unwrap();
    // The HelloRetryRequest, then our server's own compatibility change_cipher_spec.
    let retry = take(&mut server);
    let retry_records = records(&retry);
    assert_eq!(
        retry_records.len(),
        2,
        "HelloRetryRequest and change_cipher_spec"
    );
    assert_eq!(retry_records[1], CCS);
    give(&mut client, &retry).unwrap();
    let second_hello = take(&mut client);
    give(&mut server, &second_hello).unwrap();
    // Like Java: the ServerHello, a second change_cipher_spec, then the encrypted flight.
    let flight = records(&take(&mut server));
    let mut java_like = flight[0].clone();
    if flight[1] != CCS {
        java_like.extend_from_slice(&CCS);
    }
    for record in &flight[1..] {
        java_like.extend_from_slice(record);
    }
    give(&mut client, &java_like).unwrap();
    assert!(!client.is_handshaking(), "{:?}", client.failure());
    assert!(client.info().hello_retry);
    let finished = take(&mut client);
    give(&mut server, &finished).unwrap();
    assert!(events(&mut server).contains(&Event::HandshakeComplete {
        version: ProtocolVersion::TLS1_3
    }));
}

#[test]
fn a_client_sending_several_is_served() {
    let (mut client, mut server) = hello_retry_pair();
    let hello = take(&mut client);
    give(&mut server, &hello).unwrap();
    let retry = take(&mut server);
    give(&mut client, &retry).unwrap();
    // Before the second ClientHello, between it and the Finished flight, and within it.
    let mut second_hello = CCS.repeat(3);
    second_hello.extend_from_slice(&take(&mut client));
    give(&mut server, &second_hello).unwrap();
    let flight = take(&mut server);
    give(&mut client, &flight).unwrap();
    let mut finished = CCS.repeat(2);
    for record in records(&take(&mut client)) {
        finished.extend_from_slice(&record);
        finished.extend_from_slice(&CCS);
    }
    // The last one follows the client's Finished: outside the window (RFC 9846 §5).
    let end = finished.len() - CCS.len();
    give(&mut server, &finished[..end]).unwrap();
    assert!(!server.is_handshaking(), "{:?}", server.failure());
    assert_eq!(
        give(&mut server, &CCS).map_err(|e| e.alert_sent()),
        Err(Some(ferrotls_core::AlertDescription::UNEXPECTED_MESSAGE))
    );
}
