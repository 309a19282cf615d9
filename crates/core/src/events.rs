//! What a connection tells the application, one event at a time (`poll_event`).

use alloc::boxed::Box;
use alloc::vec::Vec;

use ferrotls_record::{AlertDescription, ProtocolVersion};

use crate::deferred::StoreWrite;
use crate::resumption::{DeclineReason, ResumptionData};

/// Something the application may want to act on. Later versions add variants, so match with a
/// wildcard arm.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// The handshake finished; the negotiated parameters are available from the connection.
    HandshakeComplete {
        /// The negotiated version.
        version: ProtocolVersion,
    },
    /// Application data from the peer is waiting: take it with
    /// [`Connection::read`](crate::Connection::read) until that returns 0. One notification
    /// stands for all the data that arrived until it was polled (it is not queued again while
    /// the previous one is the newest event), so it says "there is data", not how much.
    ApplicationData,
    /// The peer updated its sending keys (TLS 1.3 KeyUpdate, RFC 8446 §4.6.3); `we_updated_too`
    /// says whether our sending keys changed because the peer asked for it.
    KeyUpdated {
        /// Our sending keys changed too (the peer sent update_requested).
        we_updated_too: bool,
    },
    /// The peer sent close_notify: it will send nothing more. We may still send until `close()`.
    PeerClosed,
    /// Client: a session the server made resumable: one per TLS 1.3 NewSessionTicket (RFC 8446
    /// §4.6.1), and in TLS 1.2 one per handshake that produced a session ID or an RFC 5077
    /// ticket. The data is owned and ready to store (`ResumptionData::to_bytes`). A TLS 1.3
    /// ticket is meant to be used once (RFC 8446 §C.4).
    TicketReceived(ResumptionData),
    /// Server: 0-RTT application data (RFC 8446 §4.2.10) is waiting: take it with
    /// [`Connection::read_early_data`](crate::Connection::read_early_data) (never with `read`,
    /// which returns only 1-RTT data). It was sent before the handshake authenticated the
    /// client's current connection and may be a replay within the limits of the configured
    /// `AntiReplay`: act on it only if the request is safe to repeat (§8, §E.5). Coalesced like
    /// `ApplicationData`.
    EarlyData,
    /// Client and server: the server accepted the 0-RTT data.
    EarlyDataAccepted,
    /// Client: the server refused the 0-RTT data; `data` is all of it, handed back so the
    /// application can send it again as ordinary data. Server: `data` is empty.
    EarlyDataRejected {
        /// Client: the early data that was not accepted, in order. Server: empty.
        data: Vec<u8>,
        /// Why the server refused it.
        reason: DeclineReason,
    },
    /// An offered session was not resumed; the handshake continues in full.
    ResumptionDeclined {
        /// Why the session was not resumed.
        reason: DeclineReason,
    },
    /// The peer sent a warning-level alert that did not end the connection (for example
    /// user_canceled before close_notify, RFC 8446 §6.1).
    Alert(AlertDescription),
    /// The handshake paused for an answer only the application can give: see
    /// [`Connection::pending`](crate::Connection::pending) for what, and answer with
    /// [`Connection::answer`](crate::Connection::answer). Emitted once each time it pauses.
    Paused,
    /// Server: a session to keep in the application's store (`Defer::sessions`): a write the
    /// handshake does not wait for. Queued until polled, so never lost however late the
    /// application looks. Boxed, because a session state is large and every other event is
    /// small: the queue's slots stay small (`Box` dereferences to the write; `*write` moves it
    /// out).
    StoreSession(Box<StoreWrite>),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every queued event takes the largest variant's room, so each stays small: what is large
    /// (a session state to store) is boxed. 224 bytes before `StoreSession` was boxed; now the
    /// largest is `EarlyDataRejected` (a `Vec` and a reason).
    #[test]
    fn an_event_is_small() {
        let size = core::mem::size_of::<Event>();
        assert!(size <= 32, "{size} bytes");
    }
}
