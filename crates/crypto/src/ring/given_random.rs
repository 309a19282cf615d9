//! The only two ways into `ring`'s sealed `SecureRandom`: bytes we drew from the injected source,
//! and a constant.
//!
//! `ring` lets a caller implement neither its RNG trait nor import a private key-agreement scalar;
//! what it does let in are the deterministic sources of `ring::test::rand` (deprecated as
//! "internal", still public and unchanged through the 0.17 line, which `Cargo.toml` pins):
//!
//! - [`drawn`] hands `ring` bytes already drawn from our [`SecureRandom`](crate::SecureRandom),
//!   exactly as many as `ring` will ask for in one `fill` (`FixedSliceRandom` copies them and
//!   panics on any other length, so each caller states the length `ring` reads and the tests pin
//!   it): the ephemeral key of [`super::kx`] and the RSA-PSS salt of [`super::sign`].
//! - [`constant`] feeds `ring`'s ECDSA nonce derivation, which hashes the private key, these
//!   bytes and the message digest together: with a constant it is a deterministic nonce derived
//!   from key and message, as RFC 6979 intends, and draws nothing, as the RustCrypto ECDSA key
//!   draws nothing.
#![allow(deprecated)]

use ::ring::rand::SecureRandom as RingRandom;
use ::ring::test::rand::{FixedByteRandom, FixedSliceRandom};

/// Bytes drawn from the injected source, handed to one `ring` call that asks for exactly
/// `bytes.len()` of them in one `fill`.
pub(super) fn drawn(bytes: &[u8]) -> impl RingRandom + '_ {
    FixedSliceRandom { bytes }
}

/// The constant input of `ring`'s ECDSA nonce derivation; `attempt` varies it only when a nonce
/// is rejected (see `super::sign`).
pub(super) fn constant(attempt: u8) -> impl RingRandom {
    FixedByteRandom { byte: attempt }
}
