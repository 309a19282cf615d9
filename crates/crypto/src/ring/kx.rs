//! X25519, secp256r1 and secp384r1 key exchange from `ring::agreement` (written once for both
//! backends in `ring_like/kx.rs`).
//!
//! The private key is drawn from the injected source as the RustCrypto groups draw it, then
//! handed to `ring`'s key generation as its "random" bytes (see `super::given_random`): `ring`
//! lets no private key-agreement scalar be imported. It reads exactly those bytes once and, as
//! they are a valid scalar, uses them unchanged, so every provider derives the same key from the
//! same script (RFC 8448's X25519 shares included).

use ::ring::agreement::{self, EphemeralPrivateKey, UnparsedPublicKey};

use super::given_random;
use crate::{CryptoError, Secret};

crate::ring_like::kx_module!(
    ring,
    "`ring`",
    RingKx,
    private: EphemeralPrivateKey,
    generate: generate,
    agree: agree,
);

/// `ring`'s key generation, given the drawn scalar as its one `fill`.
fn generate(
    algorithm: &'static agreement::Algorithm,
    scalar: &[u8],
) -> Result<EphemeralPrivateKey, CryptoError> {
    EphemeralPrivateKey::generate(algorithm, &given_random::drawn(scalar))
        .map_err(|_| CryptoError::RandomUnavailable)
}

/// `ring` consumes an ephemeral key in the agreement.
fn agree(
    private: EphemeralPrivateKey,
    peer: UnparsedPublicKey<&[u8]>,
) -> Result<Secret, CryptoError> {
    agreement::agree_ephemeral(private, &peer, Secret::new).map_err(|_| CryptoError::InvalidPeerKey)
}
