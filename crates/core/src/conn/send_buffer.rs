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
//!
//! The allocation is kept while records flow (a bulk transfer allocates nothing per record)
//! and given back when the connection goes quiet: once, when the buffer next drains after the
//! handshake ([`SendBuffer::release_when_drained`]: the handshake's flights were its largest
//! writes for many connections that then idle), and whenever the application asks
//! ([`SendBuffer::release`], `Connection::release_buffers`).

use alloc::vec::Vec;

/// What the buffer takes at once when a handshake message finds it without an allocation: a
/// resumption's flight, a ClientHello, or most of a full handshake's flight, with the records
/// that follow them (change_cipher_spec, Finished), so the record writer's exact reservations
/// do not reallocate record by record. Application data grows the buffer by exactly what it
/// needs, as before.
const FIRST_CAPACITY: usize = 1024;

#[derive(Debug)]
pub(crate) struct SendBuffer {
    /// Sealed records; the first `taken` bytes were already consumed by the application.
    records: Vec<u8>,
    taken: usize,
    /// Application data accepted before the handshake completed, not sealed yet.
    unsealed: Vec<u8>,
    limit: usize,
    /// Free `records`' allocation the next time it drains.
    release_when_drained: bool,
}

impl SendBuffer {
    pub(crate) fn new(limit: usize) -> Self {
        Self {
            records: Vec::new(),
            taken: 0,
            unsealed: Vec::new(),
            limit,
            release_when_drained: false,
        }
    }

    /// Give the records' allocation back the next time everything is taken, or at the next
    /// [`release_if_drained`](Self::release_if_drained) that finds nothing pending (the
    /// handshake's last write may still follow in the same step).
    pub(crate) fn release_when_drained(&mut self) {
        self.release_when_drained = true;
    }

    /// Release now if a release is due and nothing is pending.
    pub(crate) fn release_if_drained(&mut self) {
        if self.release_when_drained {
            self.drained();
        }
    }

    /// Give back the allocations of what is empty: the records' if all were taken, the
    /// unsealed data's if there is none.
    pub(crate) fn release(&mut self) {
        if self.pending().is_empty() {
            self.records = Vec::new();
            self.taken = 0;
        }
        if self.unsealed.is_empty() {
            self.unsealed = Vec::new();
        }
    }

    /// Everything was taken: the records start again at the front, in the same allocation
    /// unless it is to be released.
    fn drained(&mut self) {
        if self.pending().is_empty() {
            self.taken = 0;
            if core::mem::take(&mut self.release_when_drained) {
                self.records = Vec::new();
            } else {
                self.records.clear();
            }
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

    /// The buffer to write handshake records onto: with no allocation yet, it takes
    /// [`FIRST_CAPACITY`] at once.
    pub(crate) fn handshake_records_mut(&mut self) -> &mut Vec<u8> {
        let records = self.records_mut();
        if records.capacity() == 0 {
            records.reserve(FIRST_CAPACITY);
        }
        records
    }

    /// Records waiting to be sent.
    pub(crate) fn pending(&self) -> &[u8] {
        self.records.get(self.taken..).unwrap_or_default()
    }

    /// The application sent the first `n` bytes of [`pending`](Self::pending) (at most all of
    /// them).
    pub(crate) fn consume(&mut self, n: usize) {
        self.taken = self.taken.saturating_add(n).min(self.records.len());
        self.drained();
    }

    /// Move every pending record to the end of `out`; returns how many bytes. When `out` is
    /// empty the buffers are swapped rather than copied: the caller gets ours and we keep its
    /// (empty) allocation for the next records. Not when ours is to be released: then the
    /// caller keeps its allocation and ours goes.
    pub(crate) fn take_into(&mut self, out: &mut Vec<u8>) -> usize {
        let n = self.pending().len();
        if out.is_empty() && self.taken == 0 && !self.release_when_drained {
            core::mem::swap(out, &mut self.records);
        } else {
            out.extend_from_slice(self.pending());
        }
        self.taken = self.records.len();
        self.drained();
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

    #[test]
    fn released_once_when_drained_then_kept_again() {
        let mut b = SendBuffer::new(100);
        b.records_mut().extend_from_slice(b"flight");
        b.release_when_drained();
        assert_eq!(b.pending(), b"flight", "pending records are never dropped");
        b.consume(3);
        assert!(b.records.capacity() > 0, "not drained yet");
        b.consume(3);
        assert_eq!(
            (b.held(), b.records.capacity()),
            (0, 0),
            "released on draining"
        );
        b.records_mut().extend_from_slice(b"data");
        b.consume(4);
        assert!(b.records.capacity() >= 4, "kept after the one release");

        b.release_when_drained();
        assert!(b.records.capacity() >= 4, "not before the step is over");
        b.release_if_drained();
        assert_eq!(b.records.capacity(), 0, "already drained: released");
        b.records_mut().extend_from_slice(b"more");
        let mut out = Vec::new();
        b.take_into(&mut out);
        assert!(b.records.capacity() == 0 && out == b"more");
    }

    #[test]
    fn release_frees_only_what_is_empty() {
        let mut b = SendBuffer::new(100);
        b.hold_unsealed(b"early");
        b.records_mut().extend_from_slice(b"records");
        b.release();
        assert_eq!(
            (b.pending(), b.unsealed.as_slice()),
            (&b"records"[..], &b"early"[..])
        );
        b.consume(7);
        assert_eq!(b.take_unsealed(), b"early");
        b.records_mut().reserve(1000);
        b.release();
        assert_eq!((b.records.capacity(), b.unsealed.capacity()), (0, 0));
    }
}
