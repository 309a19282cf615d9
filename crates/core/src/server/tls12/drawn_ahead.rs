//! Random bytes drawn ahead of their use: an abbreviated handshake that renews a ticket draws
//! the ServerHello random and the sealer's nonce in one request to the random source (one
//! system call instead of two for `OsRandom`), and the sealer takes its share from here.

use core::sync::atomic::{AtomicUsize, Ordering};

use ferrotls_crypto::{CryptoError, SecureRandom};

/// A random source that hands out `ahead` first, then draws from `rest`: the same bytes in the
/// same order as if each request had gone to the source itself, whatever the requests' sizes.
pub(super) struct DrawnAhead<'a> {
    ahead: &'a [u8],
    used: AtomicUsize,
    rest: &'a dyn SecureRandom,
}

impl<'a> DrawnAhead<'a> {
    pub(super) fn new(ahead: &'a [u8], rest: &'a dyn SecureRandom) -> Self {
        Self {
            ahead,
            used: AtomicUsize::new(0),
            rest,
        }
    }
}

impl SecureRandom for DrawnAhead<'_> {
    fn fill(&self, dest: &mut [u8]) -> Result<(), CryptoError> {
        let start = self.used.load(Ordering::Relaxed).min(self.ahead.len());
        let left = &self.ahead[start..];
        let n = dest.len().min(left.len());
        let (from_ahead, from_rest) = dest.split_at_mut(n);
        from_ahead.copy_from_slice(&left[..n]);
        self.used.store(start + n, Ordering::Relaxed);
        if from_rest.is_empty() {
            return Ok(());
        }
        self.rest.fill(from_rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrotls_crypto::random::ScriptedRandom;

    #[test]
    fn hands_out_the_stream_in_order_across_the_boundary() {
        let rest = ScriptedRandom::new([4u8, 5, 6, 7]);
        let drawn = DrawnAhead::new(&[1, 2, 3], &rest);
        let mut a = [0u8; 2];
        drawn.fill(&mut a).unwrap();
        assert_eq!(a, [1, 2]);
        let mut b = [0u8; 3];
        drawn.fill(&mut b).unwrap();
        assert_eq!(b, [3, 4, 5]);
        let mut c = [0u8; 2];
        drawn.fill(&mut c).unwrap();
        assert_eq!(c, [6, 7]);
        assert_eq!(
            drawn.fill(&mut [0u8; 1]),
            Err(CryptoError::RandomUnavailable)
        );
        drawn.fill(&mut []).unwrap();
    }
}
