//! X25519, secp256r1 and secp384r1 key exchange from `ring::agreement`.
//!
//! The private key is drawn from the injected source exactly as the RustCrypto groups draw it
//! (X25519: 32 bytes in one call; the NIST curves: a big-endian scalar of field size, redrawn
//! while not in [1, n)), then handed to `ring`'s key generation as its "random" bytes (see
//! `super::given_random`). `ring` reads exactly those bytes once and, as they are a valid
//! scalar, uses them unchanged, so every provider derives the same key from the same script
//! (RFC 8448's X25519 shares included).

use alloc::boxed::Box;
use alloc::vec::Vec;

use ::ring::agreement;
use zeroize::Zeroizing;

use super::given_random;
use crate::kx::{ActiveKx, KxGroup};
use crate::rustcrypto::ecdhe::draw_scalar_bytes;
use crate::{CryptoError, NamedGroup, Secret, SecureRandom};

/// X25519 (RFC 7748). Peer shares must be 32 bytes; an all-zero result is refused by `ring`
/// (RFC 7748 §6.1, RFC 9846 §7.4.2).
pub static X25519: RingKx = RingKx {
    name: NamedGroup::X25519,
    ring: &agreement::X25519,
};
/// ECDHE on secp256r1; shares are uncompressed points (RFC 9846 §4.2.8.2), which `ring` checks
/// lie on the curve.
pub static SECP256R1: RingKx = RingKx {
    name: NamedGroup::SECP256R1,
    ring: &agreement::ECDH_P256,
};
/// ECDHE on secp384r1.
pub static SECP384R1: RingKx = RingKx {
    name: NamedGroup::SECP384R1,
    ring: &agreement::ECDH_P384,
};

/// A `ring` key-agreement algorithm behind the provider's [`KxGroup`] trait.
#[derive(Debug)]
pub struct RingKx {
    name: NamedGroup,
    ring: &'static agreement::Algorithm,
}

impl KxGroup for RingKx {
    fn name(&self) -> NamedGroup {
        self.name
    }

    fn start(&self, rng: &dyn SecureRandom) -> Result<Box<dyn ActiveKx>, CryptoError> {
        let scalar = if self.name == NamedGroup::X25519 {
            let mut bytes = Zeroizing::new(alloc::vec![0u8; 32]);
            rng.fill(&mut bytes)?;
            bytes
        } else {
            draw_scalar_bytes(self.name, rng)?
        };
        let private =
            agreement::EphemeralPrivateKey::generate(self.ring, &given_random::drawn(&scalar))
                .map_err(|_| CryptoError::RandomUnavailable)?;
        let public = private
            .compute_public_key()
            .map_err(|_| CryptoError::RandomUnavailable)?
            .as_ref()
            .to_vec();
        Ok(Box::new(ActiveRingKx {
            name: self.name,
            private,
            public,
        }))
    }
}

struct ActiveRingKx {
    name: NamedGroup,
    private: agreement::EphemeralPrivateKey,
    public: Vec<u8>,
}

impl ActiveKx for ActiveRingKx {
    fn group(&self) -> NamedGroup {
        self.name
    }

    fn public_key(&self) -> &[u8] {
        &self.public
    }

    fn complete(self: Box<Self>, peer_public: &[u8]) -> Result<Secret, CryptoError> {
        let peer = agreement::UnparsedPublicKey::new(self.private.algorithm(), peer_public);
        // RFC 9846 §7.4.2 / RFC 8422 §5.10: the shared secret is the x-coordinate (X25519: the
        // u-coordinate), full width, as `ring` returns it.
        agreement::agree_ephemeral(self.private, &peer, Secret::new)
            .map_err(|_| CryptoError::InvalidPeerKey)
    }
}
