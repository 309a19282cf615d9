//! SHA-256 and SHA-384 (FIPS 180-4) from the `sha2` crate.

use alloc::boxed::Box;

use sha2::digest::Digest;

use crate::hash::{Hash, HashContext, HashState};
use crate::{HashAlgorithm, HashOutput};

/// SHA-256.
pub static SHA256: Sha<sha2::Sha256> = Sha::new(HashAlgorithm::Sha256);
/// SHA-384.
pub static SHA384: Sha<sha2::Sha384> = Sha::new(HashAlgorithm::Sha384);

/// A `sha2` hash function behind the provider's [`Hash`] trait.
#[derive(Debug)]
pub struct Sha<D> {
    algorithm: HashAlgorithm,
    _digest: core::marker::PhantomData<fn() -> D>,
}

impl<D> Sha<D> {
    const fn new(algorithm: HashAlgorithm) -> Self {
        Self {
            algorithm,
            _digest: core::marker::PhantomData,
        }
    }
}

/// The SHA-2 functions of this module, each as its [`InlineHash`] variant.
pub(crate) trait InlineDigest: Digest + Clone + Send + Sync + 'static {
    fn inline(state: Self) -> InlineHash;
}

impl InlineDigest for sha2::Sha256 {
    fn inline(state: Self) -> InlineHash {
        InlineHash::Sha256(state)
    }
}

impl InlineDigest for sha2::Sha384 {
    fn inline(state: Self) -> InlineHash {
        InlineHash::Sha384(state)
    }
}

/// This module's hash states by value, for [`HashState`].
#[derive(Clone)]
pub(crate) enum InlineHash {
    Sha256(sha2::Sha256),
    Sha384(sha2::Sha384),
}

impl InlineHash {
    pub(crate) fn update(&mut self, data: &[u8]) {
        match self {
            Self::Sha256(d) => d.update(data),
            Self::Sha384(d) => d.update(data),
        }
    }

    pub(crate) fn fork_finish(&self) -> HashOutput {
        match self {
            Self::Sha256(d) => HashOutput::new(&d.clone().finalize()),
            Self::Sha384(d) => HashOutput::new(&d.clone().finalize()),
        }
    }
}

impl<D: InlineDigest> Hash for Sha<D> {
    fn algorithm(&self) -> HashAlgorithm {
        self.algorithm
    }

    fn start(&self) -> Box<dyn HashContext> {
        Box::new(ShaContext(D::new()))
    }

    fn start_state(&self) -> HashState {
        HashState::inline(D::inline(D::new()))
    }

    fn hash(&self, data: &[u8]) -> HashOutput {
        HashOutput::new(&D::digest(data))
    }
}

/// A running `sha2` hash; `Clone` is what makes `fork_finish` cheap.
#[derive(Clone)]
struct ShaContext<D>(D);

impl<D: Digest + Clone + Send + Sync + 'static> HashContext for ShaContext<D> {
    fn update(&mut self, data: &[u8]) {
        self.0.update(data);
    }

    fn fork_finish(&self) -> HashOutput {
        HashOutput::new(&self.0.clone().finalize())
    }

    fn fork(&self) -> Box<dyn HashContext> {
        Box::new(self.clone())
    }

    fn finish(self: Box<Self>) -> HashOutput {
        HashOutput::new(&self.0.finalize())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_hex::unhex;

    #[test]
    fn sha256_abc() {
        // FIPS 180-2 Appendix B.1.
        let want = unhex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assert_eq!(SHA256.hash(b"abc").as_bytes(), &want[..]);
        assert_eq!(SHA256.output_len(), 32);
    }

    #[test]
    fn sha384_abc() {
        // FIPS 180-2 Appendix D.1.
        let want = unhex(
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed\
             8086072ba1e7cc2358baeca134c825a7",
        );
        assert_eq!(SHA384.hash(b"abc").as_bytes(), &want[..]);
    }

    #[test]
    fn incremental_fork_and_finish_agree_with_one_shot() {
        for h in [&SHA256 as &dyn Hash, &SHA384] {
            let mut ctx = h.start();
            assert_eq!(ctx.fork_finish(), h.hash(b""));
            ctx.update(b"ab");
            let forked = ctx.fork();
            ctx.update(b"c");
            assert_eq!(ctx.fork_finish(), h.hash(b"abc"));
            assert_eq!(forked.finish(), h.hash(b"ab"));
            assert_eq!(ctx.finish(), h.hash(b"abc"));

            let mut state = h.start_state();
            assert_eq!(state.fork_finish(), h.hash(b""));
            state.update(b"ab");
            let forked = state.fork();
            state.update(b"c");
            assert_eq!(state.fork_finish(), h.hash(b"abc"));
            assert_eq!(forked.finish(), h.hash(b"ab"));
            assert_eq!(state.finish(), h.hash(b"abc"));
        }
    }
}
