//! record_size_limit (RFC 8449) with `gnutls-cli`, which implements it, against `ferrotls server
//! --record-size-limit 512` on loopback, in both versions: the handshake completes, GnuTLS
//! reports the limit our server answered with (content plus the content type byte in TLS 1.3,
//! RFC 8449 §4), and a line goes through and back. GnuTLS refuses a server limit below its own
//! floor of 512 bytes (`server requested too small record_size_limit`), so 512 is the smallest
//! value that interoperates with it.
//!
//! The byte-level checks (that each side's records fit the other's limit, and that a record
//! beyond ours is record_overflow) are in `bad_input_tls12::record_size_limit` and the core's
//! unit tests, where a scripted peer can break the rule.

use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::ferrotls_exe;
use ferrotls_tests::interop;
use ferrotls_tests::interop_checks::check;
use ferrotls_tests::interop_peers::{
    finish_both, gnutls_client, gnutls_priority, server_files, talk,
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
