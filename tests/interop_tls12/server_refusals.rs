//! What our server refuses: clients without an acceptable certificate, and renegotiation.

use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::interop::{self, TIMEOUT};
use ferrotls_tests::interop_checks::{check, client_hellos};
use ferrotls_tests::interop_peers::{client_files, finish_both, gnutls_client, path};

use crate::matrix::{gnutls_priority, has_our_line, GNUTLS_EMS};
use crate::our_server::{openssl_client, our_server};

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
            "sslv3 alert handshake failure",
            "sent fatal alert handshake_failure: client sent no certificate",
        ),
        (
            &server_ca,
            &["-cert", &cert, "-key", &key][..],
            "alert unknown ca",
            "sent fatal alert unknown_ca",
        ),
    ] {
        let (server, addr) = our_server(KeyKind::EcdsaP256, &["--tls12", "--client-ca", trusted]);
        // Its input stays open: at its end it would close the connection itself.
        let client = openssl_client(&openssl, addr, extra);
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
    }

    let (server, addr) = our_server(KeyKind::Rsa2048, &["--tls12", "--client-ca", &client_ca]);
    let priority = gnutls_priority(&["X25519"], &[]);
    let client = gnutls_client(&gnutls_cli, addr, &priority, &[]);
    let (client, server, report) = finish_both(client, server);
    check(
        !client.status.success()
            && client
                .stdout
                .contains("- Successfully sent 0 certificate(s) to server.")
            && client
                .stdout
                .contains("*** Received alert [40]: Handshake failed"),
        "gnutls-cli reports handshake_failure",
        &report,
    );
    check(
        !server.stdout.contains("handshake:")
            && server
                .stderr
                .contains("sent fatal alert handshake_failure: client sent no certificate"),
        "our server reports the refusal",
        &report,
    );
}

/// `s_client`'s `R` command sends a ClientHello on the established connection; we answer with
/// a warning no_renegotiation, which OpenSSL answers with a fatal handshake_failure.
/// `gnutls-cli --rehandshake` presses on with a further ClientHello after our warning, which
/// we end with handshake_failure. Application data before the attempt flows in both cases.
pub(crate) fn our_server_refuses_renegotiation() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let Some(gnutls_cli) = interop::require("gnutls-cli") else {
        return;
    };
    let (server, addr) = our_server(KeyKind::EcdsaP256, &["--tls12"]);
    let mut client = openssl_client(&openssl, addr, &[]);
    client
        .wait_for_stdout("Verify return code:", TIMEOUT)
        .unwrap_or_else(|e| panic!("{e}\n{}", server.report()));
    client.write_stdin(b"before renegotiation\n");
    client
        .wait_for_stdout("before renegotiation", TIMEOUT)
        .unwrap_or_else(|e| panic!("{e}\n{}", server.report()));
    client.write_stdin(b"R\n");
    // OpenSSL exits on its own; its input stays open.
    let (client, server, report) = finish_both(client, server);
    check(
        !client.status.success()
            && client.stderr.contains("RENEGOTIATING")
            && client.stderr.contains(":no renegotiation:"),
        "openssl tried and reports no renegotiation",
        &report,
    );
    let hello = ">>> TLS 1.2, Handshake";
    let warning = "<<< TLS 1.2, Alert [length 0002], warning no_renegotiation";
    let fatal = ">>> TLS 1.2, Alert [length 0002], fatal handshake_failure";
    let second_hello = client
        .stdout
        .match_indices(hello)
        .filter(|(at, _)| {
            client.stdout[*at..]
                .lines()
                .next()
                .is_some_and(|l| l.ends_with(", ClientHello"))
        })
        .nth(1)
        .map(|(at, _)| at);
    let ordered = match (
        second_hello,
        client.stdout.find(warning),
        client.stdout.find(fatal),
    ) {
        (Some(h), Some(w), Some(f)) => h < w && w < f,
        _ => false,
    };
    check(
        ordered && client_hellos(&client.stdout) == 2,
        "a second ClientHello, our warning no_renegotiation, OpenSSL's handshake_failure",
        &report,
    );
    check(
        server.status.success()
            && has_our_line(
                &server.stdout,
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "x25519",
            )
            && server
                .stderr
                .contains("peer sent fatal alert handshake_failure")
            && server
                .stdout
                .lines()
                .filter(|l| l.starts_with("handshake:"))
                .count()
                == 1,
        "our server: one handshake, then OpenSSL's alert",
        &report,
    );

    let (server, addr) = our_server(KeyKind::Rsa2048, &[]);
    let priority = gnutls_priority(&["X25519"], &[]);
    let client = gnutls_client(&gnutls_cli, addr, &priority, &["--rehandshake"]);
    let (client, server, report) = finish_both(client, server);
    check(
        !client.status.success()
            && client.stdout.contains("- Handshake was completed")
            && client.stdout.contains(GNUTLS_EMS)
            && client
                .stdout
                .contains("*** Received alert [100]: No renegotiation is allowed")
            && client.stderr.contains("*** ReHandshake has failed"),
        "gnutls-cli got our no_renegotiation",
        &report,
    );
    check(
        has_our_line(
            &server.stdout,
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "x25519",
        ) && server.stderr.contains(
            "sent fatal alert handshake_failure: client pursued a renegotiation we declined",
        ),
        "our server declined, then ended the insisting client",
        &report,
    );
}
