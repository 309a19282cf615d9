//! Received plaintext the application has not read yet: one buffer per kind of data (1-RTT
//! application data, and a server's accepted 0-RTT data, which may be a replay and so is never
//! mixed with it).
//!
//! The buffer is reused: reading everything empties it without freeing, so in steady state a
//! record costs a copy in and a copy out (none out when the application borrows the data with
//! `Connection::received` and consumes it: the same cursor) and no allocation. It grows by
//! exactly what a record needs, never by doubling. How big it may get is the caller's rule: `Common::handle_tls` stops
//! opening records while the 1-RTT buffer holds so much that another record could take it past
//! `Limits::max_unread_plaintext` ([`UnreadPlaintext::has_room_for_record`]), so it never holds more
//! than `max(max_unread_plaintext, 2^14)`; 0-RTT data is bounded by the max_early_data_size the
//! server granted.

use alloc::vec::Vec;

use ferrotls_record::limits::MAX_PLAINTEXT_LEN;

/// Which kind of application data a record carried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DataKind {
    /// 0-RTT data a server accepted (RFC 8446 §4.2.10): replayable.
    Early,
    /// Application data after the handshake.
    OneRtt,
}

#[derive(Debug, Default)]
pub(crate) struct UnreadPlaintext {
    bytes: Vec<u8>,
    /// Bytes at the front already read.
    read: usize,
}

impl UnreadPlaintext {
    /// Unread bytes.
    pub(crate) fn len(&self) -> usize {
        self.bytes.len() - self.read
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether one more record of plaintext (at most 2^14 bytes) fits under `limit` with what
    /// is unread. An empty buffer always takes one, so a limit below 2^14 cannot stall a
    /// connection.
    pub(crate) fn has_room_for_record(&self, limit: usize) -> bool {
        self.is_empty() || self.len().saturating_add(MAX_PLAINTEXT_LEN) <= limit
    }

    /// Append a record's plaintext.
    pub(crate) fn push(&mut self, data: &[u8]) {
        if self.read > 0 {
            // A move, not an allocation: the read bytes make room for the new ones.
            self.bytes.drain(..self.read);
            self.read = 0;
        }
        self.bytes.reserve_exact(data.len());
        self.bytes.extend_from_slice(data);
    }

    /// Copy as much as fits into `out`; returns how many bytes.
    pub(crate) fn read(&mut self, out: &mut [u8]) -> usize {
        let unread = self.unread();
        let n = unread.len().min(out.len());
        if let (Some(to), Some(from)) = (out.get_mut(..n), unread.get(..n)) {
            to.copy_from_slice(from);
        }
        self.consume(n);
        n
    }

    /// The unread bytes, in place.
    pub(crate) fn unread(&self) -> &[u8] {
        self.bytes.get(self.read..).unwrap_or_default()
    }

    /// Free the allocation if nothing is unread.
    pub(crate) fn release(&mut self) {
        if self.is_empty() {
            *self = Self::default();
        }
    }

    /// Mark the first `n` unread bytes as read.
    pub(crate) fn consume(&mut self, n: usize) {
        self.read = self.read.saturating_add(n).min(self.bytes.len());
        if self.read == self.bytes.len() {
            self.bytes.clear();
            self.read = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_in_pieces_and_reuses_the_allocation() {
        let mut p = UnreadPlaintext::default();
        p.push(b"hello ");
        p.push(b"world");
        let mut out = [0; 4];
        assert_eq!(p.read(&mut out), 4);
        assert_eq!(&out, b"hell");
        assert_eq!(p.len(), 7);
        p.push(b"!");
        assert_eq!(p.unread(), b"o world!");
        let capacity = p.bytes.capacity();
        let mut rest = [0; 100];
        assert_eq!(p.read(&mut rest), 8);
        assert!(p.is_empty());
        assert_eq!(p.read(&mut rest), 0);
        p.push(b"again");
        assert_eq!(
            p.bytes.capacity(),
            capacity,
            "no new allocation once drained"
        );
    }

    #[test]
    fn room_for_a_record_under_the_limit() {
        let mut p = UnreadPlaintext::default();
        assert!(
            p.has_room_for_record(0),
            "an empty buffer always takes a record"
        );
        p.push(&[0; 10]);
        assert!(!p.has_room_for_record(MAX_PLAINTEXT_LEN));
        assert!(p.has_room_for_record(MAX_PLAINTEXT_LEN + 10));
        p.consume(10);
        assert!(p.has_room_for_record(1));
    }
}
