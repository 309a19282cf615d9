//! SHA-256 and SHA-384 (FIPS 180-4) from `aws_lc_rs::digest` (written once for both backends in
//! `ring_like/hash.rs`).

crate::ring_like::hash_module!(aws_lc_rs, "`aws-lc-rs`", AwsLcHash, aws_lc);
