//! `Connection<H>`: the one public API of both sides. `ClientConnection` and
//! `ServerConnection` are this type over each side's handshake.

use alloc::vec::Vec;

use rustls_pki_types::UnixTime;

use super::common::Common;
use super::handshake::Handshake;
use super::in_place::InPlace;
use super::info::ConnectionInfo;
use super::plaintext::DataKind;
use super::session::{ResumptionUnavailable, SessionFlags};
use crate::deferred::{Answer, Request};
use crate::error::{ApiError, Error};
use crate::events::Event;
use crate::resumption::ResumptionData;
use ferrotls_record::ProtocolVersion;

/// A TLS connection without I/O: feed it received bytes with [`handle_tls`](Self::handle_tls),
/// send what [`write_tls`](Self::write_tls) gives you, act on [`poll_event`](Self::poll_event),
/// and pull the peer's data with [`read`](Self::read), or borrow it in place with
/// [`received`](Self::received) and [`consume_received`](Self::consume_received).
///
/// ```text
/// loop {
///     conn.write_tls(&mut out);                    // bytes to send, if any
///     let n = conn.handle_tls(&mut inbuf, now)?;   // received bytes; drop the first n
///     while let Some(ev) = conn.poll_event() { ... }
///     while conn.read(&mut buf)? > 0 { ... }       // the peer's data, copied out, or
///     let lent = conn.received()?;                 // lent in place (empty: nothing now),
///     conn.consume_received(used);                 // dropping the bytes used
///     let taken = conn.send(&data)?;               // as much as fits; send the rest later
/// }
/// ```
///
/// The data path is bounded both ways. Sending: the connection holds at most
/// `Limits::max_send_buffer` bytes of application data and records (plus the overhead of
/// sealing them); `send` takes what fits. Receiving: `handle_tls` stops opening records while
/// the unread data could pass `Limits::max_unread_plaintext`; the rest stays in your buffer.
/// For no copy at all on the receiving side, [`handle_tls_in_place`](Self::handle_tls_in_place)
/// lends each record's plaintext where it was decrypted, in your buffer.
#[derive(Debug)]
pub struct Connection<H> {
    pub(crate) common: Common,
    pub(crate) hs: H,
}

impl<H: Handshake> Connection<H> {
    /// Process the complete records at the start of `buf`, decrypting in place. Returns how many
    /// bytes were consumed (the caller drops them and keeps the rest for the next call). On a
    /// fatal error the alert to send is queued for `write_tls`, and the connection is terminal.
    ///
    /// Application data is copied into the connection's buffer, announced by
    /// `Event::ApplicationData` and taken with [`read`](Self::read) (0-RTT data: `EarlyData`
    /// and [`read_early_data`](Self::read_early_data)). Flow control: while the unread data is
    /// so much that one more record could take it past `Limits::max_unread_plaintext`, no
    /// further record is opened and the bytes consumed so far are returned; the rest of `buf`
    /// (complete records included) waits until the application has read. So the connection
    /// never holds more than `max(max_unread_plaintext, 2^14)` bytes of unread 1-RTT data, and a
    /// caller that stops reading stops consuming input, which is its cue to stop reading the
    /// transport.
    pub fn handle_tls(&mut self, buf: &mut [u8], now: UnixTime) -> Result<usize, Error> {
        let result = self.common.handle_tls(&mut self.hs, buf, now);
        if result.is_err() {
            self.report_failure();
        }
        result
    }

    /// What the handshake waits for, if it is paused ([`crate::deferred`]): answer it with
    /// [`answer`](Self::answer). `None` once the connection has failed.
    pub fn pending(&self) -> Option<&Request> {
        if self.common.has_failed() {
            return None;
        }
        self.hs.pending()
    }

    /// Answer the pending request. The handshake resumes at once: its output waits in
    /// [`write_tls`](Self::write_tls), its events in [`poll_event`](Self::poll_event), and
    /// handshake messages that arrived after the paused one are taken now; it may pause again
    /// (see [`pending`](Self::pending)). Input that `handle_tls` left in the caller's buffer
    /// while paused is offered again by the caller as usual. `now` is the time of the answer.
    ///
    /// Misuse changes nothing: [`ApiError::Failed`] after a failure, [`ApiError::NothingPending`]
    /// when nothing is pending (a second answer included), [`ApiError::WrongAnswer`] for an
    /// answer of another kind than the request takes. If resuming fails the handshake, the
    /// connection fails as in `handle_tls` (its alert queued) and the error is
    /// `ApiError::Failed`.
    pub fn answer(&mut self, answer: Answer, now: UnixTime) -> Result<(), ApiError> {
        if let Some(e) = self.common.failure() {
            return Err(ApiError::Failed(e.clone()));
        }
        let request = self.hs.pending().ok_or(ApiError::NothingPending)?;
        if !request.accepts(&answer) {
            return Err(ApiError::WrongAnswer {
                expected: request.expected(),
            });
        }
        let result = self.common.answer(&mut self.hs, answer, now);
        if let Err(e) = result {
            self.report_failure();
            return Err(ApiError::Failed(e));
        }
        Ok(())
    }

    /// Tell the handshake that the connection failed, if it has.
    pub(super) fn report_failure(&mut self) {
        if let Some(e) = self.common.failure() {
            self.hs.failed(e);
        }
    }

    /// The zero-copy variant of [`handle_tls`](Self::handle_tls): records are opened one by one
    /// as the returned [`InPlace`] is pulled, and each one's application data is lent where it
    /// was decrypted, in `buf`, without entering the connection's buffer (data that an earlier
    /// `handle_tls` buffered and nobody read comes first). Every other record is processed as
    /// `handle_tls` does. Afterwards drop [`InPlace::consumed`] bytes from the front of `buf`.
    pub fn handle_tls_in_place<'a>(
        &'a mut self,
        buf: &'a mut [u8],
        now: UnixTime,
    ) -> InPlace<'a, H> {
        InPlace::new(self, buf, now)
    }

    /// Copy the peer's application data into `buf`; returns how many bytes. `Ok(0)` means
    /// nothing is waiting: more input is needed, or, once [`peer_closed`](Self::peer_closed),
    /// nothing more will come. Data received before a failure is still returned; after it, a
    /// failed connection returns its error. Never returns 0-RTT data
    /// ([`read_early_data`](Self::read_early_data)).
    pub fn read(&mut self, buf: &mut [u8]) -> Result<usize, ApiError> {
        self.common.read(buf)
    }

    /// Server: copy accepted 0-RTT data (RFC 8446 §4.2.10) into `buf`, like
    /// [`read`](Self::read). It is kept apart from 1-RTT data because an attacker may replay
    /// it (RFC 8446 §8): act on it only if that is safe. Always `Ok(0)` on a client.
    pub fn read_early_data(&mut self, buf: &mut [u8]) -> Result<usize, ApiError> {
        self.common.read_early_data(buf)
    }

    /// The peer's unread application data in place, without copying it out: [`read`](Self::read)
    /// as `BufRead::fill_buf`. Follow with [`consume_received`](Self::consume_received) for what
    /// you used; until then the same bytes come back. The slice is a prefix of what
    /// [`readable`](Self::readable) counts: today the buffer is contiguous and it is all of it,
    /// but do not rely on that, consume and call again. An empty slice means what `Ok(0)` from
    /// `read` means. Data received before a failure is still returned; once it is consumed, a
    /// failed connection returns its error. Never returns 0-RTT data
    /// ([`received_early_data`](Self::received_early_data)).
    ///
    /// Data received with [`handle_tls`](Self::handle_tls) is copied once, into the
    /// connection's buffer; this lends it from there (`read` copies it out a second time).
    pub fn received(&self) -> Result<&[u8], ApiError> {
        self.common.received(DataKind::OneRtt)
    }

    /// The first `n` bytes of [`received`](Self::received) were used: they are dropped, and
    /// the room they free counts for flow control exactly as reading them with
    /// [`read`](Self::read) does. An `n` beyond what is unread consumes all of it.
    pub fn consume_received(&mut self, n: usize) {
        self.common.consume_unread(DataKind::OneRtt, n)
    }

    /// Server: accepted 0-RTT data (RFC 9846 §4.3.10) in place, as [`received`](Self::received)
    /// is for [`read_early_data`](Self::read_early_data). It may be a replay (RFC 9846 §8): act
    /// on it only if that is safe. Always empty (or the failure) on a client.
    pub fn received_early_data(&self) -> Result<&[u8], ApiError> {
        self.common.received(DataKind::Early)
    }

    /// The first `n` bytes of [`received_early_data`](Self::received_early_data) were used
    /// (all of it if `n` is larger).
    pub fn consume_received_early_data(&mut self, n: usize) {
        self.common.consume_unread(DataKind::Early, n)
    }

    /// Bytes [`read`](Self::read) can return now.
    pub fn readable(&self) -> usize {
        self.common.readable().0
    }

    /// Bytes [`read_early_data`](Self::read_early_data) can return now.
    pub fn early_data_readable(&self) -> usize {
        self.common.readable().1
    }

    /// Append the bytes waiting to be sent to `out`; returns how many. When `out` is empty the
    /// connection's buffer is handed over without copying (the two `Vec`s are swapped), so a
    /// caller that clears and reuses one `Vec` makes no copy and no allocation per call.
    pub fn write_tls(&mut self, out: &mut Vec<u8>) -> usize {
        self.common.write_tls(out)
    }

    /// The bytes waiting to be sent, in place: for a transport that may take only part of
    /// them, followed by [`consume_tls`](Self::consume_tls) with how much it took.
    pub fn pending_tls(&self) -> &[u8] {
        self.common.pending_tls()
    }

    /// The first `n` bytes of [`pending_tls`](Self::pending_tls) were sent.
    pub fn consume_tls(&mut self, n: usize) {
        self.common.consume_tls(n)
    }

    /// Give back the memory of the buffers that hold nothing: the send buffer once
    /// [`pending_tls`](Self::pending_tls) is empty, the received-data buffers once everything
    /// was read, the event queue once polled empty. For a connection about to idle (a
    /// keep-alive connection between requests, say): the buffers keep their allocations
    /// while data flows, so a transfer allocates nothing per record, and after one they hold
    /// about a record's worth each. The connection works on as before; the next write or
    /// record allocates again. The send buffer also gives its allocation back by itself once,
    /// when the handshake's last flight has been taken.
    pub fn release_buffers(&mut self) {
        self.common.release_buffers()
    }

    /// Whether `write_tls` has something to send.
    pub fn wants_write(&self) -> bool {
        self.common.wants_write()
    }

    /// The next event, if any.
    pub fn poll_event(&mut self) -> Option<Event> {
        self.common.poll_event()
    }

    /// Send application data: takes as much of `data` as the send buffer has room for
    /// (`Limits::max_send_buffer`, see [`send_capacity`](Self::send_capacity)) and returns how
    /// much, like `std::io::Write::write`; `Ok(0)` for non-empty `data` means the buffer is
    /// full: hand [`write_tls`](Self::write_tls)'s bytes to the transport, then send the rest.
    /// Before the handshake completes the data is held and sealed as soon as it does (never as
    /// early data: that is an explicit API).
    pub fn send(&mut self, data: &[u8]) -> Result<usize, ApiError> {
        let result = self.common.send(&mut self.hs, data);
        if result.is_err() {
            self.report_failure();
        }
        result
    }

    /// How many bytes [`send`](Self::send) would take now (0 once closed or failed).
    pub fn send_capacity(&self) -> usize {
        self.common.send_capacity()
    }

    /// Send close_notify. No more data can be sent; the peer's data is still delivered until its
    /// own close_notify.
    pub fn close(&mut self) {
        self.common.close()
    }

    /// Update our sending keys (TLS 1.3 KeyUpdate, RFC 9846 §4.7.3), asking the peer to update
    /// its own too if `request_peer` and no earlier request is still unanswered (then only ours
    /// change). After 2^48-4 updates (the epoch limit) this is [`ApiError::Unsupported`]; after
    /// `close()`, [`ApiError::Closed`]: nothing may follow close_notify (RFC 9846 §6.1).
    pub fn update_keys(&mut self, request_peer: bool) -> Result<(), ApiError> {
        if !self.common.handshake_complete() {
            return Err(ApiError::HandshakeNotComplete);
        }
        self.common.check_writable()?;
        let _entered = self.common.enter_span();
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

    /// Fill `out` with keying material exported under `label` and `context`: TLS 1.3 as
    /// RFC 9846 §7.5 (from the exporter secret; no context is the same as an empty one), TLS 1.2
    /// as RFC 5705 §4 (from the master secret; no context differs from an empty one).
    ///
    /// Errors: [`ApiError::HandshakeNotComplete`] before the handshake completes,
    /// [`ApiError::Failed`] after a failure, [`ApiError::Unsupported`] for a TLS 1.2 session
    /// without the extended master secret (RFC 7627 §5.4), [`ApiError::InvalidArgument`] for a
    /// label, context or length out of range.
    pub fn export_keying_material(
        &self,
        out: &mut [u8],
        label: &[u8],
        context: Option<&[u8]>,
    ) -> Result<(), ApiError> {
        self.common.export_keying_material(out, label, context)
    }

    /// Fill `out` with keying material exported from the early exporter secret (RFC 9846 §7.5,
    /// early_exporter_secret; early_exporter_master_secret in RFC 8446), which exists only when
    /// 0-RTT is in use: on a client from the moment it offers early data (so the 0-RTT data
    /// itself can carry exported values) until the server turns the offer down, on a server
    /// that accepted the client's early data; in both cases also after the handshake. It is
    /// derived from the ClientHello alone, so a replayed ClientHello gives the same values
    /// (RFC 9846 §F.5.1), and it "SHOULD NOT be used to generate server-to-client encryption
    /// keys". Same computation and arguments as
    /// [`export_keying_material`](Self::export_keying_material) in TLS 1.3; a separate call, as
    /// §7.5 recommends, so that one is never used for the other.
    ///
    /// Errors: [`ApiError::EarlyDataUnavailable`] when 0-RTT is not in use (not offered, or not
    /// accepted by the server, and in every TLS 1.2 connection), [`ApiError::Failed`] after a
    /// failure, [`ApiError::InvalidArgument`] for a label or length out of range.
    pub fn export_early_keying_material(
        &self,
        out: &mut [u8],
        label: &[u8],
        context: Option<&[u8]>,
    ) -> Result<(), ApiError> {
        self.common
            .export_early_keying_material(out, label, context)
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
