//! SHA-256 and SHA-384 (FIPS 180-4) from `ring::digest` (written once for both backends in
//! `ring_like/hash.rs`).

crate::ring_like::hash_module!(ring, "`ring`", RingHash, ring);
