//! The `ferrotls` binary against itself: argument errors, the handshake line, echo and the HTTP
//! answer.

use ferrotls_tests::cli_peers;
use ferrotls_tests::ferrotls_exe;
use ferrotls_tests::interop::{self, Peer, TIMEOUT};

/// A server for one connection with the ECDSA certificate, and its address.
fn server(extra: &[&str]) -> (Peer, String) {
    cli_peers::our_server(ferrotls_exe!(), 1, extra)
}

fn client(addr: &str, extra: &[&str]) -> interop::Output {
    cli_peers::our_client(ferrotls_exe!(), addr, extra)
}

#[test]
fn usage_errors_exit_2_with_a_message() {
    let out = interop::run(ferrotls_exe!(), &["client"], TIMEOUT);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(out.stderr.contains("HOST:PORT is required"), "{out:?}");
    let help = interop::run(ferrotls_exe!(), &["--help"], TIMEOUT);
    assert!(
        help.status.success() && help.stdout.contains("ferrotls server"),
        "{help:?}"
    );
}

#[test]
fn missing_files_are_named() {
    let out = interop::run(
        ferrotls_exe!(),
        &["server", "--cert", "/nonexistent.pem", "--key", "k"],
        TIMEOUT,
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(out.stderr.contains("/nonexistent.pem"), "{out:?}");
}

#[test]
fn echo_through_the_cli() {
    let (server, addr) = server(&[]);
    let out = client(&addr, &["--send", "hello"]);
    let report = format!("{out:?}\n{}", server.report());
    assert!(out.status.success(), "{report}");
    assert!(
        out.stdout
            .starts_with("handshake: version=TLSv1.3 suite=TLS_"),
        "{report}"
    );
    assert!(out.stdout.ends_with("hello\n"), "{report}");
    let server_out = server
        .finish(TIMEOUT)
        .expect("server exits after one connection");
    assert!(server_out.status.success(), "{server_out:?}");
    assert!(
        server_out.stdout.contains("handshake: version=TLSv1.3 "),
        "{server_out:?}"
    );
}

#[test]
fn get_is_answered_with_the_parameters() {
    let (server, addr) = server(&["--alpn", "http/1.1"]);
    let out = client(&addr, &["--alpn", "http/1.1", "--send", "GET / HTTP/1.0"]);
    let report = format!("{out:?}\n{}", server.report());
    assert!(out.status.success(), "{report}");
    assert!(out.stdout.contains("HTTP/1.0 200 OK\r\n"), "{report}");
    assert!(out.stdout.contains("alpn=http/1.1"), "{report}");
}

#[test]
fn the_client_gives_up_on_a_silent_server() {
    // Accepts the TCP connection and never answers the ClientHello.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("address").to_string();
    let holder = std::thread::spawn(move || listener.accept().map(|(sock, _)| sock));
    let started = std::time::Instant::now();
    let out = client(&addr, &["--handshake-timeout", "1", "--send", "x"]);
    let elapsed = started.elapsed();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        out.stderr.contains("no answer from the server within 1 s"),
        "{out:?}"
    );
    assert!(
        elapsed < std::time::Duration::from_secs(10),
        "took {elapsed:?}"
    );
    drop(holder.join());
}
