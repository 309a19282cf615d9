//! The TLS 1.2 server handshake (RFC 5246 §7.3, §7.4 with the ECDHE suites of RFC 8422 and
//! RFC 5288 / RFC 7905): one module per step, and `state.rs` with the enum of states and its
//! single dispatch.
//!
//! ```text
//! ClientHello        -->
//!                    <--  ServerHello, Certificate, ServerKeyExchange,
//!                         [CertificateRequest], ServerHelloDone
//! [Certificate], ClientKeyExchange, [CertificateVerify],
//! ChangeCipherSpec, Finished  -->
//!                    <--  ChangeCipherSpec, Finished
//! ```
//!
//! Random draws, in order (so a scripted source reproduces a handshake): the ServerHello random
//! (32 bytes, whose last 8 are then overwritten by the downgrade sentinel when TLS 1.3 is
//! enabled too, RFC 8446 §4.1.3); the session ID (32 bytes); the ephemeral private key (as the
//! group's `KxGroup::start` documents); then whatever the certificate key's ServerKeyExchange
//! signature draws (RSA-PSS salt).

mod certificate_request;
mod client_auth;
mod client_hello;
mod connected;
mod finished;
mod flight;
mod key_exchange;
mod progress;
mod state;

pub(crate) use client_hello::handle_client_hello;
pub(crate) use state::State;

use ferrotls_record::AlertDescription;

use crate::error::Error;

fn illegal(rule: &'static str) -> Error {
    Error::protocol(AlertDescription::ILLEGAL_PARAMETER, rule)
}

fn handshake_failure(rule: &'static str) -> Error {
    Error::protocol(AlertDescription::HANDSHAKE_FAILURE, rule)
}

/// A failure on values we built ourselves: never the peer's doing.
fn internal(what: &'static str) -> Error {
    Error::protocol(AlertDescription::INTERNAL_ERROR, what)
}

#[cfg(test)]
mod tests;
