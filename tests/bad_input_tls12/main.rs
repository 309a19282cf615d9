//! Table-driven bad input for TLS 1.2, both sides: each case drives one of our endpoints through
//! a TLS 1.2 handshake against a scripted peer written here, feeds it one forged input, and
//! names the alert RFC 5246 (§7.2, §7.4), RFC 8422, RFC 7627, RFC 5746, RFC 7507 or RFC 8446
//! (§4.1.3 downgrade protection) prescribes.
//!
//! The scripted peer frames its own records and computes every key itself (its ECDHE share, the
//! extended master secret of RFC 7627, the key block and Finished values, with
//! `Tls12MasterSecret`), so it can break exactly one rule and still read everything the
//! endpoint under test writes, protected or not.
//!
//! For every failing case the checks are those of `bad_input_tls13`:
//! - `handle_tls` fails and `alert_sent()` is exactly the expected alert;
//! - the last record `write_tls` produced is that fatal alert (plaintext before the endpoint's
//!   ChangeCipherSpec, opened with the peer's keys after);
//! - the connection is terminal: `failure()` is the error, a further `handle_tls` returns the
//!   same error, `send` fails with it, and nothing more is written;
//! - nothing panics (each case runs under `catch_unwind`).
//!
//! Renegotiation refusals are not failures: for those the endpoint must write a *warning*
//! no_renegotiation (RFC 5246 §7.2.2: "This message is always a warning") and keep working in
//! both directions.
//!
//! Layout: `harness` (the endpoint with its script, the case type and its checks),
//! `scripted_peer` and `messages` (the peer and what it sends), `client_setups` and
//! `server_setups` (how a case reaches its point of the handshake), and the cases by side and
//! phase: `client_first_flight_cases`, `client_finish_cases`, `server_first_flight_cases`,
//! `server_finish_cases`, `server_client_auth_cases`.
#![forbid(unsafe_code)]

mod client_finish_cases;
mod client_first_flight_cases;
mod client_setups;
mod harness;
mod messages;
mod record_size_limit;
mod scripted_peer;
mod server_client_auth_cases;
mod server_finish_cases;
mod server_first_flight_cases;
mod server_setups;

use ferrotls_record::ContentType;
use ferrotls_tests::bad_input::run_table;
use ferrotls_tests::code_points::{HS_HELLO_REQUEST, X25519};
use ferrotls_tests::tls_bytes::message;

use crate::client_setups::client;
use crate::harness::{Case, Under};
use crate::messages::{Sh, ECDSA_P256_SHA256};
use crate::server_setups::{server_config, server_with};

fn all_cases() -> Vec<Case> {
    let mut cases = client_first_flight_cases::client_first_flight_cases();
    cases.extend(client_finish_cases::client_finish_cases());
    cases.extend(server_first_flight_cases::server_first_flight_cases());
    cases.extend(server_finish_cases::server_finish_cases());
    cases.extend(server_client_auth_cases::server_client_auth_cases());
    cases
}

#[test]
fn bad_input_table() {
    let cases = all_cases();
    let client = cases.iter().filter(|c| c.side == Under::Client).count();
    let server = cases.len() - client;
    println!("{} cases: {client} client, {server} server", cases.len());
    let failures = run_table(&cases);
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn case_names_are_unique() {
    let cases = all_cases();
    for (i, a) in cases.iter().enumerate() {
        for b in &cases[i + 1..] {
            assert!(
                a.name != b.name || a.side != b.side,
                "duplicate case {:?} {}",
                a.side,
                a.name
            );
        }
    }
}

/// The scripted peers complete full handshakes with our endpoints: the setups the table
/// builds on are sound.
#[test]
fn scripted_peers_complete_handshakes() {
    let mut client = client().client_connected();
    client.conn.send(b"hello").expect("send");
    assert!(client
        .take()
        .iter()
        .any(|(t, p)| *t == ContentType::APPLICATION_DATA && p == b"hello"));
    let server = server_with(server_config()).server_connected();
    assert!(server.conn.failure().is_none());
}

/// RFC 5246 §7.4.1.1: a HelloRequest during a handshake "will be ignored by the client", and it
/// is left out of the handshake hashes (§7.4.9): the handshake completes.
#[test]
fn client_ignores_hello_request_during_the_handshake() {
    let mut run = client();
    let flight = run.server_flight(
        Sh::default(),
        |s| s.ske(X25519, ECDSA_P256_SHA256),
        |m| m.insert(2, message(HS_HELLO_REQUEST, &[])),
    );
    run.ok(&flight);
    run.take();
    let ccs = run.s.ccs();
    run.ok(&ccs);
    let fin = run.s.finished();
    let fin = run.s.hs(&[fin]);
    run.ok(&fin);
    assert!(!run.conn.is_handshaking());
    assert!(run.conn.failure().is_none());
}
