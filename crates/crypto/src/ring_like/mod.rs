//! What the `ring` and `aws-lc-rs` providers share, written once.
//!
//! `aws-lc-rs` mirrors `ring`'s API: the same module paths, function names and signatures, but
//! each crate's own types (`ring::hmac::Key` is not `aws_lc_rs::hmac::Key`), and no trait
//! common to both that generic code could be written against. So each shared module is a macro
//! over the backend crate's name, expanded in `ring/` and `aws_lc/` with that provider's public
//! type names; the provider's file keeps its module documentation and whatever really differs.
//!
//! | macro | expanded in | what stays in the provider's file |
//! |---|---|---|
//! | [`hash_module`](hash) | `hash.rs` | |
//! | [`hmac_module`](hmac) | `hmac.rs` | |
//! | [`hkdf_module`](hkdf) | `hkdf.rs` | the PRK: `ring` keys HMAC once per PRK, `aws-lc-rs` expands with AWS-LC's own HKDF |
//! | [`aead_module`](aead) | `aead.rs` | |
//! | [`kx_module`](kx) | `kx.rs` | making the private key from the drawn scalar, and the agreement call |
//! | [`verify_module`](verify) | `verify.rs` | |
//! | [`ed25519_module`](sign) | `sign/ed25519.rs` | |
//! | [`ecdsa_module`](sign) | `sign/ecdsa.rs` | importing the key pair and signing (nonce source) |
//! | [`provider_module`](provider) | `mod.rs` | X25519MLKEM768 (why RustCrypto's ML-KEM), the module list |
//!
//! Key loading (`sign/loader.rs`) and RSA signing stay separate: `ring` signs RSA and ECDSA
//! itself, `aws-lc-rs` leaves both to RustCrypto by default, for reproducible signatures.

pub(crate) mod aead;
pub(crate) mod hash;
pub(crate) mod hkdf;
pub(crate) mod hmac;
pub(crate) mod kx;
pub(crate) mod provider;
pub(crate) mod sign;
pub(crate) mod verify;

pub(crate) use aead::aead_module;
#[cfg(feature = "aws-lc-rs")]
pub(crate) use aead::seal_out_of_place;
pub(crate) use hash::hash_module;
pub(crate) use hkdf::hkdf_module;
pub(crate) use hmac::hmac_module;
pub(crate) use kx::kx_module;
pub(crate) use provider::provider_module;
pub(crate) use sign::{ecdsa_module, ed25519_module};
pub(crate) use verify::verify_module;
