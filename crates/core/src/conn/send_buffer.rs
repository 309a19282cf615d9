//! What a connection holds for sending: sealed records the application has not taken yet, and
//! application data accepted before the handshake completed (sealed when it does).
//!
//! Application data is bounded by `Limits::max_send_buffer`: [`SendBuffer::capacity`] is what
//! `send` may still take. Handshake messages, alerts and KeyUpdates are written whatever the
//! buffer holds (they only lower the capacity left for data), so the protocol never stalls on
//! the application's backpressure.
//!
//! Records leave in one of two ways: [`SendBuffer::take_into`] (`write_tls`), which hands the
//! whole buffer over by swapping `Vec`s when the caller's is empty, or [`SendBuffer::pending`] and
//! [`SendBuffer::consume`] (`pending_tls` / `consume_tls`), for a transport that writes part of
//! what it is given.

use alloc::vec::Vec;

#[derive(Debug)]
pub(crate) struct SendBuffer {
    /// Sealed records; the first `taken` bytes were already consumed by the application.
    records: Vec<u8>,
    taken: usize,
    /// Application data accepted before the handshake completed, not sealed yet.
    unsealed: Vec<u8>,
    limit: usize,
}

impl SendBuffer {
    pub(crate) fn new(limit: usize) -> Self {
        Self {
            records: Vec::new(),
            taken: 0,
            unsealed: Vec::new(),
            limit,
        }
    }

    /// Bytes held: records not yet taken plus unsealed application data.
    pub(crate) fn held(&self) -> usize {
        self.records.len() - self.taken + self.unsealed.len()
    }

    /// How many more application-data bytes `send` may take now.
    pub(crate) fn capacity(&self) -> usize {
        self.limit.saturating_sub(self.held())
    }

    /// The buffer to seal more records onto. Bytes already consumed are dropped from its front
    /// first (a move, never an allocation), so the buffer only grows with what it holds.
    pub(crate) fn records_mut(&mut self) -> &mut Vec<u8> {
        if self.taken > 0 {
            self.records.drain(..self.taken);
            self.taken = 0;
        }
        &mut self.records
    }

    /// Records waiting to be sent.
    pub(crate) fn pending(&self) -> &[u8] {
        self.records.get(self.taken..).unwrap_or_default()
    }

    /// The application sent the first `n` bytes of [`pending`](Self::pending) (at most all of
    /// them).
    pub(crate) fn consume(&mut self, n: usize) {
        self.taken = self.taken.saturating_add(n).min(self.records.len());
        if self.taken == self.records.len() {
            self.records.clear();
            self.taken = 0;
        }
    }

    /// Move every pending record to the end of `out`; returns how many bytes. When `out` is
    /// empty the buffers are swapped rather than copied: the caller gets ours and we keep its
    /// (empty) allocation for the next records.
    pub(crate) fn take_into(&mut self, out: &mut Vec<u8>) -> usize {
        let n = self.pending().len();
        if out.is_empty() && self.taken == 0 {
            core::mem::swap(out, &mut self.records);
        } else {
            out.extend_from_slice(self.pending());
        }
        self.records.clear();
        self.taken = 0;
        n
    }

    /// Keep application data until the handshake completes.
    pub(crate) fn hold_unsealed(&mut self, data: &[u8]) {
        self.unsealed.extend_from_slice(data);
    }

    /// The application data held back so far, to seal now.
    pub(crate) fn take_unsealed(&mut self) -> Vec<u8> {
        core::mem::take(&mut self.unsealed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn capacity_counts_records_and_unsealed_data() {
        let mut b = SendBuffer::new(10);
        assert_eq!(b.capacity(), 10);
        b.hold_unsealed(b"abc");
        b.records_mut().extend_from_slice(b"12345");
        assert_eq!((b.held(), b.capacity()), (8, 2));
        b.records_mut().extend_from_slice(b"6789");
        assert_eq!(b.capacity(), 0, "never negative");
        assert_eq!(b.take_unsealed(), b"abc");
        assert_eq!(b.held(), 9);
    }

    #[test]
    fn partial_consumption_then_compaction() {
        let mut b = SendBuffer::new(100);
        b.records_mut().extend_from_slice(b"abcdef");
        b.consume(2);
        assert_eq!(b.pending(), b"cdef");
        assert_eq!(b.held(), 4);
        b.records_mut().extend_from_slice(b"gh");
        assert_eq!(b.pending(), b"cdefgh");
        b.consume(100);
        assert_eq!(b.pending(), b"");
        assert_eq!(b.held(), 0);
    }

    #[test]
    fn take_into_swaps_into_an_empty_vec_and_appends_otherwise() {
        let mut b = SendBuffer::new(100);
        b.records_mut().extend_from_slice(b"records");
        let ours = b.pending().as_ptr();
        let mut out = Vec::with_capacity(3);
        assert_eq!(b.take_into(&mut out), 7);
        assert_eq!((out.as_slice(), out.as_ptr()), (&b"records"[..], ours));
        assert_eq!(b.records.capacity(), 3, "the caller's allocation is kept");
        b.records_mut().extend_from_slice(b"more");
        b.consume(1);
        let mut out = vec![b'>'];
        assert_eq!(b.take_into(&mut out), 3);
        assert_eq!(out, b">ore");
        assert_eq!(b.held(), 0);
    }
}
