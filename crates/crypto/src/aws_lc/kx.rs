//! X25519, secp256r1 and secp384r1 key exchange from `aws_lc_rs::agreement`.
//!
//! The private key is drawn from the injected source exactly as the RustCrypto groups draw it
//! (X25519: 32 bytes in one call; the NIST curves: a big-endian scalar of field size, redrawn
//! while not in [1, n)) and imported (`PrivateKey::from_private_key`), so every provider derives
//! the same key from the same script (RFC 8448's X25519 shares included).

use alloc::boxed::Box;
use alloc::vec::Vec;

use ::aws_lc_rs::agreement;
use zeroize::Zeroizing;

use crate::kx::{ActiveKx, KxGroup};
use crate::rustcrypto::ecdhe::draw_scalar_bytes;
use crate::{CryptoError, NamedGroup, Secret, SecureRandom};

/// X25519 (RFC 7748). Peer shares must be 32 bytes; an all-zero result is refused by AWS-LC
/// (RFC 7748 §6.1, RFC 9846 §7.4.2).
pub static X25519: AwsLcKx = AwsLcKx {
    name: NamedGroup::X25519,
    backend: &agreement::X25519,
};
/// ECDHE on secp256r1; shares are uncompressed points (RFC 9846 §4.2.8.2), checked here for
/// that form and by AWS-LC for lying on the curve.
pub static SECP256R1: AwsLcKx = AwsLcKx {
    name: NamedGroup::SECP256R1,
    backend: &agreement::ECDH_P256,
};
/// ECDHE on secp384r1.
pub static SECP384R1: AwsLcKx = AwsLcKx {
    name: NamedGroup::SECP384R1,
    backend: &agreement::ECDH_P384,
};

/// An `aws-lc-rs` key-agreement algorithm behind the provider's [`KxGroup`] trait.
#[derive(Debug)]
pub struct AwsLcKx {
    name: NamedGroup,
    backend: &'static agreement::Algorithm,
}

impl KxGroup for AwsLcKx {
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
        let private = agreement::PrivateKey::from_private_key(self.backend, &scalar)
            .map_err(|_| CryptoError::RandomUnavailable)?;
        let public = private
            .compute_public_key()
            .map_err(|_| CryptoError::RandomUnavailable)?
            .as_ref()
            .to_vec();
        Ok(Box::new(ActiveAwsLcKx {
            name: self.name,
            private,
            public,
        }))
    }
}

struct ActiveAwsLcKx {
    name: NamedGroup,
    private: agreement::PrivateKey,
    public: Vec<u8>,
}

impl ActiveKx for ActiveAwsLcKx {
    fn group(&self) -> NamedGroup {
        self.name
    }

    fn public_key(&self) -> &[u8] {
        &self.public
    }

    fn complete(self: Box<Self>, peer_public: &[u8]) -> Result<Secret, CryptoError> {
        // RFC 9846 §4.2.8.2: a NIST-curve share is an uncompressed point of exactly the length
        // of ours; AWS-LC would also parse the compressed and hybrid forms.
        if peer_public.len() != self.public.len()
            || (self.name != NamedGroup::X25519 && peer_public.first() != Some(&0x04))
        {
            return Err(CryptoError::InvalidPeerKey);
        }
        let peer = agreement::UnparsedPublicKey::new(self.private.algorithm(), peer_public);
        // RFC 9846 §7.4.2 / RFC 8422 §5.10: the shared secret is the x-coordinate (X25519: the
        // u-coordinate), full width, as AWS-LC returns it.
        agreement::agree(&self.private, peer, CryptoError::InvalidPeerKey, |shared| {
            Ok(Secret::new(shared))
        })
    }
}
