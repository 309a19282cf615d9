//! Each provider's primitives, measured through ferrotls's own traits: what the protocol pays per
//! handshake signature, key exchange and record.
//!
//! `cargo bench -p ferrotls-crypto --bench primitives [--features ring,aws-lc-rs] [-- FILTER]`
//!
//! Thread CPU time (so other processes on a shared machine count less), the median of 15 rounds
//! of at least 40 ms each after a warm-up. One line per primitive and provider, the providers of
//! a primitive measured one after the other; the last column is RustCrypto's time over this
//! provider's.

use std::hint::black_box;
use std::sync::Arc;

use cpu_time::ThreadTime;
use ferrotls_crypto::random::SeededRandom;
use ferrotls_crypto::{
    AeadAlgorithm, CryptoProvider, HashAlgorithm, NamedGroup, SecureRandom, SignatureScheme,
};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::PrivateKeyDer;

const ROUNDS: usize = 15;
const ROUND_NANOS: u128 = 40_000_000;
const RECORD: usize = 16 * 1024;

/// Median nanoseconds per call of `f`.
fn median_nanos(mut f: impl FnMut()) -> f64 {
    for _ in 0..10 {
        f();
    }
    let mut rounds: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            let start = ThreadTime::now();
            let mut calls = 0u32;
            while start.elapsed().as_nanos() < ROUND_NANOS {
                f();
                calls += 1;
            }
            start.elapsed().as_nanos() as f64 / f64::from(calls)
        })
        .collect();
    rounds.sort_by(f64::total_cmp);
    rounds[ROUNDS / 2]
}

type Constructor = fn(Arc<dyn SecureRandom>) -> CryptoProvider;

/// The providers compiled in, RustCrypto first.
fn providers() -> Vec<(&'static str, Constructor)> {
    #[allow(unused_mut)] // Without the optional providers there is only RustCrypto.
    let mut all: Vec<(&'static str, Constructor)> = vec![(
        "rustcrypto",
        ferrotls_crypto::rustcrypto::provider_with_random,
    )];
    #[cfg(feature = "ring")]
    all.push(("ring", ferrotls_crypto::ring::provider_with_random));
    #[cfg(feature = "aws-lc-rs")]
    all.push(("aws-lc-rs", ferrotls_crypto::aws_lc::provider_with_random));
    all
}

struct Bench {
    filter: String,
    providers: Vec<(&'static str, CryptoProvider)>,
    rng: Arc<SeededRandom>,
}

impl Bench {
    /// Measures `make(provider)`'s closure on every provider; `bytes` per call for a rate.
    fn run<F: FnMut()>(&self, name: &str, bytes: usize, make: impl Fn(&CryptoProvider) -> F) {
        if !name.contains(&self.filter) {
            return;
        }
        let mut baseline = None;
        for (provider_name, provider) in &self.providers {
            let nanos = median_nanos(make(provider));
            let base = *baseline.get_or_insert(nanos);
            let rate = if bytes > 0 {
                format!("{:>6.0} MB/s", bytes as f64 * 1e3 / nanos)
            } else {
                String::new()
            };
            println!(
                "{name:<32} {provider_name:<10} {:>10.2} µs {rate:>11} {:>6.2}x",
                nanos / 1e3,
                base / nanos
            );
        }
    }
}

fn key_der(name: &str) -> PrivateKeyDer<'static> {
    let path = format!("{}/../../vectors/keys/{name}", env!("CARGO_MANIFEST_DIR"));
    PrivateKeyDer::from_pem_file(&path).unwrap_or_else(|e| panic!("{path}: {e:?}"))
}

fn main() {
    let filter = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_default();
    let rng = Arc::new(SeededRandom::new([7; 32]));
    let b = Bench {
        filter,
        providers: providers()
            .into_iter()
            .map(|(name, make)| (name, make(rng.clone())))
            .collect(),
        rng,
    };
    signatures(&b);
    key_exchange(&b);
    aeads(&b);
    hashes(&b);
}

fn signatures(b: &Bench) {
    for (name, scheme, pem) in [
        (
            "ECDSA P-256",
            SignatureScheme::ECDSA_NISTP256_SHA256,
            "p256.pkcs8.pem",
        ),
        (
            "ECDSA P-384",
            SignatureScheme::ECDSA_NISTP384_SHA384,
            "p384.pkcs8.pem",
        ),
        ("Ed25519", SignatureScheme::ED25519, "ed25519.pkcs8.pem"),
        (
            "RSA-2048 PSS-SHA256",
            SignatureScheme::RSA_PSS_RSAE_SHA256,
            "rsa2048.pkcs8.pem",
        ),
    ] {
        let der = key_der(pem);
        let message = [0x42u8; 130];
        let rng = b.rng.as_ref();
        b.run(&format!("{name} sign"), 0, |p| {
            let key = p.key_loader.load_private_key(&der).unwrap();
            move || {
                black_box(key.sign(scheme, black_box(&message), rng).unwrap());
            }
        });
        b.run(&format!("{name} verify"), 0, |p| {
            let key = p.key_loader.load_private_key(&der).unwrap();
            let spki = key.public_key_spki().unwrap();
            // The verifier takes the subjectPublicKey BIT STRING content: the SPKI's tail.
            let public = subject_public_key(&spki).to_vec();
            let signature = key.sign(scheme, &message, rng).unwrap();
            let verification = p.verification;
            move || {
                verification
                    .verify_signature(scheme, &public, black_box(&message), &signature)
                    .unwrap();
            }
        });
    }
}

fn key_exchange(b: &Bench) {
    for (name, group) in [
        ("X25519", NamedGroup::X25519),
        ("secp256r1", NamedGroup::SECP256R1),
        ("secp384r1", NamedGroup::SECP384R1),
        ("X25519MLKEM768", NamedGroup::X25519MLKEM768),
    ] {
        let rng = b.rng.as_ref();
        b.run(&format!("{name} key share (start)"), 0, |p| {
            let kx = p.kx_group(group).unwrap();
            move || {
                black_box(kx.start(rng).unwrap());
            }
        });
        b.run(&format!("{name} respond"), 0, |p| {
            let kx = p.kx_group(group).unwrap();
            let peer_share = kx.start(rng).unwrap().public_key().to_vec();
            move || {
                black_box(kx.respond(black_box(&peer_share), rng).unwrap());
            }
        });
    }
}

fn aeads(b: &Bench) {
    let aad = [0x17, 0x03, 0x03, 0x40, 0x11];
    for alg in [
        AeadAlgorithm::Aes128Gcm,
        AeadAlgorithm::Aes256Gcm,
        AeadAlgorithm::ChaCha20Poly1305,
    ] {
        b.run(&format!("{alg:?} seal 16 KiB"), RECORD, |p| {
            let key = p
                .aead(alg)
                .unwrap()
                .new_key(&vec![3; alg.key_len()])
                .unwrap();
            let mut record = vec![0x5a; RECORD];
            move || {
                black_box(key.seal_in_place(&[1; 12], &aad, &mut record).unwrap());
            }
        });
        b.run(&format!("{alg:?} open 16 KiB"), RECORD, |p| {
            let key = p
                .aead(alg)
                .unwrap()
                .new_key(&vec![3; alg.key_len()])
                .unwrap();
            let mut sealed = vec![0x5a; RECORD];
            let tag = key.seal_in_place(&[1; 12], &aad, &mut sealed).unwrap();
            sealed.extend_from_slice(&tag);
            let mut record = sealed.clone();
            move || {
                record.copy_from_slice(&sealed);
                black_box(key.open_in_place(&[1; 12], &aad, &mut record).unwrap());
            }
        });
    }
}

fn hashes(b: &Bench) {
    for alg in [HashAlgorithm::Sha256, HashAlgorithm::Sha384] {
        b.run(&format!("{alg:?} 16 KiB"), RECORD, |p| {
            let hash = p.hash(alg).unwrap();
            let data = vec![0x61u8; RECORD];
            move || {
                black_box(hash.hash(black_box(&data)));
            }
        });
        b.run(&format!("HMAC-{alg:?} 64 B (keyed)"), 0, |p| {
            let key = p.hmac(alg).unwrap().with_key(&[9; 48]);
            move || {
                black_box(key.sign(&[black_box(&[1u8; 64])]));
            }
        });
        b.run(&format!("HMAC-{alg:?} 64 B (sign_once)"), 0, |p| {
            let hmac = p.hmac(alg).unwrap();
            move || {
                black_box(hmac.sign_once(&[9; 48], &[black_box(&[1u8; 64])]));
            }
        });
    }
}

/// The BIT STRING content at the end of a DER SubjectPublicKeyInfo (our own SPKIs: short-form or
/// one- or two-byte long-form lengths, no unused bits).
fn subject_public_key(spki: &[u8]) -> &[u8] {
    let header = |at: &mut usize| {
        let (len, size) = match spki[*at + 1] {
            0x81 => (usize::from(spki[*at + 2]), 3),
            0x82 => (
                usize::from(spki[*at + 2]) << 8 | usize::from(spki[*at + 3]),
                4,
            ),
            n => (usize::from(n), 2),
        };
        *at += size;
        len
    };
    let mut at = 0;
    header(&mut at); // SEQUENCE
    let alg_len = header(&mut at); // AlgorithmIdentifier
    at += alg_len;
    let bits = header(&mut at); // BIT STRING
    &spki[at + 1..at + bits]
}
