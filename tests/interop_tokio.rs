//! The tokio driver against OpenSSL: our `TlsConnector` with `openssl s_server` (TLS 1.3 and
//! 1.2, and 0-RTT with a ticket from the first connection), and `openssl s_client` with our
//! `TlsAcceptor` echoing until close_notify.

use std::sync::Arc;

use ferrotls_core::pki_types::ServerName;
use ferrotls_core::{ClientConfig, Event, ProtocolVersion};
use ferrotls_io::tokio::{EarlyData, TlsAcceptor, TlsConnector};
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::interop::{self, TIMEOUT};
use ferrotls_tests::interop_checks::{check, describe};
use ferrotls_tests::interop_peers::{openssl_client, openssl_server};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// Run `test` on a two-thread runtime, bounded by twice the peers' timeout.
fn run<F: std::future::Future<Output = ()> + Send + 'static>(test: F) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        tokio::time::timeout(2 * TIMEOUT, tokio::spawn(test))
            .await
            .expect("the test finished within its deadline")
            .expect("the test task did not panic");
    });
}

fn name() -> ServerName<'static> {
    ServerName::try_from(certs::SERVER_NAME).unwrap().to_owned()
}

fn client_config(version: ProtocolVersion) -> ClientConfig {
    let mut config = certs::client_config();
    config.versions = vec![version];
    config.enable_early_data = true;
    config
}

/// Read one line (bounded by the peers' timeout).
async fn line(reader: &mut BufReader<impl AsyncRead + Unpin>) -> String {
    let mut line = String::new();
    tokio::time::timeout(TIMEOUT, reader.read_line(&mut line))
        .await
        .expect("a line within the timeout")
        .expect("read a line");
    line
}

fn our_client_with_openssl_s_server(version: ProtocolVersion, flag: &'static str) {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let (server, addr) = openssl_server(&openssl, flag, KeyKind::EcdsaP256, &["-rev"]);
    // Our client sends a line and reads it reversed.
    let connector = TlsConnector::new(Arc::new(client_config(version)));
    run(async move {
        let tcp = TcpStream::connect(addr).await.unwrap();
        let stream = connector.connect(name(), tcp).await.expect("handshake");
        assert_eq!(stream.conn().info().version, Some(version));
        let mut reader = BufReader::new(stream);
        reader
            .get_mut()
            .write_all(b"hello from tokio\n")
            .await
            .unwrap();
        reader.get_mut().flush().await.unwrap();
        let answer = line(&mut reader).await;
        assert_eq!(answer, "oikot morf olleh\n");
        reader.get_mut().shutdown().await.unwrap();
    });
    let out = server.finish(TIMEOUT).unwrap_or_else(|e| panic!("{e}"));
    check(
        out.status.success(),
        "openssl s_server exit status",
        &describe(&out),
    );
}

#[test]
fn our_client_with_openssl_s_server_tls13() {
    our_client_with_openssl_s_server(ProtocolVersion::TLS1_3, "-tls1_3");
}

#[test]
fn our_client_with_openssl_s_server_tls12() {
    our_client_with_openssl_s_server(ProtocolVersion::TLS1_2, "-tls1_2");
}

#[test]
fn our_client_sends_early_data_to_openssl_s_server() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    // s_server prints what it receives (early data included) and refuses -rev with 0-RTT.
    let (server, addr) = openssl_server(
        &openssl,
        "-tls1_3",
        KeyKind::EcdsaP256,
        &["-early_data", "-naccept", "2"],
    );
    let connector = TlsConnector::new(Arc::new(client_config(ProtocolVersion::TLS1_3)));
    run(async move {
        let tcp = TcpStream::connect(addr).await.unwrap();
        let mut first = connector.connect(name(), tcp).await.expect("handshake");
        assert!(first
            .wait_for_event(|e| matches!(e, Event::TicketReceived(_)))
            .await
            .unwrap());
        let ticket = first.conn().resumption_data().expect("a ticket");
        first.shutdown().await.unwrap();
        drain(first).await;

        let tcp = TcpStream::connect(addr).await.unwrap();
        let early = b"early from tokio\n".to_vec();
        let (mut stream, outcome) = connector
            .connect_early(name(), ticket, early, tcp)
            .await
            .expect("resumed handshake");
        assert!(stream.conn().is_resumed());
        assert_eq!(outcome, EarlyData::Accepted);
        stream.write_all(b"then 1-RTT\n").await.unwrap();
        stream.shutdown().await.unwrap();
        drain(stream).await;
    });
    let out = server.finish(TIMEOUT).unwrap_or_else(|e| panic!("{e}"));
    let report = describe(&out);
    check(
        out.status.success(),
        "openssl s_server exit status",
        &report,
    );
    check(
        out.stdout.contains("early from tokio") && out.stdout.contains("then 1-RTT"),
        "openssl s_server printed the early data and the 1-RTT line",
        &report,
    );
}

/// Wait for the server to end the connection after our close_notify (with its own, or just by
/// closing: either ends the wait).
async fn drain(mut stream: impl AsyncRead + Unpin) {
    let mut sink = Vec::new();
    let _ = tokio::time::timeout(TIMEOUT, stream.read_to_end(&mut sink)).await;
}

/// `openssl s_client` (`flag`: `-tls1_3`, `-tls1_2`) talking to our acceptor, which echoes
/// until the client's close_notify and then closes.
fn openssl_s_client_with_our_acceptor(version: ProtocolVersion, flag: &'static str) {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime.block_on(TcpListener::bind("127.0.0.1:0")).unwrap();
    let addr = listener.local_addr().unwrap();
    let acceptor = TlsAcceptor::new(Arc::new(certs::server_config(KeyKind::EcdsaP256)));
    let server = runtime.spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        let mut stream = acceptor.accept(tcp).await.expect("handshake");
        let version = stream.conn().info().version;
        let mut buf = [0; 4096];
        let mut echoed = 0;
        loop {
            let n = stream.read(&mut buf).await.expect("read");
            if n == 0 {
                break;
            }
            stream.write_all(&buf[..n]).await.unwrap();
            stream.flush().await.unwrap();
            echoed += n;
        }
        stream.shutdown().await.unwrap();
        (version, echoed)
    });
    let mut client = openssl_client(&openssl, flag, addr, &[]);
    let talked = client
        .wait_for_stdout("Verify return code:", TIMEOUT)
        .and_then(|_| {
            client.write_stdin(b"ping from s_client\n");
            client.wait_for_stdout("ping from s_client", TIMEOUT)
        });
    client.close_stdin();
    let out = client.finish(TIMEOUT).unwrap_or_else(|e| panic!("{e}"));
    let report = describe(&out);
    check(talked.is_ok(), &format!("the echo: {talked:?}"), &report);
    check(
        out.status.success(),
        "openssl s_client exit status",
        &report,
    );
    let (got_version, echoed) = runtime
        .block_on(async { tokio::time::timeout(TIMEOUT, server).await })
        .expect("our server finished")
        .expect("our server did not panic");
    assert_eq!(got_version, Some(version));
    assert_eq!(echoed, "ping from s_client\n".len());
}

#[test]
fn openssl_s_client_with_our_acceptor_tls13() {
    openssl_s_client_with_our_acceptor(ProtocolVersion::TLS1_3, "-tls1_3");
}

#[test]
fn openssl_s_client_with_our_acceptor_tls12() {
    openssl_s_client_with_our_acceptor(ProtocolVersion::TLS1_2, "-tls1_2");
}
