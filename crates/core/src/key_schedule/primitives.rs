//! The hash, HMAC and HKDF of one hash function, looked up once from a provider.

use core::fmt;

use ferrotls_crypto::hash::Hash;
use ferrotls_crypto::hkdf::Hkdf;
use ferrotls_crypto::hmac::Hmac;
use ferrotls_crypto::{CryptoProvider, HashAlgorithm, HashOutput};

use super::KeyScheduleError;

/// The three primitives a key schedule needs, all over the cipher suite's hash function.
///
/// Looking them up together guarantees they agree on the hash, which every derivation relies on
/// (RFC 8446 §7.1: all secrets are Hash.length bytes). The fields are public so tests can
/// assemble one from statics; whoever does so must keep the three on the same hash.
#[derive(Clone, Copy)]
pub struct HashPrimitives {
    /// Transcript hashing and `Hash("")`.
    pub hash: &'static dyn Hash,
    /// Finished, binders, and the TLS 1.2 PRF.
    pub hmac: &'static dyn Hmac,
    /// The TLS 1.3 schedule.
    pub hkdf: &'static dyn Hkdf,
}

impl HashPrimitives {
    /// Look up the primitives for `alg` in `provider`.
    pub fn from_provider(
        provider: &CryptoProvider,
        alg: HashAlgorithm,
    ) -> Result<Self, KeyScheduleError> {
        let missing = KeyScheduleError::UnsupportedHash(alg);
        Ok(Self {
            hash: provider.hash(alg).ok_or(missing)?,
            hmac: provider.hmac(alg).ok_or(missing)?,
            hkdf: provider.hkdf(alg).ok_or(missing)?,
        })
    }

    /// The hash function all three are built on.
    pub fn algorithm(&self) -> HashAlgorithm {
        self.hash.algorithm()
    }

    /// Hash.length: the size of every TLS 1.3 secret and Finished value.
    pub fn output_len(&self) -> usize {
        self.hash.output_len()
    }

    /// `Transcript-Hash("")`, the context of Derive-Secret over no messages (RFC 8446 §7.1): a
    /// constant of the hash, not hashed again.
    pub fn empty_hash(&self) -> HashOutput {
        super::constants::empty_hash(self)
    }

    /// Fails unless `h` is Hash.length bytes, so a hash of another suite is never mixed in.
    pub(crate) fn check_hash(&self, h: &HashOutput) -> Result<(), KeyScheduleError> {
        if h.as_bytes().len() == self.output_len() {
            Ok(())
        } else {
            Err(KeyScheduleError::BadLength)
        }
    }
}

impl fmt::Debug for HashPrimitives {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("HashPrimitives")
            .field(&self.algorithm())
            .finish()
    }
}
