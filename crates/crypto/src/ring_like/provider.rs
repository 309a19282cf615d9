//! The provider tables and constructors for both backends.

/// The provider's tables (hashes, HMACs, HKDFs, AEADs, key-exchange groups, in the RustCrypto
/// provider's preference order) and its constructors, from the sibling modules `hash`, `hmac`,
/// `hkdf`, `aead`, `kx`, `verify`, `sign` and the static `X25519_MLKEM768` of the provider's
/// `mod.rs`, which says why its ML-KEM half is RustCrypto's.
macro_rules! provider_module {
    ($label:literal) => {
        /// SHA-256 and SHA-384.
        pub static HASHES: &[&dyn crate::hash::Hash] = &[&hash::SHA256, &hash::SHA384];
        /// HMAC-SHA256 and HMAC-SHA384.
        pub static HMACS: &[&dyn crate::hmac::Hmac] = &[&hmac::HMAC_SHA256, &hmac::HMAC_SHA384];
        /// HKDF-SHA256 and HKDF-SHA384.
        pub static HKDFS: &[&dyn crate::hkdf::Hkdf] = &[&hkdf::HKDF_SHA256, &hkdf::HKDF_SHA384];
        /// AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305.
        pub static AEADS: &[&dyn crate::aead::Aead] = &[
            &aead::AES_128_GCM,
            &aead::AES_256_GCM,
            &aead::CHACHA20_POLY1305,
        ];
        /// Key-exchange groups in the RustCrypto provider's preference order.
        pub static KX_GROUPS: &[&dyn crate::kx::KxGroup] = &[
            &X25519_MLKEM768,
            &kx::X25519,
            &kx::SECP256R1,
            &kx::SECP384R1,
        ];

        #[doc = concat!("The ", $label, " provider drawing its randomness from `random`.")]
        pub fn provider_with_random(
            random: alloc::sync::Arc<dyn crate::SecureRandom>,
        ) -> crate::CryptoProvider {
            crate::CryptoProvider {
                hashes: HASHES,
                hmacs: HMACS,
                hkdfs: HKDFS,
                aeads: AEADS,
                kx_groups: KX_GROUPS,
                verification: verify::VERIFICATION,
                key_loader: &sign::KEY_LOADER,
                random,
            }
        }

        #[doc = concat!("The ", $label, " provider with the operating system's randomness.")]
        pub fn provider() -> crate::CryptoProvider {
            provider_with_random(alloc::sync::Arc::new(crate::random::OsRandom))
        }
    };
}
pub(crate) use provider_module;
