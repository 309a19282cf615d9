//! An alert in the clear where TLS 1.3 expects protected records: a peer that fails before it
//! has handshake keys sends it unprotected (OpenSSL and curl do when they refuse our
//! certificate). It ends the handshake as the peer's alert and is not answered with our own
//! unexpected_message.

use ferrotls_core::{AlertDescription, Error};
use ferrotls_crypto::NamedGroup;

use super::scripted::{give, pair, records, take};

/// alert(21), TLS 1.2 record version, length 2, fatal(2) unknown_ca(48).
const UNKNOWN_CA: [u8; 7] = [21, 3, 3, 0, 2, 2, 48];

#[test]
fn a_client_refusing_our_certificate_in_the_clear() {
    let (mut client, mut server) = pair(&[NamedGroup::X25519], &[NamedGroup::X25519]);
    let hello = take(&mut client);
    give(&mut server, &hello).unwrap();
    // Our ServerHello and encrypted flight went out; the answer is a plaintext alert.
    assert!(!take(&mut server).is_empty());
    assert_eq!(
        give(&mut server, &UNKNOWN_CA),
        Err(Error::AlertReceived(AlertDescription::UNKNOWN_CA))
    );
    assert!(!server.wants_write(), "we answered the peer's alert");
    assert_eq!(
        server.failure(),
        Some(&Error::AlertReceived(AlertDescription::UNKNOWN_CA))
    );
}

#[test]
fn a_server_failing_after_its_server_hello_in_the_clear() {
    let (mut client, mut server) = pair(&[NamedGroup::X25519], &[NamedGroup::X25519]);
    let hello = take(&mut client);
    give(&mut server, &hello).unwrap();
    let flight = records(&take(&mut server));
    give(&mut client, &flight[0]).unwrap();
    assert_eq!(
        give(&mut client, &[21, 3, 3, 0, 2, 2, 40]),
        Err(Error::AlertReceived(AlertDescription::HANDSHAKE_FAILURE))
    );
    assert!(!client.wants_write());
}

#[test]
fn after_the_handshake_a_plaintext_alert_is_refused() {
    let (mut client, mut server) = pair(&[NamedGroup::X25519], &[NamedGroup::X25519]);
    super::scripted::handshake(&mut client, &mut server);
    let err = give(&mut client, &UNKNOWN_CA).unwrap_err();
    assert_eq!(err.alert_sent(), Some(AlertDescription::UNEXPECTED_MESSAGE));
}
