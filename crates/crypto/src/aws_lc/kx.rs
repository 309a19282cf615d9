//! X25519, secp256r1 and secp384r1 key exchange from `aws_lc_rs::agreement` (written once for
//! both backends in `ring_like/kx.rs`).
//!
//! The private key is drawn from the injected source as the RustCrypto groups draw it and
//! imported (`PrivateKey::from_private_key`), so every provider derives the same key from the
//! same script (RFC 8448's X25519 shares included).

use ::aws_lc_rs::agreement::{self, PrivateKey, UnparsedPublicKey};

use crate::{CryptoError, Secret};

crate::ring_like::kx_module!(
    aws_lc_rs,
    "`aws-lc-rs`",
    AwsLcKx,
    private: PrivateKey,
    generate: generate,
    agree: agree,
);

/// The drawn scalar imported as it is.
fn generate(
    algorithm: &'static agreement::Algorithm,
    scalar: &[u8],
) -> Result<PrivateKey, CryptoError> {
    PrivateKey::from_private_key(algorithm, scalar).map_err(|_| CryptoError::RandomUnavailable)
}

/// `aws-lc-rs`'s agreement borrows the key.
fn agree(private: PrivateKey, peer: UnparsedPublicKey<&[u8]>) -> Result<Secret, CryptoError> {
    agreement::agree(&private, peer, CryptoError::InvalidPeerKey, |shared| {
        Ok(Secret::new(shared))
    })
}
