//! TLS 1.2 against real peers on loopback: the `ferrotls` server with `openssl s_client -tls1_2`
//! and `gnutls-cli` (priority `NORMAL:-VERS-ALL:+VERS-TLS1.2:...`), the `ferrotls --tls12`
//! client with `openssl s_server -tls1_2` and `gnutls-serv`. Each of the six ECDHE suites with
//! both groups, client authentication (accepted, and refused without a certificate), a
//! default (both-versions) client and server meeting 1.2-only OpenSSL peers, and renegotiation
//! attempts refused with no_renegotiation.
//!
//! Each case checks both views: the peer's report (protocol, cipher, group, signature,
//! extended master secret, verification, the data that came back) and our `handshake:` line.
//! Where the peers report:
//! - `s_client`: its session summary (`Protocol  : TLSv1.2`, `Cipher    : ...`,
//!   `Extended master secret: yes`) and `-msg` trace.
//! - `gnutls-cli`/`gnutls-serv`: `- Description: (TLS1.2-X.509)-(ECDHE-G)-(SIG)-(CIPHER)` and
//!   `- Options: extended master secret, safe renegotiation,`.
//! - `s_server -www`: its HTTP answer to `GET /` is its own view of the session (the same
//!   summary as `s_client`'s, `Shared groups: ...`, the client certificate), printed by our client.
//!
//! Peer behaviour found on this machine (OpenSSL 3.0, GnuTLS 3.7.9) and asserted here:
//! - RFC 8422 §5.1: in TLS 1.2 the client's supported_groups also bounds the curve of an ECDSA
//!   certificate, so with the P-256 certificate and an X25519 exchange the client lists P-256
//!   too and the server alone is restricted to X25519.
//! - `s_client` answers our warning no_renegotiation with a fatal handshake_failure; `gnutls-cli
//!   --rehandshake` sends a further ClientHello, which our server ends with handshake_failure.
//! - `gnutls-serv --require-client-cert` refuses a TLS 1.2 client without a certificate with
//!   decode_error (it does so to `s_client` as well).
//!
//! Layout: `matrix` (suites, groups, cases and their names), `our_server` and `our_client` (how we
//! run ourselves and the OpenSSL peer facing us), the tests by topic: `server_matrix`,
//! `client_matrix`, `server_refusals`, `client_refusals`, `version_downgrade`; the shared peer
//! commands and checks are in `ferrotls_tests::interop_peers` and `interop_checks`.
#![forbid(unsafe_code)]

mod client_matrix;
mod client_refusals;
mod matrix;
mod our_client;
mod our_server;
mod server_matrix;
mod server_refusals;
mod version_downgrade;

#[test]
fn our_server_with_openssl_client_every_suite_and_group() {
    server_matrix::our_server_with_openssl_client_every_suite_and_group();
}

#[test]
fn our_server_with_gnutls_client_every_suite_and_group() {
    server_matrix::our_server_with_gnutls_client_every_suite_and_group();
}

#[test]
fn our_server_refuses_clients_without_an_acceptable_certificate() {
    server_refusals::our_server_refuses_clients_without_an_acceptable_certificate();
}

#[test]
fn our_default_server_negotiates_tls12_with_a_tls12_only_client() {
    version_downgrade::our_default_server_negotiates_tls12_with_a_tls12_only_client();
}

#[test]
fn our_server_refuses_renegotiation() {
    server_refusals::our_server_refuses_renegotiation();
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
fn our_client_is_refused_without_a_certificate() {
    client_refusals::our_client_is_refused_without_a_certificate();
}

#[test]
fn our_default_client_negotiates_tls12_with_a_tls12_only_server() {
    version_downgrade::our_default_client_negotiates_tls12_with_a_tls12_only_server();
}
