//! The tokio driver (`ferrotls_io::tokio`) end to end: our client and server `TlsStream`s over
//! loopback TCP and tokio's in-memory duplex pipe. Echo with close_notify, truncation as an
//! error, 100 MiB each way through split halves with random write sizes, a stalled reader that
//! bounds the sender's memory, resumption and 0-RTT, the events a stream keeps, and
//! `AsyncBufRead` (lines across records, mixed with reads, the end).

mod buf_read;
mod bulk;
mod deferred;
mod resumption;
mod slow_reader;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use ferrotls_core::client::ClientHandshake;
use ferrotls_core::pki_types::ServerName;
use ferrotls_core::server::ServerHandshake;
use ferrotls_core::{ClientConfig, Error, Event, ServerConfig};
use ferrotls_io::tls_error;
use ferrotls_io::tokio::{TlsAcceptor, TlsConnector, TlsStream};
use ferrotls_tests::certs::{self, KeyKind};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// No test may run longer than this: a stuck stream fails the test instead of hanging it. Not a
/// measure of speed: the slowest test needs a fraction of it.
const DEADLINE: Duration = Duration::from_secs(120);

/// Run `test` on a runtime of its own (two worker threads: the machine's cores), bounded by
/// [`DEADLINE`].
fn run<F: Future<Output = ()> + Send + 'static>(test: F) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        tokio::time::timeout(DEADLINE, tokio::spawn(test))
            .await
            .expect("the test finished within its deadline")
            .expect("the test task did not panic");
    });
}

fn name() -> ServerName<'static> {
    ServerName::try_from(certs::SERVER_NAME).unwrap().to_owned()
}

fn connector(config: ClientConfig) -> TlsConnector {
    TlsConnector::new(Arc::new(config))
}

fn acceptor(config: ServerConfig) -> TlsAcceptor {
    TlsAcceptor::new(Arc::new(config))
}

type Client = TlsStream<TcpStream, ClientHandshake>;
type Server = TlsStream<TcpStream, ServerHandshake>;

/// A connected loopback TCP pair.
async fn tcp_pair() -> (TcpStream, TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (client, server) = tokio::join!(TcpStream::connect(addr), listener.accept());
    (client.unwrap(), server.unwrap().0)
}

/// Both handshakes over a fresh loopback pair.
async fn connected(client: &TlsConnector, server: &TlsAcceptor) -> (Client, Server) {
    let (c, s) = tcp_pair().await;
    let (client, server) = tokio::join!(client.connect(name(), c), server.accept(s));
    (
        client.expect("client handshake"),
        server.expect("server handshake"),
    )
}

/// A connected client whose server sent `data` and then ended the TCP connection without a
/// close_notify: a truncation.
async fn truncated_after(data: &[u8]) -> Client {
    let client = connector(certs::client_config());
    let server = acceptor(certs::server_config(KeyKind::EcdsaP256));
    let (client, mut server) = connected(&client, &server).await;
    server.write_all(data).await.unwrap();
    server.flush().await.unwrap();
    drop(server);
    client
}

#[test]
fn echo_ends_with_close_notify_both_ways() {
    run(async {
        let client = connector(certs::client_config());
        let server = acceptor(certs::server_config(KeyKind::Ed25519));
        let (mut client, mut server) = connected(&client, &server).await;
        // An empty buffer reads nothing at once, without waiting for the peer.
        assert_eq!(client.read(&mut []).await.unwrap(), 0);
        let echo = tokio::spawn(async move {
            let mut request = Vec::new();
            server
                .read_to_end(&mut request)
                .await
                .expect("read until close_notify");
            server.write_all(&request).await.unwrap();
            server.shutdown().await.unwrap();
            server
        });
        client.write_all(b"ping\n").await.unwrap();
        client.shutdown().await.unwrap();
        let mut reply = Vec::new();
        client
            .read_to_end(&mut reply)
            .await
            .expect("read until close_notify");
        assert_eq!(reply, b"ping\n");
        assert!(client.conn().peer_closed());
        let mut server = echo.await.unwrap();
        assert!(server.conn().peer_closed());
        let events: Vec<Event> = client.events().collect();
        assert!(
            events.contains(&Event::PeerClosed)
                && events
                    .iter()
                    .any(|e| matches!(e, Event::HandshakeComplete { .. })),
            "{events:?}"
        );
        assert!(server.events().any(|e| e == Event::PeerClosed));
        // Reading on after the end still reads the end.
        assert_eq!(client.read(&mut [0; 8]).await.unwrap(), 0);
    });
}

#[test]
fn a_transport_ending_without_close_notify_is_a_truncation() {
    run(async {
        let mut client = truncated_after(b"partial").await;
        let mut got = Vec::new();
        let e = client.read_to_end(&mut got).await.unwrap_err();
        assert_eq!(got, b"partial");
        assert_eq!(e.kind(), std::io::ErrorKind::UnexpectedEof);
        assert_eq!(tls_error(&e), Some(&Error::UnexpectedEof));
    });
}

#[test]
fn a_failed_handshake_is_an_error_on_both_sides() {
    run(async {
        // The client trusts a CA that did not issue the server's certificate.
        let config = ClientConfig::new(certs::provider(), certs::roots("client-ca.pem"));
        let client = connector(config);
        let server = acceptor(certs::server_config(KeyKind::EcdsaP256));
        let (c, s) = tcp_pair().await;
        let (client, server) = tokio::join!(client.connect(name(), c), server.accept(s));
        let client_error = client.unwrap_err();
        let server_error = server.unwrap_err();
        let ours = tls_error(&client_error).expect("a TLS error");
        let alert = ours.alert_sent().expect("the client sent an alert");
        assert_eq!(
            tls_error(&server_error),
            Some(&Error::AlertReceived(alert)),
            "the server got the client's alert: {server_error}"
        );
    });
}

#[test]
fn key_updates_are_answered_while_data_flows() {
    run(async {
        let client = connector(certs::client_config());
        let server = acceptor(certs::server_config(KeyKind::EcdsaP256));
        let (mut client, mut server) = connected(&client, &server).await;
        client.conn_mut().update_keys(true).unwrap();
        client.write_all(b"after the update").await.unwrap();
        client.flush().await.unwrap();
        let mut got = [0; 16];
        server.read_exact(&mut got).await.unwrap();
        assert_eq!(&got, b"after the update");
        // The server's answering KeyUpdate went out from its read; its data follows.
        server.write_all(b"ok").await.unwrap();
        server.flush().await.unwrap();
        let mut ok = [0; 2];
        client.read_exact(&mut ok).await.unwrap();
        assert_eq!(&ok, b"ok");
        assert!(server.events().any(|e| e
            == Event::KeyUpdated {
                we_updated_too: true
            }));
        assert!(client.events().any(|e| e
            == Event::KeyUpdated {
                we_updated_too: false
            }));
    });
}
