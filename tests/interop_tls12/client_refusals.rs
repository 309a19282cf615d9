//! Our client refused by servers that require a certificate it does not have.

use std::time::Duration;

use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::interop::{self, TIMEOUT};
use ferrotls_tests::interop_checks::{check, describe};
use ferrotls_tests::interop_peers::{gnutls_server, loopback, path, stop};

use crate::matrix::gnutls_priority;
use crate::our_client::{openssl_server, openssl_verify_args, our_client, GET};

/// Servers requiring a certificate refuse our client without one; our client reports their
/// alert and sends nothing.
pub(crate) fn our_client_is_refused_without_a_certificate() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let Some(gnutls_serv) = interop::require("gnutls-serv") else {
        return;
    };
    let client_ca = path("client-ca.pem");
    let (server, addr) = openssl_server(
        &openssl,
        KeyKind::EcdsaP256,
        &openssl_verify_args(&client_ca),
    );
    let out = our_client(addr, GET, &["--tls12"]);
    let server = server.finish(TIMEOUT).unwrap_or_else(|e| panic!("{e}"));
    let report = format!(
        "=== our client ===\n{}\n=== openssl s_server ===\n{}",
        describe(&out),
        describe(&server)
    );
    check(
        out.status.code() == Some(1)
            && out
                .stderr
                .contains("handshake failed: peer sent fatal alert handshake_failure")
            && !out.stdout.contains("handshake:"),
        "our client reports handshake_failure",
        &report,
    );
    check(
        server.stderr.contains("peer did not return a certificate"),
        "openssl s_server missed our certificate",
        &report,
    );

    let priority = gnutls_priority(&["X25519", "SECP256R1"], &[]);
    let (server, port) = gnutls_server(
        &gnutls_serv,
        KeyKind::Ed25519,
        &priority,
        &[
            "--x509cafile",
            &client_ca,
            "--require-client-cert",
            "--verify-client-cert",
        ],
    );
    let out = our_client(loopback(port), "should not be echoed", &["--tls12"]);
    let _ = server.wait_for_stdout("Error in handshake", Duration::from_secs(2));
    let report = format!(
        "=== our client ===\n{}\n=== gnutls-serv ===\n{}",
        describe(&out),
        stop(server)
    );
    // GnuTLS 3.7 sends decode_error here (to OpenSSL's client as well).
    check(
        out.status.code() == Some(1)
            && out
                .stderr
                .contains("handshake failed: peer sent fatal alert decode_error")
            && !out.stdout.contains("should not be echoed"),
        "our client reports gnutls-serv's alert",
        &report,
    );
    check(
        report.contains("Error in handshake: No certificate was found."),
        "gnutls-serv missed our certificate",
        &report,
    );
}
