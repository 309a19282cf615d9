//! A connection's state, split in halves: [`Receiving`](super::receive) (records in, the
//! joiner, the peer's alerts and data) and [`Sending`](super::send) (records out), with what
//! both share here: the provider, what was negotiated, the event queue, the failure, and the
//! handshake's completion. [`RecordOutput`] is the handshake seam over these parts: the one
//! [`HandshakeOutput`] of a connection over TLS records.
//!
//! The data path's buffers live in their own modules: [`super::send_buffer`] (what is held for
//! sending, bounded by `Limits::max_send_buffer`) and [`super::plaintext`] (what was received and
//! not read yet, bounded by `Limits::max_unread_plaintext`).

use alloc::collections::VecDeque;
use alloc::sync::Arc;
use alloc::vec::Vec;

use ferrotls_crypto::{CryptoProvider, Secret};
use ferrotls_record::{
    AlertDescription, InPlaceLayout, KeyMaterial, ProtocolVersion, RecordError, RecordFormat,
};
use rustls_pki_types::UnixTime;

use super::exporter::Exporter;
use super::handshake::Handshake;
use super::info::ConnectionInfo;
use super::limits::EarlyDataSkip;
use super::output::{DirectionKeys, HandshakeOutput, Level, NegotiatedValue};
use super::plaintext::{DataKind, UnreadPlaintext};
use super::receive::{Opened, ReadSide, Receiving};
use super::send::Sending;
use crate::config::Limits;
use crate::deferred::Answer;
use crate::error::{ApiError, Cause, Error};
use crate::events::Event;
use crate::key_log::{KeyLog, KeyLogLabel};
use crate::key_schedule::{ExporterSecret, Tls12MasterSecret};
use crate::msgs::enums::HandshakeType;
use crate::resumption::ResumptionData;
use crate::trace;

/// A connection's state: the two halves and what they share. Public only so the [`Handshake`]
/// trait's users can name the connection; the state machines see [`HandshakeOutput`] only.
#[derive(Debug)]
pub struct Common {
    shared: Shared,
    send: Sending,
    receive: Receiving,
    /// The connection's tracing span (nothing without the feature `tracing`).
    span: trace::ConnSpan,
}

/// What both halves and the handshake share.
#[derive(Debug)]
pub(super) struct Shared {
    provider: Arc<CryptoProvider>,
    pub(super) info: ConnectionInfo,
    events: VecDeque<Event>,
    /// Set once: the error the connection failed with. Every later call returns it.
    pub(super) failed: Option<Error>,
    pub(super) handshake_complete: bool,
    /// Client: the newest session the server made resumable (`Connection::resumption_data`).
    latest_resumption: Option<ResumptionData>,
    /// What `Connection::export_keying_material` needs, from the point it is derived.
    exporter: Option<Exporter>,
    /// `Connection::export_early_keying_material`'s secret, while 0-RTT is in use.
    early_exporter: Option<ExporterSecret>,
    /// The config's key log, if any.
    key_log: Option<Arc<dyn KeyLog>>,
    /// The ClientHello random that names this connection in the key log.
    client_random: [u8; 32],
}

impl Shared {
    pub(super) fn emit(&mut self, event: Event) {
        trace::event(&event);
        self.events.push_back(event);
    }

    /// Queue a data notification unless the newest event is already the same one: it stands
    /// for all the data behind it until polled, so an application that reads but polls late
    /// does not grow the queue per record.
    pub(super) fn notify(&mut self, event: Event) {
        if self.events.back() != Some(&event) {
            self.events.push_back(event);
        }
    }

    /// Fail the connection: queue the fatal alert (under the current write keys) and remember
    /// the error. Returns the first error the connection failed with, for the caller to
    /// propagate.
    fn fail(&mut self, send: &mut Sending, e: Error) -> Error {
        if let Some(first) = &self.failed {
            return first.clone();
        }
        let e = match e {
            // RFC 9846 §6.1: nothing, not even a fatal alert, follows our close_notify.
            Error::AlertSent { alert, cause } if send.sent_close => {
                Error::FailedAfterClose { alert, cause }
            }
            e => e,
        };
        trace::failed(&e);
        if let Error::AlertSent { alert, .. } = &e {
            send.fatal_alert(*alert);
        }
        self.failed = Some(e.clone());
        e
    }

    /// Hands `install` what the record protection for `keys` is made of (`None`: plaintext),
    /// for the reader or writer to make the keyed AEAD where it keeps it. A TLS 1.3 traffic
    /// secret becomes a key and IV first (RFC 8446 §7.3).
    fn with_key_material<R>(
        &self,
        keys: DirectionKeys<'_>,
        install: impl FnOnce(Option<KeyMaterial<'_>>) -> Result<R, Error>,
    ) -> Result<R, Error> {
        let (suite, secret) = match keys {
            DirectionKeys::Plaintext => return install(None),
            DirectionKeys::Tls12(keys) => {
                return install(Some(crate::tls12::key_material(&self.provider, keys)?))
            }
            DirectionKeys::Tls13 { suite, secret } => (suite, secret),
        };
        let keys = secret.traffic_keys(suite.aead).map_err(|_| {
            Error::protocol(
                AlertDescription::INTERNAL_ERROR,
                "traffic key derivation failed",
            )
        })?;
        let aead = self.provider.aead(suite.aead).ok_or(Error::protocol(
            AlertDescription::INTERNAL_ERROR,
            "provider lacks the suite's AEAD",
        ))?;
        install(Some(KeyMaterial {
            aead,
            key: keys.key().as_bytes(),
            iv: keys.iv().as_bytes(),
            format: RecordFormat::Tls13,
        }))
    }
}

impl Common {
    pub(crate) fn new(provider: Arc<CryptoProvider>, limits: Limits) -> Self {
        Self {
            shared: Shared {
                provider,
                info: ConnectionInfo::default(),
                events: VecDeque::new(),
                failed: None,
                handshake_complete: false,
                latest_resumption: None,
                exporter: None,
                early_exporter: None,
                key_log: None,
                client_random: [0; 32],
            },
            send: Sending::new(limits.max_send_buffer),
            receive: Receiving::new(limits),
            span: trace::ConnSpan::new(),
        }
    }

    /// Name the side in the tracing span (the constructors know it, `new` does not).
    pub(crate) fn trace_side(&self, is_client: bool) {
        self.span.set_side(is_client);
    }

    /// Let handshake messages of type `typ` be up to `max_len` bytes long (a server: the
    /// largest legal ClientHello); other messages keep `Limits::max_handshake_message`.
    pub(crate) fn allow_longer_message(&mut self, typ: HandshakeType, max_len: usize) {
        self.receive.allow_longer_message(typ, max_len);
    }

    /// The handshake seam outside message handling: for the constructors and the API calls
    /// that run the state machine (key updates, tickets, early data).
    pub(crate) fn output(&mut self) -> RecordOutput<'_> {
        RecordOutput::new(&mut self.send, &mut self.shared, self.receive.side())
    }

    /// Enter the connection's tracing span for a call from outside the receive path (which
    /// enters it itself).
    pub(crate) fn enter_span(&self) -> trace::Entered {
        self.span.enter()
    }

    // ---- the connection API, called by `Connection` ----

    /// Process as many complete records at the start of `buf` as there are. Decryption happens in
    /// place. Returns how many bytes were consumed; the caller discards them.
    pub(crate) fn handle_tls<H: Handshake>(
        &mut self,
        hs: &mut H,
        buf: &mut [u8],
        now: UnixTime,
    ) -> Result<usize, Error> {
        self.receiving(|receive, send, shared| receive.handle_tls(hs, send, shared, buf, now))
    }

    /// One record step of [`handle_tls`](Self::handle_tls), leaving application data in `buf`
    /// (for the zero-copy path); a failure fails the connection.
    pub(crate) fn next_record<H: Handshake>(
        &mut self,
        hs: &mut H,
        buf: &mut [u8],
        now: UnixTime,
    ) -> Result<Option<Opened>, Error> {
        self.receiving(|receive, send, shared| receive.next_record(hs, send, shared, buf, now))
    }

    /// Resume the paused handshake with `answer` (checked by the caller); a failure fails the
    /// connection.
    pub(crate) fn answer<H: Handshake>(
        &mut self,
        hs: &mut H,
        answer: Answer,
        now: UnixTime,
    ) -> Result<(), Error> {
        self.receiving(|receive, send, shared| receive.answer(hs, send, shared, answer, now))
    }

    /// Run a step of the receive half with the other halves lent to it: refused once the
    /// connection has failed, and a failure of the step fails the connection.
    fn receiving<T>(
        &mut self,
        step: impl FnOnce(&mut Receiving, &mut Sending, &mut Shared) -> Result<T, Error>,
    ) -> Result<T, Error> {
        if let Some(e) = &self.shared.failed {
            return Err(e.clone());
        }
        let Self {
            shared,
            send,
            receive,
            span,
        } = self;
        let _entered = span.enter();
        let result = step(receive, send, shared).map_err(|e| shared.fail(send, e));
        send.release_if_drained();
        result
    }

    /// Fail the connection (see [`HandshakeOutput::fail`]).
    pub(crate) fn fail(&mut self, e: Error) -> Error {
        let _entered = self.span.enter();
        self.shared.fail(&mut self.send, e)
    }

    pub(crate) fn write_tls(&mut self, out: &mut Vec<u8>) -> usize {
        self.send.write_tls(out)
    }

    pub(crate) fn pending_tls(&self) -> &[u8] {
        self.send.pending_tls()
    }

    pub(crate) fn consume_tls(&mut self, n: usize) {
        self.send.consume_tls(n)
    }

    pub(crate) fn wants_write(&self) -> bool {
        self.send.wants_write()
    }

    /// Free the buffers that hold nothing (`Connection::release_buffers`).
    pub(crate) fn release_buffers(&mut self) {
        self.send.release();
        self.receive.received.release();
        self.receive.early_received.release();
        if self.shared.events.is_empty() {
            self.shared.events = VecDeque::new();
        }
    }

    pub(crate) fn poll_event(&mut self) -> Option<Event> {
        let event = self.shared.events.pop_front();
        // Events other than data notifications are a handful per handshake (and a ticket or
        // key update now and then after it): once they are all taken, the queue's allocation
        // (room for four) goes back rather than idle with the connection. The data
        // notifications of a transfer keep it.
        if self.shared.events.is_empty()
            && !matches!(
                event,
                None | Some(Event::ApplicationData | Event::EarlyData)
            )
        {
            self.shared.events = VecDeque::new();
        }
        event
    }

    pub(crate) fn is_handshaking(&self) -> bool {
        !self.shared.handshake_complete && self.shared.failed.is_none()
    }

    pub(crate) fn failure(&self) -> Option<&Error> {
        self.shared.failed.as_ref()
    }

    pub(crate) fn peer_closed(&self) -> bool {
        self.receive.peer_closed
    }

    pub(crate) fn info(&self) -> &ConnectionInfo {
        &self.shared.info
    }

    /// Take as much of `data` as the send buffer has room for (`Limits::max_send_buffer`):
    /// sealed now if the handshake is done, else held until it completes. Returns how much.
    pub(crate) fn send<H: Handshake>(
        &mut self,
        hs: &mut H,
        data: &[u8],
    ) -> Result<usize, ApiError> {
        self.check_writable()?;
        let n = data.len().min(self.send.capacity());
        let Some(data) = data.get(..n).filter(|d| !d.is_empty()) else {
            return Ok(0);
        };
        if !self.shared.handshake_complete {
            self.send.hold_app_data(data);
            return Ok(n);
        }
        let _entered = self.span.enter();
        self.write_app_data(hs, data)?;
        Ok(n)
    }

    /// How application data lies in a record sealed in the caller's buffer, once it can be
    /// sent.
    pub(crate) fn send_layout(&self) -> Result<InPlaceLayout, ApiError> {
        self.check_writable()?;
        if !self.shared.handshake_complete {
            return Err(ApiError::HandshakeNotComplete);
        }
        self.send
            .in_place_layout()
            .ok_or(ApiError::HandshakeNotComplete)
    }

    /// Seal `record[prefix..prefix + len]` as one application-data record where it lies.
    pub(crate) fn seal_in_place<H: Handshake>(
        &mut self,
        hs: &mut H,
        record: &mut [u8],
        len: usize,
    ) -> Result<usize, ApiError> {
        self.seal_record(hs, record, len, |send, record| {
            send.app_data_in_place(record, len)
        })
    }

    /// Seal `data` as one application-data record into `record`, encrypted from where it lies.
    pub(crate) fn seal_into<H: Handshake>(
        &mut self,
        hs: &mut H,
        data: &[u8],
        record: &mut [u8],
    ) -> Result<usize, ApiError> {
        self.seal_record(hs, record, data.len(), |send, record| {
            send.app_data_into(data, record)
        })
    }

    /// The checks and the key update shared by [`seal_in_place`](Self::seal_in_place) and
    /// [`seal_into`](Self::seal_into), then `seal`.
    fn seal_record<H: Handshake>(
        &mut self,
        hs: &mut H,
        record: &mut [u8],
        len: usize,
        seal: impl FnOnce(&mut Sending, &mut [u8]) -> Result<usize, RecordError>,
    ) -> Result<usize, ApiError> {
        let layout = self.send_layout()?;
        if len == 0 {
            return Ok(0);
        }
        if len > layout.max_content_len {
            return Err(ApiError::InvalidArgument(
                "seal_in_place: more data than one record carries (SendLayout::max_data_len)",
            ));
        }
        if record.len() < layout.prefix_len + len + layout.max_suffix_len {
            return Err(ApiError::InvalidArgument(
                "seal_in_place: the buffer is shorter than SendLayout::record_len",
            ));
        }
        let _entered = self.span.enter();
        // RFC 8446 §5.5: rekey before the AEAD's safe record count runs out. The KeyUpdate is
        // queued in our buffer, ahead of this record.
        if self.send.should_update_keys() && hs.version() == Some(ProtocolVersion::TLS1_3) {
            hs.update_keys(&mut self.output(), false)?;
        }
        seal(&mut self.send, record).map_err(|e| ApiError::Failed(self.fail(e.into())))
    }

    /// How many bytes `send` would take now.
    pub(crate) fn send_capacity(&self) -> usize {
        match self.check_writable() {
            Ok(()) => self.send.capacity(),
            Err(_) => 0,
        }
    }

    /// Copy unread application data into `out`. With nothing to read, a failed connection
    /// says so; otherwise `Ok(0)` means "nothing yet" (or, once `peer_closed`, "nothing more").
    pub(crate) fn read(&mut self, out: &mut [u8]) -> Result<usize, ApiError> {
        read_from(&mut self.receive.received, self.shared.failed.as_ref(), out)
    }

    /// [`read`](Self::read) for the accepted 0-RTT data (server).
    pub(crate) fn read_early_data(&mut self, out: &mut [u8]) -> Result<usize, ApiError> {
        let failed = self.shared.failed.as_ref();
        read_from(&mut self.receive.early_received, failed, out)
    }

    /// The unread data of `kind` in place, with [`read`](Self::read)'s failure rule: once
    /// nothing is unread, a failed connection returns its error.
    pub(crate) fn received(&self, kind: DataKind) -> Result<&[u8], ApiError> {
        let unread = self.unread(kind);
        match &self.shared.failed {
            Some(e) if unread.is_empty() => Err(ApiError::Failed(e.clone())),
            _ => Ok(unread),
        }
    }

    /// Unread application data (1-RTT) and accepted 0-RTT data, in bytes.
    pub(crate) fn readable(&self) -> (usize, usize) {
        (
            self.receive.received.len(),
            self.receive.early_received.len(),
        )
    }

    /// The unread data of `kind`, to hand out in place; [`consume_unread`](Self::consume_unread)
    /// marks it read.
    pub(crate) fn unread(&self, kind: DataKind) -> &[u8] {
        match kind {
            DataKind::Early => self.receive.early_received.unread(),
            DataKind::OneRtt => self.receive.received.unread(),
        }
    }

    /// Mark the first `n` unread bytes of `kind` read (all of them if there are fewer).
    pub(crate) fn consume_unread(&mut self, kind: DataKind, n: usize) {
        match kind {
            DataKind::Early => self.receive.early_received.consume(n),
            DataKind::OneRtt => self.receive.received.consume(n),
        }
    }

    fn write_app_data<H: Handshake>(&mut self, hs: &mut H, data: &[u8]) -> Result<(), ApiError> {
        // RFC 8446 §5.5: rekey before the AEAD's safe record count runs out.
        if self.send.should_update_keys() && hs.version() == Some(ProtocolVersion::TLS1_3) {
            hs.update_keys(&mut self.output(), false)?;
        }
        self.send
            .app_data(data)
            .map_err(|e| ApiError::Failed(self.fail(e.into())))
    }

    pub(crate) fn check_writable(&self) -> Result<(), ApiError> {
        if let Some(e) = &self.shared.failed {
            return Err(ApiError::Failed(e.clone()));
        }
        if self.send.sent_close {
            return Err(ApiError::Closed);
        }
        Ok(())
    }

    /// Send close_notify (once). Reading may continue until the peer's close_notify.
    pub(crate) fn close(&mut self) {
        if self.send.sent_close || self.shared.failed.is_some() {
            return;
        }
        let _entered = self.span.enter();
        if let Err(e) = self.send.close_notify() {
            self.fail(e.into());
        }
    }

    /// The transport reached its end. Without the peer's close_notify that is a truncation
    /// (RFC 8446 §6.1).
    pub(crate) fn handle_eof(&mut self) -> Result<(), Error> {
        if self.receive.peer_closed {
            return Ok(());
        }
        if let Some(e) = &self.shared.failed {
            return Err(e.clone());
        }
        let e = Error::UnexpectedEof;
        trace::failed(&e);
        self.shared.failed = Some(e.clone());
        Err(e)
    }

    pub(crate) fn handshake_complete(&self) -> bool {
        self.shared.handshake_complete
    }

    /// Log this connection's secrets to `key_log` (the config's); `None`: no key log.
    pub(crate) fn set_key_log(&mut self, key_log: Option<Arc<dyn KeyLog>>) {
        self.shared.key_log = key_log;
    }

    /// `Connection::export_keying_material`: only after the handshake, never after a failure.
    pub(crate) fn export_keying_material(
        &self,
        out: &mut [u8],
        label: &[u8],
        context: Option<&[u8]>,
    ) -> Result<(), ApiError> {
        if let Some(e) = &self.shared.failed {
            return Err(ApiError::Failed(e.clone()));
        }
        if !self.shared.handshake_complete {
            return Err(ApiError::HandshakeNotComplete);
        }
        match &self.shared.exporter {
            Some(exporter) => exporter.export(out, label, context),
            None => Err(ApiError::Unsupported(
                "no exporter for a TLS 1.2 session without the extended master secret \
                 (RFC 7627 §5.4)",
            )),
        }
    }

    /// `Connection::export_early_keying_material`: while 0-RTT is in use (RFC 9846 §7.5), never
    /// after a failure.
    pub(crate) fn export_early_keying_material(
        &self,
        out: &mut [u8],
        label: &[u8],
        context: Option<&[u8]>,
    ) -> Result<(), ApiError> {
        if let Some(e) = &self.shared.failed {
            return Err(ApiError::Failed(e.clone()));
        }
        let secret = self
            .shared
            .early_exporter
            .as_ref()
            .ok_or(ApiError::EarlyDataUnavailable)?;
        Exporter::export_tls13(secret, out, label, context)
    }

    // ---- resumption and early data ----

    pub(crate) fn latest_resumption(&self) -> Option<&ResumptionData> {
        self.shared.latest_resumption.as_ref()
    }

    /// Client: write 0-RTT application data under the current write keys (the caller has
    /// installed client_early_traffic_secret's, RFC 8446 §7.3).
    pub(crate) fn write_early_data(&mut self, data: &[u8]) -> Result<(), ApiError> {
        self.check_writable()?;
        let _entered = self.span.enter();
        self.send
            .app_data(data)
            .map_err(|e| ApiError::Failed(self.fail(e.into())))
    }

    /// Whether the connection has failed.
    pub(crate) fn has_failed(&self) -> bool {
        self.shared.failed.is_some()
    }
}

/// The [`HandshakeOutput`] of a connection over TLS records: the send half, the shared state
/// and the receive side, lent to one call of the state machine.
pub(crate) struct RecordOutput<'a> {
    send: &'a mut Sending,
    shared: &'a mut Shared,
    read: ReadSide<'a>,
}

impl<'a> RecordOutput<'a> {
    pub(super) fn new(send: &'a mut Sending, shared: &'a mut Shared, read: ReadSide<'a>) -> Self {
        Self { send, shared, read }
    }
}

impl HandshakeOutput for RecordOutput<'_> {
    fn send_handshake(&mut self, encoded: &[u8]) -> Result<(), Error> {
        Ok(self.send.handshake(encoded)?)
    }

    fn send_change_cipher_spec(&mut self) -> Result<(), Error> {
        Ok(self.send.change_cipher_spec()?)
    }

    fn sent_close(&self) -> bool {
        self.send.sent_close
    }

    fn send_warning_alert(&mut self, alert: AlertDescription) -> Result<(), Error> {
        Ok(self.send.warning_alert(alert)?)
    }

    fn install_write_keys(&mut self, _: Level, keys: DirectionKeys<'_>) -> Result<(), Error> {
        let send = &mut *self.send;
        self.shared
            .with_key_material(keys, |material| Ok(send.install(material)?))
    }

    fn set_write_record_size_limit(&mut self, limit: u16) -> Result<(), Error> {
        Ok(self.send.set_record_size_limit(limit)?)
    }

    fn set_plaintext_version(&mut self, version: ProtocolVersion) {
        self.send.set_plaintext_version(version);
    }

    fn install_read_keys(&mut self, _: Level, keys: DirectionKeys<'_>) -> Result<(), Error> {
        let read = &mut self.read;
        self.shared
            .with_key_material(keys, |material| read.install(material))
    }

    fn set_read_record_size_limit(&mut self, limit: u16) -> Result<(), Error> {
        self.read.set_record_size_limit(limit)
    }

    fn accept_early_data(&mut self, max: u32) {
        self.read.accept_early_data(max);
    }

    fn end_early_data(&mut self) {
        self.read.end_early_data();
    }

    fn skip_early_data(&mut self, how: EarlyDataSkip) {
        self.read.skip_early_data(how);
    }

    fn record(&mut self, value: NegotiatedValue) {
        trace::negotiated(&value);
        self.shared.info.record(value);
    }

    fn info(&self) -> &ConnectionInfo {
        &self.shared.info
    }

    fn emit(&mut self, event: Event) {
        self.shared.emit(event);
    }

    fn ticket_received(&mut self, data: ResumptionData) {
        self.shared.info.ticket_received = true;
        self.shared.latest_resumption = Some(data.clone());
        self.shared.emit(Event::TicketReceived(data));
    }

    fn complete_handshake(&mut self, version: ProtocolVersion) -> Result<(), Error> {
        self.shared.handshake_complete = true;
        // The flights were the largest writes of many connections that now idle; a transfer
        // that follows grows the buffer again once and keeps it.
        self.send.release_when_drained();
        if version == ProtocolVersion::TLS1_3 {
            // Every TLS 1.3 secret is bound to the transcript (RFC 8446 §7.1).
            self.shared.info.extended_master_secret = true;
        }
        if version == ProtocolVersion::TLS1_2 && !self.shared.info.extended_master_secret {
            // RFC 7627 §5.4: no exporter without the extended master secret.
            self.shared.exporter = None;
        }
        self.shared.emit(Event::HandshakeComplete { version });
        Ok(self.send.flush_held_app_data()?)
    }

    fn provider(&self) -> &Arc<CryptoProvider> {
        &self.shared.provider
    }

    fn client_hello_random(&mut self, random: &[u8; 32]) {
        self.shared.client_random = *random;
    }

    fn log_secret(&self, label: KeyLogLabel, secret: &Secret) {
        if let Some(log) = &self.shared.key_log {
            log.log(label, &self.shared.client_random, secret.as_bytes());
        }
    }

    fn tls13_exporter_secret(&mut self, secret: ExporterSecret) {
        self.log_secret(KeyLogLabel::ExporterSecret, secret.secret());
        self.shared.exporter = Some(Exporter::Tls13(secret));
    }

    fn tls13_early_exporter_secret(&mut self, secret: Option<ExporterSecret>) {
        if let Some(secret) = &secret {
            self.log_secret(KeyLogLabel::EarlyExporterSecret, secret.secret());
        }
        self.shared.early_exporter = secret;
    }

    fn tls12_master_secret(
        &mut self,
        master: &Tls12MasterSecret,
        client_random: &[u8; 32],
        server_random: &[u8; 32],
    ) {
        self.log_secret(KeyLogLabel::ClientRandom, master.secret());
        self.shared.exporter = Some(Exporter::Tls12 {
            master: master.clone(),
            client_random: *client_random,
            server_random: *server_random,
        });
    }

    fn fail(&mut self, e: Error) -> Error {
        self.shared.fail(&mut *self.send, e)
    }
}

fn read_from(
    buffer: &mut UnreadPlaintext,
    failed: Option<&Error>,
    out: &mut [u8],
) -> Result<usize, ApiError> {
    let n = buffer.read(out);
    match failed {
        Some(e) if n == 0 && !out.is_empty() => Err(ApiError::Failed(e.clone())),
        _ => Ok(n),
    }
}

/// The error for a handshake message that the current state does not accept: the single answer
/// of every state machine's dispatch to a (state, message) pair it has no arm for.
pub(crate) fn unexpected_message(typ: HandshakeType, state: &'static str) -> Error {
    Error::fatal(
        AlertDescription::UNEXPECTED_MESSAGE,
        Cause::UnexpectedMessage {
            handshake_type: typ,
            state,
        },
    )
}
