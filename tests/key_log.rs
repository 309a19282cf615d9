//! The key log through the public API: RFC 8448 §3's secrets exactly as a replayed client logs
//! them; both ends of a pair log the same lines, TLS 1.3 (1-RTT, 0-RTT) and TLS 1.2 (full and
//! resumed); nothing without a key log. (Agreement with OpenSSL and tshark is in
//! `interop_secrets`.)

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::resumption::SingleUseAntiReplay;
use ferrotls_core::suites::{SupportedCipherSuite, Tls12Auth, ALL_CIPHER_SUITES};
use ferrotls_core::{
    ClientConfig, ClientConnection, Event, KeyLog, KeyLogLabel, ProtocolVersion, ServerConfig,
    ServerConnection,
};
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::chunks::Delivery;
use ferrotls_tests::pair::Pair;
use ferrotls_tests::rfc8448_replay::replay_client;
use ferrotls_tests::rfc8448_session::{ScriptedConfig, Section, Session, TRACE_SERVER_NAME};

type Line = (KeyLogLabel, [u8; 32], Vec<u8>);

/// Keeps what it is given, in order.
#[derive(Debug, Default)]
struct Recorder(Mutex<Vec<Line>>);

impl KeyLog for Recorder {
    fn log(&self, label: KeyLogLabel, client_random: &[u8; 32], secret: &[u8]) {
        self.0
            .lock()
            .unwrap()
            .push((label, *client_random, secret.to_vec()));
    }
}

impl Recorder {
    fn take(&self) -> Vec<Line> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

fn labels(lines: &[Line]) -> Vec<KeyLogLabel> {
    lines.iter().map(|(label, ..)| *label).collect()
}

const TLS13_1RTT: [KeyLogLabel; 5] = [
    KeyLogLabel::ClientHandshakeTrafficSecret,
    KeyLogLabel::ServerHandshakeTrafficSecret,
    KeyLogLabel::ClientTrafficSecret0,
    KeyLogLabel::ServerTrafficSecret0,
    KeyLogLabel::ExporterSecret,
];

#[test]
fn rfc8448_section3_client_logs_the_trace_secrets() {
    let session = Session::for_replay(Section::Simple1Rtt);
    let trace = &session.trace;
    let secret = |label: &str| {
        trace
            .step(&format!("{{server}} derive secret \"tls13 {label}\""))
            .hex("expanded")
    };
    let hello = trace
        .step("{client} construct a ClientHello handshake message")
        .hex("ClientHello");
    // type (1), length (3), legacy_version (2), then the random.
    let random: [u8; 32] = hello[6..38].try_into().unwrap();

    let recorder = Arc::new(Recorder::default());
    let ScriptedConfig { mut config, .. } = session.client_setup();
    config.key_log = Some(recorder.clone());
    let now = UnixTime::since_unix_epoch(Duration::from_secs(1_500_000_000));
    let name = ServerName::try_from(TRACE_SERVER_NAME).unwrap();
    let mut conn = ClientConnection::new(Arc::new(config), name, now).unwrap();
    replay_client(trace, &mut conn, now);
    assert!(!conn.is_handshaking() && conn.failure().is_none());

    let expected: Vec<Line> = [
        (KeyLogLabel::ClientHandshakeTrafficSecret, "c hs traffic"),
        (KeyLogLabel::ServerHandshakeTrafficSecret, "s hs traffic"),
        (KeyLogLabel::ClientTrafficSecret0, "c ap traffic"),
        (KeyLogLabel::ServerTrafficSecret0, "s ap traffic"),
        (KeyLogLabel::ExporterSecret, "exp master"),
    ]
    .into_iter()
    .map(|(label, name)| (label, random, secret(name)))
    .collect();
    assert_eq!(recorder.take(), expected);
}

fn kind(suite: &SupportedCipherSuite) -> KeyKind {
    match suite.tls12_auth {
        Some(Tls12Auth::Rsa) => KeyKind::Rsa2048,
        Some(Tls12Auth::Ecdsa) | None => KeyKind::EcdsaP256,
    }
}

/// Configs for `suite` whose key logs are the two recorders returned.
fn logging_configs(
    suite: &'static SupportedCipherSuite,
) -> (ClientConfig, ServerConfig, Arc<Recorder>, Arc<Recorder>) {
    let (client_log, server_log) = (Arc::new(Recorder::default()), Arc::new(Recorder::default()));
    let mut client = certs::client_config();
    client.versions = vec![suite.version];
    client.cipher_suites = vec![suite];
    client.key_log = Some(client_log.clone());
    let mut server = certs::server_config(kind(suite));
    server.key_log = Some(server_log.clone());
    server.max_early_data = 1024;
    server.anti_replay = Some(Arc::new(SingleUseAntiReplay::new(16)));
    (client, server, client_log, server_log)
}

#[test]
fn both_ends_log_the_same_lines_full_resumed_and_early() {
    for suite in ALL_CIPHER_SUITES {
        let what = suite.name();
        let (mut client, server, client_log, server_log) = logging_configs(suite);
        let server = Arc::new(server);
        let mut pair = Pair::new(
            Arc::new(client.clone()),
            Arc::clone(&server),
            certs::SERVER_NAME,
            Delivery::Flights,
        );
        pair.handshake().unwrap_or_else(|e| panic!("{what}: {e}"));
        pair.pump();
        let (ours, theirs) = (client_log.take(), server_log.take());
        assert_eq!(ours, theirs, "{what}");
        if suite.version == ProtocolVersion::TLS1_3 {
            assert_eq!(labels(&ours), TLS13_1RTT, "{what}");
        } else {
            assert_eq!(labels(&ours), [KeyLogLabel::ClientRandom], "{what}");
            assert_eq!(ours[0].2.len(), 48, "{what}");
        }

        // Resumed, with 0-RTT where the version has it.
        let data = pair.client.conn.resumption_data().expect("resumption data");
        client.enable_early_data = true;
        let name = ServerName::try_from(certs::SERVER_NAME).unwrap();
        let conn = ClientConnection::resume(Arc::new(client), name, data, pair.now()).unwrap();
        let mut resumed = Pair::from_connections(
            conn,
            ServerConnection::new(Arc::clone(&server)).unwrap(),
            Delivery::Flights,
            pair.clock(),
        );
        let tls13 = suite.version == ProtocolVersion::TLS1_3;
        if tls13 {
            resumed.client.conn.send_early_data(b"early").unwrap();
        }
        resumed
            .handshake()
            .unwrap_or_else(|e| panic!("{what} resumed: {e}"));
        assert!(resumed.client.conn.is_resumed(), "{what}");
        let (ours_again, theirs_again) = (client_log.take(), server_log.take());
        assert_eq!(ours_again, theirs_again, "{what} resumed");
        if tls13 {
            assert!(
                resumed.client.saw(&Event::EarlyDataAccepted),
                "{what}: {:?}",
                resumed.client.events
            );
            // With 0-RTT in use both ends also have the early exporter secret (RFC 9846 §7.5).
            let mut expected = vec![
                KeyLogLabel::ClientEarlyTrafficSecret,
                KeyLogLabel::EarlyExporterSecret,
            ];
            expected.extend(TLS13_1RTT);
            assert_eq!(labels(&ours_again), expected, "{what}");
        } else {
            assert_eq!(labels(&ours_again), [KeyLogLabel::ClientRandom], "{what}");
            // The same master secret under the new client random (RFC 5246 §7.4.1.2: a new
            // random for every handshake).
            assert_eq!(ours_again[0].2, ours[0].2, "{what}");
        }
        assert_ne!(ours_again[0].1, ours[0].1, "{what}: a new client random");
        let randoms: BTreeSet<[u8; 32]> = ours_again.iter().map(|l| l.1).collect();
        assert_eq!(randoms.len(), 1, "{what}");
    }
}

#[test]
fn nothing_is_logged_without_a_key_log() {
    // The configs' default is no key log: a handshake with one recorder on the server only
    // leaves the client silent (and there is nothing else it could log to).
    let suite = ALL_CIPHER_SUITES[0];
    let (mut client, server, client_log, server_log) = logging_configs(suite);
    client.key_log = None;
    assert!(certs::client_config().key_log.is_none());
    assert!(certs::server_config(KeyKind::EcdsaP256).key_log.is_none());
    let mut pair = Pair::new(
        Arc::new(client),
        Arc::new(server),
        certs::SERVER_NAME,
        Delivery::Flights,
    );
    pair.handshake().unwrap();
    assert!(client_log.take().is_empty());
    assert_eq!(labels(&server_log.take()), TLS13_1RTT);
}
