//! What a connection tells the application, one event at a time (`poll_event`).

use alloc::vec::Vec;

use ferrotls_record::{AlertDescription, ProtocolVersion};

/// Something the application may want to act on. Later versions add variants, so match with a
/// wildcard arm.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// The handshake finished; the negotiated parameters are available from the connection.
    HandshakeComplete { version: ProtocolVersion },
    /// Application data from the peer, in order.
    ApplicationData(Vec<u8>),
    /// The peer updated its sending keys (TLS 1.3 KeyUpdate, RFC 8446 §4.6.3); `we_updated_too`
    /// says whether our sending keys changed because the peer asked for it.
    KeyUpdated { we_updated_too: bool },
    /// The peer sent close_notify: it will send nothing more. We may still send until `close()`.
    PeerClosed,
    /// The peer sent a warning-level alert that did not end the connection (for example
    /// user_canceled before close_notify, RFC 8446 §6.1).
    Alert(AlertDescription),
}
