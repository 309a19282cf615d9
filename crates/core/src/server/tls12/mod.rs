//! The TLS 1.2 server handshake (RFC 5246 §7.3, §7.4 with the ECDHE suites of RFC 8422 and
//! RFC 5288 / RFC 7905): one module per step, and `state.rs` with the enum of states and its
//! single dispatch.
//!
//! ```text
//! Full handshake:
//! ClientHello        -->
//!                    <--  ServerHello, Certificate, ServerKeyExchange,
//!                         [CertificateRequest], ServerHelloDone
//! [Certificate], ClientKeyExchange, [CertificateVerify],
//! ChangeCipherSpec, Finished  -->
//!                    <--  [NewSessionTicket], ChangeCipherSpec, Finished
//!
//! Abbreviated handshake (a session ID or RFC 5077 ticket resumed, `abbreviated.rs`):
//! ClientHello        -->
//!                    <--  ServerHello, [NewSessionTicket], ChangeCipherSpec, Finished
//! ChangeCipherSpec, Finished  -->
//! ```
//!
//! Sessions: `resume.rs` finds and checks an offered session, `session.rs` makes a full
//! handshake's session resumable (session store, ticket) and renews tickets.
//!
//! ```text
//! ClientHello ─▶ agree ─▶ ticket? opened here
//!                   └──▶ session ID? ─▶ Paused{LookupSession} ──answer──▶ after_lookup
//!                                        (paused.rs, crate::deferred)        │
//!                        abbreviated (resumable) ◀─────────────────────────┤
//!                        full flight (otherwise) ◀──────────────────────────┘
//!                          └─ [Paused{ChooseCertificate}] ─▶ ServerKeyExchange params
//!                             ─▶ [Paused{Sign}] ─▶ the flight sent whole
//! ```
//!
//! The lookup happens before any random draw, so the draws below keep their order however
//! late the store answers (the signature's pause: see `paused.rs`). A full handshake's session goes to the store (or, deferred, to the
//! application as `Event::StoreSession`) once the client's Finished verifies.
//!
//! Random draws, in order (so a scripted source reproduces a handshake). Full handshake: the
//! ServerHello random (32 bytes, whose last 8 are then overwritten by the downgrade sentinel
//! when TLS 1.3 is enabled too, RFC 8446 §4.1.3); the session's identifier (32 bytes, drawn
//! even when the session will not be resumable); the ephemeral private key (as the group's
//! `KxGroup::start` documents); whatever the certificate key's ServerKeyExchange signature
//! draws (RSA-PSS salt); at the end, the ticket sealer's nonce if a ticket is issued.
//! Abbreviated handshake: the ServerHello random, then the sealer's nonce if a ticket is
//! renewed; when the sealer says how many bytes it draws (`TicketSealer::seal_random_len`, 12
//! for `AeadTicketSealer`), both in one request to the source (`drawn_ahead.rs`): the same
//! bytes in the same order, one system call instead of two for `OsRandom`.

mod abbreviated;
mod certificate_request;
mod client_auth;
mod client_hello;
mod connected;
mod drawn_ahead;
mod finished;
mod flight;
mod key_exchange;
mod paused;
mod progress;
mod resume;
mod server_hello;
mod session;
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

#[cfg(test)]
mod tests;
