//! `Connection<H>`: the one public API of both sides. `ClientConnection` and
//! `ServerConnection` are this type over each side's handshake.

use alloc::vec::Vec;

use rustls_pki_types::UnixTime;

use super::common::Common;
use super::handshake::Handshake;
use super::info::ConnectionInfo;
use super::session::{ResumptionUnavailable, SessionFlags};
use crate::error::{ApiError, Error};
use crate::events::Event;
use crate::resumption::ResumptionData;
use ferrotls_record::ProtocolVersion;

/// A TLS connection without I/O: feed it received bytes with [`handle_tls`](Self::handle_tls),
/// send what [`write_tls`](Self::write_tls) gives you, and act on [`poll_event`](Self::poll_event).
///
/// ```text
/// loop {
///     conn.write_tls(&mut out);             // bytes to send, if any
///     let n = conn.handle_tls(&mut inbuf, now)?;   // received bytes; drop the first n
///     while let Some(ev) = conn.poll_event() { ... }
/// }
/// ```
#[derive(Debug)]
pub struct Connection<H> {
    pub(crate) common: Common,
    pub(crate) hs: H,
}

impl<H: Handshake> Connection<H> {
    /// Process the complete records at the start of `buf`, decrypting in place. Returns how many
    /// bytes were consumed (the caller drops them and keeps the rest for the next call). On a
    /// fatal error the alert to send is queued for `write_tls`, and the connection is terminal.
    pub fn handle_tls(&mut self, buf: &mut [u8], now: UnixTime) -> Result<usize, Error> {
        let result = self.common.handle_tls(&mut self.hs, buf, now);
        if result.is_err() {
            self.report_failure();
        }
        result
    }

    /// Tell the handshake that the connection failed, if it has.
    fn report_failure(&mut self) {
        if let Some(e) = self.common.failure() {
            self.hs.failed(e);
        }
    }

    /// Append the bytes waiting to be sent to `out`; returns how many.
    pub fn write_tls(&mut self, out: &mut Vec<u8>) -> usize {
        self.common.write_tls(out)
    }

    /// Whether `write_tls` has something to send.
    pub fn wants_write(&self) -> bool {
        self.common.wants_write()
    }

    /// The next event, if any.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.common.poll_event()
    }

    /// Send application data. Before the handshake completes it is buffered and sent as soon as
    /// it does (never as early data: that is an explicit API).
    pub fn send(&mut self, data: &[u8]) -> Result<(), ApiError> {
        let result = self.common.send(&mut self.hs, data);
        if result.is_err() {
            self.report_failure();
        }
        result
    }

    /// Send close_notify. No more data can be sent; the peer's data is still delivered until its
    /// own close_notify.
    pub fn close(&mut self) {
        self.common.close()
    }

    /// Update our sending keys (TLS 1.3 KeyUpdate, RFC 9846 §4.7.3), asking the peer to update
    /// its own too if `request_peer` and no earlier request is still unanswered (then only ours
    /// change). After 2^48-4 updates (the epoch limit) this is [`ApiError::Unsupported`].
    pub fn update_keys(&mut self, request_peer: bool) -> Result<(), ApiError> {
        if !self.common.handshake_complete() {
            return Err(ApiError::HandshakeNotComplete);
        }
        let result = self.hs.update_keys(&mut self.common.output(), request_peer);
        if result.is_err() {
            self.report_failure();
        }
        result
    }

    /// Tell the connection the transport has ended. `Ok` if the peer had closed cleanly,
    /// `Err(UnexpectedEof)` if not (a truncation attack looks like this, RFC 8446 §6.1).
    pub fn handle_eof(&mut self) -> Result<(), Error> {
        self.common.handle_eof()
    }

    /// Whether the handshake is still in progress (false once complete, and once failed).
    pub fn is_handshaking(&self) -> bool {
        self.common.is_handshaking()
    }

    /// Whether the peer sent close_notify.
    pub fn peer_closed(&self) -> bool {
        self.common.peer_closed()
    }

    /// The error the connection failed with, if it has.
    pub fn failure(&self) -> Option<&Error> {
        self.common.failure()
    }

    /// What has been negotiated so far.
    pub fn info(&self) -> &ConnectionInfo {
        self.common.info()
    }

    /// Client: the newest session this connection can be resumed with (the value each
    /// `Event::TicketReceived` delivered, shared, not copied). Never unusable bytes: until there is a session the
    /// answer says why not. A TLS 1.3 ticket is meant for one resumption (RFC 8446 §C.4); the
    /// server usually sends several, each its own `TicketReceived`.
    pub fn resumption_data(&self) -> Result<ResumptionData, ResumptionUnavailable> {
        if !self.hs.is_client() {
            return Err(ResumptionUnavailable::ServerSide);
        }
        if self.common.has_failed() {
            return Err(ResumptionUnavailable::Failed);
        }
        if let Some(data) = self.common.latest_resumption() {
            return Ok(data.clone());
        }
        if !self.common.handshake_complete() {
            return Err(ResumptionUnavailable::HandshakeNotComplete);
        }
        Err(match self.hs.version() {
            Some(ProtocolVersion::TLS1_3) => ResumptionUnavailable::NoTicketYet,
            _ => ResumptionUnavailable::NotResumable,
        })
    }

    /// Whether this handshake resumed an earlier session.
    pub fn is_resumed(&self) -> bool {
        self.common.info().resumed
    }

    /// Client: the session ID of the server's ServerHello. Server: the session's persistent
    /// identifier, the same in every resumption of it. Empty until known.
    pub fn session_id(&self) -> &[u8] {
        &self.common.info().session_id
    }

    /// The session's flags (like `gnutls_session_get_flags`).
    pub fn session_flags(&self) -> SessionFlags {
        let info = self.common.info();
        SessionFlags {
            extended_master_secret: info.extended_master_secret,
            safe_renegotiation: info.safe_renegotiation,
            ticket_received: info.ticket_received,
            early_data_accepted: info.early_data == super::EarlyDataStatus::Accepted,
            resumption_requested: info.resumption_offered,
            resumed: info.resumed,
        }
    }
}
