//! RFC 8448 §4 (resumed 0-RTT handshake) from the client side, byte for byte.
//!
//! The ticket is not taken from the trace's text: §3 is replayed through our client, whose
//! `TicketReceived` event yields the resumption data; that goes through `to_bytes` /
//! `from_bytes` like a stored session, and `ClientConnection::resume_with_ticket_age` offers it
//! at the trace's time: in the same second, 6 ms after the ticket arrived (what §4's
//! obfuscated_ticket_age says; `UnixTime` counts seconds, so the milliseconds are passed as the
//! ticket's age). With §4's random values, the client must then write exactly §4's records —
//! the ClientHello with its binder, age and early_data, the 0-RTT record, EndOfEarlyData,
//! Finished, application data, close_notify — while reading the server's records from the
//! trace.

use std::sync::Arc;
use std::time::Duration;

use ferrotls_core::crypto::NamedGroup;
use ferrotls_core::msgs::extensions::ClientExtension;
use ferrotls_core::msgs::handshake::{HandshakeMessage, Version};
use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::{ClientConnection, EarlyDataStatus, Event, ProtocolVersion, ResumptionData};
use ferrotls_record::ContentType;
use ferrotls_tests::hex;
use ferrotls_tests::providers::on_every_provider;
use ferrotls_tests::rfc8448_replay::replay_client;
use ferrotls_tests::rfc8448_session::{
    resumption_ticket, Peer, Phase, ScriptedConfig, Section, Session, RESUMPTION_TICKET_AGE_MS,
    TRACE_SERVER_NAME,
};
use ferrotls_tests::tls13_exporter::tls_exporter;

/// The trace's time, for §3 and §4 alike: §4 follows §3 by milliseconds.
fn now() -> UnixTime {
    UnixTime::since_unix_epoch(Duration::from_secs(1_500_000_000))
}

/// §3 replayed through our client: its one `TicketReceived`.
fn section3_ticket() -> ResumptionData {
    let session = Session::for_replay(Section::Simple1Rtt);
    let ScriptedConfig { config, random, .. } = session.client_setup();
    let name = ServerName::try_from(TRACE_SERVER_NAME).expect("dns name");
    let mut conn = ClientConnection::new(Arc::new(config), name, now()).expect("client starts");
    let events = replay_client(&session.trace, &mut conn, now());
    assert_eq!(random.remaining(), 0, "§3 random script not used up");
    let tickets: Vec<ResumptionData> = events
        .iter()
        .filter_map(|e| match e {
            Event::TicketReceived(data) => Some(data.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(tickets.len(), 1, "{events:?}");
    assert_eq!(conn.resumption_data().as_ref(), Ok(&tickets[0]));
    tickets[0].clone()
}

#[test]
fn section3_ticket_is_the_traces() {
    on_every_provider(|_| section3_ticket_is_the_traces_on_current());
}

fn section3_ticket_is_the_traces_on_current() {
    let data = section3_ticket();
    let expected = resumption_ticket();
    assert_eq!(data.protocol_version(), ProtocolVersion::TLS1_3);
    assert_eq!(
        data.cipher_suite(),
        ferrotls_core::msgs::enums::CipherSuite::TLS_AES_128_GCM_SHA256
    );
    // RFC 8446 §4.6.1: HKDF-Expand-Label(resumption_master_secret, "resumption", nonce).
    assert_eq!(
        hex::encode(data.secret().as_bytes()),
        hex::encode(&expected.psk)
    );
    assert_eq!(data.ticket(), expected.ticket.as_slice());
    assert_eq!(data.lifetime(), expected.lifetime);
    assert_eq!(data.ticket_age_add(), expected.age_add);
    assert_eq!(data.max_early_data_size(), expected.max_early_data_size);
    assert_eq!(data.received(), now());
    assert_eq!(data.server_name(), Some(TRACE_SERVER_NAME));
    assert_eq!(data.alpn(), None);
    let session = Session::new(Section::Simple1Rtt);
    assert_eq!(
        data.peer_certificates(),
        session.certificate_chain(Peer::Server).as_slice()
    );
}

#[test]
fn section4_resumed_0rtt() {
    on_every_provider(|_| section4_resumed_0rtt_on_current());
}

fn section4_resumed_0rtt_on_current() {
    // The stored form of the session, as an application would keep it.
    let stored = section3_ticket().to_bytes();
    let data = ResumptionData::from_bytes(&stored, now()).expect("decodes");
    assert_eq!(data, section3_ticket());

    let session = Session::for_replay(Section::Resumed0Rtt);
    let ScriptedConfig { config, random, .. } = session.client_setup();
    let mut conn = session.resume_client(config, data, now());
    assert!(conn.info().resumption_offered);
    // RFC 9846 §7.5: the early exporter, from the trace's early exporter secret, from the
    // offer on and after the handshake.
    let early_exporter = early_exporter_check(&session);
    early_exporter(&conn);
    let events = replay_client(&session.trace, &mut conn, now());
    assert_eq!(random.remaining(), 0, "§4 random script not used up");
    early_exporter(&conn);

    let server_data = session
        .trace
        .step("{server} send application_data")
        .hex("payload");
    assert_eq!(
        events,
        vec![
            Event::EarlyDataAccepted,
            Event::HandshakeComplete {
                version: ProtocolVersion::TLS1_3
            },
            Event::ApplicationData,
            Event::PeerClosed,
        ]
    );
    let mut read = vec![0; 100];
    let n = conn.read(&mut read).expect("read");
    assert_eq!(read[..n], server_data);
    assert!(conn.is_resumed());
    let flags = conn.session_flags();
    assert!(flags.resumed && flags.early_data_accepted && flags.resumption_requested);
    let info = conn.info();
    assert_eq!(info.early_data, EarlyDataStatus::Accepted);
    assert_eq!(info.group, Some(NamedGroup::X25519));
    assert_eq!(info.server_name.as_deref(), Some(TRACE_SERVER_NAME));
    // The server authenticated with the PSK: the certificates are the original session's.
    assert_eq!(
        info.peer_certificates,
        session.certificate_chain(Peer::Server)
    );
    assert_eq!(info.peer_signature_scheme, None);
    assert!(conn.session_id().is_empty());
    assert!(conn.failure().is_none());
}

/// The parts of §4's ClientHello the offer is made of, checked one by one (the walk compares
/// the whole record; this says which part differs if it does).
#[test]
fn section4_client_hello_parts() {
    on_every_provider(|_| section4_client_hello_parts_on_current());
}

fn section4_client_hello_parts_on_current() {
    let session = Session::for_replay(Section::Resumed0Rtt);
    let ScriptedConfig { config, .. } = session.client_setup();
    let mut conn = session.resume_client(config, section3_ticket(), now());
    let mut written = Vec::new();
    conn.write_tls(&mut written);
    let HandshakeMessage::ClientHello(ours) =
        HandshakeMessage::decode(&written[5..], Version::Tls13).expect("ClientHello")
    else {
        panic!("not a ClientHello");
    };
    let theirs = session.handshake_record(Peer::Client, 0).payload;
    let HandshakeMessage::ClientHello(theirs) =
        HandshakeMessage::decode(&theirs, Version::Tls13).expect("trace ClientHello")
    else {
        panic!("not a ClientHello");
    };
    assert!(ours.early_data_offered() && theirs.early_data_offered());
    let (ours_psk, theirs_psk) = (ours.psk().expect("psk"), theirs.psk().expect("psk"));
    let ticket = resumption_ticket();
    assert_eq!(
        theirs_psk.identities[0].obfuscated_ticket_age,
        ticket.age_add.wrapping_add(RESUMPTION_TICKET_AGE_MS)
    );
    assert_eq!(ours_psk.identities, theirs_psk.identities);
    let binder = session
        .trace
        .step("{client} calculate PSK binder")
        .hex("finished");
    assert_eq!(hex::encode(&ours_psk.binders[0].0), hex::encode(&binder));
    assert!(matches!(
        ours.extensions.last(),
        Some(ClientExtension::PreSharedKey(_))
    ));
    assert_eq!(ours, theirs);

    // The 0-RTT record opens with the trace's early keys.
    conn.send_early_data(b"ABCDEF").expect("early data");
    let mut early = Vec::new();
    conn.write_tls(&mut early);
    assert_eq!(
        session.open(Peer::Client, Phase::Early, 0, &early),
        Some((ContentType::APPLICATION_DATA, b"ABCDEF".to_vec()))
    );
}

/// A check that a connection's early exporter gives what RFC 9846 §7.5 computes from RFC 8448
/// §4's early exporter secret ("e exp master").
fn early_exporter_check(session: &Session) -> impl Fn(&ClientConnection) {
    let secret = session
        .trace
        .step("{client} derive secret \"tls13 e exp master\"")
        .hex("expanded");
    move |conn| {
        for context in [&b""[..], b"RFC 8448 \xc2\xa74"] {
            let mut out = [0u8; 32];
            conn.export_early_keying_material(&mut out, b"EXPERIMENTAL-early", Some(context))
                .expect("0-RTT in use");
            assert_eq!(
                hex::encode(&out),
                hex::encode(&tls_exporter(&secret, b"EXPERIMENTAL-early", context, 32))
            );
        }
    }
}
