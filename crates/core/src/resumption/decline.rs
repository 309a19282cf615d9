//! Why an offered session was not resumed, or offered early data not accepted: the diagnostics
//! behind `Event::ResumptionDeclined` and `Event::EarlyDataRejected`.

use core::fmt;

/// Why a session (or its early data) was not used. A decline is never an error: the handshake
/// goes on in full (or with 1-RTT data only) and the application learns why.
///
/// A server knows the precise reason. A client learns only that the server did not accept its
/// offer ([`DeclinedByServer`](Self::DeclinedByServer)), except where it declined to offer the
/// session itself (e.g. [`Expired`](Self::Expired) or [`ServerNameMismatch`](Self::ServerNameMismatch)
/// found by `ClientConnection::resume` before sending anything).
///
/// A binder that does not verify is not a decline: RFC 8446 §4.2.11 makes it fatal
/// (decrypt_error).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DeclineReason {
    /// The session ID or stateful ticket is not (or no longer) in the server's store, or a
    /// single-use ticket was already used.
    UnknownSession,
    /// The session's lifetime is over.
    Expired,
    /// The ticket does not open with any key this server has: forged, corrupted, or sealed by
    /// another server or a retired key.
    Undecryptable,
    /// The session was made for another server name (RFC 6066 §3, RFC 8446 §4.6.1).
    ServerNameMismatch,
    /// The session negotiated another ALPN protocol: early data is refused (RFC 8446 §4.2.10).
    AlpnMismatch,
    /// The session's cipher suite cannot be used: TLS 1.2 requires the same suite (RFC 5246
    /// §7.4.1.3), TLS 1.3 the same hash (RFC 8446 §4.2.11); early data the same suite (§4.2.10).
    CipherSuiteMismatch,
    /// The session belongs to another protocol version than the one negotiated.
    VersionMismatch,
    /// The extended master secret state differs from the original session's (RFC 7627 §5.3).
    EmsMismatch,
    /// No psk_key_exchange_mode in common (RFC 8446 §4.2.9).
    ModeMismatch,
    /// The ticket's age is outside the server's freshness window (RFC 8446 §8.3): early data
    /// refused.
    NotFresh,
    /// The anti-replay check saw this ticket or ClientHello before (RFC 8446 §8): early data
    /// refused.
    Replay,
    /// The server has this kind of resumption (or early data) turned off.
    Disabled,
    /// The server requires client authentication and the session authenticated no client:
    /// resuming it would skip the check (RFC 8446 §4.6.1 lets a server decline any PSK).
    ClientAuthRequired,
    /// A HelloRetryRequest was sent, which always refuses early data (RFC 8446 §4.2.10).
    HelloRetry,
    /// Client side: the server answered with a full handshake (or without the early_data
    /// extension); it does not say why.
    DeclinedByServer,
    /// Server: the session store answered a deferred lookup with
    /// [`SessionLookup::Unavailable`](crate::deferred::SessionLookup::Unavailable) (an outage,
    /// an error): no session, a full handshake; the anti-replay store answering
    /// [`ReplayVerdict::Unavailable`](crate::deferred::ReplayVerdict::Unavailable): the early
    /// data is rejected. A store outage never fails a handshake.
    StoreUnavailable,
}

impl fmt::Display for DeclineReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::UnknownSession => "unknown session",
            Self::Expired => "session expired",
            Self::Undecryptable => "ticket undecryptable",
            Self::ServerNameMismatch => "server name mismatch",
            Self::AlpnMismatch => "ALPN mismatch",
            Self::CipherSuiteMismatch => "cipher suite mismatch",
            Self::VersionMismatch => "protocol version mismatch",
            Self::EmsMismatch => "extended master secret mismatch",
            Self::ModeMismatch => "no common PSK key exchange mode",
            Self::NotFresh => "ticket age outside the freshness window",
            Self::Replay => "replay detected",
            Self::Disabled => "disabled by configuration",
            Self::ClientAuthRequired => "session has no client certificate, which is required",
            Self::HelloRetry => "HelloRetryRequest sent",
            Self::DeclinedByServer => "declined by the server",
            Self::StoreUnavailable => "session or anti-replay store unavailable",
        })
    }
}
