//! ALPN both ways, and an HTTP GET to our server.

use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::interop::{self, TIMEOUT};
use ferrotls_tests::interop_checks::{check, describe};
use ferrotls_tests::interop_peers::finish_both;

use crate::our_client::{check_our_client, openssl_server, our_client};
use crate::our_server::{openssl_client, our_server};

pub(crate) fn our_server_alpn_and_http_get_with_openssl_client() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let (server, addr) = our_server(KeyKind::EcdsaP256, &["--alpn", "h2,http/1.1"]);
    let mut client = openssl_client(&openssl, addr, &["-alpn", "http/1.1"]);
    client
        .wait_for_stdout("Verify return code:", TIMEOUT)
        .unwrap_or_else(|e| panic!("{e}\n{}", server.report()));
    client.write_stdin(b"GET / HTTP/1.0\n");
    // Our server answers and closes; OpenSSL exits at our close_notify.
    let (client, server, report) = finish_both(client, server);
    check(client.status.success(), "openssl exit", &report);
    for needle in [
        "ALPN protocol: http/1.1",
        "HTTP/1.0 200 OK\r\n",
        "Content-Type: text/plain\r\n",
        "\r\n\r\nversion=TLSv1.3 suite=TLS_AES_",
        " alpn=http/1.1 resumed=no",
    ] {
        check(client.stdout.contains(needle), needle, &report);
    }
    check(
        server.stdout.contains(" alpn=http/1.1 resumed=no"),
        "our handshake line names the protocol",
        &report,
    );
}

pub(crate) fn our_client_alpn_with_openssl_server() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let (server, addr) = openssl_server(&openssl, KeyKind::Rsa2048, &["-alpn", "http/1.1"]);
    let out = our_client(addr, "alpn", &["--alpn", "h2,http/1.1"]);
    let server = server.finish(TIMEOUT).unwrap_or_else(|e| panic!("{e}"));
    let report = format!(
        "=== our client ===\n{}\n=== openssl s_server ===\n{}",
        describe(&out),
        describe(&server)
    );
    check_our_client(
        &out,
        "handshake: version=TLSv1.3 suite=TLS_AES_128_GCM_SHA256 group=x25519 alpn=http/1.1 ",
        "npla",
        &report,
    );
    check(
        server
            .stdout
            .contains("ALPN protocols advertised by the client: h2, http/1.1")
            && server.stdout.contains("ALPN protocols selected: http/1.1"),
        "openssl s_server saw our offer and chose http/1.1",
        &report,
    );
}
