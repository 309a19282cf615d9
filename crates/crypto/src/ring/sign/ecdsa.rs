//! ECDSA signing on P-256 and P-384 with `ring`: deterministic, drawing nothing from the
//! injected source (as the RustCrypto key, which follows RFC 6979). The key is written once for
//! both backends in `ring_like/sign.rs`; importing and signing are `ring`'s own here.
//!
//! `ring` derives each nonce by hashing a key derived from the private key, bytes from its RNG
//! and the message digest. Given a constant for those bytes (`given_random::constant`) the
//! nonce is a function of the private key and the message, secret and distinct per message as
//! RFC 6979's is. If a nonce is out of range (about 2^-32 for P-256) `ring` gives up after
//! retrying with the same bytes, so the next constant is tried.

use alloc::vec::Vec;

use ::ring::signature::{EcdsaKeyPair, EcdsaSigningAlgorithm};

use crate::ring::given_random;
use crate::CryptoError;

crate::ring_like::ecdsa_module!(ring, "`ring`", RingEcdsaKey, import: import, sign: sign);

/// `ring` wants an RNG at import too (it draws nothing from it there).
fn import(
    alg: &'static EcdsaSigningAlgorithm,
    private: &[u8],
    public: &[u8],
) -> Result<EcdsaKeyPair, CryptoError> {
    EcdsaKeyPair::from_private_key_and_public_key(alg, private, public, &given_random::constant(0))
        .map_err(|_| CryptoError::KeyRejected("ring refused the ECDSA key"))
}

fn sign(pair: &EcdsaKeyPair, message: &[u8]) -> Result<Vec<u8>, CryptoError> {
    for attempt in 0..=u8::MAX {
        if let Ok(sig) = pair.sign(&given_random::constant(attempt), message) {
            return Ok(sig.as_ref().to_vec());
        }
    }
    Err(CryptoError::BadSignature)
}
