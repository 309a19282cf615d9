//! A random source that replays a fixed script of bytes.

use alloc::vec::Vec;
use core::fmt;
use core::sync::atomic::{AtomicUsize, Ordering};

use zeroize::Zeroizing;

use super::SecureRandom;
use crate::CryptoError;

/// Hands out the bytes of a script in order, then fails with
/// [`CryptoError::RandomUnavailable`].
///
/// This is how tests reproduce a published trace: the script is the trace's random values (hello
/// random, ephemeral private key, ...) in the order the protocol draws them. The cursor is an
/// atomic, so the source is `Sync` without locks and works in `no_std`. A request larger than what
/// is left fails without consuming anything, so an exhausted script is reported at the first draw
/// it cannot satisfy.
pub struct ScriptedRandom {
    script: Zeroizing<Vec<u8>>,
    cursor: AtomicUsize,
}

impl ScriptedRandom {
    /// A source that will hand out exactly `script`.
    pub fn new(script: impl Into<Vec<u8>>) -> Self {
        Self {
            script: Zeroizing::new(script.into()),
            cursor: AtomicUsize::new(0),
        }
    }

    /// A source that hands out each part in turn (one part per expected draw, for readability).
    pub fn from_parts(parts: &[&[u8]]) -> Self {
        let total = parts.iter().map(|p| p.len()).sum();
        let mut script = Vec::with_capacity(total);
        for part in parts {
            script.extend_from_slice(part);
        }
        Self::new(script)
    }

    /// How many bytes of the script have not been handed out yet.
    pub fn remaining(&self) -> usize {
        self.script
            .len()
            .saturating_sub(self.cursor.load(Ordering::Acquire))
    }
}

impl SecureRandom for ScriptedRandom {
    fn fill(&self, dest: &mut [u8]) -> Result<(), CryptoError> {
        let len = self.script.len();
        let start = self
            .cursor
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |at| {
                at.checked_add(dest.len()).filter(|end| *end <= len)
            })
            .map_err(|_| CryptoError::RandomUnavailable)?;
        let part = start
            .checked_add(dest.len())
            .and_then(|end| self.script.get(start..end))
            .ok_or(CryptoError::RandomUnavailable)?;
        dest.copy_from_slice(part);
        Ok(())
    }
}

impl fmt::Debug for ScriptedRandom {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScriptedRandom")
            .field("len", &self.script.len())
            .field("remaining", &self.remaining())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replays_in_order_then_fails() {
        let rng = ScriptedRandom::from_parts(&[&[1, 2, 3], &[4, 5]]);
        let mut a = [0u8; 2];
        rng.fill(&mut a).unwrap();
        assert_eq!(a, [1, 2]);
        assert_eq!(rng.remaining(), 3);
        let mut b = [0u8; 4];
        assert_eq!(rng.fill(&mut b), Err(CryptoError::RandomUnavailable));
        assert_eq!(rng.remaining(), 3, "a failed draw consumes nothing");
        let mut c = [0u8; 3];
        rng.fill(&mut c).unwrap();
        assert_eq!(c, [3, 4, 5]);
        rng.fill(&mut []).unwrap();
        assert_eq!(rng.fill(&mut [0u8; 1]), Err(CryptoError::RandomUnavailable));
    }

    #[test]
    fn debug_hides_script() {
        let rng = ScriptedRandom::new(alloc::vec![0xab; 4]);
        let text = alloc::format!("{rng:?}");
        assert!(!text.contains("171") && !text.contains("ab,"));
    }
}
