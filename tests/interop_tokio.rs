//! The tokio driver against OpenSSL: our `TlsConnector` with `openssl s_server` (TLS 1.3 and
//! 1.2, and 0-RTT with a ticket from the first connection), and `openssl s_client` with our
//! `TlsAcceptor` echoing until close_notify, and resuming with 0-RTT data it answers.

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

/// `openssl s_client` resuming with our acceptor and sending 0-RTT data: a first connection
/// saves the session (`-sess_out`), the second offers it with early data (`-sess_in
/// -early_data`); our acceptor reads the early data apart from 1-RTT data and answers it.
#[test]
fn openssl_s_client_resumes_with_early_data_at_our_acceptor() {
    use ferrotls_core::resumption::SingleUseAntiReplay;

    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let scratch = std::env::temp_dir().join(format!("ferrotls-tokio-0rtt-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    let session = scratch.join("session.pem").display().to_string();
    let early_file = scratch.join("early.txt");
    std::fs::write(&early_file, b"early from s_client\n").unwrap();
    let early_file = early_file.display().to_string();

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime.block_on(TcpListener::bind("127.0.0.1:0")).unwrap();
    let addr = listener.local_addr().unwrap();
    let mut config = certs::server_config(KeyKind::EcdsaP256);
    config.max_early_data = 16384;
    config.anti_replay = Some(Arc::new(SingleUseAntiReplay::new(64)));
    let acceptor = TlsAcceptor::new(Arc::new(config));
    // Two connections: each answers its early data (if any) at once, then echoes until the
    // client's close_notify. Returns (resumed, early data) per connection.
    let server = runtime.spawn(async move {
        let mut seen = Vec::new();
        for _ in 0..2 {
            let (tcp, _) = listener.accept().await.unwrap();
            let mut stream = acceptor.accept(tcp).await.expect("handshake");
            let mut early = vec![0; 1024];
            let n = stream.read_early_data(&mut early).unwrap();
            early.truncate(n);
            if !early.is_empty() {
                // One record, so that s_client prints it in one piece between its -msg lines.
                let answer = [b"answer to ".as_slice(), &early].concat();
                stream.write_all(&answer).await.unwrap();
                stream.flush().await.unwrap();
            }
            let mut rest = Vec::new();
            let _ = stream.read_to_end(&mut rest).await;
            let _ = stream.shutdown().await;
            seen.push((stream.conn().is_resumed(), early));
        }
        seen
    });

    let mut first = openssl_client(&openssl, "-tls1_3", addr, &["-sess_out", &session]);
    let first_ok = first.wait_for_stdout("Verify return code:", TIMEOUT);
    // The tickets follow the handshake; s_client writes the session when they arrive.
    let deadline = std::time::Instant::now() + TIMEOUT;
    while std::fs::metadata(&session).map_or(true, |m| m.len() == 0)
        && std::time::Instant::now() < deadline
    {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    first.close_stdin();
    let first_out = first.finish(TIMEOUT).unwrap_or_else(|e| panic!("{e}"));
    check(
        first_ok.is_ok(),
        "the first handshake",
        &describe(&first_out),
    );

    let mut second = openssl_client(
        &openssl,
        "-tls1_3",
        addr,
        &["-sess_in", &session, "-early_data", &early_file],
    );
    let answered = second.wait_for_stdout("answer to early from s_client", TIMEOUT);
    second.close_stdin();
    let second_out = second.finish(TIMEOUT).unwrap_or_else(|e| panic!("{e}"));
    let report = describe(&second_out);
    check(answered.is_ok(), "our answer to the early data", &report);
    check(
        second_out.stdout.contains("Reused, TLSv1.3"),
        "s_client resumed",
        &report,
    );
    let seen = runtime
        .block_on(async { tokio::time::timeout(TIMEOUT, server).await })
        .expect("our server finished")
        .expect("our server did not panic");
    let _ = std::fs::remove_dir_all(&scratch);
    assert_eq!(
        seen,
        [
            (false, Vec::new()),
            (true, b"early from s_client\n".to_vec())
        ]
    );
}
