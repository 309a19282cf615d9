//! A resumption needs no certificate (RFC 9846 §2.2: a PSK handshake authenticates with the PSK
//! alone; RFC 5246 §7.3: an abbreviated handshake sends no Certificate): a server with
//! `defer.certificate` is asked `ChooseCertificate` on full handshakes only, never on a
//! resumption, also after a HelloRetryRequest; a session it declines falls back to a full
//! handshake, which asks once. With each answer timing of the deferring driver.

use ferrotls_core::crypto::NamedGroup;
use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::resumption::{DeclineReason, ResumptionData};
use ferrotls_core::ClientConnection;
use ferrotls_core::ServerConnection;
use ferrotls_tests::deferring::{server_answers, Deferring, Timing, TIMINGS};
use ferrotls_tests::pair::START_TIME;

use super::*;

/// How the client's session is recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Tls13Ticket,
    Tls12Ticket,
    Tls12SessionId,
}

const KINDS: [Kind; 3] = [Kind::Tls13Ticket, Kind::Tls12Ticket, Kind::Tls12SessionId];

impl Kind {
    fn version(self) -> ProtocolVersion {
        match self {
            Self::Tls13Ticket => ProtocolVersion::TLS1_3,
            Self::Tls12Ticket | Self::Tls12SessionId => ProtocolVersion::TLS1_2,
        }
    }
}

/// A server that leaves the certificate to the application (the driver answers from the
/// config's resolver), with its own ticket key and session store.
fn deferring_server(kind: Kind) -> Arc<ServerConfig> {
    let mut server = certs::server_config(KeyKind::EcdsaP256);
    server.versions = vec![kind.version()];
    server.defer.certificate = true;
    Arc::new(server)
}

fn client(kind: Kind) -> Arc<ClientConfig> {
    let mut client = certs::client_config();
    client.versions = vec![kind.version()];
    client.tls12_session_tickets = kind == Kind::Tls12Ticket;
    Arc::new(client)
}

/// Drive `client` against a new connection of `server`, answering at `timing`, until both are
/// done and the tickets are delivered.
fn run(client: ClientConnection, server: &Arc<ServerConfig>, timing: Timing) -> Deferring {
    let conn = ServerConnection::new(Arc::clone(server)).unwrap();
    let pair = Pair::from_connections(client, conn, Delivery::Flights, START_TIME);
    let mut driven =
        Deferring::new(pair, timing).server_answerer(server_answers(Arc::clone(server)));
    driven
        .handshake()
        .unwrap_or_else(|e| panic!("{timing:?}: {e:?}"));
    driven.pump();
    driven
}

/// The `ChooseCertificate` requests the server posted.
fn certificate_requests(driven: &Deferring) -> usize {
    driven
        .answered
        .iter()
        .filter(|(server, r)| *server && matches!(r, Request::ChooseCertificate(_)))
        .count()
}

fn now() -> UnixTime {
    UnixTime::since_unix_epoch(START_TIME)
}

fn name() -> ServerName<'static> {
    ServerName::try_from(certs::SERVER_NAME.to_string()).unwrap()
}

/// A full handshake with `server`; returns the client's session and checks one certificate was
/// asked for.
fn session(kind: Kind, client: &Arc<ClientConfig>, server: &Arc<ServerConfig>) -> ResumptionData {
    let conn = ClientConnection::new(Arc::clone(client), name(), now()).unwrap();
    let full = run(conn, server, Timing::Immediately);
    assert_eq!(
        certificate_requests(&full),
        1,
        "{kind:?}: the full handshake"
    );
    let data = full.pair.client.conn.resumption_data().expect("a session");
    assert_eq!(data.protocol_version(), kind.version());
    data
}

fn resume(client: &Arc<ClientConfig>, data: ResumptionData) -> ClientConnection {
    ClientConnection::resume(Arc::clone(client), name(), data, now()).unwrap()
}

#[test]
fn a_resumption_asks_for_no_certificate_and_a_fallback_asks_once() {
    for kind in KINDS {
        for timing in TIMINGS {
            let what = format!("{kind:?}, {timing:?}");
            let (client, server) = (client(kind), deferring_server(kind));
            let data = session(kind, &client, &server);

            let resumed = run(resume(&client, data.clone()), &server, timing);
            assert!(resumed.pair.server.conn.is_resumed(), "{what}");
            assert!(resumed.pair.client.conn.is_resumed(), "{what}");
            assert_eq!(certificate_requests(&resumed), 0, "{what}: resumed");
            assert!(
                !resumed.pair.server.saw(&Event::Paused),
                "{what}: the server never paused"
            );

            // Another server (another ticket key, another session store) cannot resume it.
            let other = deferring_server(kind);
            let fallback = run(resume(&client, data), &other, timing);
            assert!(!fallback.pair.server.conn.is_resumed(), "{what}");
            assert!(!fallback.pair.client.conn.is_resumed(), "{what}");
            assert_eq!(certificate_requests(&fallback), 1, "{what}: fallback");
            let reason = match kind {
                Kind::Tls13Ticket | Kind::Tls12Ticket => DeclineReason::Undecryptable,
                Kind::Tls12SessionId => DeclineReason::UnknownSession,
            };
            assert!(
                fallback
                    .pair
                    .server
                    .saw(&Event::ResumptionDeclined { reason }),
                "{what}: {:?}",
                fallback.pair.server.events
            );
        }
    }
}

/// TLS 1.3: a HelloRetryRequest before the PSK (the server wants P-256, the client's share is
/// X25519) does not make the resumption ask for a certificate either; declined on the second
/// ClientHello, the PSK falls back to a full handshake that asks once.
#[test]
fn after_a_hello_retry_request_too() {
    let kind = Kind::Tls13Ticket;
    let client = client(kind);
    let full_server = deferring_server(kind);
    let data = session(kind, &client, &full_server);
    let retrying = |server: &Arc<ServerConfig>| {
        let mut config = ServerConfig::clone(server);
        config.groups = vec![NamedGroup::SECP256R1];
        config.retry_for_preferred_group = true;
        Arc::new(config)
    };
    for timing in TIMINGS {
        let server = retrying(&full_server);
        let resumed = run(resume(&client, data.clone()), &server, timing);
        assert!(resumed.pair.server.conn.is_resumed(), "{timing:?}");
        assert!(resumed.pair.client.conn.info().hello_retry, "{timing:?}");
        assert_eq!(certificate_requests(&resumed), 0, "{timing:?}: resumed");

        let other = retrying(&deferring_server(kind));
        let fallback = run(resume(&client, data.clone()), &other, timing);
        assert!(!fallback.pair.server.conn.is_resumed(), "{timing:?}");
        assert!(fallback.pair.client.conn.info().hello_retry, "{timing:?}");
        assert_eq!(certificate_requests(&fallback), 1, "{timing:?}: fallback");
    }
}
