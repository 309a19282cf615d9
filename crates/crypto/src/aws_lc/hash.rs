//! SHA-256 and SHA-384 (FIPS 180-4) from `aws_lc_rs::digest`.

use alloc::boxed::Box;

use ::aws_lc_rs::digest;

use crate::hash::{Hash, HashContext, HashState};
use crate::{HashAlgorithm, HashOutput};

/// SHA-256.
pub static SHA256: AwsLcHash = AwsLcHash {
    algorithm: HashAlgorithm::Sha256,
    backend: &digest::SHA256,
};
/// SHA-384.
pub static SHA384: AwsLcHash = AwsLcHash {
    algorithm: HashAlgorithm::Sha384,
    backend: &digest::SHA384,
};

/// An `aws-lc-rs` digest behind the provider's [`Hash`] trait. Running hashes ([`Hash::start_state`])
/// hold `aws-lc-rs`'s context by value: a transcript allocates nothing.
#[derive(Debug)]
pub struct AwsLcHash {
    algorithm: HashAlgorithm,
    backend: &'static digest::Algorithm,
}

impl Hash for AwsLcHash {
    fn algorithm(&self) -> HashAlgorithm {
        self.algorithm
    }

    fn start(&self) -> Box<dyn HashContext> {
        Box::new(Context(digest::Context::new(self.backend)))
    }

    fn start_state(&self) -> HashState {
        HashState::aws_lc(digest::Context::new(self.backend))
    }

    fn hash(&self, data: &[u8]) -> HashOutput {
        HashOutput::new(digest::digest(self.backend, data).as_ref())
    }
}

/// A running hash; `aws-lc-rs`'s context is `Clone`, which makes `fork_finish` a copy and a finish.
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
