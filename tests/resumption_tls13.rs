//! TLS 1.3 resumption end to end on the in-memory pair: every mode (psk_dhe_ke, psk_ke, 0-RTT
//! accepted, 0-RTT rejected) × every TLS 1.3 suite × deliveries; the server's session ID across
//! successive resumptions; every fallback to a full handshake with the server's reason; replayed
//! 0-RTT; a tampered binder.

use std::sync::Arc;
use std::time::Duration;

use ferrotls_core::crypto::{NamedGroup, SignatureScheme};
use ferrotls_core::msgs::enums::PskKeyExchangeMode;
use ferrotls_core::pki_types::{CertificateDer, ServerName, UnixTime};
use ferrotls_core::resumption::{ResumptionData, SessionParams, SingleUseAntiReplay};
use ferrotls_core::suites::{
    SupportedCipherSuite, TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384,
    TLS_CHACHA20_POLY1305_SHA256,
};
use ferrotls_core::verify::{CertificateError, ServerCertVerifier};
use ferrotls_core::{
    AlertDescription, AppData, CertificateChain, ClientConfig, ClientConnection, DeclineReason,
    EarlyDataStatus, Event, ProtocolVersion, ServerConfig, ServerConnection,
};
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::chunks::Delivery;
use ferrotls_tests::pair::{Pair, START_TIME};
use ferrotls_tests::sessions::{self, declines, server_name, tickets};

const SUITES: [&SupportedCipherSuite; 3] = [
    &TLS_AES_128_GCM_SHA256,
    &TLS_AES_256_GCM_SHA384,
    &TLS_CHACHA20_POLY1305_SHA256,
];

const DELIVERIES: [Delivery; 3] = [
    Delivery::Flights,
    Delivery::Bytewise,
    Delivery::Random {
        seed: 7,
        max_chunk: 40,
    },
];

const EARLY: &[u8] = b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    PskDheKe,
    PskKe,
    EarlyAccepted,
    EarlyRejected,
}

const MODES: [Mode; 4] = [
    Mode::PskDheKe,
    Mode::PskKe,
    Mode::EarlyAccepted,
    Mode::EarlyRejected,
];

fn client_config(suite: &'static SupportedCipherSuite) -> ClientConfig {
    let mut config = certs::client_config();
    config.versions = vec![ProtocolVersion::TLS1_3];
    config.cipher_suites = vec![suite];
    config
}

/// A server that issues tickets allowing 0-RTT and can check replays.
fn server_config() -> ServerConfig {
    let mut config = certs::server_config(KeyKind::EcdsaP256);
    config.max_early_data = 16384;
    config.anti_replay = Some(Arc::new(SingleUseAntiReplay::new(1024)));
    config
}

/// A full handshake at `clock`; returns the pair after the tickets have arrived.
fn full(client: &Arc<ClientConfig>, server: &Arc<ServerConfig>, clock: Duration) -> Pair {
    let pair = sessions::full_handshake(client, server, clock);
    assert!(!pair.client.conn.is_resumed());
    pair
}

/// A client resuming `data`, `after` the clock of the full handshake.
fn resumed_pair(
    client: &Arc<ClientConfig>,
    server: &Arc<ServerConfig>,
    data: ResumptionData,
    clock: Duration,
    delivery: Delivery,
) -> Pair {
    let now = UnixTime::since_unix_epoch(clock);
    let conn = ClientConnection::resume(Arc::clone(client), server_name(), data, now).unwrap();
    Pair::from_connections(
        conn,
        ServerConnection::new(Arc::clone(server)).unwrap(),
        delivery,
        clock,
    )
}

/// The stored form of a ticket, as an application would keep it.
fn through_bytes(data: &ResumptionData, clock: Duration) -> ResumptionData {
    let now = UnixTime::since_unix_epoch(clock);
    ResumptionData::from_bytes(&data.to_bytes(), now).unwrap()
}

fn run_mode(suite: &'static SupportedCipherSuite, mode: Mode, delivery: Delivery) {
    let what = format!("{:?} {mode:?} {delivery:?}", suite.suite);
    let mut client = client_config(suite);
    let server = Arc::new(server_config());
    let first = full(&Arc::new(client.clone()), &server, START_TIME);
    let got = tickets(&first.client.events);
    assert_eq!(got.len(), 2, "{what}: two tickets by default");
    assert!(first.client.conn.session_flags().ticket_received, "{what}");
    let full_id = first.server.conn.session_id().to_vec();
    assert_eq!(full_id.len(), 32, "{what}: server session id");

    match mode {
        Mode::PskKe => client.psk_modes = vec![PskKeyExchangeMode::PSK_KE],
        Mode::EarlyAccepted | Mode::EarlyRejected => client.enable_early_data = true,
        Mode::PskDheKe => {}
    }
    let server = if mode == Mode::EarlyRejected {
        // Same ticket key, 0-RTT turned off since the ticket was issued.
        let mut off = (*server).clone();
        off.max_early_data = 0;
        Arc::new(off)
    } else {
        server
    };
    let later = START_TIME + Duration::from_secs(30);
    let data = through_bytes(&got[0], later);
    let mut pair = resumed_pair(&Arc::new(client), &server, data, later, delivery);
    if matches!(mode, Mode::EarlyAccepted | Mode::EarlyRejected) {
        assert_eq!(
            pair.client.conn.send_early_data(EARLY),
            Ok(EARLY.len()),
            "{what}"
        );
    }
    pair.handshake()
        .unwrap_or_else(|e| panic!("{what}: resumed handshake: {e}"));
    assert!(pair.client.conn.is_resumed(), "{what}: client resumed");
    assert!(pair.server.conn.is_resumed(), "{what}: server resumed");
    assert_eq!(pair.server.conn.session_id(), full_id, "{what}: same id");
    assert!(
        pair.server.conn.session_flags().resumption_requested,
        "{what}"
    );
    assert!(
        pair.client.conn.session_flags().resumption_requested,
        "{what}"
    );
    assert_eq!(
        pair.client.conn.info().peer_certificates,
        first.client.conn.info().peer_certificates,
        "{what}: the resumed session keeps the server's identity"
    );
    let group = pair.client.conn.info().group;
    match mode {
        Mode::PskKe => assert_eq!(group, None, "{what}: psk_ke has no key exchange"),
        _ => assert_eq!(
            group,
            Some(NamedGroup::X25519MLKEM768),
            "{what}: psk_dhe_ke runs the default group, the hybrid"
        ),
    }
    match mode {
        Mode::EarlyAccepted => {
            assert!(pair.client.saw(&Event::EarlyDataAccepted), "{what}");
            assert!(pair.server.saw(&Event::EarlyDataAccepted), "{what}");
            assert!(
                pair.server.saw(&Event::EarlyData),
                "{what}: {:?}",
                pair.server.events
            );
            assert_eq!(pair.server.early_data(), EARLY, "{what}: the 0-RTT data");
            assert_eq!(
                pair.client.conn.info().early_data,
                EarlyDataStatus::Accepted
            );
            assert!(pair.server.conn.session_flags().early_data_accepted);
        }
        Mode::EarlyRejected => {
            assert!(
                pair.client.saw(&Event::EarlyDataRejected {
                    data: EARLY.to_vec(),
                    reason: DeclineReason::DeclinedByServer,
                }),
                "{what}: {:?}",
                pair.client.events
            );
            assert!(
                pair.server.saw(&Event::EarlyDataRejected {
                    data: Vec::new(),
                    reason: DeclineReason::Disabled,
                }),
                "{what}: {:?}",
                pair.server.events
            );
            assert_eq!(
                pair.client.conn.info().early_data,
                EarlyDataStatus::Rejected
            );
        }
        _ => assert_eq!(
            pair.client.conn.info().early_data,
            EarlyDataStatus::NotOffered
        ),
    }
    // The resumed connection carries data both ways and issues fresh tickets.
    pair.client_send(b"ping");
    pair.server_send(b"pong");
    pair.pump();
    assert_eq!(pair.server.received_data(), b"ping", "{what}");
    assert_eq!(pair.client.received_data(), b"pong", "{what}");
    assert_eq!(tickets(&pair.client.events).len(), 2, "{what}: new tickets");
}

#[test]
fn every_mode_suite_and_delivery() {
    for suite in SUITES {
        for mode in MODES {
            for delivery in DELIVERIES {
                run_mode(suite, mode, delivery);
            }
        }
    }
}

#[test]
fn server_session_id_is_stable_across_three_resumptions() {
    let client = Arc::new(client_config(&TLS_AES_128_GCM_SHA256));
    let server = Arc::new(server_config());
    let first = full(&client, &server, START_TIME);
    let id = first.server.conn.session_id().to_vec();
    let mut data = tickets(&first.client.events).pop().unwrap();
    let mut clock = START_TIME;
    for round in 1..=3 {
        clock += Duration::from_secs(60);
        let mut pair = resumed_pair(&client, &server, data, clock, Delivery::Flights);
        pair.handshake().unwrap();
        pair.pump();
        assert!(pair.server.conn.is_resumed(), "round {round}");
        assert_eq!(pair.server.conn.session_id(), id, "round {round}");
        data = tickets(&pair.client.events).pop().expect("a new ticket");
        // A resumed session never outlives the original (RFC 8446 §4.6.1).
        let original_end = START_TIME.as_secs() + u64::from(server.session_lifetime);
        let ticket_end = clock.as_secs() + u64::from(data.lifetime());
        assert!(ticket_end <= original_end, "round {round}");
    }
    // Another full handshake is another session.
    let other = full(&client, &server, clock);
    assert_ne!(other.server.conn.session_id(), id);
}

/// The server's chain is received once and shared, never copied: by the connection's info,
/// every ticket of the connection, the connection that resumes one of them and its tickets.
#[test]
fn the_server_chain_is_shared_by_info_tickets_and_resumptions() {
    let client = Arc::new(client_config(&TLS_AES_128_GCM_SHA256));
    let server = Arc::new(server_config());
    let first = full(&client, &server, START_TIME);
    let chain = &first.client.conn.info().peer_certificates;
    assert_eq!(chain.len(), 1, "the server's certificate");
    let got = tickets(&first.client.events);
    assert_eq!(got.len(), 2);
    for ticket in &got {
        assert!(CertificateChain::ptr_eq(ticket.peer_certificates(), chain));
    }

    let later = START_TIME + Duration::from_secs(30);
    let data = got[1].clone();
    let mut pair = resumed_pair(&client, &server, data.clone(), later, Delivery::Flights);
    pair.handshake().unwrap();
    pair.pump();
    assert!(pair.client.conn.is_resumed());
    let resumed = &pair.client.conn.info().peer_certificates;
    assert!(CertificateChain::ptr_eq(resumed, chain));
    let renewed = tickets(&pair.client.events);
    assert!(!renewed.is_empty());
    for ticket in &renewed {
        assert!(CertificateChain::ptr_eq(ticket.peer_certificates(), chain));
    }

    // Stored and read back, the session holds its own copy of equal certificates.
    let stored = through_bytes(&data, later);
    assert_eq!(stored.peer_certificates(), chain);
    assert!(!CertificateChain::ptr_eq(stored.peer_certificates(), chain));
}

/// Resumes `data` and expects a full handshake, with `reason` on the server and the client
/// learning that its offer was declined.
fn expect_fallback(
    client: &Arc<ClientConfig>,
    server: &Arc<ServerConfig>,
    data: ResumptionData,
    clock: Duration,
    reason: DeclineReason,
) {
    let mut pair = resumed_pair(client, server, data, clock, Delivery::Flights);
    pair.handshake()
        .unwrap_or_else(|e| panic!("{reason:?}: fallback handshake failed: {e}"));
    assert!(!pair.client.conn.is_resumed(), "{reason:?}");
    assert!(!pair.server.conn.is_resumed(), "{reason:?}");
    assert_eq!(
        declines(&pair.server.events),
        vec![reason],
        "server events {:?}",
        pair.server.events
    );
    assert_eq!(
        declines(&pair.client.events),
        vec![DeclineReason::DeclinedByServer],
        "{reason:?}: client events {:?}",
        pair.client.events
    );
    assert!(pair.server.conn.session_flags().resumption_requested);
    pair.client_send(b"still works");
    pair.pump();
    assert_eq!(pair.server.received_data(), b"still works");
}

fn with_ticket(data: &ResumptionData, ticket: Vec<u8>) -> ResumptionData {
    ResumptionData::tls13_ticket(
        data.params().clone(),
        ticket,
        data.received(),
        data.lifetime(),
        data.ticket_age_add(),
        data.max_early_data_size(),
    )
    .unwrap()
}

#[test]
fn fallbacks_to_a_full_handshake() {
    let client = Arc::new(client_config(&TLS_AES_128_GCM_SHA256));
    let server = Arc::new(server_config());
    let first = full(&client, &server, START_TIME);
    let data = tickets(&first.client.events).remove(0);
    let later = START_TIME + Duration::from_secs(10);

    // Forged: bytes no key of this server sealed.
    let forged = with_ticket(&data, vec![0x42; data.ticket().len()]);
    expect_fallback(
        &client,
        &server,
        forged,
        later,
        DeclineReason::Undecryptable,
    );

    // Corrupted: one bit of a real ticket flipped.
    let mut bits = data.ticket().to_vec();
    let last = bits.len() - 1;
    bits[last] ^= 1;
    let corrupted = with_ticket(&data, bits);
    expect_fallback(
        &client,
        &server,
        corrupted,
        later,
        DeclineReason::Undecryptable,
    );

    // Another server's key.
    let other = Arc::new(server_config());
    expect_fallback(
        &client,
        &other,
        data.clone(),
        later,
        DeclineReason::Undecryptable,
    );

    // Expired on the server's clock, though the client believes it alive.
    let mut short = server_config();
    short.session_lifetime = 60;
    let short = Arc::new(short);
    let brief = tickets(&full(&client, &short, START_TIME).client.events).remove(0);
    let believed = ResumptionData::tls13_ticket(
        brief.params().clone(),
        brief.ticket().to_vec(),
        brief.received(),
        3600,
        brief.ticket_age_add(),
        brief.max_early_data_size(),
    )
    .unwrap();
    let after = START_TIME + Duration::from_secs(120);
    expect_fallback(&client, &short, believed, after, DeclineReason::Expired);

    // Made for another server name: the client is told it is for "localhost".
    let other_name = ServerName::try_from("other.example".to_string()).unwrap();
    let now = UnixTime::since_unix_epoch(START_TIME);
    let mut lax = certs::client_config();
    lax.versions = vec![ProtocolVersion::TLS1_3];
    lax.verifier = Arc::new(AsIfLocalhost(Arc::clone(&lax.verifier)));
    let lax = Arc::new(lax);
    let conn = ClientConnection::new(Arc::clone(&lax), other_name, now).unwrap();
    let mut elsewhere = Pair::from_connections(
        conn,
        ServerConnection::new(Arc::clone(&server)).unwrap(),
        Delivery::Flights,
        START_TIME,
    );
    elsewhere.handshake().unwrap();
    elsewhere.pump();
    let foreign = tickets(&elsewhere.client.events).remove(0);
    let mut params: SessionParams = foreign.params().clone();
    params.server_name = Some(certs::SERVER_NAME.to_string());
    let relabelled = ResumptionData::tls13_ticket(
        params,
        foreign.ticket().to_vec(),
        foreign.received(),
        foreign.lifetime(),
        foreign.ticket_age_add(),
        foreign.max_early_data_size(),
    )
    .unwrap();
    expect_fallback(
        &lax,
        &server,
        relabelled,
        later,
        DeclineReason::ServerNameMismatch,
    );

    // A SHA-384 session offered to a server that now only has SHA-256 suites.
    let sha384 = Arc::new(client_config(&TLS_AES_256_GCM_SHA384));
    let s384 = tickets(&full(&sha384, &server, START_TIME).client.events).remove(0);
    let mut both = client_config(&TLS_AES_256_GCM_SHA384);
    both.cipher_suites = vec![&TLS_AES_256_GCM_SHA384, &TLS_AES_128_GCM_SHA256];
    let mut narrow = (*server).clone();
    narrow.cipher_suites = vec![&TLS_AES_128_GCM_SHA256];
    expect_fallback(
        &Arc::new(both),
        &Arc::new(narrow),
        s384,
        later,
        DeclineReason::CipherSuiteMismatch,
    );
}

#[test]
fn a_session_without_client_certificate_does_not_skip_required_client_auth() {
    let mut with_cert = client_config(&TLS_AES_128_GCM_SHA256);
    with_cert.client_auth = Some(certs::client_key(KeyKind::EcdsaP256));
    let client = Arc::new(with_cert);
    // A server not asking for certificates issues the ticket...
    let open = Arc::new(server_config());
    let data = tickets(&full(&client, &open, START_TIME).client.events).remove(0);
    assert!(data.peer_certificates().len() == 1);
    // ...and one that requires them, sharing its ticket key, must not resume it.
    let mut strict = certs::server_config_requiring_client_auth(KeyKind::EcdsaP256);
    strict.ticket_sealer = open.ticket_sealer.clone();
    let later = START_TIME + Duration::from_secs(5);
    expect_fallback(
        &client,
        &Arc::new(strict),
        data,
        later,
        DeclineReason::ClientAuthRequired,
    );
}

#[test]
fn stateful_tickets_are_single_use() {
    let client = Arc::new(client_config(&TLS_AES_128_GCM_SHA256));
    let mut config = server_config();
    config.ticket_sealer = None;
    let server = Arc::new(config);
    let first = full(&client, &server, START_TIME);
    let data = tickets(&first.client.events).remove(0);
    let later = START_TIME + Duration::from_secs(5);
    let mut pair = resumed_pair(&client, &server, data.clone(), later, Delivery::Flights);
    pair.handshake().unwrap();
    assert!(pair.server.conn.is_resumed());
    assert_eq!(
        pair.server.conn.session_id(),
        first.server.conn.session_id()
    );
    expect_fallback(&client, &server, data, later, DeclineReason::UnknownSession);
}

#[test]
fn the_client_does_not_offer_what_cannot_work() {
    let client = Arc::new(client_config(&TLS_AES_128_GCM_SHA256));
    let server = Arc::new(server_config());
    let first = full(&client, &server, START_TIME);
    let data = tickets(&first.client.events).remove(0);
    // Past its lifetime on the client's clock: not offered, full handshake, reason given.
    let late = START_TIME + Duration::from_secs(u64::from(data.lifetime()) + 1);
    let mut pair = resumed_pair(&client, &server, data, late, Delivery::Flights);
    pair.handshake().unwrap();
    assert_eq!(declines(&pair.client.events), vec![DeclineReason::Expired]);
    assert!(!pair.client.conn.is_resumed());
    assert!(!pair.server.conn.session_flags().resumption_requested);
    assert!(declines(&pair.server.events).is_empty());
}

#[test]
fn replayed_early_data_is_rejected() {
    let mut client = client_config(&TLS_AES_128_GCM_SHA256);
    let server = Arc::new(server_config());
    let first = full(&Arc::new(client.clone()), &server, START_TIME);
    let data = tickets(&first.client.events).remove(0);
    client.enable_early_data = true;
    let later = START_TIME + Duration::from_secs(2);
    let mut pair = resumed_pair(&Arc::new(client), &server, data, later, Delivery::Flights);
    pair.client.conn.send_early_data(EARLY).unwrap();
    let mut flight = Vec::new();
    pair.client.conn.write_tls(&mut flight);

    // The genuine server accepts.
    let mut genuine = ServerConnection::new(Arc::clone(&server)).unwrap();
    let mut buf = flight.clone();
    genuine.handle_tls(&mut buf, pair.now()).unwrap();
    let events: Vec<Event> = std::iter::from_fn(|| genuine.poll_event()).collect();
    assert!(events.contains(&Event::EarlyDataAccepted), "{events:?}");
    assert!(events.contains(&Event::EarlyData), "{events:?}");
    let mut read = [0; 64];
    let n = genuine.read_early_data(&mut read).unwrap();
    assert_eq!(&read[..n], EARLY);

    // An attacker replays the same flight to another connection of the same server.
    let mut replay = ServerConnection::new(Arc::clone(&server)).unwrap();
    let mut buf = flight;
    replay.handle_tls(&mut buf, pair.now()).unwrap();
    let events: Vec<Event> = std::iter::from_fn(|| replay.poll_event()).collect();
    assert!(
        events.contains(&Event::EarlyDataRejected {
            data: Vec::new(),
            reason: DeclineReason::Replay,
        }),
        "{events:?}"
    );
    assert!(!events.contains(&Event::EarlyData));
    assert_eq!(replay.read_early_data(&mut read), Ok(0));
}

/// Every piece of application data `handle_tls_in_place` lends from `wire`: (0-RTT?, bytes).
fn lend_in_place(
    conn: &mut ServerConnection,
    wire: &mut [u8],
    now: UnixTime,
) -> Vec<(bool, Vec<u8>)> {
    let len = wire.len();
    let mut records = conn.handle_tls_in_place(wire, now);
    let mut lent = Vec::new();
    while let Some(data) = records.next_data().unwrap() {
        match data {
            AppData::EarlyData(bytes) => lent.push((true, bytes.to_vec())),
            AppData::Data(bytes) => lent.push((false, bytes.to_vec())),
        }
    }
    assert_eq!(records.consumed(), len);
    lent
}

#[test]
fn accepted_early_data_is_lent_in_place_apart_from_1rtt_data() {
    let mut client = client_config(&TLS_AES_128_GCM_SHA256);
    let server = Arc::new(server_config());
    let first = full(&Arc::new(client.clone()), &server, START_TIME);
    let data = tickets(&first.client.events).remove(0);
    client.enable_early_data = true;
    let later = START_TIME + Duration::from_secs(2);
    let mut pair = resumed_pair(&Arc::new(client), &server, data, later, Delivery::Flights);
    let now = pair.now();
    pair.client.conn.send_early_data(EARLY).unwrap();
    let mut conn = ServerConnection::new(Arc::clone(&server)).unwrap();
    let mut wire = Vec::new();
    pair.client.conn.write_tls(&mut wire);
    assert_eq!(
        lend_in_place(&mut conn, &mut wire, now),
        [(true, EARLY.to_vec())]
    );
    // The server's flight; the client's EndOfEarlyData, Finished and 1-RTT data back.
    let mut wire = Vec::new();
    conn.write_tls(&mut wire);
    let len = wire.len();
    assert_eq!(pair.client.conn.handle_tls(&mut wire, now), Ok(len));
    assert!(pair.client.conn.session_flags().early_data_accepted);
    assert_eq!(pair.client.conn.send(b"after"), Ok(5));
    let mut wire = Vec::new();
    pair.client.conn.write_tls(&mut wire);
    assert_eq!(
        lend_in_place(&mut conn, &mut wire, now),
        [(false, b"after".to_vec())]
    );
    assert!(!conn.is_handshaking());
    assert_eq!(conn.read_early_data(&mut [0; 8]), Ok(0));
    assert_eq!(conn.read(&mut [0; 8]), Ok(0));
}

#[test]
fn tampered_binder_is_decrypt_error() {
    let client = Arc::new(client_config(&TLS_AES_128_GCM_SHA256));
    let server = Arc::new(server_config());
    let first = full(&client, &server, START_TIME);
    let data = tickets(&first.client.events).remove(0);
    let later = START_TIME + Duration::from_secs(2);
    let mut pair = resumed_pair(&client, &server, data, later, Delivery::Flights);
    let mut hello = Vec::new();
    pair.client.conn.write_tls(&mut hello);
    // The binder is the last thing in the ClientHello (RFC 8446 §4.2.11), and the ClientHello
    // is the only record of this flight.
    let last = hello.len() - 1;
    hello[last] ^= 0x80;
    let mut server_conn = ServerConnection::new(server).unwrap();
    let err = server_conn.handle_tls(&mut hello, pair.now()).unwrap_err();
    assert_eq!(
        err.alert_sent(),
        Some(AlertDescription::DECRYPT_ERROR),
        "{err}"
    );
}

/// Checks the chain as if the client had connected to "localhost": only for the test that needs
/// a ticket made under another server name, which the test PKI's certificate does not cover.
#[derive(Debug)]
struct AsIfLocalhost(Arc<dyn ServerCertVerifier>);

impl ServerCertVerifier for AsIfLocalhost {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        now: UnixTime,
    ) -> Result<(), CertificateError> {
        self.0
            .verify_server_cert(end_entity, intermediates, &server_name(), now)
    }

    fn verify_signature(
        &self,
        end_entity: &CertificateDer<'_>,
        scheme: SignatureScheme,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CertificateError> {
        self.0
            .verify_signature(end_entity, scheme, message, signature)
    }

    fn supported_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_schemes()
    }
}

/// 0-RTT writes obey `Limits::max_send_buffer` like `send` (not only the ticket's
/// max_early_data_size, which the server picks): each takes at most the buffer's room, none
/// while it is full, more once `write_tls` drained it; the server reads exactly the bytes
/// taken, and a rejection hands back exactly those.
#[test]
fn early_data_is_taken_as_the_send_buffer_allows() {
    const BUFFER: usize = 2048;
    let early: Vec<u8> = (0..12_000u32).map(|i| (i % 251) as u8).collect();
    for accept in [true, false] {
        let mut client = client_config(&TLS_AES_128_GCM_SHA256);
        client.limits.max_send_buffer = BUFFER;
        let mut server = server_config();
        server.max_early_data = 1 << 20;
        let first = full(
            &Arc::new(client.clone()),
            &Arc::new(server.clone()),
            START_TIME,
        );
        let data = tickets(&first.client.events).remove(0);
        assert_eq!(
            data.max_early_data_size(),
            1 << 20,
            "a ticket allowing a lot"
        );
        if !accept {
            // Same ticket key, 0-RTT turned off since the ticket was issued.
            server.max_early_data = 0;
        }
        client.enable_early_data = true;
        let later = START_TIME + Duration::from_secs(2);
        let mut pair = resumed_pair(
            &Arc::new(client),
            &Arc::new(server),
            data,
            later,
            Delivery::Flights,
        );
        let (mut taken, mut drains) = (0, 0);
        while taken < early.len() {
            let room = pair.client.conn.send_capacity();
            let n = pair.client.conn.send_early_data(&early[taken..]).unwrap();
            assert_eq!(n, room.min(early.len() - taken), "accept={accept}");
            assert!(n <= BUFFER);
            if n == 0 {
                // Full: the transport drains it (the server reads the 0-RTT records).
                assert!(pair.client_to_server() > 0);
                drains += 1;
            }
            taken += n;
        }
        assert!(drains >= early.len() / BUFFER, "{drains} drains");
        pair.handshake()
            .unwrap_or_else(|e| panic!("accept={accept}: resumed handshake: {e}"));
        assert!(pair.client.conn.is_resumed());
        let rejected: Vec<&Vec<u8>> = pair
            .client
            .events
            .iter()
            .filter_map(|e| match e {
                Event::EarlyDataRejected { data, .. } => Some(data),
                _ => None,
            })
            .collect();
        if accept {
            assert!(pair.client.saw(&Event::EarlyDataAccepted));
            assert!(rejected.is_empty());
            assert_eq!(pair.server.early_data(), &early[..]);
        } else {
            assert_eq!(rejected, [&early], "exactly what was taken comes back");
            assert!(pair.server.early_data().is_empty());
        }
    }
}
