//! The TLS 1.3 client against RFC 8448 §3 (simple 1-RTT), §5 (HelloRetryRequest), §6 (client
//! authentication) and §7 (middlebox compatibility mode), byte for byte.
//!
//! A client configured like the trace's (suites, groups, signature schemes, record_size_limit,
//! session tickets or compatibility mode) and fed the trace's random values through a
//! `ScriptedRandom` must write exactly the trace's client records, while reading the server's
//! records from the trace with `handle_tls`. Application data and the closing alerts are checked
//! too, which proves the application traffic keys in both directions.

use std::sync::Arc;
use std::time::Duration;

use ferrotls_core::crypto::NamedGroup;
use ferrotls_core::msgs::enums::CipherSuite;
use ferrotls_core::msgs::handshake::{HandshakeMessage, Version};
use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::{ClientConnection, Event, ProtocolVersion};
use ferrotls_tests::providers::on_every_provider;
use ferrotls_tests::rfc8448_replay::replay_client;
use ferrotls_tests::rfc8448_session::{Peer, ScriptedConfig, Section, Session, TRACE_SERVER_NAME};

fn now() -> UnixTime {
    UnixTime::since_unix_epoch(Duration::from_secs(1_500_000_000))
}

fn decode(bytes: &[u8]) -> HandshakeMessage {
    HandshakeMessage::decode(bytes, Version::Tls13).expect("trace message decodes")
}

/// What the walk saw, for the per-section checks.
struct Outcome {
    conn: ClientConnection,
    events: Vec<Event>,
}

/// Replay the trace through a new client ([`replay_client`]) and check its random script was
/// used up.
///
/// The client is configured like the trace's (suites, groups, signature schemes,
/// record_size_limit, session tickets or compatibility mode), and its random script holds, in
/// the documented draw order: client random, session id (compatibility mode), then each key
/// share's private key, including the one made after a HelloRetryRequest.
fn walk(session: &Session) -> Outcome {
    let trace = &session.trace;
    let ScriptedConfig { config, random, .. } = session.client_setup();
    let name = ServerName::try_from(TRACE_SERVER_NAME).expect("dns name");
    let mut conn = ClientConnection::new(Arc::new(config), name, now()).expect("client starts");
    let events = replay_client(trace, &mut conn, now());
    assert_eq!(
        random.remaining(),
        0,
        "{}: random script not used up",
        trace.name
    );
    Outcome { conn, events }
}

fn check_common_info(outcome: &Outcome, session: &Session) {
    let trace = &session.trace;
    let info = outcome.conn.info();
    assert_eq!(info.version, Some(ProtocolVersion::TLS1_3));
    assert_eq!(info.version_name(), "TLSv1.3");
    assert_eq!(
        info.suite.map(|s| s.suite),
        Some(CipherSuite::TLS_AES_128_GCM_SHA256)
    );
    assert_eq!(info.alpn, None);
    assert_eq!(info.server_name.as_deref(), Some("server"));
    assert_eq!(
        info.peer_certificates,
        vec![session.certificate_chain(Peer::Server)[0].clone()]
    );
    let HandshakeMessage::CertificateVerify(server_cv) = decode(
        &trace
            .step("{server} construct a CertificateVerify handshake")
            .hex("CertificateVerify"),
    ) else {
        panic!("not a CertificateVerify");
    };
    assert_eq!(info.peer_signature_scheme, Some(server_cv.scheme));
    assert!(!outcome.conn.is_handshaking());
    assert!(outcome.conn.peer_closed());
    assert!(outcome.conn.failure().is_none());
    let complete = Event::HandshakeComplete {
        version: ProtocolVersion::TLS1_3,
    };
    assert_eq!(outcome.events.iter().filter(|e| **e == complete).count(), 1);
    assert_eq!(outcome.events.last(), Some(&Event::PeerClosed));
}

#[test]
fn section3_simple_1rtt() {
    on_every_provider(|_| section3_simple_1rtt_on_current());
}

fn section3_simple_1rtt_on_current() {
    let session = Session::for_replay(Section::Simple1Rtt);
    let mut outcome = walk(&session);
    check_common_info(&outcome, &session);
    let info = outcome.conn.info();
    assert_eq!(info.group, Some(NamedGroup::X25519));
    assert!(!info.hello_retry);
    assert!(!info.client_authenticated);
    // The NewSessionTicket becomes TicketReceived (its PSK and the resumed handshake are
    // checked by tests/rfc8448_resumption_client.rs); then the server's application data.
    let server_data = session
        .trace
        .step("{server} send application_data")
        .hex("payload");
    let [Event::HandshakeComplete {
        version: ProtocolVersion::TLS1_3,
    }, Event::TicketReceived(ticket), Event::ApplicationData, Event::PeerClosed] =
        outcome.events.as_slice()
    else {
        panic!("events: {:?}", outcome.events);
    };
    let ticket = ticket.clone();
    let mut data = vec![0; 100];
    let n = outcome.conn.read(&mut data).expect("read");
    assert_eq!(data[..n], server_data);
    assert_eq!(outcome.conn.read(&mut data), Ok(0), "nothing more");
    assert_eq!(ticket.lifetime(), 30, "ticket_lifetime 0000001e");
    assert_eq!(ticket.ticket_age_add(), 0xfad6_aac5);
    assert_eq!(ticket.max_early_data_size(), 0x400);
    assert_eq!(ticket.ticket().len(), 178);
    assert_eq!(ticket.server_name(), Some("server"));
    assert_eq!(outcome.conn.resumption_data(), Ok(ticket));
}

#[test]
fn section5_hello_retry_request() {
    on_every_provider(|_| section5_hello_retry_request_on_current());
}

fn section5_hello_retry_request_on_current() {
    let session = Session::for_replay(Section::HelloRetry);
    let outcome = walk(&session);
    check_common_info(&outcome, &session);
    let info = outcome.conn.info();
    assert_eq!(info.group, Some(NamedGroup::SECP256R1));
    assert!(info.hello_retry);
    assert!(!info.client_authenticated);
}

#[test]
fn section6_client_authentication() {
    on_every_provider(|_| section6_client_authentication_on_current());
}

fn section6_client_authentication_on_current() {
    let session = Session::for_replay(Section::ClientAuth);
    let outcome = walk(&session);
    check_common_info(&outcome, &session);
    let info = outcome.conn.info();
    assert_eq!(info.group, Some(NamedGroup::X25519));
    assert!(!info.hello_retry);
    assert!(info.client_authenticated);
}

#[test]
fn section7_compatibility_mode() {
    on_every_provider(|_| section7_compatibility_mode_on_current());
}

fn section7_compatibility_mode_on_current() {
    let session = Session::for_replay(Section::Compatibility);
    let outcome = walk(&session);
    check_common_info(&outcome, &session);
    assert!(!outcome.conn.info().hello_retry);
}
