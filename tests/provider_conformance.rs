//! Every provider against every other, through the provider traits: the same injected bytes give
//! the same keys, shares, secrets and RSA-PSS signatures; what one provider seals or signs,
//! every other opens or verifies; every key encoding loads everywhere. (The known-answer suites,
//! RFC 5869, RFC 8448 and the TLS 1.2 PRF, run on every provider in their own files.)

use std::sync::Arc;

use ferrotls_core::pki_types::pem::PemObject;
use ferrotls_core::pki_types::PrivateKeyDer;
use ferrotls_crypto::random::ScriptedRandom;
use ferrotls_crypto::sign::SigningKey;
use ferrotls_crypto::{
    AeadAlgorithm, CryptoError, CryptoProvider, HashAlgorithm, NamedGroup, SignatureScheme,
};
use ferrotls_tests::providers::{provider_pairs, providers, Provider, RUSTCRYPTO};

const GROUPS: [NamedGroup; 4] = [
    NamedGroup::X25519MLKEM768,
    NamedGroup::X25519,
    NamedGroup::SECP256R1,
    NamedGroup::SECP384R1,
];

/// `n` bytes of a fixed pattern, for scripted sources.
fn pattern(n: usize, salt: u8) -> Vec<u8> {
    (0..n).map(|i| (i as u8).wrapping_mul(31) ^ salt).collect()
}

#[test]
fn same_script_same_key_shares_on_every_provider() {
    for group in GROUPS {
        let reference = {
            let p = RUSTCRYPTO.scripted(pattern(96, 1));
            p.kx_group(group)
                .unwrap()
                .start(&*p.random)
                .unwrap()
                .public_key()
                .to_vec()
        };
        for provider in providers() {
            let random = Arc::new(ScriptedRandom::new(pattern(96, 1)));
            let p = (provider.with_random)(random.clone());
            let kx = p.kx_group(group).unwrap().start(&*p.random).unwrap();
            assert_eq!(kx.public_key(), &reference[..], "{provider:?} {group:?}");
            let drawn = 96 - random.remaining();
            let expected = match group {
                NamedGroup::X25519MLKEM768 => 96,
                NamedGroup::SECP384R1 => 48,
                _ => 32,
            };
            assert_eq!(drawn, expected, "{provider:?} {group:?}: bytes drawn");
        }
    }
}

#[test]
fn key_exchange_agrees_across_providers() {
    for (client, server) in provider_pairs() {
        let (c, s) = (client.seeded(1), server.seeded(2));
        for group in GROUPS {
            let ours = c.kx_group(group).unwrap().start(&*c.random).unwrap();
            let response = s
                .kx_group(group)
                .unwrap()
                .respond(ours.public_key(), &*s.random)
                .unwrap();
            let secret = ours.complete(&response.share).unwrap();
            assert_eq!(
                secret, response.secret,
                "{client:?} to {server:?}, {group:?}"
            );
        }
    }
}

#[test]
fn invalid_peer_shares_are_refused_everywhere() {
    for provider in providers() {
        let p = provider.seeded(3);
        for group in [
            NamedGroup::X25519,
            NamedGroup::SECP256R1,
            NamedGroup::SECP384R1,
        ] {
            let kx = p.kx_group(group).unwrap();
            let good = kx.start(&*p.random).unwrap().public_key().to_vec();
            let mut off_curve = good.clone();
            *off_curve.last_mut().unwrap() ^= 1;
            let mut compressed = vec![0x02];
            compressed.extend_from_slice(&good[1..1 + (good.len() - 1) / 2]);
            let mut bad: Vec<Vec<u8>> = vec![
                vec![],
                good[..good.len() - 1].to_vec(),
                [good.as_slice(), &[0]].concat(),
                vec![0; good.len()],
            ];
            if group != NamedGroup::X25519 {
                bad.push(off_curve);
                bad.push(compressed);
            }
            for share in bad {
                let result = kx.start(&*p.random).unwrap().complete(&share);
                assert_eq!(
                    result.err(),
                    Some(CryptoError::InvalidPeerKey),
                    "{provider:?} {group:?} {share:02x?}"
                );
            }
        }
    }
}

#[test]
fn hashes_hmacs_and_hkdfs_agree() {
    let reference = RUSTCRYPTO.os();
    let data = pattern(1000, 7);
    for provider in providers() {
        let p = provider.os();
        for alg in [HashAlgorithm::Sha256, HashAlgorithm::Sha384] {
            let (h, r) = (p.hash(alg).unwrap(), reference.hash(alg).unwrap());
            assert_eq!(h.hash(&data), r.hash(&data), "{provider:?} {alg:?}");
            let mut running = h.start_state();
            running.update(&data[..100]);
            let fork = running.fork();
            running.update(&data[100..]);
            assert_eq!(fork.finish(), r.hash(&data[..100]));
            assert_eq!(running.finish(), r.hash(&data));

            let (m, rm) = (p.hmac(alg).unwrap(), reference.hmac(alg).unwrap());
            for key in [&data[..0], &data[..20], &data[..200]] {
                let chunks: [&[u8]; 3] = [&data[..5], &[], &data[5..300]];
                assert_eq!(m.sign_once(key, &chunks), rm.sign_once(key, &chunks));
                assert_eq!(m.with_key(key).sign(&chunks), rm.sign_once(key, &chunks));
            }

            let (k, rk) = (p.hkdf(alg).unwrap(), reference.hkdf(alg).unwrap());
            let prk = k.extract(None, &data[..32]);
            assert_eq!(prk, rk.extract(None, &data[..32]), "{provider:?} {alg:?}");
            let (mut a, mut b) = (vec![0u8; 200], vec![0u8; 200]);
            k.expand(prk.as_bytes(), &[b"x", &data[..9]], &mut a)
                .unwrap();
            rk.expand(prk.as_bytes(), &[b"x", &data[..9]], &mut b)
                .unwrap();
            assert_eq!(a, b);
            let len = alg.output_len();
            let mut too_long = vec![0u8; 255 * len + 1];
            assert_eq!(
                k.expand(prk.as_bytes(), &[], &mut too_long),
                Err(CryptoError::OutputTooLong)
            );
            assert_eq!(
                k.expand(&prk.as_bytes()[..len - 1], &[], &mut a),
                Err(CryptoError::BadLength)
            );
            // The keyed PRK refuses the same lengths, and expands as the reference does, many
            // times: one output block, several, and one byte short of the limit.
            // Keyed first with another PRK, then rekeyed in place with this one.
            let mut keyed = k.prk(&data[100..100 + len]);
            keyed.rekey(prk.as_bytes());
            assert_eq!(
                keyed.expand(&[], &mut too_long),
                Err(CryptoError::OutputTooLong)
            );
            assert_eq!(
                k.prk(&prk.as_bytes()[..len - 1]).expand(&[], &mut a),
                Err(CryptoError::BadLength)
            );
            for out_len in [1, len, len + 1, 200, 255 * len] {
                let (mut a, mut b) = (vec![0u8; out_len], vec![0u8; out_len]);
                keyed
                    .expand(&[&data[..3], b"", &data[3..40]], &mut a)
                    .unwrap();
                rk.expand(prk.as_bytes(), &[&data[..40]], &mut b).unwrap();
                assert_eq!(a, b, "{provider:?} {alg:?} {out_len}");
            }
        }
    }
}

#[test]
fn aeads_interoperate_and_refuse_tampering() {
    for (sealer, opener) in provider_pairs() {
        let (s, o) = (sealer.os(), opener.os());
        for alg in [
            AeadAlgorithm::Aes128Gcm,
            AeadAlgorithm::Aes256Gcm,
            AeadAlgorithm::ChaCha20Poly1305,
        ] {
            let key = pattern(alg.key_len(), 9);
            let (sk, ok) = (
                s.aead(alg).unwrap().new_key(&key).unwrap(),
                o.aead(alg).unwrap().new_key(&key).unwrap(),
            );
            let nonce = [5u8; 12];
            for len in [0, 1, 16, 1000] {
                let plain = pattern(len, 3);
                let mut buf = plain.clone();
                let tag = sk.seal_in_place(&nonce, b"aad", &mut buf).unwrap();
                buf.extend_from_slice(&tag);
                let mut tampered = buf.clone();
                tampered[len / 2] ^= 1;
                assert_eq!(ok.open_in_place(&nonce, b"aad", &mut buf), Ok(len));
                assert_eq!(&buf[..len], &plain[..], "{sealer:?} to {opener:?} {alg:?}");
                assert_eq!(
                    ok.open_in_place(&nonce, b"aad", &mut tampered),
                    Err(CryptoError::DecryptFailed)
                );
            }
            for short in 0..16 {
                let mut buf = vec![0u8; short];
                assert_eq!(
                    ok.open_in_place(&nonce, b"", &mut buf),
                    Err(CryptoError::DecryptFailed)
                );
            }
            assert!(o.aead(alg).unwrap().new_key(&key[1..]).is_err());
        }
    }
}

#[test]
fn seal_into_matches_seal_in_place_on_every_provider() {
    for provider in providers() {
        let p = provider.os();
        for alg in [
            AeadAlgorithm::Aes128Gcm,
            AeadAlgorithm::Aes256Gcm,
            AeadAlgorithm::ChaCha20Poly1305,
        ] {
            let key = p
                .aead(alg)
                .unwrap()
                .new_key(&pattern(alg.key_len(), 4))
                .unwrap();
            let nonce = [7u8; 12];
            // No trailer (TLS 1.2), the inner content type (TLS 1.3), a type and padding.
            for trailer in [&[][..], &[23][..], &[22, 0, 0, 0][..]] {
                for len in [0, 1, 15, 16, 1000, 16_384] {
                    let input = pattern(len, 8);
                    let mut joined = [&input[..], trailer].concat();
                    let tag = key.seal_in_place(&nonce, b"hdr", &mut joined).unwrap();
                    joined.extend_from_slice(&tag);
                    let mut out = vec![0xee; len + trailer.len() + 16];
                    key.seal_into(&nonce, b"hdr", &input, trailer, &mut out)
                        .unwrap();
                    assert_eq!(out, joined, "{provider:?} {alg:?} {len} {trailer:?}");
                    assert_eq!(input, pattern(len, 8), "the input is left as it was");
                    for wrong in [out.len() - 1, out.len() + 1] {
                        let mut out = vec![0; wrong];
                        assert_eq!(
                            key.seal_into(&nonce, b"hdr", &input, trailer, &mut out),
                            Err(CryptoError::BadLength)
                        );
                    }
                }
            }
        }
    }
}

const KEYS: [&str; 7] = [
    "rsa2048.pkcs8.pem",
    "rsa2048.pkcs1.pem",
    "p256.pkcs8.pem",
    "p256.sec1.pem",
    "p384.pkcs8.pem",
    "p384.sec1.pem",
    "ed25519.pkcs8.pem",
];

fn load(provider: &CryptoProvider, file: &str) -> Arc<dyn SigningKey> {
    let path = format!("{}/../vectors/keys/{file}", env!("CARGO_MANIFEST_DIR"));
    let der = PrivateKeyDer::from_pem_file(&path).unwrap();
    provider.key_loader.load_private_key(&der).unwrap()
}

/// The subjectPublicKey BIT STRING content of a DER SPKI: what a verifier is given. Every SPKI
/// here is short-form or two-byte-length DER: SEQUENCE, AlgorithmIdentifier, BIT STRING.
fn subject_public_key(spki: &[u8]) -> Vec<u8> {
    fn skip_header(der: &[u8]) -> (usize, usize) {
        match der[1] {
            n if n < 0x80 => (2, n as usize),
            0x81 => (3, der[2] as usize),
            _ => (4, u16::from_be_bytes([der[2], der[3]]) as usize),
        }
    }
    let (head, _) = skip_header(spki);
    let inner = &spki[head..];
    let (alg_head, alg_len) = skip_header(inner);
    let bits = &inner[alg_head + alg_len..];
    let (bits_head, bits_len) = skip_header(bits);
    bits[bits_head + 1..bits_head + bits_len].to_vec()
}

#[test]
fn every_key_signs_on_every_provider_and_verifies_on_every_other() {
    let message = pattern(300, 4);
    for (signer, verifier) in provider_pairs() {
        let (s, v) = (signer.seeded(5), verifier.os());
        for file in KEYS {
            let key = load(&s, file);
            let reference = load(&RUSTCRYPTO.os(), file);
            assert_eq!(key.kind(), reference.kind(), "{signer:?} {file}");
            assert_eq!(key.schemes(), reference.schemes(), "{signer:?} {file}");
            let spki = key.public_key_spki().unwrap();
            assert_eq!(Some(spki.clone()), reference.public_key_spki(), "{file}");
            let public = subject_public_key(&spki);
            for &scheme in key.schemes() {
                let sig = key.sign(scheme, &message, &*s.random).unwrap();
                v.verification
                    .verify_signature(scheme, &public, &message, &sig)
                    .unwrap_or_else(|e| {
                        panic!("{signer:?} signed, {verifier:?} verified, {file} {scheme:?}: {e:?}")
                    });
                let mut other = message.clone();
                other[0] ^= 1;
                assert_eq!(
                    v.verification
                        .verify_signature(scheme, &public, &other, &sig),
                    Err(CryptoError::BadSignature),
                    "{file} {scheme:?}"
                );
            }
            assert_eq!(
                key.sign(SignatureScheme::ED448, &message, &*s.random).err(),
                Some(CryptoError::UnsupportedScheme)
            );
        }
    }
}

#[test]
fn rsa_pss_draws_its_salt_and_gives_rustcrypto_s_signature() {
    let message = pattern(100, 6);
    for provider in providers() {
        for scheme in [
            SignatureScheme::RSA_PSS_RSAE_SHA256,
            SignatureScheme::RSA_PSS_RSAE_SHA384,
            SignatureScheme::RSA_PSS_RSAE_SHA512,
            SignatureScheme::RSA_PKCS1_SHA256,
        ] {
            let signed = |p: Provider| {
                let random = Arc::new(ScriptedRandom::new(pattern(64, 8)));
                let prov = (p.with_random)(random.clone());
                let key = load(&prov, "rsa2048.pkcs8.pem");
                let sig = key.sign(scheme, &message, &*prov.random).unwrap();
                (sig, 64 - random.remaining())
            };
            let (sig, drawn) = signed(provider);
            let (reference, reference_drawn) = signed(RUSTCRYPTO);
            assert_eq!(
                drawn, reference_drawn,
                "{provider:?} {scheme:?}: bytes drawn"
            );
            assert_eq!(sig, reference, "{provider:?} {scheme:?}");
        }
    }
}

#[test]
fn ecdsa_and_ed25519_draw_nothing() {
    let message = pattern(100, 2);
    for provider in providers() {
        for file in ["p256.sec1.pem", "p384.pkcs8.pem", "ed25519.pkcs8.pem"] {
            let p = provider.scripted(Vec::new());
            let key = load(&p, file);
            let scheme = key.schemes()[0];
            let sig = key.sign(scheme, &message, &*p.random).unwrap();
            // Deterministic: the same key and message give the same signature.
            assert_eq!(
                key.sign(scheme, &message, &*p.random).unwrap(),
                sig,
                "{provider:?} {file}"
            );
        }
    }
}

/// AWS-LC's own ECDSA signing, opted into: valid signatures everywhere, drawing nothing from the
/// injected source, each one different (the nonce is AWS-LC's).
#[cfg(feature = "aws-lc-rs")]
#[test]
fn aws_lc_native_ecdsa_signs_for_every_verifier() {
    let message = pattern(100, 3);
    let signer = CryptoProvider {
        key_loader: &ferrotls_crypto::aws_lc::sign::NATIVE_ECDSA_KEY_LOADER,
        ..ferrotls_tests::providers::AWS_LC.scripted(Vec::new())
    };
    for file in [
        "p256.pkcs8.pem",
        "p256.sec1.pem",
        "p384.pkcs8.pem",
        "p384.sec1.pem",
    ] {
        let key = load(&signer, file);
        assert!(format!("{key:?}").starts_with("AwsLcEcdsaKey"), "{key:?}");
        let public = subject_public_key(&key.public_key_spki().unwrap());
        let scheme = key.schemes()[0];
        let sig = key.sign(scheme, &message, &*signer.random).unwrap();
        assert_ne!(key.sign(scheme, &message, &*signer.random).unwrap(), sig);
        for verifier in providers() {
            verifier
                .os()
                .verification
                .verify_signature(scheme, &public, &message, &sig)
                .unwrap_or_else(|e| panic!("{verifier:?} {file}: {e:?}"));
        }
    }
}
