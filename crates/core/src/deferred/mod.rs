//! Pausing: the handshake asks, the application answers, possibly much later.
//!
//! A sans-IO core must not do I/O, yet a session store may be a remote database, a certificate
//! or a private key may sit in another process. So where the handshake needs such an answer it
//! posts a [`Request`] and pauses; [`Connection::pending`](crate::Connection::pending) shows it,
//! [`Event::Paused`](crate::Event::Paused) announces it, and
//! [`Connection::answer`](crate::Connection::answer) resumes the handshake with an [`Answer`].
//! The config's synchronous objects (`ServerSessionStore`, `AntiReplay`, the certificate
//! resolver, a local `SigningKey`) are the same path answered at once ([`instant`]): one code
//! path, the answer only arriving sooner. [`Defer`] says which requests go to the application.
//!
//! ```text
//!  handle_tls ─▶ record ─▶ message ─▶ Handshake::handle_message ─▶ state
//!                                                    │ posts a Request: the state is Paused
//!                                                    ▼
//!      ┌──────────── instant answer? (config's synchronous object, Defer flag off) ◀──┐
//!      │ yes: Handshake::answer ─▶ the step goes on (may pause again) ─────────────────┘
//!      │ no:  Event::Paused; pending() = Some(request)
//!      ▼
//!  while paused: handle_tls / handle_tls_in_place consume nothing (the input stays in the
//!  caller's buffer, the messages after the paused one stay in the joiner); write_tls, read,
//!  poll_event, send (held), close keep working.
//!      │
//!  Connection::answer(answer, now) ─▶ misuse? ApiError, nothing changes
//!      │ ─▶ Handshake::answer ─▶ instant answers ─▶ the joiner's remaining messages ─▶ ...
//! ```
//!
//! Where the server pauses (each a continuation point of its version's `Paused` state,
//! `server::paused`; the handshake holds what the ClientHello step computed so far):
//!
//! | point                       | request          | version | module                    |
//! |-----------------------------|------------------|---------|---------------------------|
//! | session ID looked up        | `LookupSession`  | 1.2     | server/tls12/resume.rs    |
//! | stateful ticket taken       | `TakeSession`    | 1.3     | server/tls13/psk.rs       |
//! | 0-RTT replay checked        | `CheckReplay`    | 1.3     | server/tls13/early_data.rs|
//!
//! A session that a handshake made resumable (a TLS 1.2 session ID after a full handshake, a
//! stateful TLS 1.3 ticket) is reported, not paused on: [`StoreWrite`] in `Event::StoreSession`
//! (with `Defer::sessions`; the event queue keeps it until polled, so it is never lost), or
//! `put` into the synchronous store, both through one `SessionSink`.
//!
//! Failure is not fatal where it need not be: a session lookup answered
//! [`SessionLookup::Unavailable`] is no session (a full handshake, `ResumptionDeclined {
//! StoreUnavailable }`; the client sees `DeclinedByServer`), a replay check answered
//! [`ReplayVerdict::Unavailable`] rejects the 0-RTT data (the client gets it back in
//! `EarlyDataRejected`) and the handshake completes.
//!
//! Random draws: every pause point comes before the step's first random draw that depends on
//! the answer, and a paused step draws nothing until it resumes, so the draws happen in the
//! same order (and a scripted source gives the same bytes) whether the answer is instant or
//! late.
//!
//! Misuse of [`Connection::answer`](crate::Connection::answer) (nothing pending, an answer of
//! the wrong kind, a second answer, an answer after the connection failed) is an
//! [`ApiError`](crate::ApiError) and changes nothing.

mod answer;
mod defer;
pub mod instant;
mod local_key;
mod request;
mod store_write;

pub use answer::{Answer, ReplayVerdict, SessionLookup, SignFailed};
pub use defer::Defer;
pub(crate) use local_key::local_signature;
pub use request::{CertificateQuery, ClientCertificateQuery, Request};
pub(crate) use store_write::SessionSink;
pub use store_write::StoreWrite;
