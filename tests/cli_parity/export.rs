//! `--export LABEL:LEN` prints what OpenSSL's `-keymatexport LABEL -keymatexportlen LEN`
//! prints for the same connection: our client against `s_server`, `s_client` against our
//! server, TLS 1.3 (RFC 9846 §7.5) and TLS 1.2 (RFC 5705); and what `gnutls-cli
//! --keymatexport` prints, against our server.

use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::interop::{self, Peer};
use ferrotls_tests::interop_peers::{finish_both, gnutls_client, gnutls_priority, talk};

use crate::peers::{openssl_client, openssl_server, our_client_against, our_server, VERSIONS};

const LABEL: &str = "EXPERIMENTAL-ferrotls-cli";

/// The hex after `Keying material: ` in an OpenSSL tool's output, lower-cased.
fn theirs(out: &str) -> String {
    out.lines()
        .find_map(|l| l.trim().strip_prefix("Keying material: "))
        .unwrap_or_else(|| panic!("no keying material in {out:?}"))
        .to_ascii_lowercase()
}

/// The hex after gnutls-cli's `- Key material: `.
fn gnutls(out: &str) -> String {
    out.lines()
        .find_map(|l| l.strip_prefix("- Key material: "))
        .unwrap_or_else(|| panic!("no key material in {out:?}"))
        .trim()
        .to_ascii_lowercase()
}

/// The hex of our `exported: LABEL LEN HEX` line.
fn ours(out: &str, len: usize) -> String {
    let prefix = format!("exported: {LABEL} {len} ");
    let hex = out
        .lines()
        .find_map(|l| l.strip_prefix(prefix.as_str()))
        .unwrap_or_else(|| panic!("no {prefix:?} line in {out:?}"));
    assert_eq!(hex.len(), 2 * len, "{hex}");
    hex.to_string()
}

#[test]
fn our_client_exports_what_openssl_s_server_exports() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    for (openssl_version, version, _) in VERSIONS {
        let (server, addr) = openssl_server(
            &openssl,
            openssl_version,
            KeyKind::EcdsaP256,
            &["-keymatexport", LABEL, "-keymatexportlen", "40"],
        );
        let export = format!("{LABEL}:40");
        let ran = our_client_against(server, &addr.to_string(), &[version, "--export", &export]);
        let report = &ran.report;
        assert!(ran.client.status.success(), "{report}");
        assert_eq!(
            ours(&ran.client.stdout, 40),
            theirs(&ran.server.stdout),
            "{report}"
        );
    }
}

#[test]
fn our_server_exports_what_openssl_s_client_exports() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    for (openssl_version, version, _) in VERSIONS {
        let export = format!("{LABEL}:20");
        let (server, addr) = our_server(1, &[version, "--export", &export]);
        let mut client: Peer =
            openssl_client(&openssl, openssl_version, &addr, &["-keymatexport", LABEL]);
        talk(&mut client, &server, "Verify return code:", "ping", "ping")
            .unwrap_or_else(|e| panic!("{e}"));
        let (client, server, report) = finish_both(client, server);
        assert!(client.status.success(), "{report}");
        // s_client's default length is 20.
        assert_eq!(ours(&server.stdout, 20), theirs(&client.stdout), "{report}");
    }
}

#[test]
fn our_server_exports_what_gnutls_cli_exports() {
    let Some(gnutls_cli) = interop::require("gnutls-cli") else {
        return;
    };
    for (gnutls_version, version) in [("TLS1.3", "--tls13"), ("TLS1.2", "--tls12")] {
        let export = format!("{LABEL}:24");
        let (server, addr) = our_server(1, &[version, "--export", &export]);
        let priority = gnutls_priority(gnutls_version, &["X25519", "SECP256R1"], &[]);
        let addr = addr.parse().expect("our server's address");
        let mut client = gnutls_client(
            &gnutls_cli,
            addr,
            &priority,
            &["--keymatexport", LABEL, "--keymatexportsize", "24"],
        );
        talk(
            &mut client,
            &server,
            "- Handshake was completed",
            "ping",
            "ping",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let (client, server, report) = finish_both(client, server);
        assert!(client.status.success(), "{report}");
        assert_eq!(ours(&server.stdout, 24), gnutls(&client.stdout), "{report}");
    }
}
