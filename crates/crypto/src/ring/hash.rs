//! SHA-256 and SHA-384 (FIPS 180-4) from `ring::digest`.

use alloc::boxed::Box;

use ::ring::digest;

use crate::hash::{Hash, HashContext, HashState};
use crate::{HashAlgorithm, HashOutput};

/// SHA-256.
pub static SHA256: RingHash = RingHash {
    algorithm: HashAlgorithm::Sha256,
    ring: &digest::SHA256,
};
/// SHA-384.
pub static SHA384: RingHash = RingHash {
    algorithm: HashAlgorithm::Sha384,
    ring: &digest::SHA384,
};

/// A `ring` digest behind the provider's [`Hash`] trait. Running hashes ([`Hash::start_state`])
/// hold `ring`'s context by value: a transcript allocates nothing.
#[derive(Debug)]
pub struct RingHash {
    algorithm: HashAlgorithm,
    ring: &'static digest::Algorithm,
}

impl Hash for RingHash {
    fn algorithm(&self) -> HashAlgorithm {
        self.algorithm
    }

    fn start(&self) -> Box<dyn HashContext> {
        Box::new(Context(digest::Context::new(self.ring)))
    }

    fn start_state(&self) -> HashState {
        HashState::ring(digest::Context::new(self.ring))
    }

    fn hash(&self, data: &[u8]) -> HashOutput {
        HashOutput::new(digest::digest(self.ring, data).as_ref())
    }
}

/// A running hash; `ring`'s context is `Clone`, which makes `fork_finish` a copy and a finish.
#[derive(Clone)]
struct Context(digest::Context);

impl HashContext for Context {
    fn update(&mut self, data: &[u8]) {
        self.0.update(data);
    }

    fn fork_finish(&self) -> HashOutput {
        HashOutput::new(self.0.clone().finish().as_ref())
    }

    fn fork(&self) -> Box<dyn HashContext> {
        Box::new(self.clone())
    }

    fn finish(self: Box<Self>) -> HashOutput {
        HashOutput::new(self.0.finish().as_ref())
    }
}
