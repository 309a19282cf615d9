//! TLS 1.2 session resumption between our own client and server, in memory: session IDs
//! (RFC 5246 §7.4.1.2, the server's session store) and RFC 5077 tickets, for every TLS 1.2
//! suite, with whole flights, one byte at a time and random chunks; the server's persistent
//! session identifier across successive resumptions; and every reason a server falls back to a
//! full handshake, seen from both sides (the server's `ResumptionDeclined { reason }`, the
//! client's `DeclinedByServer`).
//!
//! Sessions the honest server never makes (another server name, no extended master secret, a
//! TLS 1.3 ticket in the TLS 1.2 extension) are planted by the test: it holds the server's
//! session store and ticket sealer, so it can store or seal any `ServerSessionState`.
#![forbid(unsafe_code)]

use std::sync::Arc;
use std::time::Duration;

use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::resumption::{
    AeadTicketSealer, InMemorySessionStore, ResumptionKind, ServerSessionState, ServerSessionStore,
    SessionParams, TicketSealer,
};
use ferrotls_core::suites::{self, SupportedCipherSuite, Tls12Auth};
use ferrotls_core::{
    ClientConfig, ClientConnection, DeclineReason, ProtocolVersion, ResumptionData, ServerConfig,
};
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::chunks::Delivery;
use ferrotls_tests::pair::{Pair, START_TIME};
use ferrotls_tests::sessions::{declines, server_name, tickets};

const SUITES: [&SupportedCipherSuite; 6] = [
    &suites::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
    &suites::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    &suites::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    &suites::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    &suites::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
    &suites::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
];

const DELIVERIES: [Delivery; 3] = [
    Delivery::Flights,
    Delivery::Bytewise,
    Delivery::Random {
        seed: 12,
        max_chunk: 7,
    },
];

/// How the client carries the session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// The client does not ask for tickets: the server's session store and the session ID.
    SessionId,
    /// RFC 5077 tickets.
    Ticket,
}

impl Mode {
    fn kind(self) -> ResumptionKind {
        match self {
            Self::SessionId => ResumptionKind::Tls12SessionId,
            Self::Ticket => ResumptionKind::Tls12Ticket,
        }
    }
}

/// A TLS 1.2 server whose store and sealer the test keeps a hand on.
struct Server {
    config: Arc<ServerConfig>,
    store: Arc<InMemorySessionStore>,
    sealer: Arc<AeadTicketSealer>,
}

impl Server {
    fn new(suite: &SupportedCipherSuite) -> Self {
        Self::with(suite, |_| {})
    }

    fn with(suite: &SupportedCipherSuite, edit: impl FnOnce(&mut ServerConfig)) -> Self {
        let mut config = certs::server_config(key_for(suite));
        let store = Arc::new(InMemorySessionStore::new(64));
        let sealer = Arc::new(AeadTicketSealer::new(&config.provider, 3600).expect("sealer"));
        config.session_store = Some(store.clone() as Arc<dyn ServerSessionStore>);
        config.ticket_sealer = Some(sealer.clone() as Arc<dyn TicketSealer>);
        edit(&mut config);
        Self {
            config: Arc::new(config),
            store,
            sealer,
        }
    }
}

fn key_for(suite: &SupportedCipherSuite) -> KeyKind {
    match suite.tls12_auth {
        Some(Tls12Auth::Ecdsa) => KeyKind::EcdsaP256,
        Some(Tls12Auth::Rsa) => KeyKind::Rsa2048,
        None => panic!("{} is not a TLS 1.2 suite", suite.name()),
    }
}

/// A TLS 1.2-only client offering `suites`.
fn client(mode: Mode, suites: &[&'static SupportedCipherSuite]) -> Arc<ClientConfig> {
    let mut config = certs::client_config();
    config.versions = vec![ProtocolVersion::TLS1_2];
    config.cipher_suites = suites.to_vec();
    config.tls12_session_tickets = mode == Mode::Ticket;
    Arc::new(config)
}

/// A pair whose client resumes `data` (at the pair's current time, after `wait`).
fn resuming_pair(
    client: &Arc<ClientConfig>,
    server: &Server,
    data: ResumptionData,
    delivery: Delivery,
    wait: Duration,
) -> Pair {
    let mut p = Pair::new(
        Arc::clone(client),
        Arc::clone(&server.config),
        certs::SERVER_NAME,
        delivery,
    );
    p.advance(wait);
    p.client.conn =
        ClientConnection::resume(Arc::clone(client), server_name(), data, p.now()).expect("resume");
    p
}

/// Run the handshake to completion, panicking with both sides' errors otherwise.
fn complete(p: &mut Pair, what: &str) {
    if let Err(e) = p.handshake() {
        panic!("{what}: handshake failed: {e}");
    }
}

/// A full handshake; returns the one session the client reported and the server's session ID.
fn full(
    client: &Arc<ClientConfig>,
    server: &Server,
    delivery: Delivery,
) -> (ResumptionData, Vec<u8>) {
    let mut p = Pair::new(
        Arc::clone(client),
        Arc::clone(&server.config),
        certs::SERVER_NAME,
        delivery,
    );
    complete(&mut p, "full handshake");
    assert!(!p.client.conn.is_resumed() && !p.server.conn.is_resumed());
    let reported = tickets(&p.client.events);
    assert_eq!(
        reported.len(),
        1,
        "one TicketReceived per TLS 1.2 handshake"
    );
    assert_eq!(
        p.client.conn.resumption_data().as_ref(),
        Ok(&reported[0]),
        "resumption_data() is the reported session"
    );
    let id = p.server.conn.session_id().to_vec();
    assert_eq!(id.len(), 32);
    (reported[0].clone(), id)
}

/// Data both ways over an established pair.
fn exchange(p: &mut Pair, what: &str) {
    p.client_send(b"ping from the resumed client");
    p.server_send(b"pong from the resumed server");
    p.pump();
    assert_eq!(
        p.server.take_data(),
        b"ping from the resumed client",
        "{what}"
    );
    assert_eq!(
        p.client.take_data(),
        b"pong from the resumed server",
        "{what}"
    );
}

/// Resume `data`; checks that both sides resumed, and returns the pair.
fn resumed(
    client: &Arc<ClientConfig>,
    server: &Server,
    data: ResumptionData,
    delivery: Delivery,
    what: &str,
) -> Pair {
    let suite = data.cipher_suite();
    let mut p = resuming_pair(client, server, data, delivery, Duration::from_secs(5));
    complete(&mut p, what);
    for (side, info) in [
        ("client", p.client.conn.info()),
        ("server", p.server.conn.info()),
    ] {
        assert!(info.resumed, "{what}: {side} did not resume");
        assert!(info.resumption_offered, "{what}: {side} offered flag");
        assert_eq!(info.suite.map(|s| s.suite), Some(suite), "{what}: {side}");
        assert_eq!(
            info.version,
            Some(ProtocolVersion::TLS1_2),
            "{what}: {side}"
        );
        assert!(info.extended_master_secret, "{what}: {side}");
        assert!(info.safe_renegotiation, "{what}: {side}");
        assert_eq!(info.group, None, "{what}: {side}: no key exchange");
    }
    assert!(
        !p.client.conn.info().peer_certificates.is_empty(),
        "{what}: the server's chain comes from the session"
    );
    assert!(declines(&p.client.events).is_empty(), "{what}");
    assert!(declines(&p.server.events).is_empty(), "{what}");
    exchange(&mut p, what);
    p
}

#[test]
fn every_suite_resumes_by_session_id_and_by_ticket_in_every_delivery() {
    for suite in SUITES {
        for mode in [Mode::SessionId, Mode::Ticket] {
            for delivery in DELIVERIES {
                let what = format!("{} {mode:?} {delivery:?}", suite.name());
                let server = Server::new(suite);
                let client = client(mode, &[suite]);
                let (data, id) = full(&client, &server, delivery);
                assert_eq!(data.kind(), mode.kind(), "{what}");
                assert_eq!(data.cipher_suite(), suite.suite, "{what}");
                assert!(data.extended_master_secret(), "{what}");
                let p = resumed(&client, &server, data.clone(), delivery, &what);
                assert_eq!(p.server.conn.session_id(), id, "{what}: persistent id");
                let again = tickets(&p.client.events);
                assert_eq!(again.len(), 1, "{what}");
                match mode {
                    // Session IDs: the same session, reported again unchanged.
                    Mode::SessionId => {
                        assert_eq!(again[0], data, "{what}");
                        assert_eq!(p.client.conn.session_id(), id, "{what}: echo");
                    }
                    // Tickets: renewed, with the same secret.
                    Mode::Ticket => {
                        assert_ne!(again[0].ticket(), data.ticket(), "{what}: renewed");
                        assert_eq!(again[0].secret(), data.secret(), "{what}");
                    }
                }
            }
        }
    }
}

#[test]
fn the_server_session_id_is_stable_across_three_resumptions() {
    let suite = SUITES[0];
    for mode in [Mode::SessionId, Mode::Ticket] {
        let server = Server::new(suite);
        let client = client(mode, &[suite]);
        let (mut data, id) = full(&client, &server, Delivery::Flights);
        for round in 1..=3 {
            let what = format!("{mode:?} resumption {round}");
            let p = resumed(&client, &server, data, Delivery::Flights, &what);
            assert_eq!(p.server.conn.session_id(), id, "{what}");
            data = p.client.conn.resumption_data().expect(&what);
        }
    }
}

#[test]
fn tickets_work_without_a_session_store() {
    let suite = SUITES[3];
    let server = Server::with(suite, |c| c.session_store = None);
    let client = client(Mode::Ticket, &[suite]);
    let mut p = Pair::new(
        Arc::clone(&client),
        Arc::clone(&server.config),
        certs::SERVER_NAME,
        Delivery::Flights,
    );
    complete(&mut p, "full");
    // RFC 5077 §3.4: a server that only issues a ticket sends an empty session ID...
    assert!(p.client.conn.session_id().is_empty());
    // ...but still has a persistent identity for the session.
    let id = p.server.conn.session_id().to_vec();
    assert_eq!(id.len(), 32);
    let data = p.client.conn.resumption_data().expect("ticket");
    assert_eq!(data.kind(), ResumptionKind::Tls12Ticket);
    let p = resumed(&client, &server, data, Delivery::Flights, "no store");
    assert_eq!(p.server.conn.session_id(), id);
}

#[test]
fn a_session_id_only_server_gives_no_ticket_and_no_store_gives_nothing() {
    let suite = SUITES[0];
    // The client asks for a ticket, the server issues none: the session ID it is.
    let server = Server::with(suite, |c| c.tls12_tickets = false);
    let client_config = client(Mode::Ticket, &[suite]);
    let (data, _) = full(&client_config, &server, Delivery::Flights);
    assert_eq!(data.kind(), ResumptionKind::Tls12SessionId);
    resumed(
        &client_config,
        &server,
        data,
        Delivery::Flights,
        "session id",
    );
    // Neither: not resumable.
    let server = Server::with(suite, |c| {
        c.tls12_tickets = false;
        c.session_store = None;
    });
    let mut p = Pair::new(
        client_config,
        Arc::clone(&server.config),
        certs::SERVER_NAME,
        Delivery::Flights,
    );
    complete(&mut p, "not resumable");
    assert!(tickets(&p.client.events).is_empty());
    assert_eq!(
        p.client.conn.resumption_data(),
        Err(ferrotls_core::ResumptionUnavailable::NotResumable)
    );
}

#[test]
fn resumption_data_survives_bytes_between_connections() {
    for mode in [Mode::SessionId, Mode::Ticket] {
        let suite = SUITES[4];
        let server = Server::new(suite);
        let client = client(mode, &[suite]);
        let (data, id) = full(&client, &server, Delivery::Flights);
        let bytes = data.to_bytes();
        let back = ResumptionData::from_bytes(&bytes, start_time()).expect("decodes");
        assert_eq!(back, data);
        let p = resumed(&client, &server, back, Delivery::Bytewise, "from bytes");
        assert_eq!(p.server.conn.session_id(), id);
    }
}

/// Resume `data` against `server` expecting a full handshake for `reason`.
fn declined(
    client: &Arc<ClientConfig>,
    server: &Server,
    data: ResumptionData,
    wait: Duration,
    reason: DeclineReason,
    what: &str,
) -> Pair {
    for delivery in [Delivery::Flights, Delivery::Bytewise] {
        let mut p = resuming_pair(client, server, data.clone(), delivery, wait);
        complete(&mut p, what);
        assert!(!p.client.conn.is_resumed(), "{what}");
        assert!(!p.server.conn.is_resumed(), "{what}");
        assert!(p.server.conn.info().resumption_offered, "{what}");
        assert_eq!(declines(&p.server.events), [reason], "{what}: server");
        assert_eq!(
            declines(&p.client.events),
            [DeclineReason::DeclinedByServer],
            "{what}: client"
        );
        // A new session: a new identity, and a new session for the client.
        assert_eq!(p.server.conn.session_id().len(), 32, "{what}");
        assert_eq!(tickets(&p.client.events).len(), 1, "{what}");
        assert_ne!(
            p.client.conn.resumption_data().unwrap().secret(),
            data.secret(),
            "{what}: a new master secret"
        );
        exchange(&mut p, what);
        if delivery == Delivery::Bytewise {
            return p;
        }
    }
    unreachable!()
}

/// Where the pair's virtual clock starts.
fn start_time() -> UnixTime {
    UnixTime::since_unix_epoch(START_TIME)
}

/// Client data for a ticket the test made, received at the start of the virtual clock.
fn ticket_data(params: SessionParams, ticket: Vec<u8>, lifetime: u32) -> ResumptionData {
    ResumptionData::tls12_ticket(params, ticket, Vec::new(), start_time(), lifetime).expect("data")
}

/// A server state for `params` under `id`, made at the start of the virtual clock.
fn state(params: SessionParams, id: &[u8], lifetime: u32) -> ServerSessionState {
    ServerSessionState::tls12(params, id.to_vec(), start_time(), lifetime).expect("state")
}

fn seal(server: &Server, state: &ServerSessionState) -> Vec<u8> {
    server
        .sealer
        .seal(
            &state.to_bytes(),
            server.config.provider.random.as_ref(),
            start_time(),
        )
        .expect("seal")
}

#[test]
fn forged_corrupted_and_foreign_tickets_fall_back_to_a_full_handshake() {
    let suite = SUITES[0];
    let server = Server::new(suite);
    let client = client(Mode::Ticket, &[suite]);
    let (data, _) = full(&client, &server, Delivery::Flights);
    let params = data.params().clone();
    // Forged: bytes that were never a ticket.
    let forged = ticket_data(params.clone(), vec![0x42; 120], 3600);
    declined(
        &client,
        &server,
        forged,
        Duration::ZERO,
        DeclineReason::Undecryptable,
        "forged",
    );
    // Corrupted: one bit of a real ticket.
    let mut bytes = data.ticket().to_vec();
    let last = bytes.len() - 1;
    bytes[last / 2] ^= 0x10;
    let corrupted = ticket_data(params.clone(), bytes, 3600);
    declined(
        &client,
        &server,
        corrupted,
        Duration::ZERO,
        DeclineReason::Undecryptable,
        "corrupted",
    );
    // Another server's key.
    let other = Server::new(suite);
    declined(
        &client,
        &other,
        data.clone(),
        Duration::ZERO,
        DeclineReason::Undecryptable,
        "another server's ticket",
    );
    // Tickets turned off: the ticket is not looked at (nor the made-up session ID).
    let off = Server::with(suite, |c| c.tls12_tickets = false);
    declined(
        &client,
        &off,
        data,
        Duration::ZERO,
        DeclineReason::Disabled,
        "tickets disabled",
    );
}

#[test]
fn an_expired_ticket_falls_back_to_a_full_handshake() {
    let suite = SUITES[1];
    let server = Server::with(suite, |c| c.session_lifetime = 600);
    let client = client(Mode::Ticket, &[suite]);
    let (data, _) = full(&client, &server, Delivery::Flights);
    assert_eq!(data.lifetime(), 600, "the hint is the session lifetime");
    // Still good just before the end.
    resumed(
        &client,
        &server,
        data.clone(),
        Delivery::Flights,
        "before expiry",
    );
    // The client would not offer it after 600 s; a client that believes in a longer life does,
    // and the server refuses it.
    let hopeful = ticket_data(data.params().clone(), data.ticket().to_vec(), 86_400);
    declined(
        &client,
        &server,
        hopeful,
        Duration::from_secs(601),
        DeclineReason::Expired,
        "expired",
    );
}

#[test]
fn a_renewed_ticket_never_outlives_the_original_session() {
    let suite = SUITES[2];
    let server = Server::with(suite, |c| c.session_lifetime = 1000);
    let client = client(Mode::Ticket, &[suite]);
    let (data, _) = full(&client, &server, Delivery::Flights);
    let mut p = resuming_pair(
        &client,
        &server,
        data.clone(),
        Delivery::Flights,
        Duration::from_secs(400),
    );
    complete(&mut p, "renewal");
    assert!(p.server.conn.is_resumed());
    let renewed = p.client.conn.resumption_data().unwrap();
    assert_eq!(
        renewed.received().as_secs(),
        data.received().as_secs() + 400
    );
    assert_eq!(renewed.expires_at(), data.expires_at());
    // The server agrees: the renewed ticket is refused past the original end.
    let hopeful = ticket_data(renewed.params().clone(), renewed.ticket().to_vec(), 86_400);
    declined(
        &client,
        &server,
        hopeful,
        Duration::from_secs(1001),
        DeclineReason::Expired,
        "renewed ticket past the original expiry",
    );
}

#[test]
fn an_unknown_session_id_falls_back_to_a_full_handshake() {
    let suite = SUITES[3];
    let server = Server::new(suite);
    let client = client(Mode::SessionId, &[suite]);
    let (data, _) = full(&client, &server, Delivery::Flights);
    // Another server (another store) does not know it.
    let other = Server::new(suite);
    declined(
        &client,
        &other,
        data,
        Duration::ZERO,
        DeclineReason::UnknownSession,
        "unknown session id",
    );
}

#[test]
fn another_server_name_is_not_resumed() {
    let suite = SUITES[0];
    for mode in [Mode::SessionId, Mode::Ticket] {
        let server = Server::new(suite);
        let client = client(mode, &[suite]);
        let (data, id) = full(&client, &server, Delivery::Flights);
        let mut params = data.params().clone();
        params.server_name = Some("other.example".into());
        let planted = state(params, &id, 3600);
        // The server's own record says the session was for another name.
        let data = match mode {
            Mode::SessionId => {
                assert!(server.store.put(&id, planted, start_time()));
                data
            }
            Mode::Ticket => ticket_data(data.params().clone(), seal(&server, &planted), 3600),
        };
        declined(
            &client,
            &server,
            data,
            Duration::ZERO,
            DeclineReason::ServerNameMismatch,
            &format!("{mode:?} server name"),
        );
    }
    // The same name in another case resumes.
    let server = Server::new(suite);
    let client = client(Mode::Ticket, &[suite]);
    let (data, id) = full(&client, &server, Delivery::Flights);
    let mut params = data.params().clone();
    params.server_name = Some(certs::SERVER_NAME.to_ascii_uppercase());
    let ticket = seal(&server, &state(params, &id, 3600));
    resumed(
        &client,
        &server,
        ticket_data(data.params().clone(), ticket, 3600),
        Delivery::Flights,
        "server name in upper case",
    );
}

#[test]
fn a_session_without_ems_is_not_resumed_by_a_client_with_ems() {
    // RFC 7627 §5.3: original session without EMS, new ClientHello with it: full handshake.
    let suite = SUITES[0];
    for mode in [Mode::SessionId, Mode::Ticket] {
        let server = Server::with(suite, |c| c.require_ems = false);
        let mut config = (*client(mode, &[suite])).clone();
        config.require_ems = false;
        let client = Arc::new(config);
        let (data, id) = full(&client, &server, Delivery::Flights);
        let mut legacy = data.params().clone();
        legacy.extended_master_secret = false;
        let planted = state(legacy, &id, 3600);
        let data = match mode {
            Mode::SessionId => {
                assert!(server.store.put(&id, planted, start_time()));
                data
            }
            Mode::Ticket => ticket_data(data.params().clone(), seal(&server, &planted), 3600),
        };
        let p = declined(
            &client,
            &server,
            data,
            Duration::ZERO,
            DeclineReason::EmsMismatch,
            &format!("{mode:?} EMS"),
        );
        assert!(p.server.conn.info().extended_master_secret);
    }
}

#[test]
fn a_suite_the_server_no_longer_runs_is_not_resumed() {
    let first = &suites::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
    let second = &suites::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384;
    for mode in [Mode::SessionId, Mode::Ticket] {
        let server = Server::new(first);
        let client = client(mode, &[first, second]);
        let (data, _) = full(&client, &server, Delivery::Flights);
        assert_eq!(data.cipher_suite(), first.suite);
        // The same store and sealer, but the session's suite is disabled now.
        let mut config = (*server.config).clone();
        config.cipher_suites.retain(|s| s.suite != first.suite);
        let changed = Server {
            config: Arc::new(config),
            store: Arc::clone(&server.store),
            sealer: Arc::clone(&server.sealer),
        };
        let p = declined(
            &client,
            &changed,
            data,
            Duration::ZERO,
            DeclineReason::CipherSuiteMismatch,
            &format!("{mode:?} suite"),
        );
        assert_eq!(p.server.conn.info().suite, Some(second));
    }
}

#[test]
fn a_tls13_ticket_in_the_tls12_extension_is_a_version_mismatch() {
    let suite = SUITES[0];
    let server = Server::new(suite);
    // A TLS 1.3 handshake with the same server (and sealer) for its ticket.
    let mut tls13 = certs::client_config();
    tls13.versions = vec![ProtocolVersion::TLS1_3];
    let mut p = Pair::new(
        Arc::new(tls13),
        Arc::clone(&server.config),
        certs::SERVER_NAME,
        Delivery::Flights,
    );
    complete(&mut p, "TLS 1.3");
    p.pump();
    let Some(tls13_ticket) = tickets(&p.client.events).into_iter().next() else {
        // Without TLS 1.3 tickets from the server there is nothing to present.
        eprintln!("no TLS 1.3 ticket issued; skipping");
        return;
    };
    let client = client(Mode::Ticket, &[suite]);
    let (data, _) = full(&client, &server, Delivery::Flights);
    let data = ticket_data(data.params().clone(), tls13_ticket.ticket().to_vec(), 3600);
    declined(
        &client,
        &server,
        data,
        Duration::ZERO,
        DeclineReason::VersionMismatch,
        "TLS 1.3 ticket",
    );
}

#[test]
fn seeded_randomness_reproduces_full_and_resumed_handshakes_byte_for_byte() {
    // With every random byte from seeded sources (the sealer's key included: a sealer made
    // from an OS-random provider would make every ticket differ), the bytes on the wire do not
    // depend on how they were delivered.
    let suite = SUITES[0];
    let run = |delivery: Delivery| {
        let mut config = certs::server_config(key_for(suite));
        config.provider = certs::seeded_provider(0x5e);
        let sealer = AeadTicketSealer::new(&config.provider, 3600).expect("sealer");
        config.ticket_sealer = Some(Arc::new(sealer));
        let server = Arc::new(config);
        let mut client_config = (*client(Mode::Ticket, &[suite])).clone();
        client_config.provider = certs::seeded_provider(0xc1);
        let client_config = Arc::new(client_config);
        let mut p = Pair::new(
            Arc::clone(&client_config),
            Arc::clone(&server),
            certs::SERVER_NAME,
            delivery,
        );
        complete(&mut p, "seeded full");
        let data = p.client.conn.resumption_data().expect("ticket");
        let mut wire = (p.client_wrote.clone(), p.server_wrote.clone());
        let mut p = Pair::new(
            Arc::clone(&client_config),
            server,
            certs::SERVER_NAME,
            delivery,
        );
        p.client.conn =
            ClientConnection::resume(client_config, server_name(), data, p.now()).expect("resume");
        complete(&mut p, "seeded resumption");
        assert!(p.server.conn.is_resumed());
        wire.0.extend_from_slice(&p.client_wrote);
        wire.1.extend_from_slice(&p.server_wrote);
        wire
    };
    let reference = run(Delivery::Flights);
    for delivery in [Delivery::Bytewise, DELIVERIES[2]] {
        assert!(run(delivery) == reference, "{delivery:?} differs");
    }
}
