//! The TLS 1.3 server handshake (RFC 8446 §2, §4): one module per step, and `state.rs` with the
//! enum of states and its single dispatch.
//!
//! Random draws, in order (so a scripted source reproduces RFC 8448): for a HelloRetryRequest,
//! the cookie (`hrr_cookie_len` bytes); then the ServerHello random (32 bytes); then the
//! key exchange's draws (as the group's `KxGroup::respond` documents: a DH group's ephemeral
//! private key; X25519MLKEM768's encapsulation seed, then its X25519 key; none in psk_ke mode);
//! then,
//! in a full handshake, whatever the certificate key's signature draws (RSA-PSS salt). After the
//! client's Finished: in a full handshake the session's persistent identifier (32 bytes, the
//! `session_id` of every ticket of the session; a resumption keeps the resumed session's); then
//! for each NewSessionTicket its `ticket_age_add` (4 bytes, big-endian) followed by whatever the
//! `TicketSealer` draws (`AeadTicketSealer`: a 12-byte nonce) or, for a stateful ticket, its
//! 32-byte id. `send_tickets` later draws the same per ticket.
//!
//! The ClientHello step may pause (`paused.rs`, `crate::deferred`); the points before the
//! flight come before any of these draws, the signature's after the ServerHello random and the
//! key exchange (a local key then draws its salt when it answers):
//!
//! ```text
//! ClientHello ─▶ negotiate ─▶ [no PSK offered: certificate, Paused{ChooseCertificate}]
//!   ─▶ [HelloRetryRequest]
//!   ─▶ PSK search ─┬─ stateful ticket: Paused{TakeSession} ─answer─▶ search on
//!                  ▼
//!   early data decision ─┬─ all but the replay check hold: Paused{CheckReplay} ─▶ Accept / Reject
//!                        ▼
//!   [PSK offered and declined: certificate, Paused{ChooseCertificate}]
//!   ─▶ server flight (ServerHello random, key exchange, ...) ─▶ [Paused{Sign}: CertificateVerify]
//!   ─▶ Finished
//! ```
//!
//! A resumption asks for no certificate (RFC 9846 §2.2): with a PSK offered, the certificate is
//! chosen only once the handshake is known to be a full one.

mod certificate_request;
mod client_auth;
mod client_finished;
mod client_hello;
mod connected;
mod early_data;
mod encrypted_extensions;
mod flight;
mod hello_retry;
mod paused;
mod pending;
mod psk;
mod state;
mod tickets;

pub(in crate::server) use certificate_request::der_sequence;
pub(crate) use client_hello::handle_first;
pub(crate) use state::State;

use ferrotls_record::AlertDescription;

use crate::error::Error;
use crate::key_schedule::KeyScheduleError;

/// A key-schedule failure on values we derived ourselves: never the peer's doing.
fn key_schedule_error(_: KeyScheduleError) -> Error {
    Error::protocol(
        AlertDescription::INTERNAL_ERROR,
        "TLS 1.3 key schedule derivation failed",
    )
}

#[cfg(test)]
mod tests;
