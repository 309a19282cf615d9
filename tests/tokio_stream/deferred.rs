//! The acceptor answering the handshake's deferred requests (`ferrotls_core::deferred`) through
//! an async `Answerer`: a session store the handshake waits for without blocking the runtime.
//! Stateful TLS 1.3 tickets taken once (with 0-RTT waiting for the answer's keys), TLS 1.2
//! session IDs looked up, a store that is unavailable, and an acceptor without an answerer.
//!
//! The server holds no store object: the sessions it makes resumable reach the application as
//! `Event::StoreSession`, which the acceptor hands to `Answerer::store`, and every lookup goes
//! through `Answerer::answer`.

use std::io::ErrorKind;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use ferrotls_core::deferred::{Answer, ReplayVerdict, Request, SessionLookup, StoreWrite};
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::resumption::{InMemorySessionStore, ServerSessionStore, SingleUseAntiReplay};
use ferrotls_core::{
    ClientConfig, DeclineReason, Event, ProtocolVersion, ResumptionData, ServerConfig,
};
use ferrotls_io::tokio::{AnswerFuture, Answerer, EarlyData, TlsAcceptor, TlsConnector};
use ferrotls_tests::certs::{self, KeyKind};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::Notify;

use super::{connected, connector, name, run, tcp_pair};

/// A session store the handshake must wait for, like one across the network: every answer
/// comes from another task, after `gate` lets it through (open unless a test closes it).
struct RemoteStore {
    sessions: Arc<InMemorySessionStore>,
    gate: Option<Arc<Notify>>,
    unavailable: bool,
    requests: Mutex<Vec<Request>>,
    stored: AtomicUsize,
}

impl Default for RemoteStore {
    fn default() -> Self {
        Self {
            sessions: Arc::new(InMemorySessionStore::new(64)),
            gate: None,
            unavailable: false,
            requests: Mutex::default(),
            stored: AtomicUsize::new(0),
        }
    }
}

impl RemoteStore {
    /// The same sessions behind another gate.
    fn gated(&self, gate: Arc<Notify>) -> Self {
        Self {
            sessions: Arc::clone(&self.sessions),
            gate: Some(gate),
            ..Self::default()
        }
    }

    /// A server config answering through this store (see [`deferring_server`]).
    fn acceptor(self: &Arc<Self>) -> TlsAcceptor {
        TlsAcceptor::new(Arc::new(deferring_server()))
            .with_answerer(Arc::clone(self) as Arc<dyn Answerer>)
    }
}

impl Answerer for RemoteStore {
    fn answer(&self, request: Request) -> AnswerFuture {
        self.requests.lock().unwrap().push(request.clone());
        let now = UnixTime::now();
        let found = match &request {
            Request::LookupSession { id } => self.sessions.get(id, now),
            Request::TakeSession { id } => self.sessions.take(id, now),
            other => panic!("not a session request: {other:?}"),
        };
        let unavailable = self.unavailable;
        let gate = self.gate.clone();
        Box::pin(async move {
            // The answer is computed elsewhere and arrives later.
            let answer = tokio::spawn(async move {
                if let Some(gate) = gate {
                    gate.notified().await;
                }
                tokio::task::yield_now().await;
                match (unavailable, found) {
                    (true, _) => SessionLookup::Unavailable,
                    (false, Some(state)) => SessionLookup::Found(state),
                    (false, None) => SessionLookup::NotFound,
                }
            });
            Answer::Session(answer.await.expect("the store task"))
        })
    }

    fn store(&self, write: StoreWrite) {
        self.stored.fetch_add(1, Ordering::SeqCst);
        self.sessions.put(&write.id, write.state, UnixTime::now());
    }
}

/// A server whose sessions live in the application's store: no ticket sealer and no store
/// object, stateful TLS 1.3 tickets (0-RTT allowed), TLS 1.2 session IDs.
fn deferring_server() -> ServerConfig {
    let mut config = certs::server_config(KeyKind::EcdsaP256);
    config.ticket_sealer = None;
    config.session_store = None;
    config.defer.sessions = true;
    config.max_early_data = 16384;
    config.anti_replay = Some(Arc::new(SingleUseAntiReplay::new(64)));
    config
}

fn client_config(version: ProtocolVersion) -> ClientConfig {
    let mut config = certs::client_config();
    config.versions = vec![version];
    config.enable_early_data = true;
    config
}

/// A full handshake through `acceptor`; returns the client's sessions and the server's events.
async fn first_visit(client: &TlsConnector, acceptor: &TlsAcceptor) -> Vec<ResumptionData> {
    let (mut c, mut s) = connected(client, acceptor).await;
    assert!(
        !s.events().any(|e| matches!(e, Event::StoreSession(_))),
        "sessions go to the answerer, not to the events"
    );
    s.write_all(b"hi").await.unwrap();
    s.shutdown().await.unwrap();
    let mut greeting = Vec::new();
    c.read_to_end(&mut greeting).await.unwrap();
    c.events()
        .filter_map(|e| match e {
            Event::TicketReceived(data) => Some(data),
            _ => None,
        })
        .collect()
}

#[test]
fn stateful_tls13_tickets_are_taken_once_from_an_async_store() {
    run(async {
        let store = Arc::new(RemoteStore::default());
        let acceptor = store.acceptor();
        let client = connector(client_config(ProtocolVersion::TLS1_3));
        let tickets = first_visit(&client, &acceptor).await;
        assert_eq!(tickets.len(), 2);
        assert_eq!(
            store.stored.load(Ordering::SeqCst),
            2,
            "both tickets stored"
        );

        // Resumed with the first ticket, which leaves the store.
        let (c, s) = tcp_pair().await;
        let (c, s) = tokio::join!(
            client.resume(name(), tickets[0].clone(), c),
            acceptor.accept(s)
        );
        let (c, s) = (c.unwrap(), s.unwrap());
        assert!(c.conn().is_resumed() && s.conn().is_resumed());
        assert_eq!(
            store.requests.lock().unwrap().last(),
            Some(&Request::TakeSession {
                id: tickets[0].ticket().to_vec()
            })
        );

        // The same ticket again: gone from the store, so a full handshake.
        let (c, s) = tcp_pair().await;
        let (c, s) = tokio::join!(
            client.resume(name(), tickets[0].clone(), c),
            acceptor.accept(s)
        );
        let (mut c, s) = (c.unwrap(), s.unwrap());
        assert!(!c.conn().is_resumed() && !s.conn().is_resumed());
        assert!(c.events().any(|e| e
            == Event::ResumptionDeclined {
                reason: DeclineReason::DeclinedByServer
            }));

        // The second ticket with 0-RTT: the early data waits in the transport for the keys the
        // late answer decides, then is accepted.
        let (c, s) = tcp_pair().await;
        let early = b"early, behind a remote lookup".to_vec();
        let server = tokio::spawn({
            let acceptor = acceptor.clone();
            async move {
                let mut s = acceptor.accept(s).await.unwrap();
                let mut got = vec![0; 100];
                let n = s.read_early_data(&mut got).unwrap();
                got.truncate(n);
                got
            }
        });
        let (stream, outcome) = client
            .connect_early(name(), tickets[1].clone(), early.clone(), c)
            .await
            .unwrap();
        assert!(stream.conn().is_resumed());
        assert_eq!(outcome, EarlyData::Accepted);
        assert_eq!(server.await.unwrap(), early);
    });
}

#[test]
fn tls12_session_ids_are_looked_up_in_an_async_store() {
    run(async {
        let store = Arc::new(RemoteStore::default());
        let acceptor = store.acceptor();
        let client = connector(client_config(ProtocolVersion::TLS1_2));
        let sessions = first_visit(&client, &acceptor).await;
        assert_eq!(sessions.len(), 1);
        assert_eq!(store.stored.load(Ordering::SeqCst), 1, "the session stored");
        // A session ID stays in the store: it resumes twice.
        for _ in 0..2 {
            let (c, s) = tcp_pair().await;
            let (c, s) = tokio::join!(
                client.resume(name(), sessions[0].clone(), c),
                acceptor.accept(s)
            );
            let (c, s) = (c.unwrap(), s.unwrap());
            assert!(c.conn().is_resumed() && s.conn().is_resumed());
        }
        let lookups = store.requests.lock().unwrap().clone();
        let id = sessions[0].session_id().to_vec();
        assert_eq!(
            lookups,
            [
                Request::LookupSession { id: id.clone() },
                Request::LookupSession { id }
            ]
        );
    });
}

#[test]
fn an_unavailable_store_means_a_full_handshake() {
    run(async {
        let store = Arc::new(RemoteStore::default());
        let acceptor = store.acceptor();
        let client = connector(client_config(ProtocolVersion::TLS1_3));
        let tickets = first_visit(&client, &acceptor).await;
        let down = Arc::new(RemoteStore {
            sessions: Arc::clone(&store.sessions),
            unavailable: true,
            ..RemoteStore::default()
        })
        .acceptor();
        let (c, s) = tcp_pair().await;
        let (c, s) = tokio::join!(client.resume(name(), tickets[0].clone(), c), down.accept(s));
        let (mut c, mut s) = (c.unwrap(), s.unwrap());
        assert!(!c.conn().is_resumed() && !s.conn().is_resumed());
        assert!(s.events().any(|e| e
            == Event::ResumptionDeclined {
                reason: DeclineReason::StoreUnavailable
            }));
        assert!(c
            .events()
            .any(|e| matches!(e, Event::ResumptionDeclined { .. })));
    });
}

#[test]
fn a_paused_handshake_does_not_hold_up_the_runtime() {
    // One thread: if waiting for the answer blocked it, the second connection could never
    // complete, and the answer (released after it) never come.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let gate = Arc::new(Notify::new());
        let store = Arc::new(RemoteStore::default());
        let client = connector(client_config(ProtocolVersion::TLS1_3));
        let tickets = first_visit(&client, &store.acceptor()).await;
        let gated_store = Arc::new(store.gated(Arc::clone(&gate)));
        let gated = gated_store.acceptor();

        let (c, s) = tcp_pair().await;
        let waiting_server = tokio::spawn(gated.accept(s));
        let waiting_client = tokio::spawn(client.resume(name(), tickets[0].clone(), c));
        while gated_store.requests.lock().unwrap().is_empty() {
            tokio::task::yield_now().await;
        }
        // Meanwhile, on the same thread, another connection from start to end.
        let (mut other_client, mut other_server) = connected(
            &client,
            &TlsAcceptor::new(Arc::new(certs::server_config(KeyKind::Ed25519))),
        )
        .await;
        other_server.write_all(b"served meanwhile").await.unwrap();
        other_server.shutdown().await.unwrap();
        let mut got = Vec::new();
        other_client.read_to_end(&mut got).await.unwrap();
        assert_eq!(got, b"served meanwhile");
        assert!(
            !waiting_server.is_finished(),
            "the resumption waits for its answer"
        );

        gate.notify_one();
        let (s, c) = (waiting_server.await.unwrap(), waiting_client.await.unwrap());
        assert!(s.unwrap().conn().is_resumed() && c.unwrap().conn().is_resumed());
    });
}

#[test]
fn without_an_answerer_a_deferred_request_fails_the_accept() {
    run(async {
        let store = Arc::new(RemoteStore::default());
        let client = connector(client_config(ProtocolVersion::TLS1_3));
        let tickets = first_visit(&client, &store.acceptor()).await;
        let config = Arc::new(deferring_server());
        let without = TlsAcceptor::new(Arc::clone(&config));
        let (c, s) = tcp_pair().await;
        let resuming = tokio::spawn(client.resume(name(), tickets[0].clone(), c));
        let e = without.accept(s).await.unwrap_err();
        assert_eq!(e.kind(), ErrorKind::WouldBlock);
        assert!(e.to_string().contains("TakeSession"), "{e}");
        // The server's transport is gone: the client's handshake ends with an error.
        assert!(resuming.await.unwrap().is_err());
        // A closure is an answerer too.
        // (Its answer, whatever the store holds: nothing.)
        let replay_checks =
            TlsAcceptor::new(config).with_answerer(Arc::new(|request: Request| async move {
                assert!(matches!(request, Request::TakeSession { .. }));
                Answer::Session(SessionLookup::NotFound)
            }));
        let (c, s) = tcp_pair().await;
        let (c, s) = tokio::join!(
            client.resume(name(), tickets[1].clone(), c),
            replay_checks.accept(s)
        );
        assert!(!c.unwrap().conn().is_resumed() && !s.unwrap().conn().is_resumed());
    });
}

/// 0-RTT decided by an asynchronous anti-replay service (`Defer::anti_replay`): accepted on
/// `Fresh`, handed back to the client on `Unavailable`, the handshake completing either way.
#[test]
fn early_data_waits_for_an_async_replay_check() {
    run(async {
        let mut config = certs::server_config(KeyKind::EcdsaP256);
        config.max_early_data = 16384;
        config.defer.anti_replay = true;
        let config = Arc::new(config);
        let client = connector(client_config(ProtocolVersion::TLS1_3));
        let tickets = first_visit(&client, &TlsAcceptor::new(Arc::clone(&config))).await;
        assert_eq!(tickets.len(), 2);
        for (ticket, verdict) in tickets
            .into_iter()
            .zip([ReplayVerdict::Fresh, ReplayVerdict::Unavailable])
        {
            let checks = Arc::new(AtomicUsize::new(0));
            let counted = Arc::clone(&checks);
            let acceptor = TlsAcceptor::new(Arc::clone(&config)).with_answerer(Arc::new(
                move |request: Request| {
                    assert!(
                        matches!(request, Request::CheckReplay { .. }),
                        "{request:?}"
                    );
                    counted.fetch_add(1, Ordering::SeqCst);
                    async move {
                        tokio::task::yield_now().await;
                        Answer::Replay(verdict)
                    }
                },
            ));
            let (c, s) = tcp_pair().await;
            let early = b"only once, please".to_vec();
            let (c, s) = tokio::join!(
                client.connect_early(name(), ticket, early.clone(), c),
                acceptor.accept(s)
            );
            let ((c, outcome), mut s) = (c.unwrap(), s.unwrap());
            assert!(c.conn().is_resumed() && s.conn().is_resumed());
            assert_eq!(checks.load(Ordering::SeqCst), 1);
            let mut got = vec![0; 64];
            let n = s.read_early_data(&mut got).unwrap();
            if verdict == ReplayVerdict::Fresh {
                assert_eq!(outcome, EarlyData::Accepted);
                assert_eq!(&got[..n], early);
            } else {
                assert_eq!(outcome, EarlyData::NotAccepted(early));
                assert_eq!(n, 0);
            }
        }
    });
}

/// A key server and a certificate choice answered asynchronously (`Defer::certificate`, an
/// external key): the server picks its certificate by SNI and has the handshake signed
/// elsewhere; the client signs its CertificateVerify through its own answerer. Both versions.
#[test]
fn certificates_chosen_and_signed_by_async_services() {
    use ferrotls_core::pki_types::ServerName;
    use ferrotls_core::CertifiedKey;
    use ferrotls_tests::external_signer::ExternalSigner;

    /// Picks the certificate by SNI (`localhost`: ECDSA held by the key server, anything else:
    /// a local Ed25519 key) and signs with the key server; counts the signatures.
    struct Services {
        key_server: ExternalSigner,
        other: Arc<CertifiedKey>,
        signed: AtomicUsize,
    }

    impl Answerer for Services {
        fn answer(&self, request: Request) -> AnswerFuture {
            let answer = match request {
                Request::ChooseCertificate(query) => Answer::Certificate(Some(
                    if query.server_name.as_deref() == Some("localhost") {
                        Arc::clone(&self.key_server.certified)
                    } else {
                        Arc::clone(&self.other)
                    },
                )),
                Request::ChooseClientCertificate(_) => {
                    Answer::Certificate(Some(Arc::clone(&self.key_server.certified)))
                }
                Request::Sign { .. } => {
                    self.signed.fetch_add(1, Ordering::SeqCst);
                    self.key_server.answer(&request).expect("a signature")
                }
                other => panic!("unexpected {other:?}"),
            };
            Box::pin(async move {
                // Across the network, later.
                tokio::spawn(async move {
                    tokio::task::yield_now().await;
                    answer
                })
                .await
                .expect("the service task")
            })
        }
    }

    run(async {
        for version in [ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2] {
            let server_services = Arc::new(Services {
                key_server: ExternalSigner::new(&certs::server_key(KeyKind::EcdsaP256)),
                other: certs::server_key(KeyKind::Ed25519),
                signed: AtomicUsize::new(0),
            });
            let mut config = certs::server_config_requiring_client_auth(KeyKind::Rsa2048);
            config.defer.certificate = true;
            let acceptor = TlsAcceptor::new(Arc::new(config))
                .with_answerer(Arc::clone(&server_services) as Arc<dyn Answerer>);
            let client_services = Arc::new(Services {
                key_server: ExternalSigner::new(&certs::client_key(KeyKind::EcdsaP256)),
                other: certs::client_key(KeyKind::Ed25519),
                signed: AtomicUsize::new(0),
            });
            let mut client_config = certs::client_config();
            client_config.versions = vec![version];
            client_config.defer.certificate = true;
            let client = TlsConnector::new(Arc::new(client_config))
                .with_answerer(Arc::clone(&client_services) as Arc<dyn Answerer>);

            for (sni, expected) in [
                ("localhost", certs::server_key(KeyKind::EcdsaP256)),
                ("testserver.ferrotls", certs::server_key(KeyKind::Ed25519)),
            ] {
                let (c, s) = tcp_pair().await;
                let name = ServerName::try_from(sni.to_string()).unwrap();
                let (c, s) = tokio::join!(client.connect(name, c), acceptor.accept(s));
                let (c, s) = (c.expect("client handshake"), s.expect("server handshake"));
                assert_eq!(c.conn().info().version, Some(version));
                assert_eq!(
                    c.conn().info().peer_certificates.first(),
                    expected.end_entity(),
                    "{sni}"
                );
                assert!(s.conn().info().client_authenticated, "{sni}");
            }
            // The server signed once (for `localhost`), the client every time.
            assert_eq!(
                server_services.signed.load(Ordering::SeqCst),
                1,
                "{version:?}"
            );
            assert_eq!(
                client_services.signed.load(Ordering::SeqCst),
                2,
                "{version:?}"
            );
        }
    });
}
