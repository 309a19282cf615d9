//! The send half of a connection: the record writer and what it has sealed for `write_tls`,
//! application data held until the handshake completes, and whether we sent close_notify. The
//! bytes themselves, and their bound, are the [`SendBuffer`]'s.

use alloc::vec::Vec;

use ferrotls_record::{
    AlertDescription, AlertLevel, ContentType, InPlaceLayout, KeyMaterial, ProtocolVersion,
    RecordError, RecordWriter,
};

use super::send_buffer::SendBuffer;

#[derive(Debug)]
pub(super) struct Sending {
    writer: RecordWriter,
    /// Sealed records not yet taken, and application data written before the handshake
    /// finished; bounded by `Limits::max_send_buffer`.
    buffer: SendBuffer,
    /// We sent close_notify (or a fatal alert): nothing more may be sent.
    pub(super) sent_close: bool,
}

impl Sending {
    pub(super) fn new(max_send_buffer: usize) -> Self {
        Self {
            writer: RecordWriter::new(),
            buffer: SendBuffer::new(max_send_buffer),
            sent_close: false,
        }
    }

    /// Seal `payload` as one or more records of `content_type` under the current keys.
    fn write(&mut self, content_type: ContentType, payload: &[u8]) -> Result<(), RecordError> {
        crate::trace::record(true, content_type, payload.len());
        self.writer
            .write(content_type, payload, self.buffer.records_mut())
    }

    /// A handshake message; after our close_notify nothing is sent (RFC 9846 §6.1).
    pub(super) fn handshake(&mut self, encoded: &[u8]) -> Result<(), RecordError> {
        if self.sent_close {
            return Ok(());
        }
        self.writer.write(
            ContentType::HANDSHAKE,
            encoded,
            self.buffer.handshake_records_mut(),
        )
    }

    pub(super) fn change_cipher_spec(&mut self) -> Result<(), RecordError> {
        if self.sent_close {
            return Ok(());
        }
        self.write(ContentType::CHANGE_CIPHER_SPEC, &[1])
    }

    /// A warning alert; after our close_notify nothing more may be sent (RFC 5246 §7.2.1).
    pub(super) fn warning_alert(&mut self, alert: AlertDescription) -> Result<(), RecordError> {
        if self.sent_close {
            return Ok(());
        }
        crate::trace::alert_sent(alert);
        self.write(ContentType::ALERT, &[AlertLevel::WARNING.0, alert.0])
    }

    /// The fatal alert of a failure. A failure to write it cannot be reported better than the
    /// failure itself.
    pub(super) fn fatal_alert(&mut self, alert: AlertDescription) {
        let _ = self.write(ContentType::ALERT, &[AlertLevel::FATAL.0, alert.0]);
        self.sent_close = true;
    }

    /// Send close_notify; nothing may follow it.
    pub(super) fn close_notify(&mut self) -> Result<(), RecordError> {
        crate::trace::alert_sent(AlertDescription::CLOSE_NOTIFY);
        let alert = [AlertLevel::WARNING.0, AlertDescription::CLOSE_NOTIFY.0];
        let written = self.write(ContentType::ALERT, &alert);
        self.sent_close = true;
        written
    }

    /// Protect what we send from now on; `None` goes back to plaintext records.
    pub(super) fn install(&mut self, material: Option<KeyMaterial<'_>>) -> Result<(), RecordError> {
        match material {
            Some(material) => self.writer.install_keys(material),
            None => {
                self.writer = RecordWriter::new();
                Ok(())
            }
        }
    }

    pub(super) fn set_record_size_limit(&mut self, limit: u16) -> Result<(), RecordError> {
        self.writer.set_record_size_limit(limit)
    }

    pub(super) fn set_plaintext_version(&mut self, version: ProtocolVersion) {
        self.writer.set_plaintext_version(version);
    }

    /// RFC 8446 §5.5: the current keys are near their safe record count.
    pub(super) fn should_update_keys(&self) -> bool {
        self.writer.should_update_keys()
    }

    pub(super) fn app_data(&mut self, data: &[u8]) -> Result<(), RecordError> {
        self.write(ContentType::APPLICATION_DATA, data)
    }

    /// How application data lies in a record sealed in the caller's buffer; `None` without keys.
    pub(super) fn in_place_layout(&self) -> Option<InPlaceLayout> {
        self.writer.in_place_layout()
    }

    /// Seal `len` bytes of application data as one record in the caller's `record` buffer. The
    /// record bypasses our buffer, so it must follow whatever is pending there (sealed earlier).
    pub(super) fn app_data_in_place(
        &mut self,
        record: &mut [u8],
        len: usize,
    ) -> Result<usize, RecordError> {
        crate::trace::record(true, ContentType::APPLICATION_DATA, len);
        self.writer.seal_in_place(record, len)
    }

    /// Seal `data` (at most one record's worth) as one record into the caller's `record`
    /// buffer, encrypted from where it lies; the same ordering rule as
    /// [`app_data_in_place`](Self::app_data_in_place).
    pub(super) fn app_data_into(
        &mut self,
        data: &[u8],
        record: &mut [u8],
    ) -> Result<usize, RecordError> {
        crate::trace::record(true, ContentType::APPLICATION_DATA, data.len());
        self.writer.seal_into(data, record)
    }

    /// Hold application data written before the handshake completes.
    pub(super) fn hold_app_data(&mut self, data: &[u8]) {
        self.buffer.hold_unsealed(data);
    }

    /// Send what was held, once the handshake completed (under fresh application keys, so no
    /// key-usage check is needed).
    pub(super) fn flush_held_app_data(&mut self) -> Result<(), RecordError> {
        let pending = self.buffer.take_unsealed();
        if pending.is_empty() || self.sent_close {
            return Ok(());
        }
        self.write(ContentType::APPLICATION_DATA, &pending)
    }

    /// How many more bytes of application data may be taken (`Limits::max_send_buffer`).
    pub(super) fn capacity(&self) -> usize {
        self.buffer.capacity()
    }

    /// The handshake is over: its flights' allocation goes once they are taken.
    pub(super) fn release_when_drained(&mut self) {
        self.buffer.release_when_drained();
    }

    /// The end of a receive step: a release due at the handshake's end happens now if its
    /// flights were all taken (nothing more may come to take them).
    pub(super) fn release_if_drained(&mut self) {
        self.buffer.release_if_drained();
    }

    /// Free the buffer's allocations that hold nothing.
    pub(super) fn release(&mut self) {
        self.buffer.release();
    }

    pub(super) fn write_tls(&mut self, out: &mut Vec<u8>) -> usize {
        self.buffer.take_into(out)
    }

    pub(super) fn pending_tls(&self) -> &[u8] {
        self.buffer.pending()
    }

    pub(super) fn consume_tls(&mut self, n: usize) {
        self.buffer.consume(n)
    }

    pub(super) fn wants_write(&self) -> bool {
        !self.buffer.pending().is_empty()
    }
}
