//! The injected random source. Every random byte the protocol uses comes through here.
//!
//! Three sources ship with the crate: [`OsRandom`] (the operating system, `std` only),
//! [`ScriptedRandom`] (a fixed byte script, for reproducing published traces such as RFC 8448)
//! and [`SeededRandom`] (a deterministic stream from a seed, for fuzzing and simulation).

use crate::CryptoError;

#[cfg(feature = "std")]
mod os;
mod scripted;
mod seeded;

#[cfg(feature = "std")]
pub use os::OsRandom;
pub use scripted::ScriptedRandom;
pub use seeded::SeededRandom;

/// A source of cryptographically secure random bytes.
///
/// `&self` with interior mutability, so one provider can be shared (`Arc`) across connections and
/// threads.
pub trait SecureRandom: Send + Sync {
    /// Fills all of `dest` with random bytes, or fails with
    /// [`RandomUnavailable`](CryptoError::RandomUnavailable) (the protocol then fails the
    /// handshake with internal_error rather than continue with weak randomness).
    fn fill(&self, dest: &mut [u8]) -> Result<(), CryptoError>;
}
