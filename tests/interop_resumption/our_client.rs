//! Our client resuming with `openssl s_server` and `gnutls-serv`.

use std::net::SocketAddr;

use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::cli_peers;
use ferrotls_tests::ferrotls_exe;
use ferrotls_tests::interop::{self, Output, TIMEOUT};
use ferrotls_tests::interop_checks::{check, describe};
use ferrotls_tests::interop_peers::{
    gnutls_priority, gnutls_server, loopback, openssl_server, stop,
};

use crate::files::{field, handshake_lines, Scratch};

/// `ferrotls client` to `addr`, verifying `localhost` against ca.pem.
fn our_client(addr: SocketAddr, extra: &[&str]) -> Output {
    cli_peers::our_client(ferrotls_exe!(), &addr.to_string(), extra)
}

/// `--resume` printed a full handshake, then a resumed one, then `answer`.
fn check_resumed(out: &Output, answer: &str, report: &str) {
    check(out.status.success(), "our client exit status", report);
    let lines = handshake_lines(&out.stdout);
    check(lines.len() == 2, "our client: two handshake lines", report);
    check(
        field(lines[0], "resumed") == "no" && field(lines[1], "resumed") == "yes",
        "our client: resumed=no, then resumed=yes",
        report,
    );
    check(
        out.stdout.lines().any(|l| l == answer),
        &format!("our client printed {answer:?}"),
        report,
    );
}

/// `ferrotls client --resume` against `openssl s_server -rev` (`version`: `-tls1_3`, `-tls1_2`).
pub(crate) fn resumes_with_openssl_s_server(version: &str, server_extra: &[&str]) {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let mut extra = vec!["-rev", "-naccept", "2"];
    extra.extend_from_slice(server_extra);
    let (server, addr) = openssl_server(&openssl, version, KeyKind::EcdsaP256, &extra);
    let ours = if version == "-tls1_3" {
        "--tls13"
    } else {
        "--tls12"
    };
    let out = our_client(addr, &["--resume", ours, "--send", "resume me"]);
    let server_out = server
        .finish(TIMEOUT)
        .unwrap_or_else(|e| panic!("openssl s_server: {e}\n{}", describe(&out)));
    let report = format!(
        "=== our client ===\n{}\n=== openssl s_server ===\n{}",
        describe(&out),
        describe(&server_out)
    );
    check_resumed(&out, "em emuser", &report);
    if server_extra.contains(&"-no_ticket") {
        // A session-ID resumption: the server repeats the ID of the first handshake.
        let lines = handshake_lines(&out.stdout);
        let id = field(lines[0], "session_id");
        check(
            id != "-" && field(lines[1], "session_id") == id,
            "our client: the same session ID both times",
            &report,
        );
    }
}

/// `ferrotls client --resume` against `gnutls-serv --echo` (`version`: `TLS1.3`, `TLS1.2`).
pub(crate) fn resumes_with_gnutls_serv(version: &str, server_extra: &[&str]) {
    let Some(gnutls_serv) = interop::require("gnutls-serv") else {
        return;
    };
    // SECP256R1 too: in TLS 1.2 the groups also bound the curve of an ECDSA certificate
    // (RFC 8422 §5.1), and the test certificate is on P-256.
    let priority = gnutls_priority(version, &["X25519", "SECP256R1"], &[]);
    let (server, port) = gnutls_server(&gnutls_serv, KeyKind::EcdsaP256, &priority, server_extra);
    let ours = if version == "TLS1.3" {
        "--tls13"
    } else {
        "--tls12"
    };
    let out = our_client(loopback(port), &["--resume", ours, "--send", "resume me"]);
    let report = format!(
        "=== our client ===\n{}\n=== gnutls-serv ===\n{}",
        describe(&out),
        stop(server)
    );
    check_resumed(&out, "resume me", &report);
}

/// 0-RTT from our client, second run with `--session-file`, accepted by
/// `openssl s_server -early_data`.
pub(crate) fn early_data_with_openssl_s_server() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let scratch = Scratch::new("our-client-early-data");
    let session = scratch.file("session");
    let early = scratch.write("early.txt", b"early from ferrotls\n");
    let (server, addr) = openssl_server(
        &openssl,
        "-tls1_3",
        KeyKind::EcdsaP256,
        &["-early_data", "-naccept", "2"],
    );
    let first = our_client(
        addr,
        &["--tls13", "--session-file", &session, "--send", "one"],
    );
    let second = our_client(
        addr,
        &[
            "--tls13",
            "--session-file",
            &session,
            "--early-data",
            &early,
            "--send",
            "two",
        ],
    );
    let server_out = server
        .finish(TIMEOUT)
        .unwrap_or_else(|e| panic!("openssl s_server: {e}\n{}", describe(&second)));
    let report = format!(
        "=== our client, first run ===\n{}\n=== our client, second run ===\n{}\n\
         === openssl s_server ===\n{}",
        describe(&first),
        describe(&second),
        describe(&server_out)
    );
    check(first.status.success(), "first run exit status", &report);
    check(second.status.success(), "second run exit status", &report);
    let lines = handshake_lines(&second.stdout);
    check(
        lines.len() == 1
            && field(lines[0], "resumed") == "yes"
            && field(lines[0], "early_data") == "accepted",
        "second run: resumed=yes early_data=accepted",
        &report,
    );
    check(
        server_out.stdout.contains("early from ferrotls"),
        "openssl s_server received the early data",
        &report,
    );
}
