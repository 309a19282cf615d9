//! The ferrotls server replays RFC 8448 §3 (simple 1-RTT), §5 (HelloRetryRequest), §6 (client
//! authentication) and §7 (compatibility mode) byte for byte.
//!
//! The server is configured like the trace's server (suites, groups, record_size_limit, its
//! certificate taken from the trace's Certificate message) and fed a scripted random source
//! holding exactly what the trace's server drew: for §5 the HelloRetryRequest cookie, then the
//! ServerHello random and the ephemeral private key. The client's records are fed through
//! `handle_tls` as the trace lists them; everything the server writes must be exactly the
//! trace's server records.
//!
//! Two things cannot come from the trace and are test doubles (shared, with the configuration
//! above, in `ferrotls_tests::rfc8448_session`):
//! - the server's signing key returns the trace's CertificateVerify signature (RSA-PSS and the
//!   trace's ECDSA are randomized), after checking that the content it is asked to sign verifies
//!   under that signature with the certificate's key — so the signed transcript is right too;
//! - §6's client-certificate verifier pins the trace's client certificate (it is self-signed
//!   and old) but checks the CertificateVerify signature for real.
//!
//! The trace's servers also list secp521r1 and the ffdhe groups in EncryptedExtensions, which
//! the provider does not implement: the test provider carries placeholders for them that can
//! never be chosen (each of these clients sends no share for them and a share for a group we
//! prefer).
//!
//! §3's NewSessionTicket is replayed too: one ticket, its lifetime (the sealer's hint of 30 s),
//! `ticket_age_add` (scripted: after the persistent session id, the server's last draws), nonce
//! and early_data extension (max_early_data 1024 with an anti-replay check) are the server's
//! own; the ticket bytes come from a stand-in sealer (`rfc8448_resumed_server`), since the
//! trace's ticket key is not published, which also records the state sealed into it. §4 is in
//! `rfc8448_resumption_server.rs`.
//!
//! `ServerConfig::new` draws a ticket key from the provider it is given, so each setup gives
//! the server a fresh script: the trace's draws, then the 32-byte persistent session id drawn
//! after the client's Finished, then each ticket's `ticket_age_add`.

use std::sync::Arc;

use ferrotls_core::crypto::random::ScriptedRandom;
use ferrotls_core::crypto::{NamedGroup, SignatureScheme};
use ferrotls_core::resumption::SingleUseAntiReplay;
use ferrotls_core::suites::TLS_AES_128_GCM_SHA256;
use ferrotls_core::{ApiError, Event, ProtocolVersion, ServerConfig, ServerConnection};
use ferrotls_record::ContentType;
use ferrotls_tests::providers::on_every_provider;
use ferrotls_tests::rfc8448_resumed_server::{
    scripted_server_provider, section3_new_session_ticket, section3_state, TraceTicketSealer,
    SECTION3_SESSION_ID,
};
use ferrotls_tests::rfc8448_session::{
    trace_now as now, Peer, Phase, ScriptedConfig, Section, Session, TraceSigner,
};

struct Setup {
    session: Session,
    config: ServerConfig,
    random: Arc<ScriptedRandom>,
    key: Arc<TraceSigner>,
    /// Server records from this step's title on are not produced (session tickets).
    stop_server_at: Option<&'static str>,
}

/// The trace's server (see [`Session::server_setup`]), its signing key strict, issuing no
/// tickets.
fn setup(section: Section) -> Setup {
    setup_with_script(section, &[])
}

/// [`setup`], with `after` scripted after the session id (for the tickets' draws).
fn setup_with_script(section: Section, after: &[u8]) -> Setup {
    let session = Session::for_replay(section);
    let ScriptedConfig {
        mut config, signer, ..
    } = session.server_setup();
    let mut script = session.server_script();
    script.extend_from_slice(&SECTION3_SESSION_ID);
    script.extend_from_slice(after);
    let (provider, random) = scripted_server_provider(script);
    config.provider = provider;
    config.tls13_tickets = 0;
    Setup {
        session,
        config,
        random,
        key: signer.expect("the server signs"),
        stop_server_at: None,
    }
}

/// What the walk saw, for the per-section assertions.
struct Outcome {
    conn: ServerConnection,
    events: Vec<Event>,
    server_records: usize,
}

/// Walk the trace: feed each client record, and check that everything the server wrote before
/// the next client record (or the end) is exactly the trace's server records in between.
fn replay(setup: Setup) -> Outcome {
    let Setup {
        session,
        config,
        random,
        key,
        stop_server_at,
    } = setup;
    let trace = &session.trace;
    let mut conn = ServerConnection::new(Arc::new(config)).expect("server");
    let mut expected: Vec<u8> = Vec::new();
    let mut events = Vec::new();
    let mut server_records = 0;
    let mut server_stopped = false;
    let check_output = |conn: &mut ServerConnection, expected: &mut Vec<u8>, at: &str| {
        let mut out = Vec::new();
        conn.write_tls(&mut out);
        assert_eq!(
            ferrotls_tests::hex::encode(&out),
            ferrotls_tests::hex::encode(expected),
            "{}: server output before {at:?}",
            trace.name
        );
        expected.clear();
    };
    for step in &trace.steps {
        let title = step.title.as_str();
        if stop_server_at.is_some_and(|s| title.contains(s)) {
            server_stopped = true;
        }
        if title.starts_with("{server} send ") && title.ends_with(" record") {
            if server_stopped {
                continue;
            }
            let payload = step.hex("payload");
            if title == "{server} send alert record" {
                assert_eq!(payload, [1, 0], "close_notify");
                conn.close();
            } else if title == "{server} send application_data record" {
                conn.send(&payload).expect("send");
            }
            expected.extend_from_slice(&step.hex("complete record"));
            server_records += 1;
        } else if title.starts_with("{client} send ") && title.ends_with(" record") {
            check_output(&mut conn, &mut expected, title);
            let mut record = step.hex("complete record");
            let used = conn
                .handle_tls(&mut record, now())
                .unwrap_or_else(|e| panic!("{}: {title}: {e}", trace.name));
            assert_eq!(
                used,
                record.len(),
                "{}: {title}: whole record used",
                trace.name
            );
            while let Some(ev) = conn.poll_event() {
                events.push(ev);
            }
        }
    }
    check_output(&mut conn, &mut expected, "the end");
    assert_eq!(
        random.remaining(),
        0,
        "{}: the script is used up",
        trace.name
    );
    assert_eq!(key.signed.lock().unwrap().len(), 1, "one CertificateVerify");
    Outcome {
        conn,
        events,
        server_records,
    }
}

fn assert_completed(outcome: &Outcome, hello_retry: bool, group: NamedGroup) {
    assert!(
        outcome.events.contains(&Event::HandshakeComplete {
            version: ProtocolVersion::TLS1_3
        }),
        "{:?}",
        outcome.events
    );
    assert!(!outcome.conn.is_handshaking());
    let info = outcome.conn.info();
    assert_eq!(info.version, Some(ProtocolVersion::TLS1_3));
    assert_eq!(info.suite, Some(&TLS_AES_128_GCM_SHA256));
    assert_eq!(info.group, Some(group));
    assert_eq!(info.server_name.as_deref(), Some("server"));
    assert_eq!(info.alpn, None);
    assert_eq!(info.hello_retry, hello_retry);
}

/// §3's server with its ticket: one NewSessionTicket allowing 1024 bytes of 0-RTT, sealed by
/// the stand-in sealer; its `ticket_age_add` is scripted.
fn section3_setup() -> (Setup, Arc<TraceTicketSealer>) {
    let nst = section3_new_session_ticket();
    let mut s = setup_with_script(Section::Simple1Rtt, &nst.age_add.to_be_bytes());
    let sealer = Arc::new(TraceTicketSealer::section3());
    s.config.ticket_sealer = Some(Arc::clone(&sealer) as _);
    s.config.tls13_tickets = 1;
    s.config.max_early_data = nst.max_early_data_size().expect("early_data");
    s.config.anti_replay = Some(Arc::new(SingleUseAntiReplay::new(16)));
    (s, sealer)
}

#[test]
fn section3_simple_1rtt() {
    on_every_provider(|_| section3_simple_1rtt_on_current());
}

fn section3_simple_1rtt_on_current() {
    let (s, sealer) = section3_setup();
    let mut outcome = replay(s);
    assert_completed(&outcome, false, NamedGroup::X25519);
    // ServerHello, the encrypted flight, the NewSessionTicket, application data, close_notify.
    assert_eq!(outcome.server_records, 5);
    // The ticket holds the session as §4 resumes it, with the session's persistent id.
    assert_eq!(sealer.sealed(), Some(section3_state().to_bytes().to_vec()));
    assert_eq!(outcome.conn.info().session_id, SECTION3_SESSION_ID);
    assert!(!outcome.conn.info().resumed);
    assert!(!outcome.conn.info().client_authenticated);
    // The client's application data and close_notify, after the handshake.
    let data: Vec<u8> = (0u8..50).collect();
    assert!(outcome.events.contains(&Event::ApplicationData));
    let mut read = [0; 64];
    let n = outcome.conn.read(&mut read).expect("read");
    assert_eq!(read[..n], data);
    assert_eq!(outcome.events.last(), Some(&Event::PeerClosed));
    // Connected, but the trace has the server send close_notify, after which not even a
    // KeyUpdate (RFC 8446 §4.6.3) may follow (RFC 9846 §6.1).
    let mut conn = outcome.conn;
    assert!(!conn.is_handshaking());
    assert_eq!(conn.update_keys(true), Err(ApiError::Closed));
    assert!(!conn.wants_write());
}

#[test]
fn section3_without_tickets_stops_after_the_flight() {
    on_every_provider(|_| section3_without_tickets_stops_after_the_flight_on_current());
}

fn section3_without_tickets_stops_after_the_flight_on_current() {
    // tls13_tickets = 0: nothing after the server's flight but what the application sends.
    let mut s = setup(Section::Simple1Rtt);
    s.stop_server_at = Some("construct a NewSessionTicket");
    let outcome = replay(s);
    assert_completed(&outcome, false, NamedGroup::X25519);
    assert_eq!(outcome.server_records, 2);
    assert_eq!(outcome.conn.info().session_id, SECTION3_SESSION_ID);
}

#[test]
fn section5_hello_retry_request() {
    on_every_provider(|_| section5_hello_retry_request_on_current());
}

fn section5_hello_retry_request_on_current() {
    // The script starts with the HelloRetryRequest cookie. This server prefers P-256 and P-384
    // to X25519 (its EncryptedExtensions' order) and asks for its preferred group even though
    // the client sent an X25519 share.
    let s = setup(Section::HelloRetry);
    let outcome = replay(s);
    assert_completed(&outcome, true, NamedGroup::SECP256R1);
    // HelloRetryRequest, ServerHello, flight, close_notify.
    assert_eq!(outcome.server_records, 4);
    assert_eq!(outcome.events.last(), Some(&Event::PeerClosed));
}

#[test]
fn section6_client_authentication() {
    on_every_provider(|_| section6_client_authentication_on_current());
}

fn section6_client_authentication_on_current() {
    let s = setup(Section::ClientAuth);
    let client_cert = s.session.certificate_chain(Peer::Client);
    let outcome = replay(s);
    assert_completed(&outcome, false, NamedGroup::X25519);
    assert_eq!(outcome.server_records, 3);
    let info = outcome.conn.info();
    assert!(info.client_authenticated);
    assert_eq!(info.peer_certificates, client_cert);
    assert_eq!(
        info.peer_signature_scheme,
        Some(SignatureScheme::RSA_PSS_RSAE_SHA256)
    );
}

#[test]
fn section7_compatibility_mode() {
    on_every_provider(|_| section7_compatibility_mode_on_current());
}

fn section7_compatibility_mode_on_current() {
    let s = setup(Section::Compatibility);
    let outcome = replay(s);
    assert_completed(&outcome, false, NamedGroup::X25519);
    // ServerHello, change_cipher_spec, flight, close_notify.
    assert_eq!(outcome.server_records, 4);
    assert_eq!(outcome.events.last(), Some(&Event::PeerClosed));
}

/// Feed the trace's ClientHello, then the client's handshake flight with `tamper` applied to its
/// plaintext, sealed again with the client's handshake keys from the trace. Returns the error.
fn tampered_client_flight(
    section: Section,
    tamper: impl FnOnce(&mut Vec<u8>),
) -> ferrotls_core::Error {
    let s = setup(section);
    let session = &s.session;
    let mut conn = ServerConnection::new(Arc::new(s.config.clone())).expect("server");
    let mut hello = session.handshake_record(Peer::Client, 0).complete;
    conn.handle_tls(&mut hello, now()).expect("ClientHello");
    conn.write_tls(&mut Vec::new());

    let mut payload = session.handshake_record(Peer::Client, 1).payload;
    tamper(&mut payload);
    let mut record = session.seal(
        Peer::Client,
        Phase::Handshake,
        0,
        ContentType::HANDSHAKE,
        &payload,
    );
    let err = conn
        .handle_tls(&mut record, now())
        .expect_err("tampered flight refused");
    assert!(conn.failure().is_some());
    err
}

#[test]
fn a_wrong_client_finished_is_decrypt_error() {
    on_every_provider(|_| a_wrong_client_finished_is_decrypt_error_on_current());
}

fn a_wrong_client_finished_is_decrypt_error_on_current() {
    let err = tampered_client_flight(Section::Simple1Rtt, |p| {
        *p.last_mut().unwrap() ^= 1;
    });
    assert_eq!(
        err.alert_sent(),
        Some(ferrotls_core::AlertDescription::DECRYPT_ERROR),
        "{err}"
    );
}

/// The offset of the first message of type `typ` in a buffer of handshake messages.
fn message_offset(payload: &[u8], typ: u8) -> usize {
    let mut at = 0;
    while payload[at] != typ {
        let len = u32::from_be_bytes([0, payload[at + 1], payload[at + 2], payload[at + 3]]);
        at += 4 + len as usize;
    }
    at
}

#[test]
fn a_wrong_client_signature_is_decrypt_error() {
    on_every_provider(|_| a_wrong_client_signature_is_decrypt_error_on_current());
}

fn a_wrong_client_signature_is_decrypt_error_on_current() {
    let err = tampered_client_flight(Section::ClientAuth, |p| {
        // CertificateVerify: header (4), scheme (2), length (2), then the signature.
        let at = message_offset(p, 15) + 8 + 5;
        p[at] ^= 0x80;
    });
    assert_eq!(
        err.alert_sent(),
        Some(ferrotls_core::AlertDescription::DECRYPT_ERROR),
        "{err}"
    );
}

#[test]
fn no_client_certificate_is_certificate_required() {
    on_every_provider(|_| no_client_certificate_is_certificate_required_on_current());
}

fn no_client_certificate_is_certificate_required_on_current() {
    let err = tampered_client_flight(Section::ClientAuth, |p| {
        // An empty Certificate (context and list both empty), then the rest unchanged.
        let cv = message_offset(p, 15);
        let mut empty = vec![11, 0, 0, 4, 0, 0, 0, 0];
        empty.extend_from_slice(&p[cv..]);
        *p = empty;
    });
    assert_eq!(
        err.alert_sent(),
        Some(ferrotls_core::AlertDescription::CERTIFICATE_REQUIRED),
        "{err}"
    );
}

#[test]
fn an_unrequested_client_certificate_is_unexpected() {
    on_every_provider(|_| an_unrequested_client_certificate_is_unexpected_on_current());
}

fn an_unrequested_client_certificate_is_unexpected_on_current() {
    // §3's server asked for no certificate; a client Certificate is out of order.
    let err = tampered_client_flight(Section::Simple1Rtt, |p| {
        let mut with_cert = vec![11, 0, 0, 4, 0, 0, 0, 0];
        with_cert.extend_from_slice(p);
        *p = with_cert;
    });
    assert_eq!(
        err.alert_sent(),
        Some(ferrotls_core::AlertDescription::UNEXPECTED_MESSAGE),
        "{err}"
    );
}
