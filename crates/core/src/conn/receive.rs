//! The receive half of a connection: deframing and opening records in the caller's buffer,
//! the handshake joiner, the peer's alerts and application data, the flood counters, and the
//! receive side of the handshake seam (read keys, our record size limit, early data).
//!
//! [`Receiving::next_record`] is the one record step: it leaves application data where it was
//! decrypted and says where. `handle_tls` copies it into the [`UnreadPlaintext`] buffers for
//! `read` (with flow control, `Limits::max_unread_plaintext`); the zero-copy path
//! ([`super::in_place`]) lends it from the caller's buffer instead.
//!
//! Each complete handshake message is decoded once and handed to the state machine as a borrow:
//! from the record itself when it is whole in it, from the joiner when it spans records. While
//! the machine runs, it may write to the send half and install read keys; the key change is
//! refused if more handshake bytes follow the message (RFC 8446 §5.1).

use core::ops::Range;
use ferrotls_record::limits::MAX_TLS13_CIPHERTEXT_LEN;
use ferrotls_record::{
    deframe, AlertDescription, AlertLevel, ContentType, Deframed, HandshakeJoiner, KeyMaterial,
    ProtectionKind, ProtocolVersion, RecordError, RecordReader,
};

use rustls_pki_types::UnixTime;

use super::common::{RecordOutput, Shared};
use super::handshake::Handshake;
use super::limits::{EarlyDataSkip, PeerCounters};
use super::message_limits::check_message;
use super::output::HandshakeOutput;
use super::plaintext::{DataKind, UnreadPlaintext};
use super::send::Sending;
use crate::config::Limits;
use crate::deferred::Answer;
use crate::error::Error;
use crate::events::Event;
use crate::msgs::enums::HandshakeType;
use crate::msgs::handshake::{HandshakeMessage, Version};

#[derive(Debug)]
pub(super) struct Receiving {
    reader: RecordReader,
    joiner: HandshakeJoiner,
    /// The limits and the counters of what the peer made us do without progress.
    counters: PeerCounters,
    /// The peer's close_notify arrived: anything after it is ignored (RFC 8446 §6.1).
    pub(super) peer_closed: bool,
    /// Server: `Some(n)` while accepted 0-RTT data is being read, `n` the bytes the client may
    /// still send (RFC 8446 §4.2.10: max_early_data_size counts plaintext).
    early_data_budget: Option<u32>,
    /// Application data received and not read yet.
    pub(super) received: UnreadPlaintext,
    /// Server: accepted 0-RTT data not read yet, kept apart because it may be a replay.
    pub(super) early_received: UnreadPlaintext,
    /// Set by `process_record` when the record it processed was application data to deliver.
    data_record: Option<DataKind>,
}

/// What [`Receiving::next_record`] did with one record: its length in the input, and where its
/// application data (if it carried any to deliver) lies in the input, and of which kind.
#[derive(Debug)]
pub(crate) struct Opened {
    pub(crate) len: usize,
    pub(crate) data: Option<(Range<usize>, DataKind)>,
}

impl Receiving {
    pub(super) fn new(limits: Limits) -> Self {
        Self {
            reader: RecordReader::new(),
            joiner: HandshakeJoiner::with_max_message_len(limits.max_handshake_message),
            counters: PeerCounters::new(limits),
            peer_closed: false,
            early_data_budget: None,
            received: UnreadPlaintext::default(),
            early_received: UnreadPlaintext::default(),
            data_record: None,
        }
    }

    /// Let handshake messages of type `typ` be up to `max_len` bytes long (a server: the
    /// largest legal ClientHello); other messages keep `Limits::max_handshake_message`.
    pub(super) fn allow_longer_message(&mut self, typ: HandshakeType, max_len: usize) {
        self.joiner.allow_longer(typ.0, max_len);
    }

    /// The receive side of the seam, outside message handling (a change_cipher_spec, an API
    /// call): a key change is refused while handshake bytes are buffered.
    pub(super) fn side(&mut self) -> ReadSide<'_> {
        ReadSide {
            handshake_pending: self.joiner.has_pending(),
            reader: &mut self.reader,
            counters: &mut self.counters,
            early_data_budget: &mut self.early_data_budget,
        }
    }

    /// Process as many complete records at the start of `buf` as there are, decrypting in
    /// place and copying application data into the buffers `read` and `read_early_data` take
    /// it from. Returns how many bytes were consumed. The caller fails the connection with the
    /// error; the consumed count is lost then, as the connection is terminal.
    ///
    /// Flow control: no further record is opened while the unread application data is so much
    /// that one more record could take it past `Limits::max_unread_plaintext`; those records stay
    /// in the caller's buffer until the application reads.
    pub(super) fn handle_tls<H: Handshake>(
        &mut self,
        hs: &mut H,
        send: &mut Sending,
        shared: &mut Shared,
        buf: &mut [u8],
        now: UnixTime,
    ) -> Result<usize, Error> {
        let limit = self.counters.limits().max_unread_plaintext;
        let mut used = 0;
        while self.received.has_room_for_record(limit) {
            let Some(rest) = buf.get_mut(used..) else {
                break;
            };
            let Some(opened) = self.next_record(hs, send, shared, rest, now)? else {
                break;
            };
            if let Some((range, kind)) = opened.data {
                let data = rest.get(range).unwrap_or_default();
                let (buffer, event) = match kind {
                    DataKind::Early => (&mut self.early_received, Event::EarlyData),
                    DataKind::OneRtt => (&mut self.received, Event::ApplicationData),
                };
                buffer.push(data);
                shared.notify(event);
            }
            used += opened.len;
            if shared.failed.is_some() {
                break;
            }
        }
        Ok(used)
    }

    /// Open the next complete record at the start of `buf` and act on it; `None` when there is
    /// no complete record or the peer has closed. Application data is left where it was
    /// decrypted, in `buf`: [`Opened::data`] says where, and whether it is 0-RTT data.
    pub(super) fn next_record<H: Handshake>(
        &mut self,
        hs: &mut H,
        send: &mut Sending,
        shared: &mut Shared,
        buf: &mut [u8],
        now: UnixTime,
    ) -> Result<Option<Opened>, Error> {
        // A paused handshake takes nothing: what follows may need the keys its answer decides
        // (0-RTT), so it waits in the caller's buffer (crate::deferred).
        if self.peer_closed || hs.pending().is_some() {
            return Ok(None);
        }
        let Some(deframed) = self.deframe(buf)? else {
            return Ok(None);
        };
        let (n, protected_len) = (deframed.total_len(), deframed.payload_range().len());
        let skipped = Opened { len: n, data: None };
        let outer = deframed.header.content_type;
        if self.is_plaintext_alert(outer, shared) {
            let payload = buf.get(deframed.payload_range()).unwrap_or_default();
            self.counters.record(outer, payload.len())?;
            self.process_record(hs, send, shared, outer, payload, now)?;
            return Ok(Some(skipped));
        }
        if self.counters.skips_unopened(&deframed) {
            self.counters.skipped_early_data(protected_len)?;
            return Ok(Some(skipped));
        }
        let base = buf.as_ptr() as usize;
        let record = match self.reader.open(buf, deframed) {
            Ok(r) => r,
            Err(RecordError::DecryptFailed) if self.counters.skips_undecryptable() => {
                self.counters.skipped_early_data(protected_len)?;
                return Ok(Some(skipped));
            }
            Err(e) => return Err(e.into()),
        };
        // RFC 8446 §4.2.10: the first record that decrypts starts the client's real flight
        // (an unprotected change_cipher_spec decrypts nothing and ends nothing).
        if outer == ContentType::APPLICATION_DATA && self.counters.skips_undecryptable() {
            self.counters.early_data_skip = EarlyDataSkip::Off;
        }
        // The record layer lends the plaintext as a slice of `buf`; where it starts is what
        // the zero-copy path hands out.
        let start = (record.payload.as_ptr() as usize).wrapping_sub(base);
        let range = start..start + record.payload.len();
        self.data_record = None;
        crate::trace::record(false, record.content_type, record.payload.len());
        self.counters
            .record(record.content_type, record.payload.len())?;
        self.process_record(hs, send, shared, record.content_type, record.payload, now)?;
        Ok(Some(Opened {
            len: n,
            data: self.data_record.take().map(|kind| (range, kind)),
        }))
    }

    /// Whether a record of outer type `outer` is an alert in the clear where TLS 1.3 expects
    /// protected records: a peer that fails before it has handshake keys sends its alert
    /// unprotected (RFC 9846 §5, Appendix A; OpenSSL and curl when they refuse our certificate),
    /// so during the handshake it is read as the peer's alert rather than refused as an
    /// unexpected record type. After the handshake both sides have the keys, and it is refused.
    fn is_plaintext_alert(&self, outer: ContentType, shared: &Shared) -> bool {
        outer == ContentType::ALERT
            && !shared.handshake_complete
            && self.reader.protection_kind() == Some(ProtectionKind::Tls13)
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
        send: &mut Sending,
        shared: &mut Shared,
        content_type: ContentType,
        payload: &[u8],
        now: UnixTime,
    ) -> Result<(), Error> {
        // RFC 8446 §5.1: nothing may interleave with a fragmented handshake message.
        self.joiner.check_interleave(content_type)?;
        match content_type {
            ContentType::HANDSHAKE => self.process_handshake(hs, send, shared, payload, now),
            ContentType::CHANGE_CIPHER_SPEC => {
                if payload != [1] {
                    return Err(RecordError::InvalidChangeCipherSpec.into());
                }
                let mut out = RecordOutput::new(send, shared, self.side());
                hs.handle_change_cipher_spec(&mut out)
            }
            ContentType::ALERT => self.process_alert(shared, hs.version(), payload),
            ContentType::APPLICATION_DATA if self.early_data_budget.is_some() => {
                self.receive_early_data(payload)
            }
            ContentType::APPLICATION_DATA => {
                if !shared.handshake_complete {
                    return Err(Error::unexpected(
                        "application data before the handshake completed",
                    ));
                }
                if !payload.is_empty() {
                    self.data_record = Some(DataKind::OneRtt);
                }
                Ok(())
            }
            other => Err(RecordError::UnknownContentType(other.0).into()),
        }
    }

    /// Every complete message of a handshake record, each borrowed where it lies (the record, or
    /// the joiner when it spans records) while the state machine handles it.
    fn process_handshake<H: Handshake>(
        &mut self,
        hs: &mut H,
        send: &mut Sending,
        shared: &mut Shared,
        payload: &[u8],
        now: UnixTime,
    ) -> Result<(), Error> {
        let Self {
            reader,
            joiner,
            counters,
            early_data_budget,
            ..
        } = self;
        let mut messages = joiner.messages(payload)?;
        while let Some(message) = messages.next_message() {
            let typ = HandshakeType(message.typ);
            // Before the decoding: the list limits keep decoding from allocating per element
            // beyond them.
            counters.handshake_message(typ)?;
            check_message(counters.limits(), typ, message.body, hs.version())?;
            // Decoded once, here, in the forms of the version the machine speaks now: its
            // dispatch matches on the typed message.
            let form = match hs.version() {
                Some(ProtocolVersion::TLS1_2) => Version::Tls12,
                _ => Version::Tls13,
            };
            let decoded = HandshakeMessage::decode(message.encoded, form)?;
            let read = ReadSide {
                handshake_pending: messages.has_more(),
                reader: &mut *reader,
                counters: &mut *counters,
                early_data_budget: &mut *early_data_budget,
            };
            let mut out = RecordOutput::new(send, shared, read);
            hs.handle_message(&mut out, decoded, message.encoded, now)?;
            if settle(hs, &mut out, now)? {
                // The messages after the paused one wait in the joiner for the answer.
                messages.keep_rest();
                break;
            }
            if shared.failed.is_some() {
                break;
            }
        }
        Ok(())
    }

    /// `Connection::answer`: resume the paused handshake with `answer` (the connection has
    /// checked its kind), answer at once what the config can, then take the handshake messages
    /// that arrived after the paused one.
    pub(super) fn answer<H: Handshake>(
        &mut self,
        hs: &mut H,
        send: &mut Sending,
        shared: &mut Shared,
        answer: Answer,
        now: UnixTime,
    ) -> Result<(), Error> {
        let mut out = RecordOutput::new(send, shared, self.side());
        crate::trace::answered(&answer, true);
        hs.answer(&mut out, answer, now)?;
        if settle(hs, &mut out, now)? || shared.failed.is_some() {
            return Ok(());
        }
        self.process_handshake(hs, send, shared, &[], now)
    }

    /// RFC 9846 §6: close_notify and user_canceled are closure alerts; every other alert is an
    /// error alert whatever its level. RFC 5246 §7.2: TLS 1.2 warnings (other than
    /// close_notify) do not end the connection.
    fn process_alert(
        &mut self,
        shared: &mut Shared,
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
        let tls12 = version == Some(ProtocolVersion::TLS1_2);
        // RFC 9846 §6: in TLS 1.3 "the 'level' field can safely be ignored"; TLS 1.2 has only
        // warning and fatal (RFC 5246 §7.2).
        if tls12 && level != AlertLevel::WARNING && level != AlertLevel::FATAL {
            return Err(Error::protocol(
                AlertDescription::ILLEGAL_PARAMETER,
                "unknown alert level",
            ));
        }
        if description == AlertDescription::CLOSE_NOTIFY {
            self.peer_closed = true;
            shared.emit(Event::PeerClosed);
            return Ok(());
        }
        // In TLS 1.3 user_canceled is a closure alert at any level, whose receivers "SHOULD
        // continue to read data from the peer until a close_notify is received" (RFC 9846
        // §6.1); TLS 1.2 tolerates warnings (RFC 5246 §7.2).
        let tolerated = if tls12 {
            level == AlertLevel::WARNING
        } else {
            description == AlertDescription::USER_CANCELED
        };
        if tolerated {
            self.counters.warning_alert()?;
            shared.emit(Event::Alert(description));
            return Ok(());
        }
        // The peer ended the connection: no alert of ours follows.
        Err(Error::AlertReceived(description))
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
            self.data_record = Some(DataKind::Early);
        }
        Ok(())
    }
}

/// After a message or an answer: while the handshake is paused on a request the config's
/// synchronous objects can answer, answer it at once; returns whether it is still paused, for
/// the application (`Event::Paused` is then queued).
fn settle<H: Handshake>(
    hs: &mut H,
    out: &mut RecordOutput<'_>,
    now: UnixTime,
) -> Result<bool, Error> {
    while let Some(request) = hs.pending() {
        match hs.instant_answer(now) {
            Some(answer) => {
                crate::trace::answered(&answer, false);
                hs.answer(out, answer, now)?
            }
            None => {
                crate::trace::paused(request);
                out.emit(Event::Paused);
                return Ok(true);
            }
        }
    }
    Ok(false)
}

/// The receive side of the handshake seam, lent to one call of the state machine.
pub(super) struct ReadSide<'a> {
    /// Handshake bytes follow the message being handled (or are buffered): a key change now
    /// would read them under the wrong keys.
    handshake_pending: bool,
    reader: &'a mut RecordReader,
    counters: &'a mut PeerCounters,
    early_data_budget: &'a mut Option<u32>,
}

impl ReadSide<'_> {
    /// Start opening records with `protection` (`None`: plaintext). RFC 8446 §5.1: the
    /// handshake bytes before a key change must end on a record boundary.
    pub(super) fn install(&mut self, material: Option<KeyMaterial<'_>>) -> Result<(), Error> {
        if self.handshake_pending {
            return Err(RecordError::KeyChangeNotOnRecordBoundary.into());
        }
        // Keys for the second ClientHello's flight: the early data of the first is behind us.
        if self.counters.early_data_skip == EarlyDataSkip::Protected {
            self.counters.early_data_skip = EarlyDataSkip::Off;
        }
        match material {
            Some(material) => self.reader.install_keys(material)?,
            None => *self.reader = RecordReader::new(),
        }
        Ok(())
    }

    pub(super) fn set_record_size_limit(&mut self, limit: u16) -> Result<(), Error> {
        Ok(self.reader.set_record_size_limit(limit)?)
    }

    /// Application_data records under the early keys (which the machine installs for reading)
    /// are delivered as early data (`Event::EarlyData`, `read_early_data`), at most `max`
    /// bytes in all.
    pub(super) fn accept_early_data(&mut self, max: u32) {
        *self.early_data_budget = Some(max);
    }

    /// EndOfEarlyData arrived: application_data is refused again until the handshake completes.
    pub(super) fn end_early_data(&mut self) {
        *self.early_data_budget = None;
    }

    pub(super) fn skip_early_data(&mut self, how: EarlyDataSkip) {
        self.counters.early_data_skip = how;
    }
}
