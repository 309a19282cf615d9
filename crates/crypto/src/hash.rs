//! Hash functions, as used for transcripts and by the key schedules.

use alloc::boxed::Box;

use crate::{HashAlgorithm, HashOutput};

/// A hash function the provider implements.
pub trait Hash: Send + Sync {
    /// Which algorithm this is; a provider lists at most one `Hash` per algorithm.
    fn algorithm(&self) -> HashAlgorithm;

    /// Begin an incremental hash (a running transcript).
    fn start(&self) -> Box<dyn HashContext>;

    /// A running hash as a value: the built-in providers keep their hash states inline (a
    /// transcript allocates nothing); the default boxes [`start`](Self::start)'s context.
    fn start_state(&self) -> HashState {
        HashState(StateRepr::Boxed(self.start()))
    }

    /// Hash `data` in one call.
    fn hash(&self, data: &[u8]) -> HashOutput;

    /// Output length in bytes (32 for SHA-256, 48 for SHA-384).
    fn output_len(&self) -> usize {
        self.algorithm().output_len()
    }
}

/// A running hash. `fork_finish` gives the hash of everything so far without consuming it, which
/// is what a TLS transcript needs at every Finished, CertificateVerify and binder.
pub trait HashContext: Send + Sync {
    /// Absorbs `data`.
    fn update(&mut self, data: &[u8]);
    /// The hash of everything absorbed so far; the context goes on.
    fn fork_finish(&self) -> HashOutput;
    /// An independent copy of the running state.
    fn fork(&self) -> Box<dyn HashContext>;
    /// The hash of everything absorbed, consuming the context.
    fn finish(self: Box<Self>) -> HashOutput;
}

/// A running hash held by value (see [`Hash::start_state`]).
pub struct HashState(StateRepr);

// A SHA-384 state inline (240 bytes) against a box: inline is the point. `ring`'s and
// `aws-lc-rs`'s contexts are `Clone` values too, so their providers' running hashes (every
// transcript and its forks) need no allocation either.
#[allow(clippy::large_enum_variant)]
enum StateRepr {
    Inline(crate::rustcrypto::hash::InlineHash),
    #[cfg(feature = "ring")]
    Ring(::ring::digest::Context),
    #[cfg(feature = "aws-lc-rs")]
    AwsLc(::aws_lc_rs::digest::Context),
    Boxed(Box<dyn HashContext>),
}

impl core::fmt::Debug for HashState {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("HashState")
    }
}

impl HashState {
    pub(crate) fn inline(state: crate::rustcrypto::hash::InlineHash) -> Self {
        Self(StateRepr::Inline(state))
    }

    #[cfg(feature = "ring")]
    pub(crate) fn ring(state: ::ring::digest::Context) -> Self {
        Self(StateRepr::Ring(state))
    }

    #[cfg(feature = "aws-lc-rs")]
    pub(crate) fn aws_lc(state: ::aws_lc_rs::digest::Context) -> Self {
        Self(StateRepr::AwsLc(state))
    }

    /// Absorbs `data`.
    pub fn update(&mut self, data: &[u8]) {
        match &mut self.0 {
            StateRepr::Inline(s) => s.update(data),
            #[cfg(feature = "ring")]
            StateRepr::Ring(s) => s.update(data),
            #[cfg(feature = "aws-lc-rs")]
            StateRepr::AwsLc(s) => s.update(data),
            StateRepr::Boxed(s) => s.update(data),
        }
    }

    /// The hash of everything absorbed so far; the state goes on.
    pub fn fork_finish(&self) -> HashOutput {
        match &self.0 {
            StateRepr::Inline(s) => s.fork_finish(),
            #[cfg(feature = "ring")]
            StateRepr::Ring(s) => HashOutput::new(s.clone().finish().as_ref()),
            #[cfg(feature = "aws-lc-rs")]
            StateRepr::AwsLc(s) => HashOutput::new(s.clone().finish().as_ref()),
            StateRepr::Boxed(s) => s.fork_finish(),
        }
    }

    /// An independent copy of the state.
    pub fn fork(&self) -> Self {
        match &self.0 {
            StateRepr::Inline(s) => Self(StateRepr::Inline(s.clone())),
            #[cfg(feature = "ring")]
            StateRepr::Ring(s) => Self(StateRepr::Ring(s.clone())),
            #[cfg(feature = "aws-lc-rs")]
            StateRepr::AwsLc(s) => Self(StateRepr::AwsLc(s.clone())),
            StateRepr::Boxed(s) => Self(StateRepr::Boxed(s.fork())),
        }
    }

    /// The hash of everything absorbed.
    pub fn finish(self) -> HashOutput {
        match self.0 {
            StateRepr::Inline(s) => s.fork_finish(),
            #[cfg(feature = "ring")]
            StateRepr::Ring(s) => HashOutput::new(s.finish().as_ref()),
            #[cfg(feature = "aws-lc-rs")]
            StateRepr::AwsLc(s) => HashOutput::new(s.finish().as_ref()),
            StateRepr::Boxed(s) => s.finish(),
        }
    }
}
