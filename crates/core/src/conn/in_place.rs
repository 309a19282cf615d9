//! The zero-copy receiving path: records are opened one at a time as the caller pulls, and
//! each one's application data is lent where it was decrypted, in the caller's input buffer.
//!
//! ```text
//! let mut records = conn.handle_tls_in_place(&mut inbuf, now);
//! while let Some(data) = records.next_data()? {
//!     match data {
//!         AppData::Data(bytes) => consume(bytes),         // valid until the next call
//!         AppData::EarlyData(bytes) => maybe_replayed(bytes),
//!     }
//! }
//! let used = records.consumed();                          // drop these bytes of inbuf
//! ```
//!
//! Nothing is copied into the connection, so there is no flow-control stop: the caller takes
//! each record as it comes. Events other than application data are queued as usual.

use rustls_pki_types::UnixTime;

use super::connection::Connection;
use super::handshake::Handshake;
use super::plaintext::DataKind;
use crate::error::Error;

/// Application data lent by [`InPlace::next_data`]. The two kinds never mix: 0-RTT data may be
/// a replay (RFC 8446 §8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AppData<'a> {
    /// Application data after the handshake.
    Data(&'a [u8]),
    /// Server: accepted 0-RTT data (RFC 8446 §4.2.10).
    EarlyData(&'a [u8]),
}

/// The records of one input buffer, opened as they are pulled
/// ([`Connection::handle_tls_in_place`]).
#[derive(Debug)]
pub struct InPlace<'a, H> {
    conn: &'a mut Connection<H>,
    buf: &'a mut [u8],
    used: usize,
    now: UnixTime,
    /// Unread data of the connection's own buffer lent by the previous call, to mark read.
    lent: Option<DataKind>,
}

impl<'a, H: Handshake> InPlace<'a, H> {
    pub(crate) fn new(conn: &'a mut Connection<H>, buf: &'a mut [u8], now: UnixTime) -> Self {
        Self {
            conn,
            buf,
            used: 0,
            now,
            lent: None,
        }
    }

    /// The next application data, in order; `Ok(None)` when no complete record is left (or the
    /// peer has closed). The slice lives until the next call. An error fails the connection
    /// as in `handle_tls` (its alert is queued) and is returned again by every later call.
    pub fn next_data(&mut self) -> Result<Option<AppData<'_>>, Error> {
        if let Some(kind) = self.lent.take() {
            self.conn.common.consume_unread(kind, usize::MAX);
        }
        if let Some(e) = self.conn.common.failure() {
            return Err(e.clone());
        }
        // What an earlier `handle_tls` buffered comes before anything in `buf`.
        for kind in [DataKind::Early, DataKind::OneRtt] {
            if !self.conn.common.unread(kind).is_empty() {
                self.lent = Some(kind);
                return Ok(Some(lend(kind, self.conn.common.unread(kind))));
            }
        }
        loop {
            // Nothing left (the usual end of a read): no record to look for.
            let Some(rest) = self
                .buf
                .get_mut(self.used..)
                .filter(|rest| !rest.is_empty())
            else {
                return Ok(None);
            };
            let conn = &mut *self.conn;
            let opened = match conn.common.next_record(&mut conn.hs, rest, self.now) {
                Ok(Some(opened)) => opened,
                Ok(None) => return Ok(None),
                Err(e) => {
                    conn.report_failure();
                    return Err(e);
                }
            };
            let start = self.used;
            self.used += opened.len;
            if let Some((range, kind)) = opened.data {
                let record = self.buf.get(start..).unwrap_or_default();
                return Ok(Some(lend(kind, record.get(range).unwrap_or_default())));
            }
        }
    }

    /// How many bytes of the input the records opened so far took: drop them from its front.
    pub fn consumed(&self) -> usize {
        self.used
    }
}

fn lend(kind: DataKind, bytes: &[u8]) -> AppData<'_> {
    match kind {
        DataKind::Early => AppData::EarlyData(bytes),
        DataKind::OneRtt => AppData::Data(bytes),
    }
}
