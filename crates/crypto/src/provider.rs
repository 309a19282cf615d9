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
    /// The hash functions (SHA-256 and SHA-384 cover every supported suite).
    pub hashes: &'static [&'static dyn Hash],
    /// HMAC over each hash (the TLS 1.2 PRF, Finished, tickets).
    pub hmacs: &'static [&'static dyn Hmac],
    /// HKDF over each hash (the TLS 1.3 key schedule, RFC 9846 §7.1).
    pub hkdfs: &'static [&'static dyn Hkdf],
    /// The AEADs; a cipher suite whose AEAD is missing here is never negotiated.
    pub aeads: &'static [&'static dyn Aead],
    /// Key-exchange groups, in order of preference (the configs' default `groups` list).
    pub kx_groups: &'static [&'static dyn KxGroup],
    /// Signature verification for certificate chains and handshake signatures.
    pub verification: VerificationAlgorithms,
    /// Turns DER private keys into [`SigningKey`](crate::sign::SigningKey)s.
    pub key_loader: &'static dyn KeyLoader,
    /// Where every random byte of the protocol comes from (nonces, key shares, tickets).
    pub random: Arc<dyn SecureRandom>,
}

impl CryptoProvider {
    /// The hash function `alg`, if the provider has it.
    pub fn hash(&self, alg: HashAlgorithm) -> Option<&'static dyn Hash> {
        self.hashes.iter().copied().find(|h| h.algorithm() == alg)
    }

    /// HMAC over `alg`, if the provider has it.
    pub fn hmac(&self, alg: HashAlgorithm) -> Option<&'static dyn Hmac> {
        self.hmacs
            .iter()
            .copied()
            .find(|h| h.hash_algorithm() == alg)
    }

    /// HKDF over `alg`, if the provider has it.
    pub fn hkdf(&self, alg: HashAlgorithm) -> Option<&'static dyn Hkdf> {
        self.hkdfs
            .iter()
            .copied()
            .find(|h| h.hash_algorithm() == alg)
    }

    /// The AEAD `alg`, if the provider has it.
    pub fn aead(&self, alg: AeadAlgorithm) -> Option<&'static dyn Aead> {
        self.aeads.iter().copied().find(|a| a.algorithm() == alg)
    }

    /// The key-exchange group `name`, if the provider has it.
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
