//! `--ciphers` (TLS 1.2, OpenSSL or IANA names) and `--suites` (TLS 1.3) decide what is
//! negotiated: our client against `openssl s_server`, `openssl s_client` against our server,
//! and a choice the peer does not share fails the handshake.

use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::interop;
use ferrotls_tests::interop_checks::describe;
use ferrotls_tests::interop_peers::{finish_both, talk};

use crate::peers::{
    finish, handshake_line, openssl_client, openssl_server, our_client, our_client_against,
    our_server,
};

#[test]
fn our_client_gets_the_suite_it_chose() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    for (openssl_version, flags, suite) in [
        (
            "-tls1_2",
            ["--tls12", "--ciphers", "ECDHE-ECDSA-CHACHA20-POLY1305"],
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        ),
        (
            "-tls1_2",
            [
                "--tls12",
                "--ciphers",
                "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            ],
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        ),
        (
            "-tls1_3",
            ["--tls13", "--suites", "TLS_AES_256_GCM_SHA384"],
            "TLS_AES_256_GCM_SHA384",
        ),
        (
            "-tls1_3",
            ["--tls13", "--suites", "TLS_CHACHA20_POLY1305_SHA256"],
            "TLS_CHACHA20_POLY1305_SHA256",
        ),
    ] {
        let (server, addr) = openssl_server(&openssl, openssl_version, KeyKind::EcdsaP256, &[]);
        let ran = our_client_against(server, &addr.to_string(), &flags);
        let report = &ran.report;
        assert!(ran.client.status.success(), "{report}");
        assert!(
            handshake_line(&ran.client.stdout).contains(&format!(" suite={suite} ")),
            "{report}"
        );
    }
}

#[test]
fn a_suite_the_server_does_not_have_fails_the_handshake() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let (server, addr) = openssl_server(
        &openssl,
        "-tls1_3",
        KeyKind::EcdsaP256,
        &["-ciphersuites", "TLS_AES_256_GCM_SHA384"],
    );
    let out = our_client(
        &addr.to_string(),
        &[
            "--suites",
            "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256",
        ],
    );
    drop(finish(server));
    assert_eq!(out.status.code(), Some(1), "{}", describe(&out));
    assert!(
        out.stderr.contains("handshake failed"),
        "{}",
        describe(&out)
    );
}

#[test]
fn our_server_accepts_only_the_suites_it_chose() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    for (openssl_version, flags, ours, theirs) in [
        (
            "-tls1_3",
            ["--suites", "TLS_CHACHA20_POLY1305_SHA256"],
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_CHACHA20_POLY1305_SHA256",
        ),
        (
            "-tls1_2",
            ["--ciphers", "ECDHE-ECDSA-AES256-GCM-SHA384"],
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "ECDHE-ECDSA-AES256-GCM-SHA384",
        ),
    ] {
        let (server, addr) = our_server(1, &flags);
        let mut client = openssl_client(&openssl, openssl_version, &addr, &[]);
        talk(&mut client, &server, "Verify return code:", "ping", "ping")
            .unwrap_or_else(|e| panic!("{e}"));
        let (client, server, report) = finish_both(client, server);
        assert!(client.status.success(), "{report}");
        assert!(
            handshake_line(&server.stdout).contains(&format!(" suite={ours} ")),
            "{report}"
        );
        assert!(
            client.stdout.contains(&format!("Cipher is {theirs}")),
            "{report}"
        );
    }
}
