//! HelloRetryRequest both ways: our server asks for another group, our client retries.

use std::time::Duration;

use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::interop::{self, TIMEOUT};
use ferrotls_tests::interop_checks::{check, client_hellos, describe};
use ferrotls_tests::interop_peers::{
    finish_both, gnutls_client, gnutls_server, loopback, stop, talk,
};

use crate::matrix::{gnutls_described, gnutls_priority, SECP256R1, X25519};
use crate::our_client::{check_our_client, openssl_server, our_client};
use crate::our_server::{openssl_client, our_server};

pub(crate) fn our_server_forces_hello_retry_request() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let Some(gnutls_cli) = interop::require("gnutls-cli") else {
        return;
    };
    // OpenSSL's client sends a key share for its first group only: our server, accepting only
    // the other one, must ask for it.
    for (ours, theirs) in [
        (SECP256R1, "x25519:secp256r1"),
        (X25519, "secp256r1:x25519"),
    ] {
        let (server, addr) = our_server(KeyKind::EcdsaP256, &["--groups", ours.name]);
        let mut client = openssl_client(&openssl, addr, &["-groups", theirs]);
        let ping = format!("retry for {}", ours.name);
        talk(&mut client, &server, "Verify return code:", &ping, &ping)
            .unwrap_or_else(|e| panic!("{e}"));
        let (client, server, report) = finish_both(client, server);
        check(client.status.success(), "openssl exit", &report);
        check(
            client_hellos(&client.stdout) == 2,
            "openssl sent a second ClientHello",
            &report,
        );
        check(
            client.stdout.contains(ours.openssl_temp_key)
                && client.stdout.contains("Verify return code: 0 (ok)"),
            "openssl negotiated our group",
            &report,
        );
        let line = "handshake: version=TLSv1.3 suite=TLS_AES_";
        check(
            server.stdout.contains(line)
                && server.stdout.contains(&format!(" group={} ", ours.name)),
            "our handshake line",
            &report,
        );
    }

    // GnuTLS sends two key shares (here x25519 and secp384r1); our server wants secp256r1.
    let (server, addr) = our_server(KeyKind::Ed25519, &["--groups", "secp256r1"]);
    let priority = gnutls_priority(&["X25519", "SECP384R1", "SECP256R1"], &[]);
    let mut client = gnutls_client(&gnutls_cli, addr, &priority, &["-d", "4"]);
    talk(
        &mut client,
        &server,
        "- Handshake was completed",
        "retry with gnutls",
        "retry with gnutls",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (client, server, report) = finish_both(client, server);
    check(client.status.success(), "gnutls-cli exit", &report);
    check(
        client.stderr.contains("HRR key share with SECP256R1"),
        "gnutls-cli got a HelloRetryRequest for secp256r1",
        &report,
    );
    check(
        client
            .stdout
            .contains("- Description: (TLS1.3-X.509)-(ECDHE-SECP256R1)-(EdDSA-Ed25519)-"),
        "gnutls-cli negotiated secp256r1",
        &report,
    );
    check(
        server.stdout.contains(" group=secp256r1 "),
        "our handshake line",
        &report,
    );
}

pub(crate) fn our_client_retries_after_hello_retry_request() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let Some(gnutls_serv) = interop::require("gnutls-serv") else {
        return;
    };
    // Our client sends one key share, for its first group; the server accepts only the other.
    for (theirs, ours) in [
        (SECP256R1, "x25519,secp256r1"),
        (X25519, "secp256r1,x25519"),
    ] {
        let (server, addr) = openssl_server(&openssl, KeyKind::Ed25519, &["-groups", theirs.name]);
        let out = our_client(addr, "retry", &["--groups", ours]);
        let server = server.finish(TIMEOUT).unwrap_or_else(|e| panic!("{e}"));
        let report = format!(
            "=== our client ===\n{}\n=== openssl s_server ===\n{}",
            describe(&out),
            describe(&server)
        );
        check_our_client(
            &out,
            &format!(
                "handshake: version=TLSv1.3 suite=TLS_AES_128_GCM_SHA256 group={}",
                theirs.name
            ),
            "yrter",
            &report,
        );
        check(
            client_hellos(&server.stdout) == 2,
            "openssl s_server received a second ClientHello",
            &report,
        );
    }

    // The default groups: key shares for X25519MLKEM768 and x25519, neither of them acceptable.
    let priority = gnutls_priority(&["SECP256R1"], &[]);
    let (server, port) = gnutls_server(&gnutls_serv, KeyKind::Rsa2048, &priority, &["-d", "4"]);
    let out = our_client(loopback(port), "retry with gnutls", &[]);
    let _ = server.wait_for_stdout("- Channel bindings", Duration::from_secs(5));
    let report = format!(
        "=== our client ===\n{}\n=== gnutls-serv ===\n{}",
        describe(&out),
        stop(server)
    );
    check_our_client(
        &out,
        "handshake: version=TLSv1.3 suite=TLS_AES_128_GCM_SHA256 group=secp256r1",
        "retry with gnutls",
        &report,
    );
    check(
        gnutls_described(&report, "SECP256R1", KeyKind::Rsa2048, "AES-128-GCM"),
        "gnutls-serv negotiated secp256r1",
        &report,
    );
    check(
        report.contains("Received key share for X25519")
            && report.contains("for 'hello retry request'"),
        "gnutls-serv sent a HelloRetryRequest",
        &report,
    );
}
