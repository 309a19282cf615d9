//! Per-direction record sequence numbers (RFC 8446 §5.3, RFC 5246 §6.1).

use crate::error::RecordError;

/// The sequence number of the next record in one direction under the current keys.
///
/// Starts at zero when keys are installed. Every value up to 2^64 - 1 is used once; after that
/// the counter is spent rather than wrapping (RFC 8446 §5.3: "If a TLS implementation would need
/// to wrap a sequence number, it MUST either rekey (Section 4.6.3) or terminate the
/// connection").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct SequenceNumber {
    next: u64,
    spent: bool,
}

impl SequenceNumber {
    /// A fresh counter at zero.
    pub const fn new() -> Self {
        Self {
            next: 0,
            spent: false,
        }
    }

    /// A counter whose next value is `next` (tests of the wrap and usage limits).
    #[cfg(test)]
    pub(crate) const fn starting_at(next: u64) -> Self {
        Self { next, spent: false }
    }

    /// The value the next record will use, or `SequenceExhausted` once all 2^64 are used.
    pub fn peek(&self) -> Result<u64, RecordError> {
        if self.spent {
            Err(RecordError::SequenceExhausted)
        } else {
            Ok(self.next)
        }
    }

    /// How many records have used this counter: 2^64 when it is spent.
    pub fn used(&self) -> u128 {
        if self.spent {
            1u128 << 64
        } else {
            u128::from(self.next)
        }
    }

    /// Consumes the current value. Call only after the record using it was sealed or opened, so a
    /// failed trial decryption (RFC 8446 §4.2.10, skipping rejected early data) costs nothing.
    pub fn advance(&mut self) {
        match self.next.checked_add(1) {
            Some(n) => self.next = n,
            None => self.spent = true,
        }
    }

    /// Whether `count` more records can be numbered.
    pub fn has_room_for(&self, count: u64) -> bool {
        self.used() + u128::from(count) <= 1u128 << 64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_from_zero() {
        let mut s = SequenceNumber::new();
        assert_eq!(s.peek(), Ok(0));
        s.advance();
        s.advance();
        assert_eq!(s.peek(), Ok(2));
        assert_eq!(s.used(), 2);
    }

    #[test]
    fn refuses_to_wrap() {
        let mut s = SequenceNumber::starting_at(u64::MAX - 1);
        assert!(s.has_room_for(2));
        assert!(!s.has_room_for(3));
        s.advance();
        assert_eq!(
            s.peek(),
            Ok(u64::MAX),
            "2^64 - 1 is still a valid sequence number"
        );
        s.advance();
        assert_eq!(s.peek(), Err(RecordError::SequenceExhausted));
        assert!(!s.has_room_for(1));
        assert!(s.has_room_for(0));
        s.advance();
        assert_eq!(s.peek(), Err(RecordError::SequenceExhausted));
    }
}
