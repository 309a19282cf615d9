//! TLS 1.3 against real peers on loopback: the `ferrotls` server with `openssl s_client` and
//! `gnutls-cli`, the `ferrotls` client with `openssl s_server` and `gnutls-serv`. Every suite
//! with both groups, a forced HelloRetryRequest, client authentication (and its refusal), each
//! server key type, ALPN and an HTTP GET.
//!
//! Each case checks both views: what the peer printed (protocol, suite, group, verification,
//! the echoed data) and our `handshake:` line. A HelloRetryRequest is not on our line, so it is
//! checked on the peer's side: `-msg` shows OpenSSL sending or receiving two ClientHellos on the
//! one connection, GnuTLS's debug log (`-d 4`) names the retry.
//!
//! Layout: `matrix` (suites, groups and their names), `our_server` and `our_client` (how we run
//! ourselves and the OpenSSL peer facing us), the tests by topic: `server_matrix`,
//! `client_matrix`, `hello_retry`, `server_client_auth`, `client_certificates`, `alpn`; the shared
//! peer commands and checks are in `ferrotls_tests::interop_peers` and `interop_checks`.
#![forbid(unsafe_code)]

mod alpn;
mod client_certificates;
mod client_matrix;
mod hello_retry;
mod matrix;
mod our_client;
mod our_server;
mod server_client_auth;
mod server_matrix;

#[test]
fn our_server_with_openssl_client_every_suite_and_group() {
    server_matrix::our_server_with_openssl_client_every_suite_and_group();
}

#[test]
fn our_server_with_gnutls_client_every_suite_and_group() {
    server_matrix::our_server_with_gnutls_client_every_suite_and_group();
}

#[test]
fn our_server_forces_hello_retry_request() {
    hello_retry::our_server_forces_hello_retry_request();
}

#[test]
fn our_server_requires_client_certificates() {
    server_client_auth::our_server_requires_client_certificates();
}

#[test]
fn our_server_refuses_clients_without_an_acceptable_certificate() {
    server_client_auth::our_server_refuses_clients_without_an_acceptable_certificate();
}

#[test]
fn our_server_alpn_and_http_get_with_openssl_client() {
    alpn::our_server_alpn_and_http_get_with_openssl_client();
}

#[test]
fn our_client_with_openssl_server_every_suite_and_group() {
    client_matrix::our_client_with_openssl_server_every_suite_and_group();
}

#[test]
fn our_client_with_gnutls_server_every_suite_and_group() {
    client_matrix::our_client_with_gnutls_server_every_suite_and_group();
}

#[test]
fn our_client_retries_after_hello_retry_request() {
    hello_retry::our_client_retries_after_hello_retry_request();
}

#[test]
fn our_client_authenticates_with_certificates() {
    client_certificates::our_client_authenticates_with_certificates();
}

#[test]
fn our_client_refuses_an_untrusted_server() {
    client_certificates::our_client_refuses_an_untrusted_server();
}

#[test]
fn our_client_alpn_with_openssl_server() {
    alpn::our_client_alpn_with_openssl_server();
}
