//! Session resumption against real peers on loopback, both ways:
//!
//! - our server: `gnutls-cli --resume` (TLS 1.3 and 1.2) reports "This is a resumed session";
//!   `openssl s_client -sess_out` then `-sess_in` reports "Reused" for a TLS 1.2 session ID
//!   (server `--no-tickets`), a TLS 1.2 ticket and a TLS 1.3 ticket; `openssl s_client
//!   -early_data` is accepted with `--max-early-data` and the server prints the early data;
//! - our client: `ferrotls client --resume` reports `resumed=yes` against `openssl s_server`
//!   (TLS 1.3, TLS 1.2 session ID with `-no_ticket`, TLS 1.2 ticket) and `gnutls-serv` (TLS 1.3,
//!   TLS 1.2 ticket and session ID); 0-RTT from `ferrotls client --session-file F --early-data
//!   FILE` (second run) is accepted by `openssl s_server -early_data`.
//!
//! Each case checks the peer's word and our `handshake:` lines. A missing peer binary skips
//! loudly (fails under `CI=true`), as in the other interop tests.
#![forbid(unsafe_code)]

mod files;
mod our_client;
mod our_server;

#[test]
fn gnutls_cli_resumes_with_our_server_tls13() {
    our_server::gnutls_cli_resumes("TLS1.3", &[]);
}

#[test]
fn gnutls_cli_resumes_with_our_server_tls12_ticket() {
    our_server::gnutls_cli_resumes("TLS1.2", &[]);
}

#[test]
fn gnutls_cli_resumes_with_our_server_tls12_session_id() {
    our_server::gnutls_cli_resumes("TLS1.2", &["--no-tickets"]);
}

#[test]
fn openssl_s_client_reuses_a_tls13_session_of_our_server() {
    our_server::openssl_s_client_reuses("-tls1_3", &[]);
}

#[test]
fn openssl_s_client_reuses_a_tls12_ticket_of_our_server() {
    our_server::openssl_s_client_reuses("-tls1_2", &[]);
}

#[test]
fn openssl_s_client_reuses_a_tls12_session_id_of_our_server() {
    our_server::openssl_s_client_reuses("-tls1_2", &["--no-tickets"]);
}

#[test]
fn openssl_s_client_early_data_is_accepted_by_our_server() {
    our_server::openssl_s_client_early_data();
}

#[test]
fn our_client_resumes_with_openssl_s_server_tls13() {
    our_client::resumes_with_openssl_s_server("-tls1_3", &[]);
}

#[test]
fn our_client_resumes_with_openssl_s_server_tls12_ticket() {
    our_client::resumes_with_openssl_s_server("-tls1_2", &[]);
}

#[test]
fn our_client_resumes_with_openssl_s_server_tls12_session_id() {
    our_client::resumes_with_openssl_s_server("-tls1_2", &["-no_ticket"]);
}

#[test]
fn our_client_resumes_with_gnutls_serv_tls13() {
    our_client::resumes_with_gnutls_serv("TLS1.3", &[]);
}

#[test]
fn our_client_resumes_with_gnutls_serv_tls12_ticket() {
    our_client::resumes_with_gnutls_serv("TLS1.2", &[]);
}

#[test]
fn our_client_resumes_with_gnutls_serv_tls12_session_id() {
    our_client::resumes_with_gnutls_serv("TLS1.2", &["--noticket"]);
}

#[test]
fn our_client_early_data_is_accepted_by_openssl_s_server() {
    our_client::early_data_with_openssl_s_server();
}
