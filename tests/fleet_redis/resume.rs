//! A session made on A, resumed on B by `openssl s_client`.

use std::path::Path;

use ferrotls_tests::interop::{self, TIMEOUT};
use ferrotls_tests::interop_checks::{check, describe};
use ferrotls_tests::interop_peers::{openssl_client, talk};
use ferrotls_tests::redis_server::RedisServer;

use crate::fleet::{field, handshake_lines, server, ticket_secret};

/// `openssl s_client VERSION -sess_out F` at A, then `-sess_in F` at B, each echoing a line;
/// both servers run with `server_extra` and one ticket secret file.
fn made_on_a_resumed_on_b(openssl: &Path, version: &str, server_extra: &[&str]) {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let dir = std::env::temp_dir().join(format!(
        "ferrotls-fleet-{}-{}",
        std::process::id(),
        redis.port()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let session = dir.join("session.pem").display().to_string();
    // Every server of the fleet derives the same ticket keys from this file.
    let secret = ticket_secret(&dir);
    let mut server_extra = server_extra.to_vec();
    server_extra.extend_from_slice(&["--ticket-secret-file", &secret]);
    let (a, a_addr) = server(&redis, 1, &server_extra);
    let (b, b_addr) = server(&redis, 1, &server_extra);

    let mut first = openssl_client(openssl, version, a_addr, &["-sess_out", &session]);
    talk(&mut first, &a, "Verify return code:", "on A", "on A").unwrap_or_else(|e| panic!("{e}"));
    let first = first.finish(TIMEOUT).unwrap_or_else(|e| panic!("{e}"));
    let mut second = openssl_client(openssl, version, b_addr, &["-sess_in", &session]);
    talk(&mut second, &b, "Verify return code:", "on B", "on B").unwrap_or_else(|e| panic!("{e}"));
    let second = second.finish(TIMEOUT).unwrap_or_else(|e| panic!("{e}"));
    let a = a.finish(TIMEOUT).unwrap_or_else(|e| panic!("A: {e}"));
    let b = b.finish(TIMEOUT).unwrap_or_else(|e| panic!("B: {e}"));
    let _ = std::fs::remove_dir_all(&dir);
    let report = format!(
        "=== s_client at A ===\n{}\n=== s_client at B ===\n{}\n=== A ===\n{}\n=== B ===\n{}\n=== redis ===\n{}",
        describe(&first),
        describe(&second),
        describe(&a),
        describe(&b),
        redis.report()
    );
    let name = if version == "-tls1_3" {
        "TLSv1.3"
    } else {
        "TLSv1.2"
    };
    check(
        first.status.success() && second.status.success(),
        "both s_client runs succeed",
        &report,
    );
    check(
        second.stdout.contains(&format!("Reused, {name}")),
        &format!("s_client at B: Reused, {name}"),
        &report,
    );
    let (a_lines, b_lines) = (handshake_lines(&a.stdout), handshake_lines(&b.stdout));
    check(
        a_lines.len() == 1 && b_lines.len() == 1,
        "one handshake each",
        &report,
    );
    check(
        field(a_lines[0], "resumed") == "no",
        "A: a full handshake",
        &report,
    );
    check(
        field(b_lines[0], "resumed") == "yes",
        "B: resumed A's session",
        &report,
    );
    let id = field(a_lines[0], "session_id");
    check(
        !id.is_empty() && id != "-" && field(b_lines[0], "session_id") == id,
        "B prints A's server session ID",
        &report,
    );
}

#[test]
fn a_tls12_session_id_made_on_a_resumes_on_b() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    made_on_a_resumed_on_b(&openssl, "-tls1_2", &["--tls12", "--no-tickets"]);
}

#[test]
fn a_tls13_stateful_ticket_made_on_a_resumes_on_b() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    made_on_a_resumed_on_b(&openssl, "-tls1_3", &["--tls13", "--stateful-tickets"]);
}

#[test]
fn a_tls12_ticket_made_on_a_resumes_on_b() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    made_on_a_resumed_on_b(&openssl, "-tls1_2", &["--tls12", "--no-session-cache"]);
}

#[test]
fn a_tls13_stateless_ticket_made_on_a_resumes_on_b() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    made_on_a_resumed_on_b(&openssl, "-tls1_3", &["--tls13"]);
}
