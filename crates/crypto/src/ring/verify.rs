//! Signature verification from `ring::signature`, in the shape rustls-webpki consumes, with the
//! same algorithms and TLS scheme mapping as the RustCrypto provider.
//!
//! `ring` verifies RSA only with moduli of 2048 to 8192 bits; RSA keys of 1024 to 2047 bits
//! (RFC 8448's test server key is 1024-bit) are verified by the RustCrypto algorithm, which
//! accepts down to [`MIN_MODULUS_BITS`](crate::rustcrypto::verify::rsa::MIN_MODULUS_BITS). The
//! route is chosen by the key's modulus length alone, so a key is never tried twice.
//!
//! Written once for both backends in `ring_like/verify.rs`.

crate::ring_like::verify_module!(ring, "`ring`", RingVerify);
