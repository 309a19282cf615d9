//! Certificates chosen and handshakes signed by the application, answered later
//! (`crate::deferred`: `Request::ChooseCertificate`, `ChooseClientCertificate`, `Sign`).
//!
//! The pair-matrix scenarios "SNI-selected certificates" and "external signing" (both versions,
//! both sides: the server's certificate chosen by SNI with an external key, and client
//! authentication with a deferred client certificate and an external client key) run with the
//! answers given immediately, after 1 and after 5 extra rounds of I/O, and only once the
//! peer's next flight has arrived (the wire is quiet); every run writes byte for byte what a
//! run with the synchronous objects (a resolver, local keys) writes. The keys are ECDSA P-256,
//! whose signatures are deterministic (RFC 6979), and both providers are seeded.
//!
//! The same through the pair matrix's whole run (handshake, data, KeyUpdate, close) with the
//! deferring driver of `tests/support/deferring.rs`, for ECDSA P-256 and Ed25519 cells with and
//! without client authentication and HelloRetryRequest.
//!
//! Then the failures the RFCs name for these answers, and the misuse of `Connection::answer`
//! with these kinds; and (`resumption.rs`) that a resumption asks for no certificate.

use std::sync::Arc;

use ferrotls_core::conn::Handshake;
use ferrotls_core::deferred::{Answer, ReplayVerdict, Request, SignFailed};
use ferrotls_core::verify::WebPkiClientVerifier;
use ferrotls_core::{
    AlertDescription, ApiError, CertResolver, CertifiedKey, ClientConfig, Connection, Event,
    ProtocolVersion, ServerConfig,
};
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::chunks::Delivery;
use ferrotls_tests::external_signer::ExternalSigner;
use ferrotls_tests::pair::{Endpoint, Pair};

/// The name `server-ecdsa-p256.pem` is for.
const DEFAULT_NAME: &str = "localhost";
/// The name `other-name.pem` is for.
const OTHER_NAME: &str = "other.ferrotls";

/// Rounds after which a run that neither completes nor fails is stuck.
const MAX_ROUNDS: usize = 40;

/// When the driver answers a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Timing {
    /// At the first look after the pause.
    Immediately,
    /// After this many more rounds of I/O (each round: both directions delivered).
    AfterRounds(usize),
    /// Once the peer's next flight has arrived: when a round moves nothing.
    AfterPeerFlight,
}

const TIMINGS: [Timing; 4] = [
    Timing::Immediately,
    Timing::AfterRounds(1),
    Timing::AfterRounds(5),
    Timing::AfterPeerFlight,
];

/// One combination of the scenarios.
#[derive(Clone, Copy, Debug)]
struct Case {
    version: ProtocolVersion,
    /// The name the client connects to, which chooses the server's certificate.
    name: &'static str,
    /// The server requires a client certificate; the client's is chosen late and its key is
    /// external.
    client_auth: bool,
}

fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for version in [ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2] {
        for name in [DEFAULT_NAME, OTHER_NAME] {
            for client_auth in [false, true] {
                cases.push(Case {
                    version,
                    name,
                    client_auth,
                });
            }
        }
    }
    cases
}

/// The two server certificates by name, with their local keys.
fn server_keys() -> Vec<(&'static str, Arc<CertifiedKey>)> {
    vec![
        (DEFAULT_NAME, certs::server_key(KeyKind::EcdsaP256)),
        (OTHER_NAME, certs::certified_key("other-name")),
    ]
}

/// What the application holds: the certificates it chooses from (external keys) and the
/// private keys that sign for them.
#[derive(Debug)]
struct Application {
    /// Server: the certificate for each name.
    by_name: Vec<(&'static str, ExternalSigner)>,
    /// Client: its certificate.
    client: ExternalSigner,
    /// The requests each side posted, in order.
    asked: Vec<(bool, Request)>,
}

impl Application {
    fn new() -> Self {
        Self {
            by_name: server_keys()
                .into_iter()
                .map(|(name, key)| (name, ExternalSigner::new(&key)))
                .collect(),
            client: ExternalSigner::new(&certs::client_key(KeyKind::EcdsaP256)),
            asked: Vec::new(),
        }
    }

    /// The answer to `request` (`client`: which side asked). A server's certificate is the
    /// one for the SNI name; a signature is made by the signer of the certificate chosen.
    fn answer(&mut self, client: bool, request: &Request) -> Answer {
        self.asked.push((client, request.clone()));
        match request {
            Request::ChooseCertificate(query) => {
                let chosen = self
                    .by_name
                    .iter()
                    .find(|(name, _)| Some(*name) == query.server_name.as_deref())
                    .map(|(_, signer)| Arc::clone(&signer.certified));
                Answer::Certificate(chosen)
            }
            Request::ChooseClientCertificate(_) => {
                Answer::Certificate(Some(Arc::clone(&self.client.certified)))
            }
            Request::Sign { .. } if client => self.client.answer(request).expect("a Sign"),
            Request::Sign { .. } => {
                // The certificate the server chose last.
                let name = self
                    .asked
                    .iter()
                    .rev()
                    .find_map(|(c, r)| match r {
                        Request::ChooseCertificate(q) if !c => q.server_name.clone(),
                        _ => None,
                    })
                    .expect("a certificate was chosen before the signature");
                let (_, signer) = self
                    .by_name
                    .iter()
                    .find(|(n, _)| *n == name)
                    .expect("a signer for the chosen name");
                signer.answer(request).expect("a Sign")
            }
            other => panic!("not a request of this test: {other:?}"),
        }
    }
}

/// The configs of `case`: `deferred` leaves the choices and signatures to the application,
/// otherwise a resolver and local keys answer at once.
fn configs(case: Case, deferred: bool) -> (ClientConfig, ServerConfig) {
    let mut resolver = CertResolver::new();
    if !deferred {
        for (name, key) in server_keys() {
            resolver.add(name, key);
        }
    }
    let mut server = ServerConfig::new(certs::provider(), Arc::new(resolver));
    certs::seed_server(&mut server, 7);
    server.versions = vec![case.version];
    server.defer.certificate = deferred;
    let mut client = certs::client_config();
    client.provider = certs::seeded_provider(8);
    client.versions = vec![case.version];
    if case.client_auth {
        server.client_verifier = Some(Arc::new(WebPkiClientVerifier::new(
            certs::roots("client-ca.pem"),
            server.provider.verification,
        )));
        if deferred {
            client.defer.certificate = true;
        } else {
            client.client_auth = Some(certs::client_key(KeyKind::EcdsaP256));
        }
    }
    (client, server)
}

/// What a run left: the bytes each side wrote, its events, and the requests answered.
#[derive(Debug, PartialEq)]
struct Run {
    client_wrote: Vec<u8>,
    server_wrote: Vec<u8>,
    client_events: Vec<Event>,
    server_events: Vec<Event>,
    asked: Vec<(bool, Request)>,
    /// Rounds of I/O until both handshakes completed.
    rounds: usize,
}

/// One side's wait for its pending request.
#[derive(Debug, Default)]
struct Waiting {
    rounds: usize,
}

impl Waiting {
    /// Whether to answer now, `quiet` being whether the last round moved nothing.
    fn ready(&mut self, timing: Timing, quiet: bool) -> bool {
        let ready = match timing {
            Timing::Immediately => true,
            Timing::AfterRounds(n) => self.rounds >= n,
            Timing::AfterPeerFlight => quiet,
        };
        self.rounds += 1;
        ready
    }
}

/// Answer `endpoint`'s pending request if `timing` says so, then let it take what waited.
fn maybe_answer<H: Handshake>(
    endpoint: &mut Endpoint<H>,
    waiting: &mut Waiting,
    app: &mut Application,
    client: bool,
    timing: Timing,
    quiet: bool,
    now: ferrotls_core::pki_types::UnixTime,
) -> bool {
    let Some(request) = endpoint.conn.pending().cloned() else {
        return false;
    };
    if !waiting.ready(timing, quiet) {
        return false;
    }
    *waiting = Waiting::default();
    let answer = app.answer(client, &request);
    endpoint
        .conn
        .answer(answer, now)
        .unwrap_or_else(|e| panic!("answer to {request:?}: {e}"));
    // The input the pause left unconsumed.
    endpoint.receive(&[], now);
    true
}

/// Run `case` to a completed handshake and a line of data each way. `timing` `None`: the
/// synchronous objects answer.
fn run(case: Case, timing: Option<Timing>, delivery: Delivery) -> Run {
    let (client, server) = configs(case, timing.is_some());
    let mut pair = Pair::new(Arc::new(client), Arc::new(server), case.name, delivery);
    let mut app = Application::new();
    let (mut client_wait, mut server_wait) = (Waiting::default(), Waiting::default());
    let mut done = false;
    let mut rounds = 0;
    for _ in 0..MAX_ROUNDS {
        rounds += 1;
        let moved = pair.client_to_server() + pair.server_to_client();
        assert!(
            pair.client.conn.failure().is_none() && pair.server.conn.failure().is_none(),
            "{case:?} {timing:?}: failed: client {:?}, server {:?}",
            pair.client.conn.failure(),
            pair.server.conn.failure()
        );
        let now = pair.now();
        let mut answered = false;
        if let Some(timing) = timing {
            answered |= maybe_answer(
                &mut pair.server,
                &mut server_wait,
                &mut app,
                false,
                timing,
                moved == 0,
                now,
            );
            answered |= maybe_answer(
                &mut pair.client,
                &mut client_wait,
                &mut app,
                true,
                timing,
                moved == 0,
                now,
            );
        }
        if pair.client.handshake_done() && pair.server.handshake_done() {
            done = true;
            break;
        }
        let paused = pair.client.conn.pending().is_some() || pair.server.conn.pending().is_some();
        assert!(
            moved > 0 || answered || paused,
            "{case:?} {timing:?}: stuck"
        );
    }
    assert!(
        done,
        "{case:?} {timing:?}: no handshake in {MAX_ROUNDS} rounds"
    );
    pair.client_send(b"ping");
    pair.server_send(b"pong");
    pair.pump();
    assert_eq!(pair.server.take_data(), b"ping");
    assert_eq!(pair.client.take_data(), b"pong");
    let info = pair.client.conn.info();
    assert_eq!(info.version, Some(case.version));
    let server_info = pair.server.conn.info();
    assert_eq!(server_info.server_name.as_deref(), Some(case.name));
    assert_eq!(
        server_info.client_authenticated, case.client_auth,
        "{case:?}"
    );
    // The client got the certificate of its name.
    let expected = if case.name == OTHER_NAME {
        certs::certs("other-name.pem")
    } else {
        certs::certs("server-ecdsa-p256.pem")
    };
    assert_eq!(
        info.peer_certificates.first(),
        expected.first(),
        "{case:?}: the certificate for {}",
        case.name
    );
    Run {
        client_wrote: pair.client_wrote.clone(),
        server_wrote: pair.server_wrote.clone(),
        client_events: pair.client.events.clone(),
        server_events: pair.server.events.clone(),
        asked: app.asked,
        rounds,
    }
}

/// The events without the pause notifications, which only deferred runs have.
fn without_pauses(events: &[Event]) -> Vec<Event> {
    events
        .iter()
        .filter(|e| **e != Event::Paused)
        .cloned()
        .collect()
}

#[test]
fn every_timing_writes_the_bytes_of_the_instant_answers() {
    let mut runs = 0;
    for case in cases() {
        let baseline = run(case, None, Delivery::Flights);
        for timing in TIMINGS {
            for delivery in [
                Delivery::Flights,
                Delivery::Random {
                    seed: 12,
                    max_chunk: 300,
                },
            ] {
                let deferred = run(case, Some(timing), delivery);
                let what = format!("{case:?} {timing:?} {delivery:?}");
                assert!(
                    deferred.client_wrote == baseline.client_wrote,
                    "{what}: the client's bytes differ"
                );
                assert!(
                    deferred.server_wrote == baseline.server_wrote,
                    "{what}: the server's bytes differ"
                );
                assert_eq!(
                    without_pauses(&deferred.client_events),
                    baseline.client_events,
                    "{what}: client events"
                );
                assert_eq!(
                    without_pauses(&deferred.server_events),
                    baseline.server_events,
                    "{what}: server events"
                );
                // What was asked, in order: the server's certificate, its signature, then (with
                // client authentication) the client's certificate and signature.
                let kinds: Vec<(bool, &'static str)> = deferred
                    .asked
                    .iter()
                    .map(|(client, r)| (*client, kind(r)))
                    .collect();
                let mut expected = vec![(false, "ChooseCertificate"), (false, "Sign")];
                if case.client_auth {
                    expected.extend([(true, "ChooseClientCertificate"), (true, "Sign")]);
                }
                assert_eq!(kinds, expected, "{what}");
                // Each request was announced once by Event::Paused.
                let pauses =
                    |events: &[Event]| events.iter().filter(|e| **e == Event::Paused).count();
                assert_eq!(pauses(&deferred.server_events), 2, "{what}");
                assert_eq!(
                    pauses(&deferred.client_events),
                    if case.client_auth { 2 } else { 0 },
                    "{what}"
                );
                if let Some((_, Request::ChooseCertificate(query))) = deferred.asked.first() {
                    assert_eq!(query.server_name.as_deref(), Some(case.name), "{what}");
                    assert_eq!(query.version, case.version, "{what}");
                    assert!(!query.schemes.is_empty(), "{what}");
                }
                // The late answers did wait: each of the server's two pauses held the
                // handshake for at least its rounds.
                if let Timing::AfterRounds(n) = timing {
                    assert!(
                        deferred.rounds >= baseline.rounds + 2 * n,
                        "{what}: {} rounds, {} without pauses",
                        deferred.rounds,
                        baseline.rounds
                    );
                }
                runs += 1;
            }
        }
    }
    assert_eq!(runs, 8 * 4 * 2);
}

fn kind(request: &Request) -> &'static str {
    match request {
        Request::ChooseCertificate(_) => "ChooseCertificate",
        Request::ChooseClientCertificate(_) => "ChooseClientCertificate",
        Request::Sign { .. } => "Sign",
        _ => "other",
    }
}

// The failures and misuse of these answers, and the matrix cells, each in its own file.
mod failures;
mod matrix;
mod resumption;
