//! AES-128-GCM, AES-256-GCM and ChaCha20-Poly1305 from `aws_lc_rs::aead`, sealing in place or
//! from one buffer into another (`seal_out_of_place_scatter`), opening in place (written once for
//! both backends in `ring_like/aead.rs`).

crate::ring_like::aead_module!(
    aws_lc_rs,
    "`aws-lc-rs`",
    AwsLcAead,
    AwsLcAeadKey,
    aws_lc,
    seal_out_of_place
);
