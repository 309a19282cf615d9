//! HMAC for both backends.

/// The HMAC module: HMAC-SHA256 and HMAC-SHA384 from `$krate::hmac`. The backend's key holds
/// the inner and outer states after absorbing the padded key, so every tag under a key made once
/// costs only the message's compressions.
macro_rules! hmac_module {
    ($krate:ident, $label:literal, $Hmac:ident) => {
        use alloc::boxed::Box;

        use ::$krate::hmac;

        use crate::hmac::{Hmac, HmacKey};
        use crate::{HashAlgorithm, Secret};

        /// HMAC-SHA256.
        pub static HMAC_SHA256: $Hmac = $Hmac {
            algorithm: HashAlgorithm::Sha256,
            backend: hmac::HMAC_SHA256,
        };
        /// HMAC-SHA384.
        pub static HMAC_SHA384: $Hmac = $Hmac {
            algorithm: HashAlgorithm::Sha384,
            backend: hmac::HMAC_SHA384,
        };

        #[doc = concat!("A ", $label, " HMAC behind the provider's [`Hmac`] trait.")]
        #[derive(Debug)]
        pub struct $Hmac {
            algorithm: HashAlgorithm,
            backend: hmac::Algorithm,
        }

        impl $Hmac {
            /// Every key length is accepted.
            fn keyed(&self, key: &[u8]) -> Keyed {
                Keyed {
                    key: hmac::Key::new(self.backend, key),
                    tag_len: self.algorithm.output_len(),
                }
            }
        }

        impl Hmac for $Hmac {
            fn hash_algorithm(&self) -> HashAlgorithm {
                self.algorithm
            }

            fn with_key(&self, key: &[u8]) -> Box<dyn HmacKey> {
                Box::new(self.keyed(key))
            }

            fn with_key_scoped(&self, key: &[u8], f: &mut dyn FnMut(&dyn HmacKey)) {
                f(&self.keyed(key));
            }
        }

        struct Keyed {
            key: hmac::Key,
            tag_len: usize,
        }

        impl HmacKey for Keyed {
            fn sign(&self, chunks: &[&[u8]]) -> Secret {
                let mut ctx = hmac::Context::with_key(&self.key);
                for chunk in chunks {
                    ctx.update(chunk);
                }
                Secret::new(ctx.sign().as_ref())
            }

            fn tag_len(&self) -> usize {
                self.tag_len
            }
        }
    };
}
pub(crate) use hmac_module;
