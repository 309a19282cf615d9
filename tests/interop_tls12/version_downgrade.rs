//! Our default (both-versions) server and client meeting TLS 1.2-only OpenSSL peers.

use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::interop::{self, TIMEOUT};
use ferrotls_tests::interop_checks::{check, describe};
use ferrotls_tests::interop_peers::finish_both;

use crate::matrix::has_our_line;
use crate::our_client::{check_our_client, openssl_server, our_client, GET};
use crate::our_server::{openssl_client, our_server, talk};

/// A default (both-versions) server meets a 1.2-only client: TLS 1.2, with the RFC 8446
/// §4.1.3 downgrade sentinel `DOWNGRD\x01` ending its ServerHello.random (seen in `-trace`).
pub(crate) fn our_default_server_negotiates_tls12_with_a_tls12_only_client() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    for (versions, sentinel) in [
        // Both versions: the sentinel must be there.
        (None, true),
        // 1.2 only: a TLS 1.2 server does not send it.
        (Some("--tls12"), false),
    ] {
        let (server, addr) = our_server(KeyKind::Rsa2048, versions.as_slice());
        let mut client = openssl_client(&openssl, addr, &["-trace"]);
        talk(&mut client, &server, "Verify return code:", "downgraded")
            .unwrap_or_else(|e| panic!("{versions:?}: {e}"));
        let (client, server, report) = finish_both(client, server);
        check(client.status.success(), "openssl exit", &report);
        check(
            client.stdout.contains("    Protocol  : TLSv1.2\n")
                && client.stdout.contains("    Extended master secret: yes\n"),
            "openssl negotiated TLS 1.2 with extended master secret",
            &report,
        );
        check(
            has_our_line(
                &server.stdout,
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "x25519",
            ),
            "our handshake line",
            &report,
        );
        // `random_bytes (len=28): ...` is the ServerHello's, the first one after its header.
        let random = client
            .stdout
            .split("    ServerHello, Length=")
            .nth(1)
            .and_then(|hello| {
                hello
                    .lines()
                    .find_map(|l| l.trim().strip_prefix("random_bytes (len=28): "))
            });
        check(
            random.is_some_and(|r| r.ends_with("444F574E47524401")) == sentinel,
            &format!("{versions:?}: downgrade sentinel in the ServerHello random: {sentinel}"),
            &report,
        );
    }
}

/// A default (both-versions) client meets a 1.2-only server: it offered TLS 1.3 (in
/// supported_versions, seen in the server's `-trace`), negotiates TLS 1.2, and data flows.
pub(crate) fn our_default_client_negotiates_tls12_with_a_tls12_only_server() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let (server, addr) = openssl_server(&openssl, KeyKind::EcdsaP256, &["-trace"]);
    let out = our_client(addr, GET, &[]);
    let server = server.finish(TIMEOUT).unwrap_or_else(|e| panic!("{e}"));
    let report = format!(
        "=== our client ===\n{}\n=== openssl s_server ===\n{}",
        describe(&out),
        describe(&server)
    );
    check_our_client(
        &out,
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "x25519",
        "HTTP/1.0 200 ok\r\n",
        &report,
    );
    check(
        out.stdout.contains("    Protocol  : TLSv1.2\n")
            && out.stdout.contains("    Extended master secret: yes\n"),
        "s_server reports TLS 1.2 with extended master secret",
        &report,
    );
    check(
        server.stdout.contains(
            "extension_type=supported_versions(43), length=5\n          TLS 1.3 (772)\n          \
             TLS 1.2 (771)\n",
        ),
        "our ClientHello offered TLS 1.3 and 1.2",
        &report,
    );
    check(server.status.success(), "openssl s_server exit", &report);
}
