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
    assert!(
        out.stderr
            .contains("required arguments were not provided:\n  <HOST[:PORT]>"),
        "{out:?}"
    );
    let help = interop::run(ferrotls_exe!(), &["--help"], TIMEOUT);
    assert!(
        help.status.success() && help.stdout.contains("ferrotls server"),
        "{help:?}"
    );
}

#[test]
fn clap_errors_exit_2_naming_the_option() {
    for (args, needles) in [
        (
            &["client", "h:1", "--bogus"][..],
            &["unexpected argument '--bogus'"][..],
        ),
        (
            &["server", "--cert", "c", "--key"],
            &["a value is required for '--key <FILE>'"],
        ),
        (
            &["server", "--cert", "c", "--key", "k", "--tickets", "17"],
            &["invalid value '17' for '--tickets <N>'", "0..=16"],
        ),
        (
            &["client", "h:1", "--record-size-limit", "63"],
            &[
                "invalid value '63' for '--record-size-limit <N>'",
                "64..=16384",
            ],
        ),
        (
            &["client", "h:1", "--groups", "x448"],
            &[
                "invalid value 'x448' for '--groups <LIST>'",
                "known: X25519MLKEM768",
            ],
        ),
        (
            &["client", "h:1", "--tls12", "--tls13"],
            &["'--tls12' cannot be used with '--tls13'"],
        ),
        (
            &["client", "h:1", "--cert", "c.pem"],
            &["required arguments were not provided", "--key <FILE>"],
        ),
    ] {
        let out = interop::run(ferrotls_exe!(), args, TIMEOUT);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {out:?}");
        assert!(out.stdout.is_empty(), "{args:?}: {out:?}");
        for needle in needles {
            assert!(
                out.stderr.contains(needle),
                "{args:?}: {needle:?} in {out:?}"
            );
        }
    }
}

#[test]
fn help_and_completions_go_to_standard_output() {
    let help = interop::run(ferrotls_exe!(), &["server", "--help"], TIMEOUT);
    assert!(help.status.success(), "{help:?}");
    assert!(help.stdout.contains("--max-early-data <N>"), "{help:?}");
    for (shell, marker) in [
        ("bash", "complete -F _ferrotls"),
        ("zsh", "#compdef ferrotls"),
        ("fish", "complete -c ferrotls"),
    ] {
        let out = interop::run(ferrotls_exe!(), &["completions", shell], TIMEOUT);
        assert!(out.status.success(), "{shell}: {out:?}");
        assert!(out.stdout.contains(marker), "{shell}: {marker:?} missing");
        assert!(out.stdout.contains("session-cache"), "{shell}");
    }
    let out = interop::run(ferrotls_exe!(), &["completions", "tcsh"], TIMEOUT);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(out.stderr.contains("possible values: bash"), "{out:?}");
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
