//! X25519, secp256r1 and secp384r1 key exchange for both backends.

/// The key-exchange module: X25519, secp256r1 and secp384r1 from `$krate::agreement`.
///
/// The private key is drawn from the injected source exactly as the RustCrypto groups draw it
/// (X25519: 32 bytes in one call; the NIST curves: a big-endian scalar of field size, redrawn
/// while not in [1, n)), then made into the backend's `$Private` by the provider's
/// `$generate(algorithm, scalar)`, which must use it unchanged, so every provider derives the
/// same key from the same script. The provider's `$agree(private, peer)` runs the agreement.
/// Paths are written out, so that the expansion adds no imports to the provider's file.
macro_rules! kx_module {
    (
        $krate:ident, $label:literal, $Kx:ident,
        private: $Private:ty, generate: $generate:path, agree: $agree:path $(,)?
    ) => {
        #[doc = concat!(
            "X25519 (RFC 7748). Peer shares must be 32 bytes; an all-zero result is refused by ",
            $label, " (RFC 7748 §6.1, RFC 9846 §7.4.2)."
        )]
        pub static X25519: $Kx = $Kx {
            name: crate::NamedGroup::X25519,
            backend: &::$krate::agreement::X25519,
        };
        #[doc = concat!(
            "ECDHE on secp256r1; shares are uncompressed points (RFC 9846 §4.3.8.2), checked here ",
            "for that form and by ", $label, " for lying on the curve."
        )]
        pub static SECP256R1: $Kx = $Kx {
            name: crate::NamedGroup::SECP256R1,
            backend: &::$krate::agreement::ECDH_P256,
        };
        /// ECDHE on secp384r1.
        pub static SECP384R1: $Kx = $Kx {
            name: crate::NamedGroup::SECP384R1,
            backend: &::$krate::agreement::ECDH_P384,
        };

        #[doc = concat!(
            "A ", $label, " key-agreement algorithm behind the provider's ",
            "[`KxGroup`](crate::kx::KxGroup) trait."
        )]
        #[derive(Debug)]
        pub struct $Kx {
            name: crate::NamedGroup,
            backend: &'static ::$krate::agreement::Algorithm,
        }

        impl crate::kx::KxGroup for $Kx {
            fn name(&self) -> crate::NamedGroup {
                self.name
            }

            fn start(
                &self,
                rng: &dyn crate::SecureRandom,
            ) -> Result<alloc::boxed::Box<dyn crate::kx::ActiveKx>, crate::CryptoError> {
                let scalar = if self.name == crate::NamedGroup::X25519 {
                    let mut bytes = zeroize::Zeroizing::new(alloc::vec![0u8; 32]);
                    rng.fill(&mut bytes)?;
                    bytes
                } else {
                    crate::rustcrypto::ecdhe::draw_scalar_bytes(self.name, rng)?
                };
                let private = $generate(self.backend, &scalar)?;
                let public = private
                    .compute_public_key()
                    .map_err(|_| crate::CryptoError::RandomUnavailable)?
                    .as_ref()
                    .to_vec();
                Ok(alloc::boxed::Box::new(ActiveKx {
                    name: self.name,
                    private,
                    public,
                }))
            }
        }

        struct ActiveKx {
            name: crate::NamedGroup,
            private: $Private,
            public: alloc::vec::Vec<u8>,
        }

        impl crate::kx::ActiveKx for ActiveKx {
            fn group(&self) -> crate::NamedGroup {
                self.name
            }

            fn public_key(&self) -> &[u8] {
                &self.public
            }

            fn complete(
                self: alloc::boxed::Box<Self>,
                peer_public: &[u8],
            ) -> Result<crate::Secret, crate::CryptoError> {
                // RFC 9846 §4.3.8.2: a NIST-curve share is an uncompressed point of exactly the
                // length of ours (AWS-LC would also parse the compressed and hybrid forms).
                if peer_public.len() != self.public.len()
                    || (self.name != crate::NamedGroup::X25519 && peer_public.first() != Some(&0x04))
                {
                    return Err(crate::CryptoError::InvalidPeerKey);
                }
                let peer =
                    ::$krate::agreement::UnparsedPublicKey::new(self.private.algorithm(), peer_public);
                // RFC 9846 §7.4.2 / RFC 8422 §5.10: the shared secret is the x-coordinate
                // (X25519: the u-coordinate), full width, as the backend returns it.
                $agree(self.private, peer)
            }
        }
    };
}
pub(crate) use kx_module;
