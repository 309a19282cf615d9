//! The default provider's primitives, measured through ferrotls's own traits: what the protocol
//! pays per handshake signature, key exchange and record.
//!
//! `cargo bench -p ferrotls-crypto --bench primitives [-- FILTER]`
//!
//! Thread CPU time (so other processes on a shared machine count less), the median of 15 rounds
//! of at least 40 ms each after a warm-up; one line per primitive.

use std::hint::black_box;
use std::sync::Arc;

use cpu_time::ThreadTime;
use ferrotls_crypto::random::SeededRandom;
use ferrotls_crypto::rustcrypto::{provider_with_random, sign::RustCryptoKeyLoader};
use ferrotls_crypto::{AeadAlgorithm, HashAlgorithm, NamedGroup, SignatureScheme};

const ROUNDS: usize = 15;
const ROUND_NANOS: u128 = 40_000_000;

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

struct Bench {
    filter: String,
}

impl Bench {
    fn op(&self, name: &str, f: impl FnMut()) {
        if name.contains(&self.filter) {
            println!("{name:<40} {:>10.2} µs", median_nanos(f) / 1e3);
        }
    }

    fn bulk(&self, name: &str, bytes: usize, f: impl FnMut()) {
        if name.contains(&self.filter) {
            let nanos = median_nanos(f);
            println!(
                "{name:<40} {:>10.2} µs {:>8.0} MB/s",
                nanos / 1e3,
                bytes as f64 * 1e3 / nanos
            );
        }
    }
}

fn key_pem(name: &str) -> String {
    let path = format!("{}/../../vectors/keys/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn main() {
    let filter = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .unwrap_or_default();
    let b = Bench { filter };
    let rng = Arc::new(SeededRandom::new([7; 32]));
    let provider = provider_with_random(rng.clone());

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
        let key = RustCryptoKeyLoader.load_pem(&key_pem(pem)).unwrap();
        let message = [0x42u8; 130];
        let spki = key.public_key_spki().unwrap();
        // The subjectPublicKey BIT STRING content is the SPKI's tail: the verifier's input.
        let public = subject_public_key(&spki);
        let signature = key.sign(scheme, &message, rng.as_ref()).unwrap();
        b.op(&format!("{name} sign"), || {
            black_box(key.sign(scheme, black_box(&message), rng.as_ref()).unwrap());
        });
        b.op(&format!("{name} verify"), || {
            provider
                .verification
                .verify_signature(scheme, public, black_box(&message), &signature)
                .unwrap();
        });
    }

    for (name, group) in [
        ("X25519", NamedGroup::X25519),
        ("secp256r1", NamedGroup::SECP256R1),
        ("secp384r1", NamedGroup::SECP384R1),
        ("X25519MLKEM768", NamedGroup::X25519MLKEM768),
    ] {
        let kx = provider.kx_group(group).unwrap();
        let peer = kx.start(rng.as_ref()).unwrap();
        let peer_share = peer.public_key().to_vec();
        b.op(&format!("{name} key share (start)"), || {
            black_box(kx.start(rng.as_ref()).unwrap());
        });
        b.op(&format!("{name} respond"), || {
            black_box(kx.respond(black_box(&peer_share), rng.as_ref()).unwrap());
        });
    }

    const RECORD: usize = 16 * 1024;
    for alg in [
        AeadAlgorithm::Aes128Gcm,
        AeadAlgorithm::Aes256Gcm,
        AeadAlgorithm::ChaCha20Poly1305,
    ] {
        let key = provider
            .aead(alg)
            .unwrap()
            .new_key(&vec![3; alg.key_len()])
            .unwrap();
        let aad = [0x17, 0x03, 0x03, 0x40, 0x11];
        let mut record = vec![0x5a; RECORD + 16];
        b.bulk(&format!("{alg:?} seal 16 KiB"), RECORD, || {
            let tag = key
                .seal_in_place(&[1; 12], &aad, &mut record[..RECORD])
                .unwrap();
            black_box(tag);
        });
        let tag = key
            .seal_in_place(&[1; 12], &aad, &mut record[..RECORD])
            .unwrap();
        record[RECORD..].copy_from_slice(&tag);
        let sealed = record.clone();
        b.bulk(&format!("{alg:?} open 16 KiB"), RECORD, || {
            record.copy_from_slice(&sealed);
            black_box(key.open_in_place(&[1; 12], &aad, &mut record).unwrap());
        });
    }

    for alg in [HashAlgorithm::Sha256, HashAlgorithm::Sha384] {
        let hash = provider.hash(alg).unwrap();
        let data = vec![0x61u8; RECORD];
        b.bulk(&format!("{alg:?} 16 KiB"), RECORD, || {
            black_box(hash.hash(black_box(&data)));
        });
        let hmac = provider.hmac(alg).unwrap();
        let key = hmac.with_key(&[9; 48]);
        b.op(&format!("HMAC-{alg:?} 64 B (keyed)"), || {
            black_box(key.sign(&[black_box(&[1u8; 64])]));
        });
        b.op(&format!("HMAC-{alg:?} 64 B (sign_once)"), || {
            black_box(hmac.sign_once(&[9; 48], &[black_box(&[1u8; 64])]));
        });
    }
}

/// The BIT STRING content at the end of a DER SubjectPublicKeyInfo (our own SPKIs: short-form or
/// two-byte lengths, no unused bits).
fn subject_public_key(spki: &[u8]) -> &[u8] {
    let mut at = 0;
    let read_header = |at: &mut usize| {
        let len_byte = spki[*at + 1];
        let (len, header) = match len_byte {
            0x81 => (usize::from(spki[*at + 2]), 3),
            0x82 => (
                usize::from(spki[*at + 2]) << 8 | usize::from(spki[*at + 3]),
                4,
            ),
            n => (usize::from(n), 2),
        };
        *at += header;
        len
    };
    read_header(&mut at); // SEQUENCE
    let alg_len = read_header(&mut at); // AlgorithmIdentifier
    at += alg_len;
    let bits = read_header(&mut at); // BIT STRING
    &spki[at + 1..at + bits]
}
