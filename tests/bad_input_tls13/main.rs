//! Table-driven bad input for TLS 1.3, both sides: each case drives a connection to some point of
//! a handshake, feeds it one forged input, and names the alert RFC 8446 (§4, §5, §6.2, §9.2) or
//! RFC 7301 prescribes.
//!
//! For every case the checks are the same:
//! - `handle_tls` fails, and `alert_sent()` is exactly the expected alert (or, for a fatal alert
//!   from the peer, the error is `AlertReceived` and nothing is sent);
//! - the alert record really is in `write_tls`'s output: a fatal plaintext alert before keys; a
//!   protected one after, opened with the RFC 8448 trace's keys (or, for the cases run between
//!   two of our own endpoints, handed to the peer, which must report that alert);
//! - the connection is terminal: `failure()` is the error, a further `handle_tls` returns the
//!   same error, `send` fails with it, and nothing more is written;
//! - nothing panics (each case runs under `catch_unwind`).
//!
//! Most cases start from an RFC 8448 session (`ferrotls_tests::rfc8448_session`): the endpoint
//! under test is configured like the trace's and fed the trace's randoms, so it derives the
//! trace's keys, and forged messages are sealed with those keys. Certificate chain cases (unknown
//! CA, wrong name, expiry) run between our own client and server with the test PKI.
//!
//! Layout: `harness` (the case type and its checks), `raw_hello` (hellos taken apart),
//! `trace_setups` and `pki_setups` (how a case reaches its point of the handshake), and the cases
//! by side and phase: `record_cases`, `server_hello_cases`, `server_handshake_cases`,
//! `client_cases`.
#![forbid(unsafe_code)]

mod client_cases;
mod harness;
mod pki_setups;
mod raw_hello;
mod record_cases;
mod server_handshake_cases;
mod server_hello_cases;
mod trace_setups;

use ferrotls_tests::bad_input::run_table;
use ferrotls_tests::rfc8448_session::Peer;

use crate::harness::Case;

/// Every case, both sides.
fn all_cases() -> Vec<Case> {
    let mut cases = record_cases::record_level_cases();
    cases.extend(server_hello_cases::server_hello_cases());
    cases.extend(server_handshake_cases::server_handshake_cases());
    cases.extend(client_cases::client_cases());
    cases
}

#[test]
fn bad_input_table() {
    let cases = all_cases();
    let clients = cases.iter().filter(|c| c.side == Peer::Client).count();
    let servers = cases.len() - clients;
    println!(
        "{} cases: {servers} server side, {clients} client side",
        cases.len()
    );
    assert!(cases.len() >= 40);
    let failures = run_table(&cases);
    assert!(
        failures.is_empty(),
        "{} failing cases:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn case_names_are_unique() {
    let cases = all_cases();
    let mut names: Vec<&str> = cases.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len());
}
