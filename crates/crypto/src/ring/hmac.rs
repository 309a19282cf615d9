//! HMAC (RFC 2104) over SHA-256 and SHA-384 from `ring::hmac` (written once for both backends in
//! `ring_like/hmac.rs`).

crate::ring_like::hmac_module!(ring, "`ring`", RingHmac);
