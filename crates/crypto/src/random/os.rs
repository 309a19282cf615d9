//! Randomness from the operating system.

use rand_core::{OsRng, RngCore};

use super::SecureRandom;
use crate::CryptoError;

/// The operating system's CSPRNG (`getrandom(2)` and its equivalents, through `rand_core`).
#[derive(Clone, Copy, Debug, Default)]
pub struct OsRandom;

impl SecureRandom for OsRandom {
    fn fill(&self, dest: &mut [u8]) -> Result<(), CryptoError> {
        OsRng
            .try_fill_bytes(dest)
            .map_err(|_| CryptoError::RandomUnavailable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_and_differs() {
        let (mut a, mut b) = ([0u8; 32], [0u8; 32]);
        OsRandom.fill(&mut a).unwrap();
        OsRandom.fill(&mut b).unwrap();
        assert_ne!(a, b);
        OsRandom.fill(&mut []).unwrap();
    }
}
