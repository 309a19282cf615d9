//! Helpers shared by the key-schedule unit tests.

use alloc::vec::Vec;

use ferrotls_crypto::rustcrypto::{hash, hkdf, hmac};
use ferrotls_crypto::HashOutput;

use super::HashPrimitives;

pub fn sha256() -> HashPrimitives {
    HashPrimitives {
        hash: &hash::SHA256,
        hmac: &hmac::HMAC_SHA256,
        hkdf: &hkdf::HKDF_SHA256,
    }
}

pub fn sha384() -> HashPrimitives {
    HashPrimitives {
        hash: &hash::SHA384,
        hmac: &hmac::HMAC_SHA384,
        hkdf: &hkdf::HKDF_SHA384,
    }
}

pub fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

pub fn hash_output(s: &str) -> HashOutput {
    HashOutput::new(&unhex(s))
}
