//! Signing and verification together: the test keys in `vectors/keys/` load in every encoding,
//! sign with every scheme they support, and the signatures verify; OpenSSL's signatures verify
//! too, and tampering is caught.

use alloc::sync::Arc;
use alloc::vec::Vec;

use p256::pkcs8::der::Decode;
use p256::pkcs8::spki::SubjectPublicKeyInfoRef;
use rustls_pki_types::{PrivateKeyDer, PrivatePkcs1KeyDer, PrivatePkcs8KeyDer, PrivateSec1KeyDer};

use super::sign::KEY_LOADER;
use super::verify::{ALL, VERIFICATION};
use crate::random::{ScriptedRandom, SeededRandom};
use crate::sign::{KeyKind, KeyLoader, SigningKey};
use crate::test_hex::unhex;
use crate::{CryptoError, SignatureScheme};

const RSA_PKCS8: &str = include_str!("../../../../vectors/keys/rsa2048.pkcs8.pem");
const RSA_PKCS1: &str = include_str!("../../../../vectors/keys/rsa2048.pkcs1.pem");
const P256_PKCS8: &str = include_str!("../../../../vectors/keys/p256.pkcs8.pem");
const P256_SEC1: &str = include_str!("../../../../vectors/keys/p256.sec1.pem");
const P384_PKCS8: &str = include_str!("../../../../vectors/keys/p384.pkcs8.pem");
const P384_SEC1: &str = include_str!("../../../../vectors/keys/p384.sec1.pem");
const ED25519_PKCS8: &str = include_str!("../../../../vectors/keys/ed25519.pkcs8.pem");
const OPENSSL: &str = include_str!("../../../../vectors/keys/openssl-signatures.txt");

fn openssl(label: &str) -> Vec<u8> {
    OPENSSL
        .lines()
        .find_map(|l| l.strip_prefix(label).and_then(|r| r.strip_prefix(" = ")))
        .map(unhex)
        .unwrap_or_else(|| panic!("no {label} in openssl-signatures.txt"))
}

/// The subjectPublicKey BIT STRING content, which is what webpki hands a verifier.
fn subject_public_key(spki: &[u8]) -> Vec<u8> {
    let spki = SubjectPublicKeyInfoRef::from_der(spki).unwrap();
    spki.subject_public_key.raw_bytes().to_vec()
}

fn load(pem: &str) -> Arc<dyn SigningKey> {
    KEY_LOADER.load_pem(pem).unwrap()
}

#[test]
fn every_encoding_loads_with_the_right_kind_and_public_key() {
    for (pem, kind, spki) in [
        (RSA_PKCS8, KeyKind::Rsa, "rsa2048 spki"),
        (RSA_PKCS1, KeyKind::Rsa, "rsa2048 spki"),
        (P256_PKCS8, KeyKind::EcdsaP256, "p256 spki"),
        (P256_SEC1, KeyKind::EcdsaP256, "p256 spki"),
        (P384_PKCS8, KeyKind::EcdsaP384, "p384 spki"),
        (P384_SEC1, KeyKind::EcdsaP384, "p384 spki"),
        (ED25519_PKCS8, KeyKind::Ed25519, "ed25519 spki"),
    ] {
        let key = load(pem);
        assert_eq!(key.kind(), kind);
        assert_eq!(key.public_key_spki().unwrap(), openssl(spki), "{kind:?}");
        assert!(!alloc::format!("{key:?}").is_empty());
    }
}

#[test]
fn der_variants_load_through_the_trait() {
    use rustls_pki_types::pem::PemObject;
    let pkcs8 = PrivatePkcs8KeyDer::from_pem_slice(P256_PKCS8.as_bytes()).unwrap();
    let sec1 = PrivateSec1KeyDer::from_pem_slice(P384_SEC1.as_bytes()).unwrap();
    let pkcs1 = PrivatePkcs1KeyDer::from_pem_slice(RSA_PKCS1.as_bytes()).unwrap();
    let loader: &dyn KeyLoader = &KEY_LOADER;
    assert_eq!(
        loader
            .load_private_key(&PrivateKeyDer::Pkcs8(pkcs8))
            .unwrap()
            .kind(),
        KeyKind::EcdsaP256
    );
    assert_eq!(
        loader
            .load_private_key(&PrivateKeyDer::Sec1(sec1))
            .unwrap()
            .kind(),
        KeyKind::EcdsaP384
    );
    assert_eq!(
        loader
            .load_private_key(&PrivateKeyDer::Pkcs1(pkcs1))
            .unwrap()
            .kind(),
        KeyKind::Rsa
    );
}

#[test]
fn garbage_is_rejected_not_panicked_on() {
    let loader: &dyn KeyLoader = &KEY_LOADER;
    for bytes in [&[][..], &[0x30], &[0x30, 0x82, 0xff, 0xff], &[0xff; 40]] {
        let v = bytes.to_vec();
        assert!(matches!(
            loader.load_private_key(&PrivateKeyDer::Pkcs8(v.clone().into())),
            Err(CryptoError::KeyRejected(_))
        ));
        assert!(loader
            .load_private_key(&PrivateKeyDer::Sec1(v.clone().into()))
            .is_err());
        assert!(loader
            .load_private_key(&PrivateKeyDer::Pkcs1(v.into()))
            .is_err());
    }
    assert!(KEY_LOADER.load_pem("not pem").is_err());
    let cert_only = "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n";
    assert!(KEY_LOADER.load_pem(cert_only).is_err());
}

#[test]
fn sign_then_verify_every_scheme_of_every_key() {
    let rng = SeededRandom::new([11; 32]);
    let msg = b"TLS 1.3, server CertificateVerify\x00transcript hash";
    for pem in [RSA_PKCS8, P256_PKCS8, P384_PKCS8, ED25519_PKCS8] {
        let key = load(pem);
        let pk = subject_public_key(&key.public_key_spki().unwrap());
        for &scheme in key.schemes() {
            let sig = key.sign(scheme, msg, &rng).unwrap();
            VERIFICATION
                .verify_signature(scheme, &pk, msg, &sig)
                .unwrap();
            assert_eq!(
                VERIFICATION.verify_signature(scheme, &pk, b"another message", &sig),
                Err(CryptoError::BadSignature),
                "{scheme:?}"
            );
            let mut bad = sig.clone();
            let last = bad.len() - 1;
            bad[last] ^= 1;
            assert_eq!(
                VERIFICATION.verify_signature(scheme, &pk, msg, &bad),
                Err(CryptoError::BadSignature),
                "{scheme:?}"
            );
        }
        assert_eq!(
            key.sign(SignatureScheme::ED448, msg, &rng),
            Err(CryptoError::UnsupportedScheme)
        );
    }
}

#[test]
fn openssl_signatures_verify() {
    let msg = openssl("message");
    for (scheme, label, key) in [
        (
            SignatureScheme::ECDSA_NISTP256_SHA256,
            "ecdsa_secp256r1_sha256",
            "p256 spki",
        ),
        (
            SignatureScheme::ECDSA_NISTP384_SHA384,
            "ecdsa_secp384r1_sha384",
            "p384 spki",
        ),
        (SignatureScheme::ED25519, "ed25519", "ed25519 spki"),
        (
            SignatureScheme::RSA_PSS_RSAE_SHA256,
            "rsa_pss_rsae_sha256",
            "rsa2048 spki",
        ),
        (
            SignatureScheme::RSA_PSS_RSAE_SHA384,
            "rsa_pss_rsae_sha384",
            "rsa2048 spki",
        ),
        (
            SignatureScheme::RSA_PSS_RSAE_SHA512,
            "rsa_pss_rsae_sha512",
            "rsa2048 spki",
        ),
        (
            SignatureScheme::RSA_PKCS1_SHA256,
            "rsa_pkcs1_sha256",
            "rsa2048 spki",
        ),
        (
            SignatureScheme::RSA_PKCS1_SHA384,
            "rsa_pkcs1_sha384",
            "rsa2048 spki",
        ),
        (
            SignatureScheme::RSA_PKCS1_SHA512,
            "rsa_pkcs1_sha512",
            "rsa2048 spki",
        ),
    ] {
        let pk = subject_public_key(&openssl(key));
        let sig = openssl(label);
        VERIFICATION
            .verify_signature(scheme, &pk, &msg, &sig)
            .unwrap_or_else(|e| panic!("{label}: {e}"));
    }
    // A PSS signature is not a PKCS#1 one, and the hash is part of the scheme.
    let rsa = subject_public_key(&openssl("rsa2048 spki"));
    let pss = openssl("rsa_pss_rsae_sha256");
    assert!(VERIFICATION
        .verify_signature(SignatureScheme::RSA_PKCS1_SHA256, &rsa, &msg, &pss)
        .is_err());
    assert!(VERIFICATION
        .verify_signature(SignatureScheme::RSA_PSS_RSAE_SHA384, &rsa, &msg, &pss)
        .is_err());
}

#[test]
fn wrong_key_types_and_unknown_schemes() {
    let msg = openssl("message");
    let p256 = subject_public_key(&openssl("p256 spki"));
    let ed = subject_public_key(&openssl("ed25519 spki"));
    let sig = openssl("ecdsa_secp256r1_sha256");
    assert_eq!(
        VERIFICATION.verify_signature(SignatureScheme::RSA_PSS_RSAE_SHA256, &p256, &msg, &sig),
        Err(CryptoError::BadSignature)
    );
    assert_eq!(
        VERIFICATION.verify_signature(SignatureScheme::ECDSA_NISTP256_SHA256, &ed, &msg, &sig),
        Err(CryptoError::BadSignature)
    );
    assert_eq!(
        VERIFICATION.verify_signature(SignatureScheme::ED448, &ed, &msg, &sig),
        Err(CryptoError::UnsupportedScheme)
    );
    // Every algorithm survives empty and junk inputs.
    for alg in ALL {
        for input in [&[][..], &[0u8; 1], &[0x30, 0x82, 0xff, 0xff], &[0xff; 300]] {
            assert!(
                alg.verify_signature(input, input, input).is_err(),
                "{alg:?}"
            );
        }
    }
}

#[test]
fn ecdsa_cross_hash_combinations_verify() {
    // TLS 1.2's ecdsa_secp256r1_sha256 only names the hash (RFC 5246 §7.4.1.4.1), so a P-384
    // key signing SHA-256 must verify under that scheme; build such a signature directly.
    use p384::ecdsa::signature::hazmat::PrehashSigner;
    use sha2::Digest;
    let msg = b"cross";
    let der = rustls_pki_types::PrivatePkcs8KeyDer::from(unhex_pem(P384_PKCS8));
    let key = <p384::ecdsa::SigningKey as p256::pkcs8::DecodePrivateKey>::from_pkcs8_der(
        der.secret_pkcs8_der(),
    )
    .unwrap();
    let sig: p384::ecdsa::Signature = key.sign_prehash(&sha2::Sha256::digest(msg)).unwrap();
    let pk = subject_public_key(&openssl("p384 spki"));
    VERIFICATION
        .verify_signature(
            SignatureScheme::ECDSA_NISTP256_SHA256,
            &pk,
            msg,
            sig.to_der().as_bytes(),
        )
        .unwrap();
}

fn unhex_pem(pem: &str) -> Vec<u8> {
    use rustls_pki_types::pem::PemObject;
    PrivatePkcs8KeyDer::from_pem_slice(pem.as_bytes())
        .unwrap()
        .secret_pkcs8_der()
        .to_vec()
}

#[test]
fn signing_draws_exactly_what_is_documented() {
    let msg = b"m";
    // ECDSA and Ed25519 draw nothing: an empty script suffices, and signatures repeat.
    let empty = ScriptedRandom::new(Vec::new());
    for pem in [P256_PKCS8, P384_PKCS8, ED25519_PKCS8] {
        let key = load(pem);
        let scheme = key.schemes()[0];
        assert_eq!(
            key.sign(scheme, msg, &empty).unwrap(),
            key.sign(scheme, msg, &empty).unwrap()
        );
    }
    // RSA: PKCS#1 v1.5 draws nothing; PSS draws exactly HashLen bytes of salt.
    let rsa = load(RSA_PKCS1);
    let a = rsa
        .sign(SignatureScheme::RSA_PKCS1_SHA256, msg, &empty)
        .unwrap();
    assert_eq!(
        a,
        rsa.sign(SignatureScheme::RSA_PKCS1_SHA256, msg, &empty)
            .unwrap()
    );
    for (scheme, len) in [
        (SignatureScheme::RSA_PSS_RSAE_SHA256, 32),
        (SignatureScheme::RSA_PSS_RSAE_SHA384, 48),
        (SignatureScheme::RSA_PSS_RSAE_SHA512, 64),
    ] {
        let script = ScriptedRandom::new(alloc::vec![7u8; len]);
        let sig = rsa.sign(scheme, msg, &script).unwrap();
        assert_eq!(script.remaining(), 0);
        let again = rsa
            .sign(scheme, msg, &ScriptedRandom::new(alloc::vec![7u8; len]))
            .unwrap();
        assert_eq!(sig, again, "same salt, same signature");
        let short = ScriptedRandom::new(alloc::vec![7u8; len - 1]);
        assert_eq!(
            rsa.sign(scheme, msg, &short),
            Err(CryptoError::RandomUnavailable)
        );
    }
}

#[test]
fn choose_scheme_follows_key_preference() {
    let rsa = load(RSA_PKCS8);
    let offered = [
        SignatureScheme::RSA_PKCS1_SHA256,
        SignatureScheme::RSA_PSS_RSAE_SHA384,
    ];
    assert_eq!(
        rsa.choose_scheme(&offered),
        Some(SignatureScheme::RSA_PSS_RSAE_SHA384)
    );
    assert_eq!(load(P256_SEC1).choose_scheme(&offered), None);
}

#[test]
fn mapping_covers_all_and_debug_names() {
    for scheme in VERIFICATION.schemes() {
        for alg in VERIFICATION.for_scheme(scheme).unwrap() {
            assert!(ALL.iter().any(|a| core::ptr::addr_eq(*a, *alg)));
        }
    }
    assert!(alloc::format!("{VERIFICATION:?}").contains("rsa_pss_rsae_sha256"));
}

#[test]
fn rfc8448_1024_bit_rsa_key_signs_and_verifies() {
    // RFC 8448 §2: the trace's server key is 1024-bit; it must load and work (PSS-SHA256 is what
    // the trace's CertificateVerify uses). PSS-SHA512 does not fit a 1024-bit modulus
    // (RFC 8017 §9.1.1: emLen >= hLen + sLen + 2 = 130 > 128).
    const KEYS: &str = include_str!("../../../../vectors/rfc8448/private-keys.txt");
    let value = |label: &str| {
        let hex = KEYS
            .lines()
            .find_map(|l| l.strip_prefix(label).and_then(|r| r.strip_prefix(" = ")))
            .unwrap();
        rsa::BoxedUint::from_be_slice_vartime(&unhex(hex))
    };
    let key = rsa::PrivateKey::from_components(
        value("modulus (public)"),
        value("public exponent"),
        value("private exponent"),
        alloc::vec![value("prime1"), value("prime2")],
    )
    .unwrap();
    let key = super::sign::rsa::RsaKey::new(key);
    let pk = subject_public_key(&key.public_key_spki().unwrap());
    let rng = SeededRandom::new([12; 32]);
    for scheme in [
        SignatureScheme::RSA_PSS_RSAE_SHA256,
        SignatureScheme::RSA_PKCS1_SHA256,
    ] {
        let sig = key.sign(scheme, b"m", &rng).unwrap();
        assert_eq!(sig.len(), 128);
        VERIFICATION
            .verify_signature(scheme, &pk, b"m", &sig)
            .unwrap();
    }
    assert_eq!(
        key.sign(SignatureScheme::RSA_PSS_RSAE_SHA512, b"m", &rng),
        Err(CryptoError::UnsupportedScheme)
    );
}
