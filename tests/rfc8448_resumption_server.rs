//! The ferrotls server replays RFC 8448 §4 (resumed 0-RTT handshake) byte for byte.
//!
//! The server is §3's server (same suites, groups, record_size_limit, certificate) at the
//! trace's time, with 0-RTT on (max_early_data 1024, a single-use anti-replay record) and a
//! stand-in ticket sealer whose `open` maps the trace's ticket to the state §3's server sealed
//! into it (`rfc8448_server.rs` checks that §3's server seals exactly that state). Its random
//! source holds what the trace's §4 server drew: the ServerHello random and the ephemeral key.
//!
//! The client's records are fed as the trace lists them: the ClientHello with its PSK and
//! early_data, the 0-RTT data, EndOfEarlyData and Finished under the early and handshake keys,
//! application data and close_notify. The server's ServerHello, EncryptedExtensions + Finished,
//! application data and close_notify must be the trace's records exactly, the 0-RTT data must
//! arrive as `Event::EarlyData`, and the binder is verified for real.

use std::sync::Arc;

use ferrotls_core::resumption::{DeclineReason, SingleUseAntiReplay};
use ferrotls_core::{
    ApiError, EarlyDataStatus, Event, ProtocolVersion, ServerConfig, ServerConnection,
};
use ferrotls_record::ContentType;
use ferrotls_tests::hex::encode as hex;
use ferrotls_tests::providers::on_every_provider;
use ferrotls_tests::rfc8448_resumed_server::{
    scripted_server_provider, section3_new_session_ticket, section3_session, section3_state,
    section4_records, section4_server_script, Section4Record, TraceTicketSealer,
    SECTION3_SESSION_ID,
};
use ferrotls_tests::rfc8448_session::{trace_now as now, Peer, Section, Session};
use ferrotls_tests::tls13_exporter::tls_exporter;

/// §4's server; `random` holds what is left of its script.
fn section4_server() -> (
    ServerConnection,
    Arc<ferrotls_core::crypto::random::ScriptedRandom>,
) {
    let (config, random) = config();
    (
        ServerConnection::new(Arc::new(config)).expect("server"),
        random,
    )
}

fn config() -> (
    ServerConfig,
    Arc<ferrotls_core::crypto::random::ScriptedRandom>,
) {
    let mut config = section3_session().server_config();
    let (provider, random) = scripted_server_provider(section4_server_script());
    config.provider = provider;
    config.ticket_sealer = Some(Arc::new(TraceTicketSealer::section3_opening_to(
        &section3_state(),
    )));
    // §4's server sends no ticket after the handshake.
    config.tls13_tickets = 0;
    config.max_early_data = section3_new_session_ticket()
        .max_early_data_size()
        .expect("the §3 ticket allows 0-RTT");
    config.anti_replay = Some(Arc::new(SingleUseAntiReplay::new(16)));
    (config, random)
}

fn feed(conn: &mut ServerConnection, record: &Section4Record, events: &mut Vec<Event>) {
    let mut bytes = record.complete.clone();
    let used = conn
        .handle_tls(&mut bytes, now())
        .unwrap_or_else(|e| panic!("{:?} record: {e}", record.content_type));
    assert_eq!(used, bytes.len());
    events.extend(std::iter::from_fn(|| conn.poll_event()));
}

fn output(conn: &mut ServerConnection) -> Vec<u8> {
    let mut out = Vec::new();
    conn.write_tls(&mut out);
    out
}

#[test]
fn section4_resumed_0rtt() {
    on_every_provider(|_| section4_resumed_0rtt_on_current());
}

fn section4_resumed_0rtt_on_current() {
    let records = section4_records();
    let client: Vec<&Section4Record> = records
        .iter()
        .filter(|r| r.sender == Peer::Client)
        .collect();
    let server: Vec<&Section4Record> = records
        .iter()
        .filter(|r| r.sender == Peer::Server)
        .collect();
    // Client: ClientHello, 0-RTT data, EndOfEarlyData, Finished, data, close_notify.
    // Server: ServerHello, EncryptedExtensions + Finished, data, close_notify.
    assert_eq!((client.len(), server.len()), (6, 4));

    let (mut conn, random) = section4_server();
    let mut events = Vec::new();
    // The ClientHello and the 0-RTT data that follows it at once.
    feed(&mut conn, client[0], &mut events);
    feed(&mut conn, client[1], &mut events);
    let mut expected = server[0].complete.clone();
    expected.extend_from_slice(&server[1].complete);
    assert_eq!(
        hex(&output(&mut conn)),
        hex(&expected),
        "ServerHello, EncryptedExtensions and Finished"
    );
    assert_eq!(random.remaining(), 0, "the script is used up");
    assert_eq!(events, [Event::EarlyDataAccepted, Event::EarlyData]);
    // RFC 9846 §7.5: 0-RTT accepted, the early exporter is the trace's, now and after.
    check_early_exporter(&conn);
    assert_eq!(client[1].payload, b"ABCDEF");
    let mut read = [0; 64];
    let n = conn.read_early_data(&mut read).expect("read_early_data");
    assert_eq!(&read[..n], client[1].payload, "the 0-RTT data");
    assert_eq!(conn.read(&mut read), Ok(0), "0-RTT data is not 1-RTT data");
    let info = conn.info();
    assert!(info.resumed);
    assert!(info.resumption_offered);
    assert_eq!(info.early_data, EarlyDataStatus::Accepted);
    assert_eq!(info.session_id, SECTION3_SESSION_ID, "the §3 session's id");
    assert!(conn.is_handshaking());

    // EndOfEarlyData (early keys), Finished (handshake keys).
    events.clear();
    feed(&mut conn, client[2], &mut events);
    feed(&mut conn, client[3], &mut events);
    assert_eq!(
        events,
        [Event::HandshakeComplete {
            version: ProtocolVersion::TLS1_3
        }]
    );
    assert!(output(&mut conn).is_empty(), "no ticket");

    // Application data both ways, then close_notify both ways.
    events.clear();
    feed(&mut conn, client[4], &mut events);
    assert_eq!(events, [Event::ApplicationData]);
    let n = conn.read(&mut read).expect("read");
    assert_eq!(&read[..n], client[4].payload);
    conn.send(&server[2].payload).expect("send");
    assert_eq!(hex(&output(&mut conn)), hex(&server[2].complete));
    events.clear();
    feed(&mut conn, client[5], &mut events);
    assert_eq!(events, [Event::PeerClosed]);
    conn.close();
    assert_eq!(hex(&output(&mut conn)), hex(&server[3].complete));
    check_early_exporter(&conn);
}

/// The connection's early exporter gives what RFC 9846 §7.5 computes from RFC 8448 §4's early
/// exporter secret ("e exp master").
fn check_early_exporter(conn: &ServerConnection) {
    let secret = Session::for_replay(Section::Resumed0Rtt)
        .trace
        // The server's step says "(same as client)" and gives no values of its own.
        .step("{client} derive secret \"tls13 e exp master\"")
        .hex("expanded");
    for context in [&b""[..], b"RFC 8448 \xc2\xa74"] {
        let mut out = [0u8; 32];
        conn.export_early_keying_material(&mut out, b"EXPERIMENTAL-early", Some(context))
            .expect("0-RTT accepted");
        assert_eq!(
            hex(&out),
            hex(&tls_exporter(&secret, b"EXPERIMENTAL-early", context, 32))
        );
    }
}

#[test]
fn section4_replayed_is_resumed_without_early_data() {
    on_every_provider(|_| section4_replayed_is_resumed_without_early_data_on_current());
}

fn section4_replayed_is_resumed_without_early_data_on_current() {
    let records = section4_records();
    let (config, _) = config();
    let config = Arc::new(config);
    // The first connection takes the 0-RTT; a replay of its ClientHello (same binder) to
    // another connection of the same server resumes but must refuse the early data (RFC 8446
    // §8), skipping it.
    let mut first = ServerConnection::new(Arc::clone(&config)).expect("server");
    let mut events = Vec::new();
    feed(&mut first, &records[0], &mut events);
    assert_eq!(events, [Event::EarlyDataAccepted]);

    let (fresh, _) = scripted_server_provider(section4_server_script());
    let mut replayed_config = (*config).clone();
    replayed_config.provider = fresh;
    let mut replay = ServerConnection::new(Arc::new(replayed_config)).expect("server");
    let mut events = Vec::new();
    feed(&mut replay, &records[0], &mut events);
    feed(&mut replay, &records[1], &mut events);
    assert_eq!(
        events,
        [Event::EarlyDataRejected {
            data: Vec::new(),
            reason: DeclineReason::Replay
        }]
    );
    assert!(replay.info().resumed);
    assert_eq!(replay.info().early_data, EarlyDataStatus::Rejected);
    // No 0-RTT, no early exporter (RFC 9846 §7.5).
    assert_eq!(
        replay.export_early_keying_material(&mut [0; 32], b"EXPERIMENTAL-early", None),
        Err(ApiError::EarlyDataUnavailable)
    );
    // The ServerHello is the trace's (same random and key), the flight lacks early_data.
    let out = output(&mut replay);
    assert!(out.starts_with(&records[2].complete));
    assert_ne!(&out[records[2].complete.len()..], &records[3].complete[..]);
}

#[test]
fn section4_with_a_tampered_binder_is_decrypt_error() {
    on_every_provider(|_| section4_with_a_tampered_binder_is_decrypt_error_on_current());
}

fn section4_with_a_tampered_binder_is_decrypt_error_on_current() {
    let records = section4_records();
    let (mut conn, _) = section4_server();
    let mut hello = records[0].complete.clone();
    let last = hello.len() - 1;
    hello[last] ^= 1;
    assert_eq!(records[0].content_type, ContentType::HANDSHAKE);
    let err = conn.handle_tls(&mut hello, now()).expect_err("refused");
    assert_eq!(
        err.alert_sent(),
        Some(ferrotls_core::AlertDescription::DECRYPT_ERROR)
    );
}
