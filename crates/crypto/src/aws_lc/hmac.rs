//! HMAC (RFC 2104) over SHA-256 and SHA-384 from `aws_lc_rs::hmac` (written once for both
//! backends in `ring_like/hmac.rs`).

crate::ring_like::hmac_module!(aws_lc_rs, "`aws-lc-rs`", AwsLcHmac);
