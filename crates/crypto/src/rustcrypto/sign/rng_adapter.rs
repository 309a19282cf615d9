//! A `rand_core` RNG for the `rsa` crate whose draws from the injected source are exactly
//! specified.
//!
//! `rsa` asks its RNG for the PSS salt and then for blinding factors, whose byte count depends on
//! rejection sampling. Drawing the blinding from the injected source would make the number of
//! bytes a signature consumes unpredictable, breaking scripted runs. So only the first
//! `from_source` bytes (the salt) come from the [`SecureRandom`]; everything after comes from a
//! stream derived, as in RFC 6979, from a secret only the key holder knows (a hash of the
//! private exponent), the message digest and the salt. The blinding stays unpredictable to an
//! observer without consuming injected randomness.

use rand_core::{CryptoRng, RngCore};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::SecureRandom;

const MAX_SALT: usize = 64;

pub(super) struct SaltThenDerived<'a> {
    source: &'a dyn SecureRandom,
    blind_key: &'a [u8; 32],
    digest: &'a [u8],
    salt: Zeroizing<[u8; MAX_SALT]>,
    salt_len: usize,
    salt_drawn: usize,
    seed: Option<Zeroizing<[u8; 32]>>,
    counter: u64,
    failed: bool,
}

impl<'a> SaltThenDerived<'a> {
    /// `from_source` bytes (at most 64) will be drawn from `source`; then the derived stream.
    pub(super) fn new(
        source: &'a dyn SecureRandom,
        from_source: usize,
        blind_key: &'a [u8; 32],
        digest: &'a [u8],
    ) -> Self {
        Self {
            source,
            blind_key,
            digest,
            salt: Zeroizing::new([0u8; MAX_SALT]),
            salt_len: from_source.min(MAX_SALT),
            salt_drawn: 0,
            seed: None,
            counter: 0,
            failed: false,
        }
    }

    /// Whether the injected source failed at some point; the caller must then discard whatever
    /// was computed with this RNG.
    pub(super) fn failed(&self) -> bool {
        self.failed
    }

    fn derived_seed(&mut self) -> Zeroizing<[u8; 32]> {
        if let Some(seed) = &self.seed {
            return seed.clone();
        }
        let mut h = Sha256::new();
        h.update(b"ferrotls rsa blinding");
        h.update(self.blind_key);
        h.update(self.digest);
        h.update(self.salt.get(..self.salt_len).unwrap_or_default());
        let seed = Zeroizing::new(<[u8; 32]>::from(h.finalize()));
        self.seed = Some(seed.clone());
        seed
    }

    fn fill_derived(&mut self, dest: &mut [u8]) {
        let seed = self.derived_seed();
        for chunk in dest.chunks_mut(32) {
            let mut h = Sha256::new();
            h.update(&seed[..]);
            h.update(self.counter.to_be_bytes());
            self.counter = self.counter.wrapping_add(1);
            let block = Zeroizing::new(<[u8; 32]>::from(h.finalize()));
            if let Some(part) = block.get(..chunk.len()) {
                chunk.copy_from_slice(part);
            }
        }
    }
}

impl RngCore for SaltThenDerived<'_> {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0u8; 4];
        self.fill_bytes(&mut b);
        u32::from_le_bytes(b)
    }

    fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        let want = self
            .salt_len
            .saturating_sub(self.salt_drawn)
            .min(dest.len());
        let (from_source, rest) = dest.split_at_mut(want);
        if !from_source.is_empty() {
            if self.source.fill(from_source).is_err() {
                self.failed = true;
            }
            let end = self.salt_drawn.saturating_add(want);
            if let Some(slot) = self.salt.get_mut(self.salt_drawn..end) {
                slot.copy_from_slice(from_source);
            }
            self.salt_drawn = end;
        }
        if !rest.is_empty() {
            self.fill_derived(rest);
        }
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

/// The derived stream is keyed by a secret and the source bytes are the injected CSPRNG's.
impl CryptoRng for SaltThenDerived<'_> {}

/// The same stream for `rsa` 0.10, which takes rand_core 0.10's fallible RNG. A failed draw
/// is recorded in `failed` (and still reported by [`SaltThenDerived::failed`]) rather than
/// returned, exactly as through `RngCore`.
impl rsa::rand_core::TryRng for SaltThenDerived<'_> {
    type Error = core::convert::Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(self.next_u32())
    }

    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(self.next_u64())
    }

    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), Self::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl rsa::rand_core::TryCryptoRng for SaltThenDerived<'_> {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::ScriptedRandom;

    #[test]
    fn salt_from_source_then_derived() {
        let source = ScriptedRandom::new([9u8; 4]);
        let key = [1u8; 32];
        let mut rng = SaltThenDerived::new(&source, 4, &key, b"digest");
        let mut a = [0u8; 3];
        rng.fill_bytes(&mut a);
        assert_eq!(a, [9, 9, 9]);
        let mut b = [0u8; 40];
        rng.fill_bytes(&mut b);
        assert_eq!(b[0], 9);
        assert_eq!(source.remaining(), 0);
        assert!(!rng.failed());

        // The derived part is a function of key, digest and salt only.
        let source = ScriptedRandom::new([9u8; 4]);
        let mut again = SaltThenDerived::new(&source, 4, &key, b"digest");
        let mut c = [0u8; 43];
        again.fill_bytes(&mut c);
        assert_eq!(c[3..], b[..]);
        let source = ScriptedRandom::new([9u8; 4]);
        let mut other = SaltThenDerived::new(&source, 4, &[2u8; 32], b"digest");
        let mut d = [0u8; 43];
        other.fill_bytes(&mut d);
        assert_ne!(c[4..], d[4..]);
    }

    #[test]
    fn exhausted_source_is_reported() {
        let source = ScriptedRandom::new([1u8; 3]);
        let key = [0u8; 32];
        let mut rng = SaltThenDerived::new(&source, 32, &key, b"");
        let mut salt = [0u8; 32];
        rng.fill_bytes(&mut salt);
        assert!(rng.failed());
    }
}
