//! What the client does when its input ends, against a TLS 1.2 `openssl s_server` that
//! answers only later (typed into its standard input here): by default close_notify goes at
//! once and the late reply never comes; with `--ign-eof` the client waits, prints the reply,
//! and ends when the server ends the connection. (s_server's `Q` closes the socket without
//! close_notify, which the client must report as a truncation; a server's close_notify ends
//! it cleanly, as in `cli_smoke`.)

use std::time::Duration;

use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::interop::{self, Peer, TIMEOUT};
use ferrotls_tests::{cli_peers, ferrotls_exe};

use crate::peers::{finish, openssl_server};

/// `ferrotls client` sending `hello` to `addr`, with `extra`, still running.
fn client(addr: &str, extra: &[&str]) -> Peer {
    let mut args = vec!["--tls12", "--send", "hello"];
    args.extend_from_slice(extra);
    cli_peers::spawn_our_client(ferrotls_exe!(), addr, &args)
}

#[test]
fn with_ign_eof_the_late_reply_arrives_and_the_server_closes() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let (mut server, addr) = openssl_server(&openssl, "-tls1_2", KeyKind::EcdsaP256, &[]);
    let ours = client(&addr.to_string(), &["--ign-eof"]);
    server
        .wait_for_stdout("hello", TIMEOUT)
        .unwrap_or_else(|e| panic!("{e}\n=== ours ===\n{}", ours.report()));
    // The input has ended (--send): the client must still be connected, and s_server has
    // seen no close_notify.
    std::thread::sleep(Duration::from_millis(300));
    assert!(!server.stdout().contains("DONE"), "{}", server.report());
    server.write_stdin(b"late reply\n");
    ours.wait_for_stdout("late reply", TIMEOUT)
        .unwrap_or_else(|e| panic!("{e}\n=== s_server ===\n{}", server.report()));
    server.write_stdin(b"Q\n");
    let out = finish(ours);
    let server = finish(server);
    assert_eq!(
        out.stderr.lines().last().unwrap_or_default(),
        "ferrotls: connection failed: peer closed the transport without close_notify",
        "{}\n=== s_server ===\n{}",
        out.stderr,
        server.stdout
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn by_default_the_client_closes_when_its_input_ends() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let (mut server, addr) = openssl_server(&openssl, "-tls1_2", KeyKind::EcdsaP256, &[]);
    let ours = client(&addr.to_string(), &[]);
    let out = finish(ours);
    server.close_stdin();
    let server = finish(server);
    assert!(out.status.success(), "{}", out.stderr);
    // s_server saw the line, then our close_notify ended the connection.
    assert!(server.stdout.contains("hello"), "{}", server.stdout);
    assert!(!out.stdout.contains("late reply"));
}
