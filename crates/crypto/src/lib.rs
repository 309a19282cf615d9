//! Cryptography for ferrotls: the provider traits the protocol core is written against, the
//! default provider built on the RustCrypto crates ([`rustcrypto`]), and two optional ones on
//! `ring` (feature `ring`, module `ring`) and `aws-lc-rs` (feature `aws-lc-rs`, module `aws_lc`).
//!
//! The protocol never calls a primitive directly: it asks a [`CryptoProvider`] for a hash, an HMAC,
//! an HKDF, an AEAD, a key-exchange group, a signature verifier or a signing key, and it draws every
//! random byte from the provider's [`SecureRandom`]. Swapping the random source for a scripted one
//! is what lets tests reproduce RFC 8448 byte for byte and lets a fuzzer replay its findings.
//!
//! `ferrotls-core` re-exports this crate as `ferrotls_core::crypto`; an application needs no
//! separate dependency on it.
//!
//! # Choosing a provider
//!
//! | provider | call | feature | notes |
//! |---|---|---|---|
//! | RustCrypto (pure Rust, `no_std` + `alloc`) | [`rustcrypto::default_provider`] | default (`std` for the OS random source) | without `std`: [`rustcrypto::provider_with_random`] with your own [`SecureRandom`] |
//! | `ring` 0.17 | `ring::provider()` | `ring` | ML-KEM-768 of the hybrid group stays RustCrypto's |
//! | `aws-lc-rs` 1.x | `aws_lc::provider()` | `aws-lc-rs` | builds AWS-LC with the C compiler |
//!
//! Each offers SHA-256/384, HMAC, HKDF, AES-128/256-GCM, ChaCha20-Poly1305, the key-exchange
//! groups X25519MLKEM768 (post-quantum hybrid, TLS 1.3 only, preferred), X25519, P-256 and P-384,
//! and ECDSA (P-256, P-384), Ed25519, RSA-PSS and RSA PKCS#1 v1.5 signatures. Every provider
//! takes its randomness from the injected source (`with_random`), so any of them can run a
//! scripted trace.
//!
//! ```
//! use std::sync::Arc;
//! use ferrotls_crypto::rustcrypto::default_provider;
//! use ferrotls_crypto::{AeadAlgorithm, HashAlgorithm, NamedGroup};
//!
//! let provider = Arc::new(default_provider());
//!
//! // The groups in the order a config offers them by default: the hybrid first.
//! let groups: Vec<NamedGroup> = provider.kx_groups.iter().map(|g| g.name()).collect();
//! assert_eq!(groups[..2], [NamedGroup::X25519MLKEM768, NamedGroup::X25519]);
//!
//! // The primitives are there to look up, e.g. for an exporter of your own.
//! let sha256 = provider.hash(HashAlgorithm::Sha256).unwrap();
//! assert_eq!(sha256.hash(b"abc").as_bytes().len(), 32);
//!
//! // An AEAD round trip, in place (RFC 5116): 16-byte key, 12-byte nonce, 16-byte tag.
//! let key = provider.aead(AeadAlgorithm::Aes128Gcm).unwrap().new_key(&[7; 16])?;
//! let mut buf = *b"attack at dawn";
//! let tag = key.seal_in_place(&[0; 12], b"header", &mut buf)?;
//! let mut sealed = [&buf[..], &tag[..]].concat();
//! let n = key.open_in_place(&[0; 12], b"header", &mut sealed)?;
//! assert_eq!(&sealed[..n], b"attack at dawn");
//! # Ok::<(), ferrotls_crypto::CryptoError>(())
//! ```
//!
//! With the optional providers the same code runs on `ring` or AWS-LC:
//!
//! ```
//! # #[cfg(all(feature = "ring", feature = "aws-lc-rs"))] {
//! let on_ring = ferrotls_crypto::ring::provider();
//! let on_aws_lc = ferrotls_crypto::aws_lc::provider();
//! assert_eq!(on_ring.kx_groups.len(), on_aws_lc.kx_groups.len());
//! # }
//! ```
//!
//! # Loading a private key
//!
//! A provider's [`KeyLoader`](sign::KeyLoader) turns a DER private key — PKCS#8, SEC1 (EC) or
//! PKCS#1 (RSA), as `rustls-pki-types`' `PrivateKeyDer` — into a
//! [`SigningKey`](sign::SigningKey) for a certificate. From a PEM file, `ferrotls_core::pem`'s
//! `load_signing_key` does it in one call with errors naming the file (and recognising an
//! encrypted key); here the steps underneath:
//!
//! ```
//! use rustls_pki_types::pem::PemObject;
//! use rustls_pki_types::PrivateKeyDer;
//! use ferrotls_crypto::rustcrypto::default_provider;
//! use ferrotls_crypto::sign::KeyKind;
//! use ferrotls_crypto::SignatureScheme;
//!
//! # let path = "../../vectors/certs/server-ecdsa-p256.key"; // doc tests run in crates/crypto
//! let provider = default_provider();
//! let der = PrivateKeyDer::from_pem_file(path).expect("a PEM private key");
//! let key = provider.key_loader.load_private_key(&der)?;
//! assert_eq!(key.kind(), KeyKind::EcdsaP256);
//!
//! // The handshake picks the first of the key's schemes the peer offered (RFC 9846 §4.3.3).
//! let offered = [SignatureScheme::ED25519, SignatureScheme::ECDSA_NISTP256_SHA256];
//! let scheme = key.choose_scheme(&offered).unwrap();
//! assert_eq!(scheme, SignatureScheme::ECDSA_NISTP256_SHA256);
//! let signature = key.sign(scheme, b"to be signed", provider.random.as_ref())?;
//! assert!(!signature.is_empty());
//!
//! // A key the provider cannot use is refused with a reason, not a panic.
//! let garbage = PrivateKeyDer::Pkcs8(vec![0x30, 0x00].into());
//! assert!(provider.key_loader.load_private_key(&garbage).is_err());
//! # Ok::<(), ferrotls_crypto::CryptoError>(())
//! ```
//!
//! # What is for whom
//!
//! - Applications: a provider function above, [`CryptoProvider::with_random`], the random
//!   sources in [`random`], [`sign`] (key loading, [`ExternalKey`](sign::ExternalKey) for a key
//!   held in an HSM), and the code points in [`ids`].
//! - Writers of another provider: the traits ([`hash`], [`hmac`], [`hkdf`], [`aead`], [`kx`],
//!   [`sign`], [`verify`]) and the value types [`Secret`], [`HashOutput`],
//!   [`KeyedAead::boxed`](aead::KeyedAead::boxed).
//! - ferrotls' own crates only (public because the record layer and the core are separate
//!   crates; no stability promise): the [`codepoint!`] macro and [`prf`] (the TLS 1.2 PRF is
//!   protocol, used by the core's key schedule).
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod aead;
#[cfg(feature = "aws-lc-rs")]
pub mod aws_lc;
pub mod error;
pub mod hash;
pub mod hkdf;
pub mod hmac;
pub mod ids;
pub mod kx;
pub mod prf;
pub mod provider;
pub mod random;
#[cfg(feature = "ring")]
pub mod ring;
#[cfg(any(feature = "ring", feature = "aws-lc-rs"))]
mod ring_like;
pub mod rustcrypto;
pub mod secret;
pub mod sign;
pub mod verify;

#[cfg(test)]
mod test_hex;

pub use error::CryptoError;
pub use ids::{AeadAlgorithm, HashAlgorithm, NamedGroup, SignatureScheme};
pub use provider::CryptoProvider;
pub use random::SecureRandom;
pub use secret::{HashOutput, Secret};
