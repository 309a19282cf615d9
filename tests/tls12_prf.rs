//! TLS 1.2 PRF and key schedule against OpenSSL 3.0 (`vectors/tls12/openssl-prf.txt`, written by
//! `vectors/tls12/generate.sh`).
//!
//! On every provider compiled in (`ferrotls_tests::providers`), every step is checked with the raw PRF (`ferrotls_crypto::prf`), and the master-secret,
//! key-expansion and Finished steps also through `ferrotls_core::key_schedule::Tls12MasterSecret`.

use ferrotls_core::key_schedule::{fixed_iv_len, HashPrimitives, Side, Tls12MasterSecret};
use ferrotls_crypto::prf::{p_hash, prf};
use ferrotls_crypto::{AeadAlgorithm, CryptoProvider, HashAlgorithm, HashOutput};
use ferrotls_tests::providers::on_every_provider;
use ferrotls_tests::vectors::{Step, Trace};

fn vectors() -> Trace {
    Trace::load("tls12/openssl-prf.txt")
}

fn prims(provider: &CryptoProvider, step: &Step) -> HashPrimitives {
    let alg = match step.text("digest") {
        "SHA256" => HashAlgorithm::Sha256,
        "SHA384" => HashAlgorithm::Sha384,
        other => panic!("unknown digest {other}"),
    };
    HashPrimitives::from_provider(provider, alg).unwrap()
}

fn random(bytes: &[u8]) -> [u8; 32] {
    bytes.try_into().expect("32-byte random")
}

#[test]
fn raw_prf_matches_openssl_for_every_step() {
    on_every_provider(|provider| raw_prf_matches_openssl_for_every_step_on(&provider.os()));
}

fn raw_prf_matches_openssl_for_every_step_on(provider: &CryptoProvider) {
    let trace = vectors();
    assert!(trace.steps.len() >= 17);
    for step in &trace.steps {
        let p = prims(provider, step);
        let len: usize = step.text("length").parse().unwrap();
        let expected = step.hex("output");
        assert_eq!(expected.len(), len, "{}", step.title);
        let seed = step.hex("seed");
        let mut out = vec![0u8; len];
        prf(
            p.hmac,
            &step.hex("secret"),
            step.text("label").as_bytes(),
            &[&seed],
            &mut out,
        );
        assert_eq!(out, expected, "{}", step.title);

        // The same through a pre-keyed HMAC, with the seed split into uneven chunks.
        let key = p.hmac.with_key(&step.hex("secret"));
        let cut = seed.len() / 3;
        let mut chunked = vec![0u8; len];
        p_hash(
            key.as_ref(),
            step.text("label").as_bytes(),
            &[&seed[..cut], &seed[cut..]],
            &mut chunked,
        );
        assert_eq!(chunked, expected, "{} (chunked)", step.title);
    }
}

#[test]
fn prf_lengths_cover_partial_blocks() {
    let trace = vectors();
    let lengths: Vec<usize> = trace
        .all("prf ")
        .iter()
        .map(|s| s.text("length").parse().unwrap())
        .collect();
    assert!(
        lengths
            .iter()
            .any(|&l| l > 100 && l % 32 != 0 && l % 48 != 0),
        "{lengths:?}"
    );
    assert!(trace.all("prf SHA384").len() >= 2);
}

#[test]
fn master_secrets_match_openssl() {
    on_every_provider(|provider| master_secrets_match_openssl_on(&provider.os()));
}

fn master_secrets_match_openssl_on(provider: &CryptoProvider) {
    let trace = vectors();
    let steps = trace.all("master secret ");
    assert_eq!(steps.len(), 2);
    for step in steps {
        let seed = step.hex("seed");
        let (client_random, server_random) = seed.split_at(32);
        let ms = Tls12MasterSecret::derive(
            prims(provider, step),
            &step.hex("secret"),
            &random(client_random),
            &random(server_random),
        );
        assert_eq!(ms.secret().as_bytes(), step.hex("output"), "{}", step.title);
    }
}

#[test]
fn extended_master_secrets_match_openssl() {
    on_every_provider(|provider| extended_master_secrets_match_openssl_on(&provider.os()));
}

fn extended_master_secrets_match_openssl_on(provider: &CryptoProvider) {
    let trace = vectors();
    let steps = trace.all("extended master secret ");
    assert_eq!(steps.len(), 2);
    for step in steps {
        let session_hash = HashOutput::new(&step.hex("seed"));
        let ms = Tls12MasterSecret::derive_extended(
            prims(provider, step),
            &step.hex("secret"),
            &session_hash,
        )
        .unwrap();
        assert_eq!(ms.secret().as_bytes(), step.hex("output"), "{}", step.title);
    }
}

#[test]
fn key_blocks_match_openssl() {
    on_every_provider(|provider| key_blocks_match_openssl_on(&provider.os()));
}

fn key_blocks_match_openssl_on(provider: &CryptoProvider) {
    let trace = vectors();
    let steps = trace.all("key expansion ");
    assert_eq!(steps.len(), 3);
    for step in steps {
        let aead = match step.text("aead") {
            "AES_128_GCM" => AeadAlgorithm::Aes128Gcm,
            "AES_256_GCM" => AeadAlgorithm::Aes256Gcm,
            "CHACHA20_POLY1305" => AeadAlgorithm::ChaCha20Poly1305,
            other => panic!("unknown aead {other}"),
        };
        // RFC 5246 §6.3: the key-expansion seed is server_random + client_random.
        let seed = step.hex("seed");
        let (server_random, client_random) = seed.split_at(32);
        let ms = Tls12MasterSecret::from_bytes(prims(provider, step), &step.hex("secret")).unwrap();
        let block = ms.key_block(aead, &random(client_random), &random(server_random));

        let output = step.hex("output");
        let (k, iv) = (aead.key_len(), fixed_iv_len(aead));
        assert_eq!(output.len(), 2 * (k + iv), "{}", step.title);
        assert_eq!(
            block.client.key().as_bytes(),
            &output[..k],
            "{}",
            step.title
        );
        assert_eq!(
            block.server.key().as_bytes(),
            &output[k..2 * k],
            "{}",
            step.title
        );
        assert_eq!(
            block.client.fixed_iv().as_bytes(),
            &output[2 * k..2 * k + iv],
            "{}",
            step.title
        );
        assert_eq!(
            block.server.fixed_iv().as_bytes(),
            &output[2 * k + iv..],
            "{}",
            step.title
        );
        assert_eq!(block.client.aead(), aead);
    }
}

#[test]
fn finished_verify_data_matches_openssl() {
    on_every_provider(|provider| finished_verify_data_matches_openssl_on(&provider.os()));
}

fn finished_verify_data_matches_openssl_on(provider: &CryptoProvider) {
    let trace = vectors();
    let steps = trace.all("finished ");
    assert_eq!(steps.len(), 4);
    for step in steps {
        let side = match step.text("label") {
            "client finished" => Side::Client,
            "server finished" => Side::Server,
            other => panic!("unknown label {other}"),
        };
        let ms = Tls12MasterSecret::from_bytes(prims(provider, step), &step.hex("secret")).unwrap();
        let hash = HashOutput::new(&step.hex("seed"));
        let expected = step.hex("output");
        assert_eq!(
            ms.verify_data(side, &hash).unwrap().as_bytes(),
            expected,
            "{}",
            step.title
        );
        assert!(ms.verify_finished(side, &hash, &expected));
        let mut forged = expected.clone();
        forged[11] ^= 1;
        assert!(!ms.verify_finished(side, &hash, &forged), "{}", step.title);
    }
}
