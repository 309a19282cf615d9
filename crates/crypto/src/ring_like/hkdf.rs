//! HKDF's shared half for both backends.

/// The HKDF module's shared half: HKDF-SHA256 and HKDF-SHA384 with HKDF-Extract computed as
/// what it is, HMAC(salt, IKM) (RFC 5869 §2.2), because both backends' own extraction yields an
/// opaque PRK while the TLS 1.3 key schedule keeps its secrets as bytes. HKDF-Expand (§2.3) is
/// the provider's `$Prk`, made by `$Prk::new(&$Hkdf, prk)`: the backends differ there. Paths
/// are written out, so that the expansion adds no imports to the provider's file.
macro_rules! hkdf_module {
    ($krate:ident, $label:literal, $Hkdf:ident, $Prk:ident) => {
        /// HKDF-SHA256.
        pub static HKDF_SHA256: $Hkdf = $Hkdf {
            algorithm: crate::HashAlgorithm::Sha256,
            hmac: ::$krate::hmac::HMAC_SHA256,
        };
        /// HKDF-SHA384.
        pub static HKDF_SHA384: $Hkdf = $Hkdf {
            algorithm: crate::HashAlgorithm::Sha384,
            hmac: ::$krate::hmac::HMAC_SHA384,
        };

        #[doc = concat!(
            "HKDF over one ", $label, " hash behind the provider's [`Hkdf`](crate::hkdf::Hkdf) trait."
        )]
        #[derive(Debug)]
        pub struct $Hkdf {
            algorithm: crate::HashAlgorithm,
            hmac: ::$krate::hmac::Algorithm,
        }

        impl crate::hkdf::Hkdf for $Hkdf {
            fn hash_algorithm(&self) -> crate::HashAlgorithm {
                self.algorithm
            }

            fn extract(&self, salt: Option<&[u8]>, ikm: &[u8]) -> crate::Secret {
                // RFC 5869 §2.2: an absent salt is HashLen zeros, the same HMAC key as the empty
                // string once HMAC pads it (RFC 2104 §2).
                let key = ::$krate::hmac::Key::new(self.hmac, salt.unwrap_or_default());
                crate::Secret::new(::$krate::hmac::sign(&key, ikm).as_ref())
            }

            fn prk(&self, prk: &[u8]) -> alloc::boxed::Box<dyn crate::hkdf::HkdfPrk> {
                alloc::boxed::Box::new($Prk::new(self, prk))
            }

            fn with_prk(&self, prk: &[u8], f: &mut dyn FnMut(&dyn crate::hkdf::HkdfPrk)) {
                f(&$Prk::new(self, prk));
            }
        }
    };
}
pub(crate) use hkdf_module;
