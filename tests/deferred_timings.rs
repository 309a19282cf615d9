//! Deferred session lookups, ticket takes, replay checks and store writes (issue 12,
//! `ferrotls_core::deferred`) on the in-memory pair: every resumption scenario of the matrices
//! that touches them (TLS 1.2 session ID and ticket, TLS 1.3 stateless and stateful tickets,
//! psk_ke and psk_dhe_ke, 0-RTT accepted and rejected, HelloRetryRequest, client
//! authentication) is run with the synchronous stores and then with the stores deferred and
//! answered by the [`Deferring`] driver at each of the four [`TIMINGS`]. Every byte both sides
//! wrote, in the full handshake and in the resumption (with data, a KeyUpdate in TLS 1.3 and
//! close_notify), must be the same in all five runs; the events too, apart from the
//! `Paused` / `StoreSession` notifications that only a deferring application sees.
//!
//! Then the stores that fail: a lookup or take answered `Unavailable` is a full handshake
//! (`StoreUnavailable` on the server, `DeclinedByServer` on the client), a replay check answered
//! `Unavailable` rejects the 0-RTT data (handed back to the client) and the handshake completes;
//! and store writes handed to the application late are not lost.

use std::sync::Arc;
use std::time::Duration;

use ferrotls_core::deferred::{Answer, Defer, ReplayVerdict, Request, SessionLookup};
use ferrotls_core::msgs::enums::PskKeyExchangeMode;
use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::resumption::{InMemorySessionStore, ResumptionData, SingleUseAntiReplay};
use ferrotls_core::{
    ClientConfig, ClientConnection, DeclineReason, Event, ProtocolVersion, ServerConfig,
    ServerConnection,
};
use ferrotls_crypto::NamedGroup;
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::chunks::Delivery;
use ferrotls_tests::deferring::{server_answers, store_into, Answerer, Deferring, Timing, TIMINGS};
use ferrotls_tests::matrix::show_event;
use ferrotls_tests::pair::{Pair, START_TIME};

const EARLY: &[u8] = b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
const CLIENT_SEED: u8 = 0xc2;
const SERVER_SEED: u8 = 0x5f;

/// One resumption scenario: the configs of both handshakes and what the resumption must show.
#[derive(Clone)]
struct Scenario {
    name: &'static str,
    client: ClientConfig,
    server: ServerConfig,
    /// The client sends 0-RTT data with its resumption.
    early: bool,
    /// Whether the server accepts it.
    early_accepted: bool,
    /// The requests a deferring server must make in the resumption (by kind).
    requests: &'static [&'static str],
}

fn tls13_client() -> ClientConfig {
    let mut config = certs::client_config();
    config.provider = certs::seeded_provider(CLIENT_SEED);
    config.versions = vec![ProtocolVersion::TLS1_3];
    config
}

fn tls12_client() -> ClientConfig {
    let mut config = tls13_client();
    config.versions = vec![ProtocolVersion::TLS1_2];
    config
}

fn server(mut config: ServerConfig) -> ServerConfig {
    certs::seed_server(&mut config, SERVER_SEED);
    config
}

fn stateful(mut config: ServerConfig) -> ServerConfig {
    config.ticket_sealer = None;
    config
}

fn zero_rtt(mut config: ServerConfig) -> ServerConfig {
    config.max_early_data = 16384;
    config.anti_replay = Some(Arc::new(SingleUseAntiReplay::new(64)));
    config
}

fn psk_ke(mut config: ClientConfig) -> ClientConfig {
    config.psk_modes = vec![PskKeyExchangeMode::PSK_KE];
    config
}

fn early(mut config: ClientConfig) -> ClientConfig {
    config.enable_early_data = true;
    config
}

/// Only secp256r1: the client's first key shares (the hybrid, X25519) are not accepted, so
/// every handshake goes through a HelloRetryRequest.
fn retrying(mut config: ServerConfig) -> ServerConfig {
    config.groups = vec![NamedGroup::SECP256R1];
    config
}

fn tls12_session_ids(mut config: ServerConfig) -> ServerConfig {
    config.tls12_tickets = false;
    config
}

fn scenarios() -> Vec<Scenario> {
    let ecdsa = || server(certs::server_config(KeyKind::EcdsaP256));
    let s = |name, client, server, requests| Scenario {
        name,
        client,
        server,
        early: false,
        early_accepted: false,
        requests,
    };
    let e = |name, client, server, accepted, requests| Scenario {
        name,
        client,
        server,
        early: true,
        early_accepted: accepted,
        requests,
    };
    vec![
        s("TLS 1.3 stateless psk_dhe_ke", tls13_client(), ecdsa(), &[]),
        s(
            "TLS 1.3 stateless psk_ke",
            psk_ke(tls13_client()),
            ecdsa(),
            &[],
        ),
        s(
            "TLS 1.3 stateful psk_dhe_ke",
            tls13_client(),
            stateful(ecdsa()),
            &["TakeSession"],
        ),
        s(
            "TLS 1.3 stateful psk_ke",
            psk_ke(tls13_client()),
            stateful(ecdsa()),
            &["TakeSession"],
        ),
        e(
            "TLS 1.3 stateless 0-RTT accepted",
            early(tls13_client()),
            zero_rtt(ecdsa()),
            true,
            &["CheckReplay"],
        ),
        e(
            "TLS 1.3 stateful 0-RTT accepted",
            early(tls13_client()),
            zero_rtt(stateful(ecdsa())),
            true,
            &["TakeSession", "CheckReplay"],
        ),
        e(
            "TLS 1.3 stateful 0-RTT rejected by a HelloRetryRequest",
            early(tls13_client()),
            retrying(zero_rtt(stateful(ecdsa()))),
            false,
            &["TakeSession"],
        ),
        s(
            "TLS 1.3 stateful psk_ke after a HelloRetryRequest",
            psk_ke(tls13_client()),
            retrying(stateful(ecdsa())),
            &["TakeSession"],
        ),
        s(
            "TLS 1.3 stateful with client authentication",
            {
                let mut c = tls13_client();
                c.client_auth = Some(certs::client_key(KeyKind::Ed25519));
                c
            },
            stateful(server(certs::server_config_requiring_client_auth(
                KeyKind::Rsa2048,
            ))),
            &["TakeSession"],
        ),
        s(
            "TLS 1.2 session ID",
            tls12_client(),
            tls12_session_ids(ecdsa()),
            &["LookupSession"],
        ),
        s("TLS 1.2 ticket", tls12_client(), ecdsa(), &[]),
        s(
            "TLS 1.2 session ID with client authentication",
            {
                let mut c = tls12_client();
                c.client_auth = Some(certs::client_key(KeyKind::EcdsaP256));
                c
            },
            tls12_session_ids(server(certs::server_config_requiring_client_auth(
                KeyKind::EcdsaP256,
            ))),
            &["LookupSession"],
        ),
    ]
}

/// `config` with what a run must not share with another: the random source (and the ticket
/// key drawn from it) reseeded, an empty session store, an empty anti-replay record.
fn fresh_server(config: &ServerConfig) -> ServerConfig {
    let mut config = config.clone();
    let sealed = config.ticket_sealer.is_some();
    certs::seed_server(&mut config, SERVER_SEED);
    if !sealed {
        config.ticket_sealer = None;
    }
    if config.session_store.is_some() {
        config.session_store = Some(Arc::new(InMemorySessionStore::new(64)));
    }
    if config.anti_replay.is_some() {
        config.anti_replay = Some(Arc::new(SingleUseAntiReplay::new(64)));
    }
    config
}

/// `config` with its random source reseeded.
fn fresh_client(config: &ClientConfig) -> ClientConfig {
    let mut config = config.clone();
    config.provider = certs::seeded_provider(CLIENT_SEED);
    config
}

fn name() -> ServerName<'static> {
    ServerName::try_from(certs::SERVER_NAME.to_string()).unwrap()
}

fn at(secs: u64) -> Duration {
    START_TIME + Duration::from_secs(secs)
}

/// What one handshake (and what follows it) showed.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Run {
    client_wrote: Vec<u8>,
    server_wrote: Vec<u8>,
    client_events: Vec<String>,
    server_events: Vec<String>,
}

impl Run {
    /// Without the notifications only a deferring application sees.
    fn as_synchronous(&self) -> Self {
        let keep = |events: &[String]| {
            events
                .iter()
                .filter(|e| *e != "Paused" && !e.starts_with("StoreSession"))
                .cloned()
                .collect()
        };
        Self {
            client_events: keep(&self.client_events),
            server_events: keep(&self.server_events),
            ..self.clone()
        }
    }
}

/// How a run is driven: the synchronous stores, or deferred and answered at a timing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Synchronous,
    Deferred(Timing),
}

/// Drive `pair` to the end: handshake, data both ways, a KeyUpdate (TLS 1.3), close_notify.
fn drive(mut d: Deferring, what: &str) -> (Run, Deferring) {
    d.handshake()
        .unwrap_or_else(|e| panic!("{what}: handshake: {e}"));
    d.pump();
    d.pair.client_send(b"ping");
    d.pair.server_send(b"pong");
    d.pump();
    assert_eq!(d.pair.server.received_data(), b"ping", "{what}");
    assert_eq!(d.pair.client.received_data(), b"pong", "{what}");
    if d.pair.client.conn.info().version == Some(ProtocolVersion::TLS1_3) {
        d.pair.client.conn.update_keys(true).unwrap();
        d.pump();
    }
    d.pair.client.conn.close();
    d.pump();
    d.pair.server.conn.close();
    d.pump();
    assert!(
        d.pair.client.error.is_none() && d.pair.server.error.is_none(),
        "{what}"
    );
    let show = |events: &[Event]| events.iter().map(show_event).collect();
    let run = Run {
        client_wrote: d.pair.client_wrote.clone(),
        server_wrote: d.pair.server_wrote.clone(),
        client_events: show(&d.pair.client.events),
        server_events: show(&d.pair.server.events),
    };
    (run, d)
}

fn deferring(pair: Pair, mode: Mode, server: &Arc<ServerConfig>) -> Deferring {
    let timing = match mode {
        Mode::Synchronous => Timing::Immediately,
        Mode::Deferred(t) => t,
    };
    // A slow application: with the longer waits, the store writes too are handed over late.
    let hold = matches!(
        mode,
        Mode::Deferred(Timing::AfterRounds(5) | Timing::AfterPeerFlight)
    );
    Deferring::new(pair, timing)
        .server_answerer(server_answers(Arc::clone(server)))
        .store_writes(store_into(Arc::clone(server)), hold)
}

/// The full handshake and the resumption of `scenario` in `mode`.
fn run_scenario(scenario: &Scenario, mode: Mode) -> (Run, Run) {
    let what = format!("{} {mode:?}", scenario.name);
    let mut server = fresh_server(&scenario.server);
    if let Mode::Deferred(_) = mode {
        server.defer = Defer {
            sessions: true,
            anti_replay: true,
            certificate: false,
        };
    }
    let server = Arc::new(server);
    let client = Arc::new(fresh_client(&scenario.client));
    let now = UnixTime::since_unix_epoch(START_TIME);
    let first = Pair::from_connections(
        ClientConnection::new(Arc::clone(&client), name(), now).unwrap(),
        ServerConnection::new(Arc::clone(&server)).unwrap(),
        Delivery::Flights,
        START_TIME,
    );
    let (full, mut d) = drive(deferring(first, mode, &server), &format!("{what}, full"));
    assert!(!d.pair.server.conn.is_resumed(), "{what}");
    // The slow application stores the sessions only now, after the connection is over.
    d.flush_store_writes();
    let stateful = server.ticket_sealer.is_none()
        || d.pair.client.conn.info().version == Some(ProtocolVersion::TLS1_2);
    match mode {
        Mode::Deferred(_) if stateful => assert!(d.store_writes > 0, "{what}: store writes"),
        _ => assert_eq!(d.store_writes, 0, "{what}: no store writes"),
    }
    let data: ResumptionData = d
        .pair
        .client
        .events
        .iter()
        .find_map(|e| match e {
            Event::TicketReceived(data) => Some(data.clone()),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{what}: no resumption data"));

    let later = at(30);
    let now = UnixTime::since_unix_epoch(later);
    let mut conn = ClientConnection::resume(Arc::clone(&client), name(), data, now).unwrap();
    if scenario.early {
        assert_eq!(conn.send_early_data(EARLY), Ok(EARLY.len()), "{what}");
    }
    let second = Pair::from_connections(
        conn,
        ServerConnection::new(Arc::clone(&server)).unwrap(),
        Delivery::Flights,
        later,
    );
    let (resumed, d) = drive(
        deferring(second, mode, &server),
        &format!("{what}, resumed"),
    );
    assert!(d.pair.client.conn.is_resumed(), "{what}: client resumed");
    assert!(d.pair.server.conn.is_resumed(), "{what}: server resumed");
    if scenario.early {
        let accepted = d.pair.server.saw(&Event::EarlyDataAccepted);
        assert_eq!(accepted, scenario.early_accepted, "{what}");
        if accepted {
            assert_eq!(d.pair.server.early_data(), EARLY, "{what}");
        } else {
            assert!(
                d.pair
                    .client
                    .events
                    .iter()
                    .any(|e| matches!(e, Event::EarlyDataRejected { data, .. } if data == EARLY)),
                "{what}: the data handed back"
            );
        }
    }
    let kinds: Vec<&str> = d.answered.iter().map(|(_, r)| kind(r)).collect();
    match mode {
        Mode::Deferred(_) => assert_eq!(kinds, scenario.requests, "{what}: requests"),
        Mode::Synchronous => assert!(kinds.is_empty(), "{what}: nothing deferred"),
    }
    (full, resumed)
}

fn kind(request: &Request) -> &'static str {
    match request {
        Request::LookupSession { .. } => "LookupSession",
        Request::TakeSession { .. } => "TakeSession",
        Request::CheckReplay { .. } => "CheckReplay",
        Request::ChooseCertificate(_) => "ChooseCertificate",
        Request::ChooseClientCertificate(_) => "ChooseClientCertificate",
        Request::Sign { .. } => "Sign",
        _ => "other",
    }
}

#[test]
fn every_timing_gives_the_bytes_of_the_synchronous_stores() {
    let scenarios = scenarios();
    assert_eq!(scenarios.len(), 12);
    for scenario in &scenarios {
        let (full, resumed) = run_scenario(scenario, Mode::Synchronous);
        let mut deferred_runs = Vec::new();
        for timing in TIMINGS {
            let what = format!("{} {timing:?}", scenario.name);
            let (f, r) = run_scenario(scenario, Mode::Deferred(timing));
            assert_eq!(f.as_synchronous(), full, "{what}: full handshake");
            assert_eq!(r.as_synchronous(), resumed, "{what}: resumption");
            assert!(
                r.server_events.iter().any(|e| e == "Paused") || scenario.requests.is_empty(),
                "{what}: the server paused"
            );
            deferred_runs.push((f, r));
        }
        // The deferring application's own view is the same at every timing too.
        assert!(
            deferred_runs.windows(2).all(|w| w[0] == w[1]),
            "{}: the timings differ",
            scenario.name
        );
    }
}

/// A resumption of `scenario` whose server answers every request with `answer`, and the
/// store writes of its full handshake put in place at once.
fn resume_with(scenario: &Scenario, answer: fn(&Request) -> Option<Answer>) -> Deferring {
    let mut config = fresh_server(&scenario.server);
    config.defer = Defer {
        sessions: true,
        anti_replay: true,
        certificate: false,
    };
    let server = Arc::new(config);
    let client = Arc::new(fresh_client(&scenario.client));
    let now = UnixTime::since_unix_epoch(START_TIME);
    let first = Pair::from_connections(
        ClientConnection::new(Arc::clone(&client), name(), now).unwrap(),
        ServerConnection::new(Arc::clone(&server)).unwrap(),
        Delivery::Flights,
        START_TIME,
    );
    let (_, d) = drive(
        deferring(first, Mode::Deferred(Timing::Immediately), &server),
        scenario.name,
    );
    let data = d
        .pair
        .client
        .events
        .iter()
        .find_map(|e| match e {
            Event::TicketReceived(data) => Some(data.clone()),
            _ => None,
        })
        .unwrap();
    let later = at(30);
    let mut conn =
        ClientConnection::resume(client, name(), data, UnixTime::since_unix_epoch(later)).unwrap();
    if scenario.early {
        conn.send_early_data(EARLY).unwrap();
    }
    let pair = Pair::from_connections(
        conn,
        ServerConnection::new(Arc::clone(&server)).unwrap(),
        Delivery::Flights,
        later,
    );
    let mut sync = server_answers(Arc::clone(&server));
    let answerer: Answerer =
        Box::new(move |request, now| answer(request).unwrap_or_else(|| sync(request, now)));
    let mut d = Deferring::new(pair, Timing::AfterRounds(1))
        .server_answerer(answerer)
        .store_writes(store_into(Arc::clone(&server)), false);
    d.handshake().unwrap_or_else(|e| {
        panic!(
            "{}: a store outage failed the handshake: {e}",
            scenario.name
        )
    });
    d.pump();
    d
}

fn unavailable_session(request: &Request) -> Option<Answer> {
    matches!(
        request,
        Request::LookupSession { .. } | Request::TakeSession { .. }
    )
    .then_some(Answer::Session(SessionLookup::Unavailable))
}

fn unavailable_replay(request: &Request) -> Option<Answer> {
    matches!(request, Request::CheckReplay { .. })
        .then_some(Answer::Replay(ReplayVerdict::Unavailable))
}

fn scenario(name: &str) -> Scenario {
    scenarios()
        .into_iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no scenario {name}"))
}

#[test]
fn an_unavailable_session_store_means_a_full_handshake_on_both_sides() {
    for name in [
        "TLS 1.2 session ID",
        "TLS 1.3 stateful psk_dhe_ke",
        "TLS 1.3 stateful psk_ke",
    ] {
        let d = resume_with(&scenario(name), unavailable_session);
        assert!(!d.pair.server.conn.is_resumed(), "{name}");
        assert!(!d.pair.client.conn.is_resumed(), "{name}");
        assert!(
            d.pair.server.saw(&Event::ResumptionDeclined {
                reason: DeclineReason::StoreUnavailable
            }),
            "{name}: {:?}",
            d.pair.server.events
        );
        assert!(
            d.pair.client.saw(&Event::ResumptionDeclined {
                reason: DeclineReason::DeclinedByServer
            }),
            "{name}: {:?}",
            d.pair.client.events
        );
    }
}

#[test]
fn an_unavailable_replay_store_rejects_the_early_data_and_hands_it_back() {
    for name in [
        "TLS 1.3 stateless 0-RTT accepted",
        "TLS 1.3 stateful 0-RTT accepted",
    ] {
        let d = resume_with(&scenario(name), unavailable_replay);
        assert!(
            d.pair.server.conn.is_resumed(),
            "{name}: the PSK is still good"
        );
        assert!(
            d.pair.server.saw(&Event::EarlyDataRejected {
                data: Vec::new(),
                reason: DeclineReason::StoreUnavailable
            }),
            "{name}: {:?}",
            d.pair.server.events
        );
        assert!(
            d.pair.client.saw(&Event::EarlyDataRejected {
                data: EARLY.to_vec(),
                reason: DeclineReason::DeclinedByServer
            }),
            "{name}: the data handed back"
        );
        assert!(d.pair.server.early_data().is_empty());
    }
}

#[test]
fn a_replayed_verdict_rejects_the_early_data() {
    let d = resume_with(&scenario("TLS 1.3 stateless 0-RTT accepted"), |request| {
        matches!(request, Request::CheckReplay { .. })
            .then_some(Answer::Replay(ReplayVerdict::Replayed))
    });
    assert!(d.pair.server.saw(&Event::EarlyDataRejected {
        data: Vec::new(),
        reason: DeclineReason::Replay
    }));
}

#[test]
fn store_writes_are_reported_once_per_session_and_never_lost_while_unpolled() {
    // Nobody polls the server's events during the whole connection: the writes wait in the
    // queue (the driver reads them only at the end, from the events it collected).
    let scenario = scenario("TLS 1.3 stateful psk_dhe_ke");
    let mut config = fresh_server(&scenario.server);
    config.defer.sessions = true;
    config.session_store = None; // the application's store is elsewhere
    let server = Arc::new(config);
    let client = Arc::new(fresh_client(&scenario.client));
    let now = UnixTime::since_unix_epoch(START_TIME);
    let mut client_conn = ClientConnection::new(client, name(), now).unwrap();
    let mut server_conn = ServerConnection::new(server).unwrap();
    let (mut to_server, mut to_client) = (Vec::new(), Vec::new());
    for _ in 0..4 {
        client_conn.write_tls(&mut to_server);
        let used = server_conn.handle_tls(&mut to_server, now).unwrap();
        to_server.drain(..used);
        server_conn.write_tls(&mut to_client);
        let used = client_conn.handle_tls(&mut to_client, now).unwrap();
        to_client.drain(..used);
    }
    assert!(!server_conn.is_handshaking() && !client_conn.is_handshaking());
    let events: Vec<Event> = std::iter::from_fn(|| server_conn.poll_event()).collect();
    let writes: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            Event::StoreSession(w) => Some(w),
            _ => None,
        })
        .collect();
    let tickets: Vec<_> = std::iter::from_fn(|| client_conn.poll_event())
        .filter(|e| matches!(e, Event::TicketReceived(_)))
        .collect();
    assert_eq!(writes.len(), 2, "the default two tickets");
    assert_eq!(tickets.len(), 2);
    assert!(writes
        .iter()
        .all(|w| w.id.len() == 32 && w.state.session_id() == server_conn.session_id()));
    assert_ne!(writes[0].id, writes[1].id);
}

/// The rounds counted by [`Timing::AfterRounds`] are rounds of I/O the paused side takes no
/// part in: the driver sees the pause, and the answer comes that many rounds later.
#[test]
fn the_driver_answers_at_the_timing_it_was_given() {
    let scenario = scenario("TLS 1.2 session ID");
    for (timing, rounds) in [
        (Timing::Immediately, 2),
        (Timing::AfterRounds(1), 4),
        (Timing::AfterRounds(5), 8),
        (Timing::AfterPeerFlight, 4),
    ] {
        let mut config = fresh_server(&scenario.server);
        config.defer.sessions = true;
        let server = Arc::new(config);
        let client = Arc::new(fresh_client(&scenario.client));
        let now = UnixTime::since_unix_epoch(START_TIME);
        let first = Pair::from_connections(
            ClientConnection::new(Arc::clone(&client), name(), now).unwrap(),
            ServerConnection::new(Arc::clone(&server)).unwrap(),
            Delivery::Flights,
            START_TIME,
        );
        let (_, d) = drive(
            deferring(first, Mode::Deferred(Timing::Immediately), &server),
            "full",
        );
        let data = d
            .pair
            .client
            .events
            .iter()
            .find_map(|e| match e {
                Event::TicketReceived(data) => Some(data.clone()),
                _ => None,
            })
            .unwrap();
        let conn = ClientConnection::resume(client, name(), data, now).unwrap();
        let pair = Pair::from_connections(
            conn,
            ServerConnection::new(Arc::clone(&server)).unwrap(),
            Delivery::Flights,
            START_TIME,
        );
        let mut d = Deferring::new(pair, timing).server_answerer(server_answers(server));
        let mut handshake_rounds = 0;
        while !(d.pair.client.handshake_done() && d.pair.server.handshake_done()) {
            d.pump_once();
            handshake_rounds += 1;
            assert!(handshake_rounds < 20, "{timing:?}: stuck");
        }
        assert_eq!(handshake_rounds, rounds, "{timing:?}");
    }
}

/// The pair matrix's own run (handshake, data, KeyUpdate or its refusal, close) on cells with
/// client authentication and a HelloRetryRequest, with the server's sessions deferred: the full
/// handshakes report their sessions (`StoreSession`: each stateful TLS 1.3 ticket, the TLS 1.2
/// session ID) instead of storing them, and every byte is what the synchronous store gives.
#[test]
fn matrix_cells_with_deferred_store_writes_match_the_synchronous_store() {
    use ferrotls_core::suites::{TLS_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
    use ferrotls_tests::matrix::{run_setup, run_setup_driven, Cell};
    let tls13 = Cell {
        version: ProtocolVersion::TLS1_3,
        suite: &TLS_AES_128_GCM_SHA256,
        server_picks_suite: false,
        group: NamedGroup::X25519,
        server_key: KeyKind::EcdsaP256,
        hello_retry: true,
        client_key: Some(KeyKind::Ed25519),
    };
    let cells = [
        (tls13, 2),
        (
            Cell {
                hello_retry: false,
                client_key: None,
                ..tls13
            },
            2,
        ),
        (
            Cell {
                version: ProtocolVersion::TLS1_2,
                suite: &TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                hello_retry: false,
                client_key: Some(KeyKind::EcdsaP256),
                ..tls13
            },
            1,
        ),
    ];
    let stateful_setup = |cell: &Cell| {
        let mut setup = cell.setup();
        setup.server.ticket_sealer = None;
        setup.server.session_store = Some(Arc::new(InMemorySessionStore::new(64)));
        setup
    };
    for (cell, writes) in cells {
        let reference = run_setup(stateful_setup(&cell), Delivery::Flights)
            .unwrap_or_else(|e| panic!("{cell}: {e}"));
        for timing in TIMINGS {
            let mut setup = stateful_setup(&cell);
            setup.server.defer.sessions = true;
            let answers = server_answers(Arc::new(setup.server.clone()));
            let driver = Deferring::driver(timing, Some(answers), None);
            let outcome = run_setup_driven(setup, Delivery::Flights, driver)
                .unwrap_or_else(|e| panic!("{cell} {timing:?}: {e}"));
            assert_eq!(outcome.client, reference.client, "{cell} {timing:?}");
            assert_eq!(
                outcome.server.wrote, reference.server.wrote,
                "{cell} {timing:?}"
            );
            let reported = outcome
                .server
                .events
                .iter()
                .filter(|e| matches!(e, Event::StoreSession(_)))
                .count();
            assert_eq!(reported, writes, "{cell} {timing:?}");
            let others: Vec<&Event> = outcome
                .server
                .events
                .iter()
                .filter(|e| !matches!(e, Event::StoreSession(_)))
                .collect();
            assert!(
                others.iter().copied().eq(reference.server.events.iter()),
                "{cell} {timing:?}: events"
            );
        }
    }
}
