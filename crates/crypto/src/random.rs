//! The injected random source. Every random byte the protocol uses comes through here.

use crate::CryptoError;

/// A source of cryptographically secure random bytes.
///
/// `&self` with interior mutability, so one provider can be shared (`Arc`) across connections and
/// threads.
pub trait SecureRandom: Send + Sync {
    fn fill(&self, dest: &mut [u8]) -> Result<(), CryptoError>;
}
