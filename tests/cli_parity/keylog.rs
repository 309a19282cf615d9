//! `--keylog FILE` (client and server) and `SSLKEYLOGFILE` (server; the client's is decrypted
//! by tshark in `interop_secrets`) hold the lines OpenSSL's `-keylogfile` holds for the same
//! connection (RFC 9850), TLS 1.3 and TLS 1.2.

use std::collections::BTreeSet;

use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::interop;
use ferrotls_tests::interop_peers::{finish_both, talk};

use crate::peers::{
    openssl_client, openssl_server, our_client_against, our_server, our_server_with_env, Scratch,
    VERSIONS,
};

/// The lines of a key log, without OpenSSL's comment line; at least one.
fn lines(path: &str) -> BTreeSet<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let lines: BTreeSet<String> = text
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect();
    assert!(!lines.is_empty(), "{path} is empty");
    lines
}

#[test]
fn our_client_keylog_matches_openssl_s_server() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    for (openssl_version, version, _) in VERSIONS {
        let scratch = Scratch::new("keylog-client");
        let (ours, theirs) = (scratch.path("ours.log"), scratch.path("theirs.log"));
        let (server, addr) = openssl_server(
            &openssl,
            openssl_version,
            KeyKind::EcdsaP256,
            &["-keylogfile", &theirs],
        );
        let ran = our_client_against(server, &addr.to_string(), &[version, "--keylog", &ours]);
        assert!(ran.client.status.success(), "{}", ran.report);
        assert_eq!(lines(&ours), lines(&theirs), "{version}");
    }
}

#[test]
fn our_server_keylog_and_sslkeylogfile_match_openssl_s_client() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    for (openssl_version, version, _) in VERSIONS {
        for by_env in [false, true] {
            let scratch = Scratch::new("keylog-server");
            let (ours, theirs) = (scratch.path("ours.log"), scratch.path("theirs.log"));
            let (server, addr) = if by_env {
                our_server_with_env(1, &[version], "SSLKEYLOGFILE", &ours)
            } else {
                our_server(1, &[version, "--keylog", &ours])
            };
            let mut client =
                openssl_client(&openssl, openssl_version, &addr, &["-keylogfile", &theirs]);
            talk(&mut client, &server, "Verify return code:", "ping", "ping")
                .unwrap_or_else(|e| panic!("{e}"));
            let (client, _server, report) = finish_both(client, server);
            assert!(client.status.success(), "{report}");
            assert_eq!(lines(&ours), lines(&theirs), "{version} env={by_env}");
        }
    }
}
