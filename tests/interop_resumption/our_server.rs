//! Our server resumed by `gnutls-cli` and `openssl s_client`.

use std::net::SocketAddr;
use std::path::Path;

use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::ferrotls_exe;
use ferrotls_tests::interop::{self, Peer, TIMEOUT};
use ferrotls_tests::interop_checks::{check, describe};
use ferrotls_tests::interop_peers::{
    finish_both, gnutls_client, gnutls_priority, openssl_client, server_files, talk,
};

use crate::files::{field, handshake_lines, Scratch};

/// `ferrotls server` for `connections` connections of one version (`--tls13` / `--tls12`).
fn our_server(version: &str, connections: usize, extra: &[&str]) -> (Peer, SocketAddr) {
    let (cert, key) = server_files(KeyKind::EcdsaP256);
    let count = connections.to_string();
    let mut args = vec![
        "--cert",
        &cert,
        "--key",
        &key,
        version,
        "--max-connections",
        &count,
    ];
    args.extend_from_slice(extra);
    interop::ferrotls_server(ferrotls_exe!(), &args)
}

/// Our server's two handshake lines: a full handshake and a resumption of that session (the
/// same persistent session ID). The server serves each connection on its own thread, and a
/// client that reconnects at once (`gnutls-cli --resume`) can have the second connection's line
/// printed before the first's, so the lines are taken full handshake first, not in print order.
fn check_our_server_resumed(server_stdout: &str, report: &str) {
    let mut lines = handshake_lines(server_stdout);
    check(lines.len() == 2, "our server: two handshakes", report);
    lines.sort_by_key(|line| field(line, "resumed") == "yes");
    check(
        field(lines[0], "resumed") == "no" && field(lines[1], "resumed") == "yes",
        "our server: resumed=no, then resumed=yes",
        report,
    );
    let id = field(lines[0], "session_id");
    check(
        !id.is_empty() && id != "-" && field(lines[1], "session_id") == id,
        "our server: the session ID is the same in the resumption",
        report,
    );
}

/// `gnutls-cli --resume` at our server: "This is a resumed session".
pub(crate) fn gnutls_cli_resumes(version: &str, server_extra: &[&str]) {
    let Some(gnutls_cli) = interop::require("gnutls-cli") else {
        return;
    };
    let ours = if version == "TLS1.3" {
        "--tls13"
    } else {
        "--tls12"
    };
    let (server, addr) = our_server(ours, 2, server_extra);
    // SECP256R1 too: in TLS 1.2 the groups also bound the curve of an ECDSA certificate
    // (RFC 8422 §5.1), and the test certificate is on P-256.
    let priority = gnutls_priority(version, &["X25519", "SECP256R1"], &[]);
    let mut client = gnutls_client(&gnutls_cli, addr, &priority, &["--resume"]);
    let ping = format!("gnutls-cli resumes {version}");
    if let Err(e) = talk(&mut client, &server, "- Simple Client Mode", &ping, &ping) {
        panic!("{version} {server_extra:?}: {e}");
    }
    let (client, server, report) = finish_both(client, server);
    check(client.status.success(), "gnutls-cli exit status", &report);
    check(
        client.stdout.contains("*** This is a resumed session"),
        "gnutls-cli: This is a resumed session",
        &report,
    );
    check_our_server_resumed(&server.stdout, &report);
    check(server.status.success(), "our server exit status", &report);
}

/// One `openssl s_client` connection with `extra`, echoing a line through our server.
fn openssl_connection(
    openssl: &Path,
    version: &str,
    addr: SocketAddr,
    server: &Peer,
    extra: &[&str],
    line: &str,
) -> interop::Output {
    let mut client = openssl_client(openssl, version, addr, extra);
    if let Err(e) = talk(&mut client, server, "Verify return code:", line, line) {
        panic!("{version} {extra:?}: {e}");
    }
    client.finish(TIMEOUT).unwrap_or_else(|e| {
        panic!(
            "openssl s_client {extra:?}: {e}\n=== our server ===\n{}",
            server.report()
        )
    })
}

/// `openssl s_client -sess_out F`, then `-sess_in F`: "Reused". `version` is s_client's flag.
pub(crate) fn openssl_s_client_reuses(version: &str, server_extra: &[&str]) {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let scratch = Scratch::new(&format!("s_client{version}{}", server_extra.len()));
    let session = scratch.file("session.pem");
    let (ours, name) = if version == "-tls1_3" {
        ("--tls13", "TLSv1.3")
    } else {
        ("--tls12", "TLSv1.2")
    };
    let (server, addr) = our_server(ours, 2, server_extra);
    let first = openssl_connection(
        &openssl,
        version,
        addr,
        &server,
        &["-sess_out", &session],
        "first",
    );
    let first_report = describe(&first);
    check(first.status.success(), "first s_client", &first_report);
    // -msg shows whether the session came as a ticket; TLS 1.3 sessions always do.
    let ticket_expected = server_extra.is_empty();
    check(
        first.stdout.contains("NewSessionTicket") == ticket_expected,
        &format!("first s_client: NewSessionTicket seen: {ticket_expected}"),
        &first_report,
    );
    let mut second = openssl_client(&openssl, version, addr, &["-sess_in", &session]);
    if let Err(e) = talk(
        &mut second,
        &server,
        "Verify return code:",
        "second",
        "second",
    ) {
        panic!("{version} {server_extra:?} -sess_in: {e}");
    }
    let (second, server, report) = finish_both(second, server);
    let report = format!("=== first s_client ===\n{first_report}\n{report}");
    check(second.status.success(), "second s_client", &report);
    check(
        second.stdout.contains(&format!("Reused, {name}")),
        &format!("second s_client: Reused, {name}"),
        &report,
    );
    check_our_server_resumed(&server.stdout, &report);
}

/// `openssl s_client -sess_in F -early_data FILE` against our server with `--max-early-data`.
pub(crate) fn openssl_s_client_early_data() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let scratch = Scratch::new("s_client-early-data");
    let session = scratch.file("session.pem");
    let early = scratch.write("early.txt", b"early from openssl\n");
    let (server, addr) = our_server("--tls13", 2, &["--max-early-data", "16384"]);
    let first = openssl_connection(
        &openssl,
        "-tls1_3",
        addr,
        &server,
        &["-sess_out", &session],
        "first",
    );
    check(first.status.success(), "first s_client", &describe(&first));
    let mut second = openssl_client(
        &openssl,
        "-tls1_3",
        addr,
        &["-sess_in", &session, "-early_data", &early],
    );
    if let Err(e) = talk(
        &mut second,
        &server,
        "Verify return code:",
        "after",
        "after",
    ) {
        panic!("-early_data: {e}");
    }
    let (second, server, report) = finish_both(second, server);
    check(second.status.success(), "second s_client", &report);
    check(
        second.stdout.contains("Reused, TLSv1.3"),
        "second s_client: Reused",
        &report,
    );
    check(
        second.stdout.contains("Early data was accepted"),
        "second s_client: Early data was accepted",
        &report,
    );
    check(
        server.stdout.contains("early-data: early from openssl\\n"),
        "our server printed the early data",
        &report,
    );
    let lines = handshake_lines(&server.stdout);
    check(
        lines.len() == 2 && field(lines[1], "early_data") == "accepted",
        "our server: early_data=accepted",
        &report,
    );
    check_our_server_resumed(&server.stdout, &report);
}
