//! Our server asking for client certificates: accepted from both peers, and refused without an
//! acceptable one.

use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::interop::{self};
use ferrotls_tests::interop_checks::check;
use ferrotls_tests::interop_peers::{client_files, finish_both, gnutls_client, path, talk};

use crate::matrix::gnutls_priority;
use crate::our_server::{openssl_client, our_server};

pub(crate) fn our_server_requires_client_certificates() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let Some(gnutls_cli) = interop::require("gnutls-cli") else {
        return;
    };
    let client_ca = path("client-ca.pem");

    // OpenSSL presents ECDSA and Ed25519 client certificates.
    for kind in [KeyKind::EcdsaP256, KeyKind::Ed25519] {
        let (server, addr) = our_server(KeyKind::Rsa2048, &["--client-ca", &client_ca]);
        let (cert, key) = client_files(kind);
        let mut client = openssl_client(&openssl, addr, &["-cert", &cert, "-key", &key]);
        let ping = format!("client auth {kind:?}");
        talk(&mut client, &server, "Verify return code:", &ping, &ping)
            .unwrap_or_else(|e| panic!("{e}"));
        let (client, server, report) = finish_both(client, server);
        check(client.status.success(), "openssl exit", &report);
        check(
            client.stdout.contains(", CertificateRequest")
                && client.stdout.contains(">>> TLS 1.3, Handshake")
                && client.stdout.lines().any(|l| {
                    l.starts_with(">>> TLS 1.3, Handshake") && l.ends_with(", CertificateVerify")
                }),
            "openssl was asked for a certificate and signed with it",
            &report,
        );
        check(
            client
                .stdout
                .contains("Acceptable client certificate CA names\nCN = ferrotls test client CA"),
            "our CertificateRequest names the client CA",
            &report,
        );
        check(
            server.stdout.contains("handshake: version=TLSv1.3 "),
            "our handshake line",
            &report,
        );
    }

    // GnuTLS presents an RSA client certificate.
    let (server, addr) = our_server(KeyKind::EcdsaP256, &["--client-ca", &client_ca]);
    let (cert, key) = client_files(KeyKind::Rsa2048);
    let priority = gnutls_priority(&["X25519", "SECP256R1"], &[]);
    let mut client = gnutls_client(
        &gnutls_cli,
        addr,
        &priority,
        &["--x509certfile", &cert, "--x509keyfile", &key],
    );
    talk(
        &mut client,
        &server,
        "- Handshake was completed",
        "gnutls client auth",
        "gnutls client auth",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (client, server, report) = finish_both(client, server);
    check(client.status.success(), "gnutls-cli exit", &report);
    check(
        client
            .stdout
            .contains("- Server has requested a certificate.")
            && client
                .stdout
                .contains("- Successfully sent 1 certificate(s) to server."),
        "gnutls-cli sent its certificate",
        &report,
    );
    check(
        server.stdout.contains("handshake: version=TLSv1.3 "),
        "our handshake line",
        &report,
    );
}

/// Without a certificate, or with one from a CA our server does not trust for clients, the
/// client learns of the refusal from our alert, and our server prints the reason and no
/// handshake line.
pub(crate) fn our_server_refuses_clients_without_an_acceptable_certificate() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let Some(gnutls_cli) = interop::require("gnutls-cli") else {
        return;
    };
    let client_ca = path("client-ca.pem");
    let server_ca = path("ca.pem");
    let (cert, key) = client_files(KeyKind::EcdsaP256);
    // (the CAs our server trusts for clients, extra s_client arguments, what OpenSSL reports,
    // what our server reports)
    for (trusted, extra, their_error, our_error) in [
        (
            &client_ca,
            &[][..],
            "alert certificate required",
            "sent fatal alert certificate_required",
        ),
        (
            &server_ca,
            &["-cert", &cert, "-key", &key][..],
            "alert unknown ca",
            "sent fatal alert unknown_ca",
        ),
    ] {
        let (server, addr) = our_server(KeyKind::EcdsaP256, &["--client-ca", trusted]);
        let client = openssl_client(&openssl, addr, extra);
        // TLS 1.3 clients finish first: OpenSSL prints its summary, then reads our alert and
        // exits. Its input stays open: at its end it would close the connection itself.
        let (client, server, report) = finish_both(client, server);
        check(
            !client.status.success() && client.stderr.contains(their_error),
            &format!("openssl {extra:?} reports {their_error:?}"),
            &report,
        );
        check(
            !server.stdout.contains("handshake:") && server.stderr.contains(our_error),
            &format!("our server {extra:?} reports {our_error:?} and no handshake"),
            &report,
        );
        check(
            client.stdout.contains("Verify return code: 0 (ok)"),
            "openssl finished its side of the handshake",
            &report,
        );
    }

    let (server, addr) = our_server(KeyKind::EcdsaP256, &["--client-ca", &client_ca]);
    let priority = gnutls_priority(&["X25519"], &[]);
    let client = gnutls_client(&gnutls_cli, addr, &priority, &[]);
    let (client, server, report) = finish_both(client, server);
    check(
        !client.status.success()
            && client.stdout.contains("- Handshake was completed")
            && client
                .stdout
                .contains("*** Received alert [116]: Certificate is required"),
        "gnutls-cli reports certificate_required",
        &report,
    );
    check(
        !server.stdout.contains("handshake:")
            && server
                .stderr
                .contains("sent fatal alert certificate_required"),
        "our server reports the refusal",
        &report,
    );
}
