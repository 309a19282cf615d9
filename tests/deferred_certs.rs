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
//! with these kinds.

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

// ---------------------------------------------------------------------------------------------
// Failures and misuse.

/// A pair whose server leaves its certificate to the application (`deferred` keys external),
/// the ClientHello delivered: the server waits for `ChooseCertificate`.
fn server_waiting_for_certificate(version: ProtocolVersion, name: &str) -> Pair {
    let case = Case {
        version,
        name: DEFAULT_NAME,
        client_auth: false,
    };
    let (client, server) = configs(case, true);
    let mut pair = Pair::new(Arc::new(client), Arc::new(server), name, Delivery::Flights);
    pair.client_to_server();
    assert!(
        matches!(
            pair.server.conn.pending(),
            Some(Request::ChooseCertificate(_))
        ),
        "{:?}",
        pair.server.conn.pending()
    );
    pair
}

/// `conn.answer(answer)` is refused as `error`, and the connection is as it was: the same
/// request pending, nothing more to write.
#[track_caller]
fn refused<H: Handshake>(conn: &mut Connection<H>, answer: Answer, error: ApiError) {
    let before = conn.pending().cloned();
    let queued = conn.pending_tls().to_vec();
    let now =
        ferrotls_core::pki_types::UnixTime::since_unix_epoch(ferrotls_tests::pair::START_TIME);
    assert_eq!(conn.answer(answer, now), Err(error));
    assert_eq!(conn.pending().cloned(), before);
    assert_eq!(
        conn.pending_tls(),
        queued,
        "a refused answer wrote something"
    );
    assert!(conn.failure().is_none());
}

fn wrong(expected: &'static str) -> ApiError {
    ApiError::WrongAnswer { expected }
}

#[test]
fn each_request_takes_only_its_kind_of_answer_once() {
    for version in [ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2] {
        let mut pair = server_waiting_for_certificate(version, OTHER_NAME);
        let app = Application::new();
        let conn = &mut pair.server.conn;
        refused(
            conn,
            Answer::Signature(Ok(vec![1, 2])),
            wrong("Answer::Certificate"),
        );
        refused(
            conn,
            Answer::Replay(ReplayVerdict::Fresh),
            wrong("Answer::Certificate"),
        );
        let now = pair.now();
        let signer = &app.by_name[1].1;
        let conn = &mut pair.server.conn;
        conn.answer(
            Answer::Certificate(Some(Arc::clone(&signer.certified))),
            now,
        )
        .unwrap();
        let Some(sign @ Request::Sign { .. }) = conn.pending().cloned() else {
            panic!(
                "{version:?}: no Sign after the certificate: {:?}",
                conn.pending()
            );
        };
        refused(conn, Answer::Certificate(None), wrong("Answer::Signature"));
        conn.answer(signer.answer(&sign).unwrap(), now).unwrap();
        refused(
            conn,
            Answer::Signature(Ok(Vec::new())),
            ApiError::NothingPending,
        );
        pair.handshake()
            .unwrap_or_else(|e| panic!("{version:?}: {e}"));
        assert_eq!(
            pair.client.conn.info().peer_certificates,
            certs::certs("other-name.pem")
        );
    }
}

#[test]
fn no_certificate_is_the_alert_the_rfc_names() {
    // RFC 6066 §3: a name we have no certificate for is unrecognized_name; without a name
    // (the client connects to an address, so sends no SNI) it is handshake_failure
    // (RFC 9846 §4.5.1.2 / RFC 5246 §7.4.2: no certificate to present).
    for version in [ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2] {
        for (name, alert) in [
            (DEFAULT_NAME, AlertDescription::UNRECOGNIZED_NAME),
            ("127.0.0.1", AlertDescription::HANDSHAKE_FAILURE),
        ] {
            let mut pair = server_waiting_for_certificate(version, name);
            let now = pair.now();
            let result = pair.server.conn.answer(Answer::Certificate(None), now);
            let Err(ApiError::Failed(error)) = result else {
                panic!("{version:?} {name}: {result:?}");
            };
            assert_eq!(error.alert_sent(), Some(alert), "{version:?} {name}");
            // After the failure: nothing pending, and an answer is refused as the failure.
            assert!(pair.server.conn.pending().is_none());
            assert_eq!(
                pair.server.conn.answer(Answer::Certificate(None), now),
                Err(ApiError::Failed(error.clone()))
            );
            pair.pump();
            assert_eq!(
                pair.client.alert_received(),
                Some(alert),
                "{version:?} {name}"
            );
        }
    }
}

#[test]
fn a_failed_signature_is_internal_error() {
    // RFC 9846 §6.2 (RFC 5246 §7.2.2): "internal_error: An internal error unrelated to the
    // peer or the correctness of the protocol".
    for version in [ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2] {
        let mut pair = server_waiting_for_certificate(version, DEFAULT_NAME);
        let app = Application::new();
        let now = pair.now();
        let conn = &mut pair.server.conn;
        conn.answer(
            Answer::Certificate(Some(Arc::clone(&app.by_name[0].1.certified))),
            now,
        )
        .unwrap();
        let result = conn.answer(Answer::Signature(Err(SignFailed)), now);
        let Err(ApiError::Failed(error)) = result else {
            panic!("{version:?}: {result:?}");
        };
        assert_eq!(error.alert_sent(), Some(AlertDescription::INTERNAL_ERROR));
        pair.pump();
        assert_eq!(
            pair.client.alert_received(),
            Some(AlertDescription::INTERNAL_ERROR)
        );
        // Nothing of the unsigned flight went out: only the alert.
        assert!(pair.client.conn.info().peer_certificates.is_empty());
    }
}

/// A pair with client authentication whose client leaves its certificate to the application,
/// run until the client waits for `ChooseClientCertificate`.
fn client_waiting_for_certificate(version: ProtocolVersion, mandatory: bool) -> Pair {
    let case = Case {
        version,
        name: DEFAULT_NAME,
        client_auth: true,
    };
    let (client, mut server) = configs(case, true);
    let verifier =
        WebPkiClientVerifier::new(certs::roots("client-ca.pem"), server.provider.verification);
    server.client_verifier = Some(Arc::new(if mandatory {
        verifier
    } else {
        verifier.optional()
    }));
    let mut pair = Pair::new(
        Arc::new(client),
        Arc::new(server),
        DEFAULT_NAME,
        Delivery::Flights,
    );
    let mut app = Application::new();
    for _ in 0..MAX_ROUNDS {
        pair.client_to_server();
        pair.server_to_client();
        let now = pair.now();
        if let Some(request) = pair.server.conn.pending().cloned() {
            let answer = app.answer(false, &request);
            pair.server.conn.answer(answer, now).unwrap();
        }
        if let Some(Request::ChooseClientCertificate(query)) = pair.client.conn.pending() {
            assert_eq!(query.version, version);
            assert!(!query.schemes.is_empty());
            // Our server names the client CA (certificate_authorities, RFC 9846 §4.3.4; the
            // TLS 1.2 CertificateRequest's list) or none; either way the list is passed on.
            return pair;
        }
    }
    panic!("{version:?}: the client never asked for its certificate");
}

#[test]
fn a_client_certificate_request_takes_only_a_certificate() {
    for version in [ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2] {
        let mut pair = client_waiting_for_certificate(version, true);
        let conn = &mut pair.client.conn;
        refused(
            conn,
            Answer::Signature(Ok(vec![0])),
            wrong("Answer::Certificate"),
        );
        refused(
            conn,
            Answer::Replay(ReplayVerdict::Unavailable),
            wrong("Answer::Certificate"),
        );
        let app = Application::new();
        let now = pair.now();
        let conn = &mut pair.client.conn;
        conn.answer(
            Answer::Certificate(Some(Arc::clone(&app.client.certified))),
            now,
        )
        .unwrap();
        let Some(sign @ Request::Sign { .. }) = conn.pending().cloned() else {
            // TLS 1.3: the Sign comes with the server's Finished, still in the client's input.
            pair.client.receive(&[], now);
            let Some(sign @ Request::Sign { .. }) = pair.client.conn.pending().cloned() else {
                panic!("{version:?}: no Sign: {:?}", pair.client.conn.pending());
            };
            finish_client_auth(&mut pair, &app, sign, version);
            continue;
        };
        finish_client_auth(&mut pair, &app, sign, version);
    }
}

fn finish_client_auth(pair: &mut Pair, app: &Application, sign: Request, version: ProtocolVersion) {
    let now = pair.now();
    let conn = &mut pair.client.conn;
    refused(conn, Answer::Certificate(None), wrong("Answer::Signature"));
    conn.answer(app.client.answer(&sign).unwrap(), now).unwrap();
    refused(conn, Answer::Certificate(None), ApiError::NothingPending);
    pair.client.receive(&[], now);
    pair.handshake()
        .unwrap_or_else(|e| panic!("{version:?}: {e}"));
    assert!(pair.server.conn.info().client_authenticated);
    assert_eq!(
        pair.server.conn.info().peer_certificates,
        certs::certs("client-ecdsa-p256.pem")
    );
}

#[test]
fn no_client_certificate_sends_an_empty_one() {
    // RFC 9846 §4.5.1 / RFC 5246 §7.4.6: without a suitable certificate the client sends an
    // empty Certificate; a server that requires one refuses (as with no `client_auth`), one
    // that does not goes on without.
    for version in [ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2] {
        for mandatory in [true, false] {
            let mut pair = client_waiting_for_certificate(version, mandatory);
            let now = pair.now();
            pair.client
                .conn
                .answer(Answer::Certificate(None), now)
                .unwrap();
            assert!(
                pair.client.conn.pending().is_none(),
                "no signature without a certificate"
            );
            pair.client.receive(&[], now);
            let result = pair.handshake();
            // The same without deferring: a client with no `client_auth`.
            let case = Case {
                version,
                name: DEFAULT_NAME,
                client_auth: true,
            };
            let (mut client, mut server) = configs(case, false);
            client.client_auth = None;
            let verifier = WebPkiClientVerifier::new(
                certs::roots("client-ca.pem"),
                server.provider.verification,
            );
            server.client_verifier = Some(Arc::new(if mandatory {
                verifier
            } else {
                verifier.optional()
            }));
            let mut plain = Pair::new(
                Arc::new(client),
                Arc::new(server),
                DEFAULT_NAME,
                Delivery::Flights,
            );
            let expected = plain.handshake();
            assert_eq!(
                result.is_ok(),
                !mandatory,
                "{version:?} mandatory={mandatory}"
            );
            assert_eq!(
                result.is_ok(),
                expected.is_ok(),
                "{version:?} mandatory={mandatory}"
            );
            assert_eq!(
                pair.server.alert_sent(),
                plain.server.alert_sent(),
                "{version:?} mandatory={mandatory}"
            );
            if mandatory {
                assert!(pair.server.alert_sent().is_some());
            } else {
                assert!(!pair.server.conn.info().client_authenticated);
            }
        }
    }
}

#[test]
fn a_failed_client_signature_is_internal_error() {
    for version in [ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2] {
        let mut pair = client_waiting_for_certificate(version, true);
        let app = Application::new();
        let now = pair.now();
        pair.client
            .conn
            .answer(
                Answer::Certificate(Some(Arc::clone(&app.client.certified))),
                now,
            )
            .unwrap();
        pair.client.receive(&[], now);
        assert!(matches!(
            pair.client.conn.pending(),
            Some(Request::Sign { .. })
        ));
        let result = pair
            .client
            .conn
            .answer(Answer::Signature(Err(SignFailed)), now);
        let Err(ApiError::Failed(error)) = result else {
            panic!("{version:?}: {result:?}");
        };
        assert_eq!(error.alert_sent(), Some(AlertDescription::INTERNAL_ERROR));
        pair.pump();
        assert_eq!(
            pair.server.alert_received(),
            Some(AlertDescription::INTERNAL_ERROR)
        );
    }
}

/// A `Sign` request carries exactly what RFC 9846 §4.5.2 has signed: 64 spaces, the context
/// string, a zero byte and the transcript hash; the external signature verifies against the
/// certificate's public key as a local one would (same bytes: RFC 6979).
#[test]
fn the_tls13_sign_request_is_the_certificate_verify_content() {
    let mut pair = server_waiting_for_certificate(ProtocolVersion::TLS1_3, DEFAULT_NAME);
    let app = Application::new();
    let now = pair.now();
    pair.server
        .conn
        .answer(
            Answer::Certificate(Some(Arc::clone(&app.by_name[0].1.certified))),
            now,
        )
        .unwrap();
    let Some(Request::Sign { message, .. }) = pair.server.conn.pending().cloned() else {
        panic!("no Sign");
    };
    let context = b"TLS 1.3, server CertificateVerify";
    assert_eq!(
        message.len(),
        64 + context.len() + 1 + 32,
        "SHA-256 transcript hash"
    );
    assert!(message[..64].iter().all(|b| *b == 0x20));
    assert_eq!(&message[64..64 + context.len()], context);
    assert_eq!(message[64 + context.len()], 0);
}

// ---------------------------------------------------------------------------------------------
// The pair matrix's whole run (handshake, data, KeyUpdate, close) through the deferring driver.

/// Matrix cells whose server certificate is chosen late by name and signed by an external
/// key, and (with client authentication) whose client certificate is chosen late and signed
/// by an external key, at every timing: the same bytes, infos and events (but `Paused`) as the
/// cell with a resolver and local keys. ECDSA P-256 (RFC 6979) and Ed25519 sign
/// deterministically; with a HelloRetryRequest the second ClientHello keeps the first's choice.
#[test]
fn matrix_cells_with_late_certificates_and_external_keys_match_the_synchronous_ones() {
    use ferrotls_core::crypto::NamedGroup;
    use ferrotls_core::suites::{TLS_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
    use ferrotls_tests::deferring::{Answerer, Deferring, TIMINGS as DRIVER_TIMINGS};
    use ferrotls_tests::matrix::{run_setup, run_setup_driven, Cell};

    let mut cells = Vec::new();
    for server_key in [KeyKind::EcdsaP256, KeyKind::Ed25519] {
        for client_key in [None, Some(KeyKind::EcdsaP256), Some(KeyKind::Ed25519)] {
            for hello_retry in [false, true] {
                cells.push(Cell {
                    version: ProtocolVersion::TLS1_3,
                    suite: &TLS_AES_128_GCM_SHA256,
                    server_picks_suite: false,
                    group: NamedGroup::X25519,
                    server_key,
                    hello_retry,
                    client_key,
                });
            }
            cells.push(Cell {
                version: ProtocolVersion::TLS1_2,
                suite: &TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                server_picks_suite: false,
                group: NamedGroup::X25519,
                server_key,
                hello_retry: false,
                client_key,
            });
        }
    }
    // The server's application: the certificate for the matrix's name, signed by its held key.
    let server_answerer = |kind: KeyKind| -> Answerer {
        let signer = ExternalSigner::new(&certs::server_key(kind));
        Box::new(move |request, _now| match request {
            Request::ChooseCertificate(query) => Answer::Certificate(
                (query.server_name.as_deref() == Some(certs::SERVER_NAME))
                    .then(|| Arc::clone(&signer.certified)),
            ),
            Request::Sign { .. } => signer.answer(request).expect("a Sign"),
            other => panic!("server: unexpected {other:?}"),
        })
    };
    let client_answerer = |kind: KeyKind| -> Answerer {
        let signer = ExternalSigner::new(&certs::client_key(kind));
        Box::new(move |request, _now| match request {
            Request::ChooseClientCertificate(_) => {
                Answer::Certificate(Some(Arc::clone(&signer.certified)))
            }
            Request::Sign { .. } => signer.answer(request).expect("a Sign"),
            other => panic!("client: unexpected {other:?}"),
        })
    };
    let mut runs = 0;
    for cell in &cells {
        let reference =
            run_setup(cell.setup(), Delivery::Flights).unwrap_or_else(|e| panic!("{cell}: {e}"));
        for timing in DRIVER_TIMINGS {
            let mut setup = cell.setup();
            setup.server.defer.certificate = true;
            let client = cell.client_key.map(|kind| {
                setup.client.defer.certificate = true;
                client_answerer(kind)
            });
            let driver = Deferring::driver(timing, Some(server_answerer(cell.server_key)), client);
            let outcome = run_setup_driven(setup, Delivery::Flights, driver)
                .unwrap_or_else(|e| panic!("{cell} {timing:?}: {e}"));
            for (side, deferred, reference) in [
                ("client", &outcome.client, &reference.client),
                ("server", &outcome.server, &reference.server),
            ] {
                assert!(
                    deferred.wrote == reference.wrote,
                    "{cell} {timing:?}: the {side}'s bytes differ"
                );
                assert_eq!(deferred.info, reference.info, "{cell} {timing:?} {side}");
                assert_eq!(
                    without_pauses(&deferred.events),
                    reference.events,
                    "{cell} {timing:?} {side}"
                );
            }
            // The server paused twice (certificate, signature); the client twice with a
            // certificate to present.
            let pauses = |events: &[Event]| events.iter().filter(|e| **e == Event::Paused).count();
            assert_eq!(pauses(&outcome.server.events), 2, "{cell} {timing:?}");
            assert_eq!(
                pauses(&outcome.client.events),
                if cell.client_key.is_some() { 2 } else { 0 },
                "{cell} {timing:?}"
            );
            runs += 1;
        }
    }
    assert_eq!(runs, 18 * 4);
}
