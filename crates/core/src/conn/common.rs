//! The part of a connection both sides share: the record layer, the outgoing buffer, the event
//! queue, alerts, application data, closure, and installing keys. The handshake state machines
//! drive it through the methods here; they never touch records themselves.

use alloc::collections::VecDeque;
use alloc::sync::Arc;
use alloc::vec::Vec;

use ferrotls_crypto::CryptoProvider;
use ferrotls_record::limits::MAX_TLS13_CIPHERTEXT_LEN;
use ferrotls_record::{
    deframe, AlertDescription, AlertLevel, ContentType, Deframed, HandshakeJoiner, ProtocolVersion,
    RecordError, RecordProtection, RecordReader, RecordWriter,
};
use rustls_pki_types::UnixTime;

use super::handshake::Handshake;
use super::info::ConnectionInfo;
use super::limits::{EarlyDataSkip, PeerCounters};
use super::message_limits::check_message;
use super::output::{DirectionKeys, HandshakeOutput, Level, NegotiatedValue};
use crate::config::Limits;
use crate::error::{ApiError, Cause, Error};
use crate::events::Event;
use crate::msgs::enums::HandshakeType;
use crate::msgs::handshake::{HandshakeMessage, Version};
use crate::resumption::ResumptionData;

/// Shared connection state. The state machines reach it only through [`HandshakeOutput`], which it
/// implements for TLS records.
#[derive(Debug)]
pub struct Common {
    provider: Arc<CryptoProvider>,
    reader: RecordReader,
    writer: RecordWriter,
    joiner: HandshakeJoiner,
    pub(super) info: ConnectionInfo,
    outgoing: Vec<u8>,
    events: VecDeque<Event>,
    /// Set once: the error the connection failed with. Every later call returns it.
    failed: Option<Error>,
    handshake_complete: bool,
    /// The peer's close_notify arrived: anything after it is ignored (RFC 8446 §6.1).
    peer_closed: bool,
    /// We sent close_notify: nothing more may be sent.
    sent_close: bool,
    /// Application data the application wrote before the handshake finished.
    pending_app_data: Vec<u8>,
    /// The limits and the counters of what the peer made us do without progress.
    counters: PeerCounters,
    /// Client: the newest session the server made resumable (`Connection::resumption_data`).
    latest_resumption: Option<ResumptionData>,
    /// Server: `Some(n)` while accepted 0-RTT data is being read, `n` the bytes the client may
    /// still send (RFC 8446 §4.2.10: max_early_data_size counts plaintext).
    early_data_budget: Option<u32>,
}

impl Common {
    pub(crate) fn new(provider: Arc<CryptoProvider>, limits: Limits) -> Self {
        Self {
            provider,
            reader: RecordReader::new(),
            writer: RecordWriter::new(),
            joiner: HandshakeJoiner::with_max_message_len(limits.max_handshake_message),
            info: ConnectionInfo::default(),
            outgoing: Vec::new(),
            events: VecDeque::new(),
            failed: None,
            handshake_complete: false,
            peer_closed: false,
            sent_close: false,
            pending_app_data: Vec::new(),
            counters: PeerCounters::new(limits),
            latest_resumption: None,
            early_data_budget: None,
        }
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
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let mut used = 0;
        while !self.peer_closed {
            let Some(rest) = buf.get_mut(used..) else {
                break;
            };
            let deframed = match self.deframe(rest) {
                Ok(Some(d)) => d,
                Ok(None) => break,
                Err(e) => return Err(self.fail(e.into())),
            };
            let (n, protected_len) = (deframed.total_len(), deframed.payload_range().len());
            let outer = deframed.header.content_type;
            if self.counters.skips_unopened(&deframed) {
                if let Err(e) = self.counters.skipped_early_data(protected_len) {
                    return Err(self.fail(e));
                }
                used += n;
                continue;
            }
            let record = match self.reader.open(rest, deframed) {
                Ok(r) => r,
                Err(RecordError::DecryptFailed) if self.counters.skips_undecryptable() => {
                    if let Err(e) = self.counters.skipped_early_data(protected_len) {
                        return Err(self.fail(e));
                    }
                    used += n;
                    continue;
                }
                Err(e) => return Err(self.fail(e.into())),
            };
            // RFC 8446 §4.2.10: the first record that decrypts starts the client's real flight
            // (an unprotected change_cipher_spec decrypts nothing and ends nothing).
            if outer == ContentType::APPLICATION_DATA && self.counters.skips_undecryptable() {
                self.counters.early_data_skip = EarlyDataSkip::Off;
            }
            used += n;
            let processed = self
                .counters
                .record(record.content_type, record.payload.len())
                .and_then(|()| self.process_record(hs, record.content_type, record.payload, now));
            if let Err(e) = processed {
                return Err(self.fail(e));
            }
        }
        Ok(used)
    }

    /// The next record's frame. While early data is skipped after a HelloRetryRequest, records
    /// of the outer type application_data are protected with keys we never derive and may be as
    /// long as any TLS 1.3 ciphertext, though no read keys are installed.
    fn deframe(&self, buf: &[u8]) -> Result<Option<Deframed>, RecordError> {
        if self.counters.early_data_skip == EarlyDataSkip::Protected
            && buf.first() == Some(&ContentType::APPLICATION_DATA.0)
        {
            return deframe(buf, MAX_TLS13_CIPHERTEXT_LEN);
        }
        self.reader.deframe(buf)
    }

    fn process_record<H: Handshake>(
        &mut self,
        hs: &mut H,
        content_type: ContentType,
        payload: &[u8],
        now: UnixTime,
    ) -> Result<(), Error> {
        // RFC 8446 §5.1: nothing may interleave with a fragmented handshake message.
        self.joiner.check_interleave(content_type)?;
        match content_type {
            ContentType::HANDSHAKE => {
                self.joiner.push(payload)?;
                while let Some(message) = self.joiner.next_message() {
                    let typ = HandshakeType(message.typ);
                    // Before the copy and the decoding: the list limits keep decoding from
                    // allocating per element beyond them.
                    self.counters.handshake_message(typ)?;
                    check_message(self.counters.limits(), typ, message.body, hs.version())?;
                    // Copied out so the state machine may use the joiner (key-change checks);
                    // a handshake message is small next to the work it causes.
                    let encoded = message.encoded.to_vec();
                    // Decoded once, here, in the forms of the version the machine speaks now:
                    // its dispatch matches on the typed message.
                    let form = match hs.version() {
                        Some(ProtocolVersion::TLS1_2) => Version::Tls12,
                        _ => Version::Tls13,
                    };
                    let decoded = HandshakeMessage::decode(&encoded, form)?;
                    hs.handle_message(self, decoded, &encoded, now)?;
                    if self.failed.is_some() || self.peer_closed {
                        break;
                    }
                }
                Ok(())
            }
            ContentType::CHANGE_CIPHER_SPEC => {
                if payload != [1] {
                    return Err(RecordError::InvalidChangeCipherSpec.into());
                }
                hs.handle_change_cipher_spec(self)
            }
            ContentType::ALERT => self.process_alert(hs.version(), payload),
            ContentType::APPLICATION_DATA if self.early_data_budget.is_some() => {
                self.receive_early_data(payload)
            }
            ContentType::APPLICATION_DATA => {
                if !self.handshake_complete {
                    return Err(Error::unexpected(
                        "application data before the handshake completed",
                    ));
                }
                if !payload.is_empty() {
                    self.events
                        .push_back(Event::ApplicationData(payload.to_vec()));
                }
                Ok(())
            }
            other => Err(RecordError::UnknownContentType(other.0).into()),
        }
    }

    /// RFC 8446 §6: close_notify and user_canceled are closure alerts; every other alert is an
    /// error alert whatever its level. RFC 5246 §7.2: TLS 1.2 warnings (other than
    /// close_notify) do not end the connection.
    fn process_alert(
        &mut self,
        version: Option<ProtocolVersion>,
        payload: &[u8],
    ) -> Result<(), Error> {
        let [level, description] = payload else {
            return Err(Error::protocol(
                AlertDescription::DECODE_ERROR,
                "alert is not two bytes (RFC 8446 §6)",
            ));
        };
        let (level, description) = (AlertLevel(*level), AlertDescription(*description));
        if level != AlertLevel::WARNING && level != AlertLevel::FATAL {
            return Err(Error::protocol(
                AlertDescription::ILLEGAL_PARAMETER,
                "unknown alert level",
            ));
        }
        if description == AlertDescription::CLOSE_NOTIFY {
            self.peer_closed = true;
            self.events.push_back(Event::PeerClosed);
            return Ok(());
        }
        let tls12 = version == Some(ProtocolVersion::TLS1_2);
        let tolerated = description == AlertDescription::USER_CANCELED
            || (tls12 && level == AlertLevel::WARNING);
        if tolerated && level == AlertLevel::WARNING {
            self.counters.warning_alert()?;
            self.events.push_back(Event::Alert(description));
            return Ok(());
        }
        let e = Error::AlertReceived(description);
        self.failed = Some(e.clone());
        Err(e)
    }

    /// Fail the connection: queue the fatal alert (under the current write keys) and remember the
    /// error. Returns it for the caller to propagate.
    pub(crate) fn fail(&mut self, e: Error) -> Error {
        if let Some(first) = &self.failed {
            return first.clone();
        }
        if let Error::AlertSent { alert, .. } = &e {
            // A failure to write the alert cannot be reported better than the error itself.
            let _ = self.writer.write(
                ContentType::ALERT,
                &[AlertLevel::FATAL.0, alert.0],
                &mut self.outgoing,
            );
            self.sent_close = true;
        }
        self.failed = Some(e.clone());
        e
    }

    pub(crate) fn write_tls(&mut self, out: &mut Vec<u8>) -> usize {
        let n = self.outgoing.len();
        out.append(&mut self.outgoing);
        n
    }

    pub(crate) fn wants_write(&self) -> bool {
        !self.outgoing.is_empty()
    }

    pub(crate) fn poll_event(&mut self) -> Option<Event> {
        self.events.pop_front()
    }

    pub(crate) fn is_handshaking(&self) -> bool {
        !self.handshake_complete && self.failed.is_none()
    }

    pub(crate) fn failure(&self) -> Option<&Error> {
        self.failed.as_ref()
    }

    pub(crate) fn peer_closed(&self) -> bool {
        self.peer_closed
    }

    /// Queue application data: sent now if the handshake is done, else when it completes.
    pub(crate) fn send<H: Handshake>(&mut self, hs: &mut H, data: &[u8]) -> Result<(), ApiError> {
        self.check_writable()?;
        if !self.handshake_complete {
            self.pending_app_data.extend_from_slice(data);
            return Ok(());
        }
        self.write_app_data(hs, data)
    }

    fn write_app_data<H: Handshake>(&mut self, hs: &mut H, data: &[u8]) -> Result<(), ApiError> {
        // RFC 8446 §5.5: rekey before the AEAD's safe record count runs out.
        if self.writer.should_update_keys() && hs.version() == Some(ProtocolVersion::TLS1_3) {
            hs.update_keys(self, false)?;
        }
        self.writer
            .write(ContentType::APPLICATION_DATA, data, &mut self.outgoing)
            .map_err(|e| ApiError::Failed(self.fail(e.into())))
    }

    pub(crate) fn check_writable(&self) -> Result<(), ApiError> {
        if let Some(e) = &self.failed {
            return Err(ApiError::Failed(e.clone()));
        }
        if self.sent_close {
            return Err(ApiError::Closed);
        }
        Ok(())
    }

    /// Send close_notify (once). Reading may continue until the peer's close_notify.
    pub(crate) fn close(&mut self) {
        if self.sent_close || self.failed.is_some() {
            return;
        }
        let alert = [AlertLevel::WARNING.0, AlertDescription::CLOSE_NOTIFY.0];
        if let Err(e) = self
            .writer
            .write(ContentType::ALERT, &alert, &mut self.outgoing)
        {
            self.fail(e.into());
        }
        self.sent_close = true;
    }

    /// The transport reached its end. Without the peer's close_notify that is a truncation
    /// (RFC 8446 §6.1).
    pub(crate) fn handle_eof(&mut self) -> Result<(), Error> {
        if self.peer_closed {
            return Ok(());
        }
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let e = Error::UnexpectedEof;
        self.failed = Some(e.clone());
        Err(e)
    }

    /// Record protection for `keys` (`None`: none). A TLS 1.3 traffic secret becomes a key
    /// and IV (RFC 8446 §7.3).
    fn protection(&self, keys: DirectionKeys<'_>) -> Result<Option<RecordProtection>, Error> {
        let (suite, secret) = match keys {
            DirectionKeys::Plaintext => return Ok(None),
            DirectionKeys::Tls12(protection) => return Ok(Some(protection)),
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
        let key = aead.new_key(keys.key().as_bytes())?;
        Ok(Some(RecordProtection::tls13(key, keys.iv().as_bytes())?))
    }

    pub(crate) fn handshake_complete(&self) -> bool {
        self.handshake_complete
    }

    // ---- resumption and early data ----

    pub(crate) fn latest_resumption(&self) -> Option<&ResumptionData> {
        self.latest_resumption.as_ref()
    }

    fn receive_early_data(&mut self, payload: &[u8]) -> Result<(), Error> {
        let budget = self.early_data_budget.unwrap_or(0);
        let len = u32::try_from(payload.len()).unwrap_or(u32::MAX);
        // RFC 8446 §4.2.10: more 0-RTT data than max_early_data_size is fatal.
        let Some(left) = budget.checked_sub(len) else {
            return Err(Error::unexpected(
                "more early data than max_early_data_size (RFC 8446 §4.2.10)",
            ));
        };
        self.early_data_budget = Some(left);
        if !payload.is_empty() {
            self.events.push_back(Event::EarlyData(payload.to_vec()));
        }
        Ok(())
    }

    /// Client: write 0-RTT application data under the current write keys (the caller has
    /// installed client_early_traffic_secret's, RFC 8446 §7.3).
    pub(crate) fn write_early_data(&mut self, data: &[u8]) -> Result<(), ApiError> {
        self.check_writable()?;
        self.writer
            .write(ContentType::APPLICATION_DATA, data, &mut self.outgoing)
            .map_err(|e| ApiError::Failed(self.fail(e.into())))
    }

    /// Whether the connection has failed.
    pub(crate) fn has_failed(&self) -> bool {
        self.failed.is_some()
    }
}

/// The state machines' view of a connection over TLS records.
impl HandshakeOutput for Common {
    fn send_handshake(&mut self, encoded: &[u8]) -> Result<(), Error> {
        Ok(self
            .writer
            .write(ContentType::HANDSHAKE, encoded, &mut self.outgoing)?)
    }

    fn send_change_cipher_spec(&mut self) -> Result<(), Error> {
        Ok(self
            .writer
            .write(ContentType::CHANGE_CIPHER_SPEC, &[1], &mut self.outgoing)?)
    }

    fn send_warning_alert(&mut self, alert: AlertDescription) -> Result<(), Error> {
        // After our close_notify nothing more may be sent (RFC 5246 §7.2.1).
        if self.sent_close {
            return Ok(());
        }
        Ok(self.writer.write(
            ContentType::ALERT,
            &[AlertLevel::WARNING.0, alert.0],
            &mut self.outgoing,
        )?)
    }

    fn install_write_keys(&mut self, _: Level, keys: DirectionKeys<'_>) -> Result<(), Error> {
        match self.protection(keys)? {
            Some(protection) => self.writer.install(protection),
            None => self.writer = RecordWriter::new(),
        }
        Ok(())
    }

    fn set_write_record_size_limit(&mut self, limit: u16) -> Result<(), Error> {
        Ok(self.writer.set_record_size_limit(limit)?)
    }

    fn set_plaintext_version(&mut self, version: ProtocolVersion) {
        self.writer.set_plaintext_version(version);
    }

    /// RFC 8446 §5.1: the handshake bytes before a key change must end on a record boundary.
    fn install_read_keys(&mut self, _: Level, keys: DirectionKeys<'_>) -> Result<(), Error> {
        self.joiner.check_key_change()?;
        // Keys for the second ClientHello's flight: the early data of the first is behind us.
        if self.counters.early_data_skip == EarlyDataSkip::Protected {
            self.counters.early_data_skip = EarlyDataSkip::Off;
        }
        match self.protection(keys)? {
            Some(protection) => self.reader.install(protection),
            None => self.reader = RecordReader::new(),
        }
        Ok(())
    }

    fn set_read_record_size_limit(&mut self, limit: u16) -> Result<(), Error> {
        Ok(self.reader.set_record_size_limit(limit)?)
    }

    /// Application_data records under the early keys (which the caller installs for reading)
    /// are delivered as `Event::EarlyData`.
    fn accept_early_data(&mut self, max: u32) {
        self.early_data_budget = Some(max);
    }

    /// Application_data is refused again until the handshake completes.
    fn end_early_data(&mut self) {
        self.early_data_budget = None;
    }

    fn skip_early_data(&mut self, how: EarlyDataSkip) {
        self.counters.early_data_skip = how;
    }

    fn record(&mut self, value: NegotiatedValue) {
        self.info.record(value);
    }

    fn info(&self) -> &ConnectionInfo {
        &self.info
    }

    fn emit(&mut self, event: Event) {
        self.events.push_back(event);
    }

    fn ticket_received(&mut self, data: ResumptionData) {
        self.info.ticket_received = true;
        self.latest_resumption = Some(data.clone());
        self.events.push_back(Event::TicketReceived(data));
    }

    /// Flushes what the application wrote meanwhile under fresh application keys, so no
    /// key-usage check is needed.
    fn complete_handshake(&mut self, version: ProtocolVersion) -> Result<(), Error> {
        self.handshake_complete = true;
        if version == ProtocolVersion::TLS1_3 {
            // Every TLS 1.3 secret is bound to the transcript (RFC 8446 §7.1).
            self.info.extended_master_secret = true;
        }
        self.events.push_back(Event::HandshakeComplete { version });
        if !self.pending_app_data.is_empty() && !self.sent_close {
            let pending = core::mem::take(&mut self.pending_app_data);
            self.writer
                .write(ContentType::APPLICATION_DATA, &pending, &mut self.outgoing)?;
        }
        Ok(())
    }

    fn provider(&self) -> &Arc<CryptoProvider> {
        &self.provider
    }

    fn fail(&mut self, e: Error) -> Error {
        Common::fail(self, e)
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
