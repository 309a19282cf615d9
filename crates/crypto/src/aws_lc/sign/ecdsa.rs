//! ECDSA signing on P-256 and P-384 with `aws-lc-rs`, only through
//! [`NATIVE_ECDSA_KEY_LOADER`](super::loader::NATIVE_ECDSA_KEY_LOADER). The key is written once
//! for both backends in `ring_like/sign.rs`; importing and signing are `aws-lc-rs`'s own here.
//!
//! AWS-LC draws each nonce from its own generator, which `aws-lc-rs` offers no way to replace
//! (its `sign` ignores the RNG argument). Signing draws nothing from the injected source, like
//! the RustCrypto key, so the injected stream and everything else derived from it stay the
//! same; but the signature's own bytes differ from run to run, which is why the provider's
//! default loader keeps ECDSA keys on RustCrypto.

use alloc::vec::Vec;

use ::aws_lc_rs::rand::SystemRandom;
use ::aws_lc_rs::signature::{EcdsaKeyPair, EcdsaSigningAlgorithm};

use crate::CryptoError;

crate::ring_like::ecdsa_module!(aws_lc_rs, "`aws-lc-rs`", AwsLcEcdsaKey, import: import, sign: sign);

fn import(
    alg: &'static EcdsaSigningAlgorithm,
    private: &[u8],
    public: &[u8],
) -> Result<EcdsaKeyPair, CryptoError> {
    EcdsaKeyPair::from_private_key_and_public_key(alg, private, public)
        .map_err(|_| CryptoError::KeyRejected("aws-lc-rs refused the ECDSA key"))
}

fn sign(pair: &EcdsaKeyPair, message: &[u8]) -> Result<Vec<u8>, CryptoError> {
    // The argument is ignored by `aws-lc-rs` (see the module documentation).
    let sig = pair
        .sign(&SystemRandom::new(), message)
        .map_err(|_| CryptoError::BadSignature)?;
    Ok(sig.as_ref().to_vec())
}
