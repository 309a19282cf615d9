//! A session for the application's store: a write the handshake does not wait for.

use alloc::vec::Vec;

use crate::resumption::ServerSessionState;

/// Server: store `state` under `id` (a TLS 1.2 session ID after a full handshake, RFC 5246
/// §7.4.1.3; a stateful TLS 1.3 ticket, RFC 9846 §4.6.1). Reported as
/// [`Event::StoreSession`](crate::Event::StoreSession) when `Defer::sessions` is set; the
/// handshake goes on without waiting, and the event stays queued until polled. With a
/// synchronous store the connection calls its `put` instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreWrite {
    pub id: Vec<u8>,
    pub state: ServerSessionState,
}
