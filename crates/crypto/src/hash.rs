//! Hash functions, as used for transcripts and by the key schedules.

use alloc::boxed::Box;

use crate::{HashAlgorithm, HashOutput};

/// A hash function the provider implements.
pub trait Hash: Send + Sync {
    fn algorithm(&self) -> HashAlgorithm;

    /// Begin an incremental hash (a running transcript).
    fn start(&self) -> Box<dyn HashContext>;

    /// Hash `data` in one call.
    fn hash(&self, data: &[u8]) -> HashOutput;

    fn output_len(&self) -> usize {
        self.algorithm().output_len()
    }
}

/// A running hash. `fork_finish` gives the hash of everything so far without consuming it, which
/// is what a TLS transcript needs at every Finished, CertificateVerify and binder.
pub trait HashContext: Send + Sync {
    fn update(&mut self, data: &[u8]);
    fn fork_finish(&self) -> HashOutput;
    fn fork(&self) -> Box<dyn HashContext>;
    fn finish(self: Box<Self>) -> HashOutput;
}
