//! Certificates seen from our client: authenticating to both peers, refused without one, and
//! refusing an untrusted server.

use std::time::Duration;

use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::interop::{self, TIMEOUT};
use ferrotls_tests::interop_checks::{check, describe};
use ferrotls_tests::interop_peers::{client_files, gnutls_server, loopback, path, stop};

use crate::matrix::gnutls_priority;
use crate::our_client::{check_our_client, openssl_server, our_client, reversed};

pub(crate) fn our_client_authenticates_with_certificates() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let Some(gnutls_serv) = interop::require("gnutls-serv") else {
        return;
    };
    let client_ca = path("client-ca.pem");
    let verify = [
        "-Verify",
        "1",
        "-verify_return_error",
        "-CAfile",
        &client_ca,
    ];

    // openssl s_server verifies ECDSA and RSA client certificates.
    for (kind, signature) in [
        (KeyKind::EcdsaP256, "Signature type: ECDSA"),
        (KeyKind::Rsa2048, "Signature type: RSA-PSS"),
    ] {
        let (server, addr) = openssl_server(&openssl, KeyKind::EcdsaP256, &verify);
        let (cert, key) = client_files(kind);
        let out = our_client(
            addr,
            "with a certificate",
            &["--cert", &cert, "--key", &key],
        );
        let server = server.finish(TIMEOUT).unwrap_or_else(|e| panic!("{e}"));
        let report = format!(
            "=== our client ===\n{}\n=== openssl s_server ===\n{}",
            describe(&out),
            describe(&server)
        );
        check_our_client(
            &out,
            "handshake: version=TLSv1.3 ",
            &reversed("with a certificate"),
            &report,
        );
        for needle in [
            "Peer certificate: CN = ferrotls test client",
            signature,
            "Verification: OK",
        ] {
            check(
                server.stderr.contains(needle),
                &format!("{kind:?}: {needle:?}"),
                &report,
            );
        }
    }

    // gnutls-serv verifies an Ed25519 client certificate (--verify-client-cert: without it
    // gnutls-serv takes any certificate).
    let priority = gnutls_priority(&["X25519", "SECP256R1"], &[]);
    let gnutls_verify = [
        "--x509cafile",
        &client_ca,
        "--require-client-cert",
        "--verify-client-cert",
    ];
    let (server, port) = gnutls_server(&gnutls_serv, KeyKind::Ed25519, &priority, &gnutls_verify);
    let (cert, key) = client_files(KeyKind::Ed25519);
    let out = our_client(
        loopback(port),
        "gnutls checks me",
        &["--cert", &cert, "--key", &key],
    );
    let seen = server.wait_for_stdout("- Client Signature: EdDSA-Ed25519", Duration::from_secs(5));
    let report = format!(
        "=== our client ===\n{}\n=== gnutls-serv ===\n{}",
        describe(&out),
        stop(server)
    );
    check_our_client(
        &out,
        "handshake: version=TLSv1.3 ",
        "gnutls checks me",
        &report,
    );
    check(
        seen.is_ok() && report.contains("- Status: The certificate is trusted."),
        "gnutls-serv verified our certificate",
        &report,
    );

    // Without a certificate, openssl s_server refuses us after our Finished.
    let (server, addr) = openssl_server(&openssl, KeyKind::EcdsaP256, &verify);
    let out = our_client(addr, "no certificate", &[]);
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
                .contains("peer sent fatal alert certificate_required"),
        "our client reports certificate_required",
        &report,
    );
    check(
        !out.stdout.contains(&reversed("no certificate")),
        "nothing came back",
        &report,
    );
}

pub(crate) fn our_client_refuses_an_untrusted_server() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let cert = path("untrusted-server.pem");
    let key = path("untrusted-server.key");
    let (server, addr) = openssl_server(
        &openssl,
        KeyKind::EcdsaP256,
        &["-cert", &cert, "-key", &key],
    );
    let out = our_client(addr, "should not be sent", &[]);
    let server = server.finish(TIMEOUT).unwrap_or_else(|e| panic!("{e}"));
    let report = format!(
        "=== our client ===\n{}\n=== openssl s_server ===\n{}",
        describe(&out),
        describe(&server)
    );
    check(
        out.status.code() == Some(1)
            && out.stderr.contains("handshake failed")
            && !out.stdout.contains("handshake:"),
        "our client refuses the certificate",
        &report,
    );
    check(
        server.stderr.contains("alert"),
        "openssl s_server got our alert",
        &report,
    );
}
