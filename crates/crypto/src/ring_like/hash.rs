//! SHA-256 and SHA-384 for both backends.

/// The hash module: SHA-256 and SHA-384 from `$krate::digest`, running hashes held by value
/// in a `HashState` (`$state` is its constructor for this backend).
macro_rules! hash_module {
    ($krate:ident, $label:literal, $Hash:ident, $state:ident) => {
        use alloc::boxed::Box;

        use ::$krate::digest;

        use crate::hash::{Hash, HashContext, HashState};
        use crate::{HashAlgorithm, HashOutput};

        /// SHA-256.
        pub static SHA256: $Hash = $Hash {
            algorithm: HashAlgorithm::Sha256,
            backend: &digest::SHA256,
        };
        /// SHA-384.
        pub static SHA384: $Hash = $Hash {
            algorithm: HashAlgorithm::Sha384,
            backend: &digest::SHA384,
        };

        #[doc = concat!("A ", $label, " digest behind the provider's [`Hash`] trait. Running hashes")]
        /// ([`Hash::start_state`]) hold the backend's context by value: a transcript allocates
        /// nothing.
        #[derive(Debug)]
        pub struct $Hash {
            algorithm: HashAlgorithm,
            backend: &'static digest::Algorithm,
        }

        impl Hash for $Hash {
            fn algorithm(&self) -> HashAlgorithm {
                self.algorithm
            }

            fn start(&self) -> Box<dyn HashContext> {
                Box::new(Context(digest::Context::new(self.backend)))
            }

            fn start_state(&self) -> HashState {
                HashState::$state(digest::Context::new(self.backend))
            }

            fn hash(&self, data: &[u8]) -> HashOutput {
                HashOutput::new(digest::digest(self.backend, data).as_ref())
            }
        }

        /// A running hash; the backend's context is `Clone`, which makes `fork_finish` a copy
        /// and a finish.
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
    };
}
pub(crate) use hash_module;
