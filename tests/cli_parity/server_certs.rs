//! The server's certificates: several `--cert`/`--key` pairs chosen by the client's SNI
//! (`openssl s_client -servername`), and `--client-cert-optional` (request a client
//! certificate, accept clients without one, as `s_server -verify`) next to the required mode.

use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::interop::{self, Peer};
use ferrotls_tests::interop_peers::{client_files, finish_both, talk};

use crate::peers::{handshake_line, openssl_client, our_server, our_server_with, pki};

#[test]
fn the_certificate_follows_the_server_name() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let (cert, key) = (pki("server-ecdsa-p256.pem"), pki("server-ecdsa-p256.key"));
    let (other_cert, other_key) = (pki("other-name.pem"), pki("other-name.key"));
    let (server, addr) = our_server_with(&[
        "--cert",
        &cert,
        "--key",
        &key,
        "--cert",
        &other_cert,
        "--key",
        &other_key,
        "--max-connections",
        "3",
    ]);
    let ca = pki("ca.pem");
    for (name, subject) in [
        ("other.ferrotls", "subject=CN = other.ferrotls"),
        ("localhost", "subject=CN = localhost"),
        // A name no certificate has: the first pair, the default.
        ("unknown.ferrotls", "subject=CN = localhost"),
    ] {
        let mut client = Peer::spawn(
            &openssl,
            &[
                "s_client",
                "-connect",
                &addr,
                "-tls1_3",
                "-CAfile",
                &ca,
                "-servername",
                name,
            ],
        );
        client
            .wait_for_stdout("Verify return code:", interop::TIMEOUT)
            .unwrap_or_else(|e| panic!("{name}: {e}\n{}", server.report()));
        client.close_stdin();
        let out = client
            .finish(interop::TIMEOUT)
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(out.stdout.contains(subject), "{name}: {}", out.stdout);
        let verified = out.stdout.contains("Verify return code: 0 (ok)");
        assert!(verified, "{name}: {}", out.stdout);
    }
    drop(server);
}

#[test]
fn an_optional_client_certificate_is_requested_but_not_required() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let client_ca = pki("client-ca.pem");
    let (cert, key) = client_files(KeyKind::EcdsaP256);
    for (with_cert, version) in [(false, "-tls1_3"), (true, "-tls1_3"), (false, "-tls1_2")] {
        let (server, addr) = our_server(1, &["--client-ca", &client_ca, "--client-cert-optional"]);
        let extra: &[&str] = if with_cert {
            &["-cert", &cert, "-key", &key]
        } else {
            &[]
        };
        let mut client = openssl_client(&openssl, version, &addr, extra);
        talk(&mut client, &server, "Verify return code:", "ping", "ping")
            .unwrap_or_else(|e| panic!("cert={with_cert} {version}: {e}"));
        let (client, server, report) = finish_both(client, server);
        assert!(client.status.success(), "{report}");
        handshake_line(&server.stdout);
        // The server asked: s_client says which CAs it named.
        assert!(
            client
                .stdout
                .contains("Acceptable client certificate CA names"),
            "{report}"
        );
    }
}

#[test]
fn a_required_client_certificate_is_still_required() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let client_ca = pki("client-ca.pem");
    let (server, addr) = our_server(1, &["--tls12", "--client-ca", &client_ca]);
    let mut client = openssl_client(&openssl, "-tls1_2", &addr, &[]);
    client.close_stdin();
    let (client, server, report) = finish_both(client, server);
    assert!(!client.status.success(), "{report}");
    assert!(!server.stdout.contains("handshake: "), "{report}");
}
