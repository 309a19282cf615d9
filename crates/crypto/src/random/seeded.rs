//! A deterministic random stream from a seed.

use core::fmt;
use core::sync::atomic::{AtomicU64, Ordering};

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use super::SecureRandom;
use crate::CryptoError;

const BLOCK_LEN: usize = 32;

/// A deterministic stream: block `i` is `SHA-256(seed || i as u64 big-endian)`.
///
/// Meant for fuzzing and simulation, where a run must replay exactly from its seed; it is not a
/// substitute for [`OsRandom`](super::OsRandom) in production. Each `fill` reserves whole blocks
/// with one atomic counter update (unused tail bytes of the last block are discarded), so
/// concurrent callers get disjoint output and the source needs no lock.
pub struct SeededRandom {
    seed: Zeroizing<[u8; 32]>,
    counter: AtomicU64,
}

impl SeededRandom {
    /// The stream determined by `seed`: the same seed gives the same bytes, in the same order
    /// of `fill` calls.
    pub fn new(seed: [u8; 32]) -> Self {
        Self {
            seed: Zeroizing::new(seed),
            counter: AtomicU64::new(0),
        }
    }

    fn block(&self, index: u64) -> Zeroizing<[u8; BLOCK_LEN]> {
        let mut h = Sha256::new();
        h.update(&self.seed[..]);
        h.update(index.to_be_bytes());
        Zeroizing::new(h.finalize().into())
    }
}

impl SecureRandom for SeededRandom {
    fn fill(&self, dest: &mut [u8]) -> Result<(), CryptoError> {
        let blocks = u64::try_from(dest.len().div_ceil(BLOCK_LEN))
            .map_err(|_| CryptoError::RandomUnavailable)?;
        let mut index = self
            .counter
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |c| {
                c.checked_add(blocks)
            })
            .map_err(|_| CryptoError::RandomUnavailable)?;
        for chunk in dest.chunks_mut(BLOCK_LEN) {
            let block = self.block(index);
            let part = block
                .get(..chunk.len())
                .ok_or(CryptoError::RandomUnavailable)?;
            chunk.copy_from_slice(part);
            index = index.wrapping_add(1);
        }
        Ok(())
    }
}

impl fmt::Debug for SeededRandom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SeededRandom").finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_stream() {
        let (a, b) = (SeededRandom::new([7; 32]), SeededRandom::new([7; 32]));
        let (mut x, mut y) = ([0u8; 70], [0u8; 70]);
        a.fill(&mut x).unwrap();
        b.fill(&mut y).unwrap();
        assert_eq!(x, y);
        a.fill(&mut x[..5]).unwrap();
        assert_ne!(x[..5], y[..5], "the stream moves on");
    }

    #[test]
    fn first_block_is_hash_of_seed_and_zero() {
        let rng = SeededRandom::new([0; 32]);
        let mut out = [0u8; 32];
        rng.fill(&mut out).unwrap();
        let mut h = Sha256::new();
        h.update([0u8; 40]);
        assert_eq!(out[..], h.finalize()[..]);
    }

    #[test]
    fn different_seeds_differ() {
        let (mut x, mut y) = ([0u8; 16], [0u8; 16]);
        SeededRandom::new([1; 32]).fill(&mut x).unwrap();
        SeededRandom::new([2; 32]).fill(&mut y).unwrap();
        assert_ne!(x, y);
    }

    #[test]
    fn counter_exhaustion_is_an_error() {
        let rng = SeededRandom::new([0; 32]);
        rng.counter.store(u64::MAX, Ordering::Release);
        assert_eq!(rng.fill(&mut [0u8; 1]), Err(CryptoError::RandomUnavailable));
        rng.fill(&mut []).unwrap();
    }

    #[test]
    fn debug_hides_seed() {
        let text = alloc::format!("{:?}", SeededRandom::new([0x42; 32]));
        assert!(!text.contains("66"));
    }
}
