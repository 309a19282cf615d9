//! Values every TLS 1.3 key schedule over a hash function starts from, fixed per hash:
//! `Transcript-Hash("")`, the context of Derive-Secret over no messages, and the salt a
//! handshake without a PSK extracts its Handshake Secret with (RFC 9846 §7.1):
//!
//! ```text
//! Derive-Secret(HKDF-Extract(0, 0), "derived", "")
//! ```
//!
//! Without a PSK the Early Secret has no input but zeros, so that whole stage is a constant: a
//! full handshake starts at the Handshake Secret's extraction (two HMAC keyings, two HMACs and a
//! hash fewer on each side). The tests below recompute every value.

use ferrotls_crypto::{HashAlgorithm, HashOutput};

use super::HashPrimitives;

/// `Transcript-Hash("")` of the primitives' hash.
pub(super) fn empty_hash(prims: &HashPrimitives) -> HashOutput {
    match prims.algorithm() {
        HashAlgorithm::Sha256 => HashOutput::new(&SHA256_EMPTY),
        HashAlgorithm::Sha384 => HashOutput::new(&SHA384_EMPTY),
    }
}

/// `Derive-Secret(HKDF-Extract(0, 0), "derived", "")` of the primitives' hash: the salt of the
/// Handshake Secret when no PSK is in use.
pub(super) fn derived_without_psk(prims: &HashPrimitives) -> &'static [u8] {
    match prims.algorithm() {
        HashAlgorithm::Sha256 => &SHA256_DERIVED_WITHOUT_PSK,
        HashAlgorithm::Sha384 => &SHA384_DERIVED_WITHOUT_PSK,
    }
}

const SHA256_EMPTY: [u8; 32] = [
    0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14, 0x9a, 0xfb, 0xf4, 0xc8,
    0x99, 0x6f, 0xb9, 0x24, 0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c,
    0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55,
];
const SHA256_DERIVED_WITHOUT_PSK: [u8; 32] = [
    0x6f, 0x26, 0x15, 0xa1, 0x08, 0xc7, 0x02, 0xc5, 0x67, 0x8f, 0x54, 0xfc,
    0x9d, 0xba, 0xb6, 0x97, 0x16, 0xc0, 0x76, 0x18, 0x9c, 0x48, 0x25, 0x0c,
    0xeb, 0xea, 0xc3, 0x57, 0x6c, 0x36, 0x11, 0xba,
];
const SHA384_EMPTY: [u8; 48] = [
    0x38, 0xb0, 0x60, 0xa7, 0x51, 0xac, 0x96, 0x38, 0x4c, 0xd9, 0x32, 0x7e,
    0xb1, 0xb1, 0xe3, 0x6a, 0x21, 0xfd, 0xb7, 0x11, 0x14, 0xbe, 0x07, 0x43,
    0x4c, 0x0c, 0xc7, 0xbf, 0x63, 0xf6, 0xe1, 0xda, 0x27, 0x4e, 0xde, 0xbf,
    0xe7, 0x6f, 0x65, 0xfb, 0xd5, 0x1a, 0xd2, 0xf1, 0x48, 0x98, 0xb9, 0x5b,
];
const SHA384_DERIVED_WITHOUT_PSK: [u8; 48] = [
    0x15, 0x91, 0xda, 0xc5, 0xcb, 0xbf, 0x03, 0x30, 0xa4, 0xa8, 0x4d, 0xe9,
    0xc7, 0x53, 0x33, 0x0e, 0x92, 0xd0, 0x1f, 0x0a, 0x88, 0x21, 0x4b, 0x44,
    0x64, 0x97, 0x2f, 0xd6, 0x68, 0x04, 0x9e, 0x93, 0xe5, 0x2f, 0x2b, 0x16,
    0xfa, 0xd9, 0x22, 0xfd, 0xc0, 0x58, 0x44, 0x78, 0x42, 0x8f, 0x28, 0x2b,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key_schedule::hkdf_label::derive_secret;
    use crate::key_schedule::test_util::{sha256, sha384};

    #[test]
    fn constants_are_what_the_schedule_computes() {
        for prims in [sha256(), sha384()] {
            assert_eq!(empty_hash(&prims), prims.hash.hash(&[]));
            let zeros = [0u8; 48];
            let zeros = &zeros[..prims.output_len()];
            let early = prims.hkdf.extract(None, zeros);
            let derived =
                derive_secret(&prims, &early, b"derived", &prims.hash.hash(&[])).unwrap();
            assert_eq!(derived_without_psk(&prims), derived.as_bytes());
        }
    }
}
