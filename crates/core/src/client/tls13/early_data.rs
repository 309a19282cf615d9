//! The client's 0-RTT data (RFC 8446 §2.3, §4.2.10): written under
//! client_early_traffic_secret after the ClientHello, until the ServerHello arrives; then
//! accepted (EndOfEarlyData follows the server's Finished) or rejected (handed back to the
//! application to send again).

use alloc::vec::Vec;

use super::psk;
use crate::client::hello::SentHello;
use crate::client::{schedule_error, ClientContext};
use crate::conn::{
    Common, DirectionKeys, EarlyDataStatus, HandshakeOutput, Level, NegotiatedValue,
};
use crate::error::{ApiError, Error};
use crate::events::Event;
use crate::key_log::KeyLogLabel;
use crate::resumption::{DeclineReason, ResumptionData};

/// The ClientHello in `sent` offered early_data with `data`'s ticket: switch our writes to
/// `client_early_traffic_secret = Derive-Secret(Early Secret, "c e traffic", ClientHello)`
/// (RFC 8446 §7.1) under the ticket's suite (§4.2.10), so the application's 0-RTT data follows
/// the ClientHello. In compatibility mode the dummy change_cipher_spec goes first: sent "immediately
/// before its second flight", but "If offering early data, the record is placed immediately
/// after the first ClientHello" (§D.4).
pub(crate) fn start_early_data(
    cx: &mut ClientContext,
    common: &mut dyn HandshakeOutput,
    data: &ResumptionData,
    sent: &SentHello,
) -> Result<(), Error> {
    if cx.config.middlebox_compat && !cx.sent_ccs {
        common.send_change_cipher_spec()?;
        cx.sent_ccs = true;
    }
    // The Early Secret the binder was computed under (RFC 9846 §7.1: the same stage).
    let early = sent.psk_early.as_ref().ok_or_else(psk::no_early_secret)?;
    let hello_hash = early.primitives().hash.hash(&sent.encoded);
    let secret = early
        .client_early_traffic_secret(&hello_hash)
        .map_err(schedule_error)?;
    common.log_secret(KeyLogLabel::ClientEarlyTrafficSecret, secret.secret());
    // RFC 9846 §7.5: the early exporter goes with the 0-RTT data, from the same ClientHello.
    let exporter = early
        .early_exporter_master_secret(&hello_hash)
        .map_err(schedule_error)?;
    common.tls13_early_exporter_secret(Some(exporter));
    let suite = psk::ticket_suite(data)?;
    common.install_write_keys(
        Level::Early,
        DirectionKeys::Tls13 {
            suite,
            secret: &secret,
        },
    )?;
    cx.early_data = Some(EarlyDataOffer::new(data.max_early_data_size()));
    Ok(())
}

/// 0-RTT data offered in the ClientHello, from then until the server's answer.
#[derive(Debug)]
pub(crate) struct EarlyDataOffer {
    /// The ticket's max_early_data_size: the plaintext the server takes at most (§4.2.10).
    max: u32,
    /// A copy of everything sent, handed back if the server rejects it.
    sent: Vec<u8>,
    /// The application may still write: no ServerHello or HelloRetryRequest has arrived.
    open: bool,
}

impl EarlyDataOffer {
    /// The early_data extension went out with a ticket allowing `max` bytes; the early write
    /// keys are installed.
    pub(crate) fn new(max: u32) -> Self {
        Self {
            max,
            sent: Vec::new(),
            open: true,
        }
    }

    /// Write a prefix of `data` as 0-RTT application data: as much as the send buffer has room
    /// for (`Limits::max_send_buffer`, the bound of `Connection::send`), returning how much;
    /// `Ok(0)` for non-empty `data` means the buffer is full until `write_tls` drains it. The
    /// ticket's max_early_data_size bounds the total and is checked against all of `data`
    /// before anything is taken: more is refused (RFC 8446 §4.2.10: a server must abort on it),
    /// so that taking the rest later cannot fail on it. Only what was taken is kept in `sent`.
    pub(crate) fn send(&mut self, common: &mut Common, data: &[u8]) -> Result<usize, ApiError> {
        if !self.open {
            return Err(ApiError::EarlyDataUnavailable);
        }
        let total = self.sent.len().saturating_add(data.len());
        if u32::try_from(total).map_or(true, |total| total > self.max) {
            return Err(ApiError::EarlyDataTooLarge);
        }
        common.check_writable()?;
        let n = data.len().min(common.send_capacity());
        let Some(data) = data.get(..n).filter(|d| !d.is_empty()) else {
            return Ok(0);
        };
        common.write_early_data(data)?;
        self.sent.extend_from_slice(data);
        Ok(n)
    }

    /// The server answered: nothing more may be written as early data (the records after the
    /// ClientHello flight belong to the handshake's keys, RFC 8446 §4.2.10).
    pub(crate) fn close(&mut self) {
        self.open = false;
    }

    /// The server's EncryptedExtensions carried early_data.
    pub(crate) fn accept(self, common: &mut dyn HandshakeOutput) {
        common.record(NegotiatedValue::EarlyData(EarlyDataStatus::Accepted));
        common.emit(Event::EarlyDataAccepted);
    }

    /// The server did not take the data (no early_data in EncryptedExtensions, a declined PSK,
    /// or a HelloRetryRequest): hand it back so the application can send it again once the
    /// handshake completes (RFC 8446 §4.2.10).
    pub(crate) fn reject(self, common: &mut dyn HandshakeOutput, reason: DeclineReason) {
        // What the early exporter gave belongs to data the server did not take.
        common.tls13_early_exporter_secret(None);
        common.record(NegotiatedValue::EarlyData(EarlyDataStatus::Rejected));
        common.emit(Event::EarlyDataRejected {
            data: self.sent,
            reason,
        });
    }
}
