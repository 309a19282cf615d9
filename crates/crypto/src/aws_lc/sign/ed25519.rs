//! Ed25519 signing (RFC 8032) with `aws-lc-rs`; deterministic by construction, draws nothing
//! (written once for both backends in `ring_like/sign.rs`).

crate::ring_like::ed25519_module!(aws_lc_rs, "aws-lc-rs", AwsLcEd25519Key);
