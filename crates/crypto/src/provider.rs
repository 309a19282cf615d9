//! The `CryptoProvider`: everything the protocol needs from cryptography, in one value.

use alloc::sync::Arc;

use crate::aead::Aead;
use crate::hash::Hash;
use crate::hkdf::Hkdf;
use crate::hmac::Hmac;
use crate::kx::KxGroup;
use crate::sign::KeyLoader;
use crate::verify::VerificationAlgorithms;
use crate::{AeadAlgorithm, HashAlgorithm, NamedGroup, SecureRandom};

/// A complete set of primitives plus the random source.
///
/// The lists are the provider's capabilities; which of them a connection offers is the protocol
/// configuration's business.
#[derive(Clone)]
pub struct CryptoProvider {
    pub hashes: &'static [&'static dyn Hash],
    pub hmacs: &'static [&'static dyn Hmac],
    pub hkdfs: &'static [&'static dyn Hkdf],
    pub aeads: &'static [&'static dyn Aead],
    /// In order of preference.
    pub kx_groups: &'static [&'static dyn KxGroup],
    pub verification: VerificationAlgorithms,
    pub key_loader: &'static dyn KeyLoader,
    pub random: Arc<dyn SecureRandom>,
}

impl CryptoProvider {
    pub fn hash(&self, alg: HashAlgorithm) -> Option<&'static dyn Hash> {
        self.hashes.iter().copied().find(|h| h.algorithm() == alg)
    }

    pub fn hmac(&self, alg: HashAlgorithm) -> Option<&'static dyn Hmac> {
        self.hmacs
            .iter()
            .copied()
            .find(|h| h.hash_algorithm() == alg)
    }

    pub fn hkdf(&self, alg: HashAlgorithm) -> Option<&'static dyn Hkdf> {
        self.hkdfs
            .iter()
            .copied()
            .find(|h| h.hash_algorithm() == alg)
    }

    pub fn aead(&self, alg: AeadAlgorithm) -> Option<&'static dyn Aead> {
        self.aeads.iter().copied().find(|a| a.algorithm() == alg)
    }

    pub fn kx_group(&self, name: NamedGroup) -> Option<&'static dyn KxGroup> {
        self.kx_groups.iter().copied().find(|g| g.name() == name)
    }

    /// The same primitives with another random source (a scripted one for RFC traces, a seeded
    /// one for fuzzing).
    pub fn with_random(&self, random: Arc<dyn SecureRandom>) -> Self {
        Self {
            random,
            ..self.clone()
        }
    }
}

impl core::fmt::Debug for CryptoProvider {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("CryptoProvider")
            .field(
                "kx_groups",
                &self
                    .kx_groups
                    .iter()
                    .map(|g| g.name())
                    .collect::<alloc::vec::Vec<_>>(),
            )
            .field("verification", &self.verification)
            .finish_non_exhaustive()
    }
}
