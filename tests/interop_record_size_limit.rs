//! record_size_limit (RFC 8449) with GnuTLS, which implements it, on loopback, in both versions.
//! Our server: `gnutls-cli` against `ferrotls server --record-size-limit 512`: the handshake
//! completes, GnuTLS reports the limit our server answered with (content plus the content type
//! byte in TLS 1.3, RFC 8449 §4), and a line goes through and back. GnuTLS refuses a server limit
//! below its own floor of 512 bytes (`server requested too small record_size_limit`), so 512 is
//! the smallest value that interoperates with it. Our client, with its default configuration
//! (which offers the extension at the TLS 1.3 maximum, 2^14 + 1), against `gnutls-serv
//! --recordsize=512`: GnuTLS reports our value, and a line of several of its records goes through
//! and back, so our records fitted its limit (GnuTLS refuses larger ones with record_overflow).
//!
//! The byte-level checks (that each side's records fit the other's limit, and that a record
//! beyond ours is record_overflow) are in `bad_input_tls12::record_size_limit` and the core's
//! unit tests, where a scripted peer can break the rule.

use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::{cli_peers, ferrotls_exe};
use std::time::Duration;

use ferrotls_tests::interop;
use ferrotls_tests::interop_checks::{check, describe};
use ferrotls_tests::interop_peers::{
    finish_both, gnutls_client, gnutls_priority, gnutls_server, loopback, server_files, stop, talk,
};

fn gnutls_completes_with_our_limit(version: &str, our_flag: &str, negotiated: u16) {
    let Some(gnutls_cli) = interop::require("gnutls-cli") else {
        return;
    };
    let (cert, key) = server_files(KeyKind::EcdsaP256);
    let (server, addr) = interop::ferrotls_server(
        ferrotls_exe!(),
        &[
            "--cert",
            &cert,
            "--key",
            &key,
            our_flag,
            "--max-connections",
            "1",
            "--record-size-limit",
            "512",
        ],
    );
    let priority = gnutls_priority(version, &["X25519", "SECP256R1"], &[]);
    let mut client = gnutls_client(
        &gnutls_cli,
        addr,
        &priority,
        &["--recordsize=512", "-d", "4"],
    );
    let ping = format!("gnutls {version} with a record_size_limit");
    if let Err(e) = talk(
        &mut client,
        &server,
        "- Handshake was completed",
        &ping,
        &ping,
    ) {
        panic!("{version}: {e}");
    }
    let (client, server, report) = finish_both(client, server);
    check(client.status.success(), version, &report);
    check(
        client
            .stderr
            .contains(&format!("record_size_limit {negotiated} negotiated")),
        &format!("{version}: GnuTLS saw our record_size_limit of {negotiated}"),
        &report,
    );
    check(
        server.status.success(),
        &format!("{version}: our server"),
        &report,
    );
}

#[test]
fn gnutls_cli_completes_against_our_limit_tls13() {
    gnutls_completes_with_our_limit("TLS1.3", "--tls13", 513);
}

#[test]
fn gnutls_cli_completes_against_our_limit_tls12() {
    gnutls_completes_with_our_limit("TLS1.2", "--tls12", 512);
}

/// Our client with the default record_size_limit to `gnutls-serv --recordsize=512`, which
/// speaks `version` only.
fn our_default_client_within_gnutls_limit(version: &str, negotiated: &str) {
    let Some(gnutls_serv) = interop::require("gnutls-serv") else {
        return;
    };
    let priority = gnutls_priority(version, &["X25519", "SECP256R1"], &[]);
    let (server, port) = gnutls_server(
        &gnutls_serv,
        KeyKind::EcdsaP256,
        &priority,
        &["--recordsize=512", "-d", "4"],
    );
    // Seven of GnuTLS's 512-byte records each way.
    let text = "r".repeat(3500);
    let address = loopback(port).to_string();
    let out = cli_peers::our_client(ferrotls_exe!(), &address, &["--send", &text]);
    let _ = server.wait_for_stdout("- Channel bindings", Duration::from_secs(5));
    let report = format!(
        "=== our client ===\n{}\n=== gnutls-serv ===\n{}",
        describe(&out),
        stop(server)
    );
    check(
        out.status.success(),
        &format!("{version}: our client"),
        &report,
    );
    check(
        out.stdout
            .starts_with(&format!("handshake: version={negotiated} ")),
        &format!("{version}: negotiated"),
        &report,
    );
    check(
        out.stdout.lines().any(|l| l == text),
        &format!("{version}: the long line came back"),
        &report,
    );
    // One ClientHello for both versions: the TLS 1.3 maximum, which a TLS 1.2 server must
    // accept too (RFC 8449 §4: "A server MUST NOT enforce this restriction").
    check(
        report.contains("record_size_limit 16385 negotiated"),
        &format!("{version}: GnuTLS saw our default record_size_limit"),
        &report,
    );
    check(
        !report.contains("RECORD_OVERFLOW") && !report.contains("record overflow"),
        &format!("{version}: no record overflow"),
        &report,
    );
}

#[test]
fn our_default_client_fits_gnutls_serv_limit_tls13() {
    our_default_client_within_gnutls_limit("TLS1.3", "TLSv1.3");
}

#[test]
fn our_default_client_fits_gnutls_serv_limit_tls12() {
    our_default_client_within_gnutls_limit("TLS1.2", "TLSv1.2");
}
