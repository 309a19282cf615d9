//! Session identity as the application sees it: the flags of a connection's session, whether
//! early data was accepted, and why resumption data may not be available yet.

use core::fmt;

/// What happened to 0-RTT data on this connection.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum EarlyDataStatus {
    /// No early data was offered (or the version has none).
    #[default]
    NotOffered,
    /// The server accepted the early data: it is part of the connection's data (its
    /// replay-safety is the application's concern, RFC 9846 §8).
    Accepted,
    /// The client offered early data and the server refused it (it was skipped, RFC 9846
    /// §4.3.10); a client sends it again after the handshake if it still wants to.
    Rejected,
}

impl EarlyDataStatus {
    /// `accepted`, `rejected` or `no`: the CLI's `early_data=` field.
    pub fn name(self) -> &'static str {
        match self {
            Self::NotOffered => "no",
            Self::Accepted => "accepted",
            Self::Rejected => "rejected",
        }
    }
}

/// The session's properties, in the spirit of `gnutls_session_get_flags`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SessionFlags {
    /// The master secret is bound to the handshake (RFC 7627; always for TLS 1.3).
    pub extended_master_secret: bool,
    /// TLS 1.2 renegotiation_info was negotiated (RFC 5746).
    pub safe_renegotiation: bool,
    /// Client: a ticket or resumable session was received on this connection.
    pub ticket_received: bool,
    /// 0-RTT data was offered and accepted ([`EarlyDataStatus::Accepted`]).
    pub early_data_accepted: bool,
    /// Client: we offered a session. Server: the client offered one.
    pub resumption_requested: bool,
    /// The handshake resumed an earlier session.
    pub resumed: bool,
}

/// Why `Connection::resumption_data` has nothing to give. Never unusable bytes in its place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResumptionUnavailable {
    /// The handshake has not completed yet.
    HandshakeNotComplete,
    /// TLS 1.3: the handshake is done but no NewSessionTicket has arrived (yet); they come
    /// after the handshake, so read on.
    NoTicketYet,
    /// TLS 1.2: the server gave this session neither a session ID nor a ticket.
    NotResumable,
    /// This is a server connection: resumption data belongs to clients.
    ServerSide,
    /// The connection failed: a session that ended with a fatal alert must not be resumed
    /// (RFC 5246 §7.2.2).
    Failed,
}

impl fmt::Display for ResumptionUnavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::HandshakeNotComplete => "the handshake has not completed",
            Self::NoTicketYet => "no session ticket received yet",
            Self::NotResumable => "the server made this session not resumable",
            Self::ServerSide => "resumption data exists on the client side only",
            Self::Failed => "the connection failed",
        })
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ResumptionUnavailable {}
