//! `Connection<H>`: the one public API of both sides. `ClientConnection` and
//! `ServerConnection` are this type over each side's handshake.

use alloc::vec::Vec;

use rustls_pki_types::UnixTime;

use super::common::Common;
use super::handshake::Handshake;
use super::info::ConnectionInfo;
use crate::error::{ApiError, Error};
use crate::events::Event;

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
        self.common.handle_tls(&mut self.hs, buf, now)
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
        self.common.send(&mut self.hs, data)
    }

    /// Send close_notify. No more data can be sent; the peer's data is still delivered until its
    /// own close_notify.
    pub fn close(&mut self) {
        self.common.close()
    }

    /// Update our sending keys (TLS 1.3 KeyUpdate, RFC 8446 §4.6.3), asking the peer to update
    /// its own too if `request_peer`.
    pub fn update_keys(&mut self, request_peer: bool) -> Result<(), ApiError> {
        if !self.common.handshake_complete() {
            return Err(ApiError::HandshakeNotComplete);
        }
        self.hs.update_keys(&mut self.common, request_peer)
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
        &self.common.info
    }
}
