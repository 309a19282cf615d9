//! The TLS 1.2 pseudo-random function (RFC 5246 §5): P_hash over the provider's HMAC.
//!
//! This is protocol, not a primitive, so ferrotls writes it; the HMAC under it comes from the
//! provider.
//!
//! ```text
//! PRF(secret, label, seed) = P_<hash>(secret, label + seed)
//! P_hash(secret, seed) = HMAC_hash(secret, A(1) + seed) + HMAC_hash(secret, A(2) + seed) + ...
//! A(0) = seed,  A(i) = HMAC_hash(secret, A(i-1))
//! ```
//!
//! Label and seed are passed as separate slices (the seed itself in chunks, e.g. the two hello
//! randoms) and fed to the HMAC as chunks, so nothing is concatenated into a buffer.
//!
//! Public for the core's TLS 1.2 key schedule, which lives in another crate; it is not meant for
//! applications (use `Connection::export_keying_material` for exporters).

use alloc::vec::Vec;

use crate::hmac::{Hmac, HmacKey};
use crate::Secret;

/// `PRF(secret, label, seed)` of RFC 5246 §5, filling all of `out`.
///
/// `seed` is the concatenation of its chunks. Any output length is allowed: P_hash iterates as
/// often as needed and the last iteration's output is truncated.
pub fn prf(hmac: &dyn Hmac, secret: &[u8], label: &[u8], seed: &[&[u8]], out: &mut [u8]) {
    hmac.with_key_scoped(secret, &mut |key| p_hash(key, label, seed, out));
}

/// Seed chunks P_hash handles without a heap allocation: TLS passes at most two (the hello
/// randoms), a label and A(i) make four.
const INLINE_CHUNKS: usize = 6;

/// `P_hash(secret, label + seed)` over an already keyed HMAC (RFC 5246 §5), filling all of `out`.
pub fn p_hash(key: &dyn HmacKey, label: &[u8], seed: &[&[u8]], out: &mut [u8]) {
    if out.is_empty() {
        return;
    }
    // A(1) = HMAC(secret, label + seed).
    let mut a = sign_chunks(key, None, label, seed);
    let mut blocks = out.chunks_mut(key.tag_len().max(1)).peekable();
    while let Some(block) = blocks.next() {
        // HMAC(secret, A(i) + label + seed).
        let output = sign_chunks(key, Some(a.as_bytes()), label, seed);
        let take = block.len().min(output.len());
        block[..take].copy_from_slice(&output.as_bytes()[..take]);
        if blocks.peek().is_some() {
            a = key.sign(&[a.as_bytes()]);
        }
    }
}

/// HMAC over `a + label + seed`, fed as chunks so nothing is concatenated; the chunk list is on
/// the stack for every seed TLS uses.
fn sign_chunks(key: &dyn HmacKey, a: Option<&[u8]>, label: &[u8], seed: &[&[u8]]) -> Secret {
    let all = || {
        a.into_iter()
            .chain(core::iter::once(label))
            .chain(seed.iter().copied())
    };
    let count = usize::from(a.is_some()) + 1 + seed.len();
    let mut inline: [&[u8]; INLINE_CHUNKS] = [&[]; INLINE_CHUNKS];
    if count <= INLINE_CHUNKS {
        for (slot, chunk) in inline.iter_mut().zip(all()) {
            *slot = chunk;
        }
        key.sign(&inline[..count])
    } else {
        key.sign(&all().collect::<Vec<_>>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rustcrypto::hmac::{HMAC_SHA256, HMAC_SHA384};
    use crate::test_hex::unhex;

    // The widely used TLS 1.2 PRF test cases (SHA-256 100 bytes, SHA-384 148 bytes, "test label"),
    // also in vectors/tls12/openssl-prf.txt where OpenSSL 3.0 reproduces them.
    const SECRET: &str = "9bbe436ba940f017b17652849a71db35";
    const SEED: &str = "a0ba9f936cda311827a6f796ffd5198c";
    const EXPECTED: &str = "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a\
                            6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab\
                            4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff701\
                            87347b66";

    fn sha256() -> &'static dyn Hmac {
        &HMAC_SHA256
    }

    #[test]
    fn seed_in_more_chunks_than_fit_inline() {
        let seed = unhex(SEED);
        let mut whole = [0u8; 100];
        prf(
            sha256(),
            &unhex(SECRET),
            b"test label",
            &[&seed],
            &mut whole,
        );
        let pieces: Vec<&[u8]> = seed.chunks(2).collect();
        assert!(pieces.len() + 2 > INLINE_CHUNKS);
        let mut split = [0u8; 100];
        prf(sha256(), &unhex(SECRET), b"test label", &pieces, &mut split);
        assert_eq!(whole, split);
        assert_eq!(whole.as_slice(), unhex(EXPECTED).as_slice());
    }

    #[test]
    fn known_answer_sha256_100_bytes() {
        let mut out = [0u8; 100];
        prf(
            sha256(),
            &unhex(SECRET),
            b"test label",
            &[&unhex(SEED)],
            &mut out,
        );
        assert_eq!(out.as_slice(), unhex(EXPECTED).as_slice());
    }

    #[test]
    fn known_answer_sha384_148_bytes() {
        let expected = unhex(
            "7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cd\
             e9ca0faa60be9fe34f82b1233c9146a0e534cb400fed2700884f9dc236f80edd\
             8bfa961144c9e8d792eca722a7b32fc3d416d473ebc2c5fd4abfdad05d918425\
             9b5bf8cd4d90fa0d31e2dec479e4f1a26066f2eea9a69236a3e52655c9e9aee6\
             91c8f3a26854308d5eaa3be85e0990703d73e56f",
        );
        let mut out = [0u8; 148];
        let secret = unhex("b80b733d6ceefcdc71566ea48e5567df");
        let seed = unhex("cd665cf6a8447dd6ff8b27555edb7465");
        prf(&HMAC_SHA384, &secret, b"test label", &[&seed], &mut out);
        assert_eq!(out.as_slice(), expected.as_slice());
    }

    #[test]
    fn seed_chunking_does_not_change_output() {
        let seed = unhex(SEED);
        let mut whole = [0u8; 100];
        let mut split = [0u8; 100];
        prf(
            sha256(),
            &unhex(SECRET),
            b"test label",
            &[&seed],
            &mut whole,
        );
        prf(
            sha256(),
            &unhex(SECRET),
            b"test label",
            &[&seed[..3], &[], &seed[3..]],
            &mut split,
        );
        assert_eq!(whole, split);
    }

    #[test]
    fn shorter_output_is_a_prefix() {
        let expected = unhex(EXPECTED);
        for len in [0usize, 1, 12, 31, 32, 33, 64, 99] {
            let mut out = alloc::vec![0u8; len];
            prf(
                sha256(),
                &unhex(SECRET),
                b"test label",
                &[&unhex(SEED)],
                &mut out,
            );
            assert_eq!(out.as_slice(), &expected[..len], "length {len}");
        }
    }
}
