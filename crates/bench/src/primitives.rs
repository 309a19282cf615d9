//! Each provider's primitives, timed alone: the cost of every operation a scenario's
//! [`Work`](crate::scenario::Work) lists, and so the scenario's lower bound on that provider.
//!
//! ferrotls rows use their provider through ferrotls-crypto's traits (what the protocol code
//! calls); rustls rows use their `CryptoProvider` through rustls's traits, except the raw AEAD,
//! which rustls only exposes as a record layer: there ring and aws-lc-rs are called directly, and
//! rustls-rustcrypto's `aes-gcm` and `chacha20poly1305` through ferrotls-crypto's RustCrypto
//! provider (the same crates and versions).

use std::sync::Arc;

use ferrotls_crypto::ids::{AeadAlgorithm, HashAlgorithm, NamedGroup, SignatureScheme};
use ferrotls_crypto::CryptoProvider;
use rustls::crypto::tls13::OkmBlock;
use rustls::SupportedCipherSuite;

use crate::certs::{self, KeyType};
use crate::peer::PeerProvider;
use crate::scenario::{Aead, Group, HANDSHAKE_RECORD, RECORD};

/// The transcript hash is priced per byte from a hash of this many bytes.
pub const HASH_BLOCK: usize = 4096;

/// One primitive operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Op {
    /// One side's ECDHE: a key pair and the shared secret with the peer's share.
    Kx(Group),
    Sign(KeyType),
    Verify(KeyType),
    /// HMAC-SHA256, 32-byte key, 64-byte message: the keying and one MAC.
    Hmac,
    /// One more HMAC-SHA256 of a 64-byte message under a key already set up: what a keyed
    /// state reused for several messages under one secret costs per message.
    HmacKeyed,
    /// SHA-256 over this many bytes.
    Hash(usize),
    /// Seal a record of this many bytes and open it again.
    SealOpen(Aead, usize),
    /// Set up one AEAD key (AES key schedule, GHASH key).
    AeadKey(Aead),
}

/// A prepared operation, run once per call.
pub type Job = Box<dyn FnMut()>;

/// The primitives of one provider.
pub trait Primitives {
    fn prepare(&self, op: Op) -> Job;
}

/// The message signed and verified: the size of a TLS 1.3 CertificateVerify's content (64
/// spaces, a 33-byte context string, a zero byte and a SHA-256 hash).
const SIGNED: [u8; 130] = [0x20; 130];
const HMAC_KEY: [u8; 32] = [7; 32];
const HMAC_MESSAGE: [u8; 64] = [9; 64];
const AAD: [u8; 13] = [0x17; 13];
const NONCE: [u8; 12] = [1; 12];

fn scheme(key: KeyType) -> SignatureScheme {
    match key {
        KeyType::EcdsaP256 => SignatureScheme::ECDSA_NISTP256_SHA256,
        KeyType::Rsa2048 => SignatureScheme::RSA_PSS_RSAE_SHA256,
    }
}

fn peer_scheme(key: KeyType) -> rustls::SignatureScheme {
    match key {
        KeyType::EcdsaP256 => rustls::SignatureScheme::ECDSA_NISTP256_SHA256,
        KeyType::Rsa2048 => rustls::SignatureScheme::RSA_PSS_SHA256,
    }
}

fn algorithm(aead: Aead) -> AeadAlgorithm {
    match aead {
        Aead::Aes128Gcm => AeadAlgorithm::Aes128Gcm,
        Aead::Aes256Gcm => AeadAlgorithm::Aes256Gcm,
        Aead::ChaCha20Poly1305 => AeadAlgorithm::ChaCha20Poly1305,
    }
}

/// The raw public key of a server key, as verification algorithms take it.
fn public_key(key: KeyType) -> Vec<u8> {
    let signing = rustls::crypto::ring::sign::any_supported_type(&certs::key(key.key_pem()))
        .expect("ring loads the key");
    let spki = signing.public_key().expect("the key's SPKI");
    certs::spki_public_key(spki.as_ref()).to_vec()
}

/// A provider through ferrotls-crypto's traits.
pub struct FerroPrimitives(pub Arc<CryptoProvider>);

impl std::fmt::Debug for FerroPrimitives {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FerroPrimitives")
    }
}

impl Primitives for FerroPrimitives {
    fn prepare(&self, op: Op) -> Job {
        let provider = Arc::clone(&self.0);
        match op {
            Op::Kx(group) => {
                let kx = provider
                    .kx_group(match group {
                        Group::X25519 => NamedGroup::X25519,
                        Group::P256 => NamedGroup::SECP256R1,
                    })
                    .expect("the group");
                let peer = kx
                    .start(&*provider.random)
                    .expect("a key pair")
                    .public_key()
                    .to_vec();
                Box::new(move || {
                    let ours = kx.start(&*provider.random).expect("a key pair");
                    std::hint::black_box(ours.public_key());
                    std::hint::black_box(ours.complete(&peer).expect("a shared secret"));
                })
            }
            Op::Sign(key) => {
                let signing = provider
                    .key_loader
                    .load_private_key(&certs::key(key.key_pem()))
                    .expect("the key loads");
                Box::new(move || {
                    let sig = signing
                        .sign(scheme(key), &SIGNED, &*provider.random)
                        .expect("a signature");
                    std::hint::black_box(sig);
                })
            }
            Op::Verify(key) => {
                let signing = provider
                    .key_loader
                    .load_private_key(&certs::key(key.key_pem()))
                    .expect("the key loads");
                let sig = signing
                    .sign(scheme(key), &SIGNED, &*provider.random)
                    .expect("a signature");
                let public = public_key(key);
                Box::new(move || {
                    provider
                        .verification
                        .verify_signature(scheme(key), &public, &SIGNED, &sig)
                        .expect("the signature verifies");
                })
            }
            Op::Hmac => {
                let hmac = provider.hmac(HashAlgorithm::Sha256).expect("HMAC-SHA256");
                Box::new(move || {
                    std::hint::black_box(hmac.sign_once(&HMAC_KEY, &[&HMAC_MESSAGE]));
                })
            }
            Op::HmacKeyed => {
                let key = provider
                    .hmac(HashAlgorithm::Sha256)
                    .expect("HMAC-SHA256")
                    .with_key(&HMAC_KEY);
                Box::new(move || {
                    std::hint::black_box(key.sign(&[&HMAC_MESSAGE]));
                })
            }
            Op::Hash(len) => {
                let hash = provider.hash(HashAlgorithm::Sha256).expect("SHA-256");
                let data = vec![0x5a; len];
                Box::new(move || {
                    std::hint::black_box(hash.hash(&data));
                })
            }
            Op::AeadKey(aead) => {
                let aead_alg = provider.aead(algorithm(aead)).expect("the AEAD");
                let key = vec![3; aead.key_len()];
                Box::new(move || {
                    std::hint::black_box(aead_alg.new_key(&key).expect("a key"));
                })
            }
            Op::SealOpen(aead, len) => {
                let key = provider
                    .aead(algorithm(aead))
                    .expect("the AEAD")
                    .new_key(&vec![3; aead.key_len()])
                    .expect("a key");
                let mut buf = vec![0x42; len + 16];
                Box::new(move || {
                    let tag = key
                        .seal_in_place(&NONCE, &AAD, &mut buf[..len])
                        .expect("sealed");
                    buf[len..].copy_from_slice(&tag);
                    let n = key.open_in_place(&NONCE, &AAD, &mut buf).expect("opened");
                    debug_assert_eq!(n, len);
                })
            }
        }
    }
}

/// rustls's providers through rustls's traits (the AEAD directly, see the module docs).
#[derive(Debug)]
pub struct PeerPrimitives(pub PeerProvider);

macro_rules! raw_key {
    ($aead:path, $alg:expr, $key_len:expr) => {{
        use $aead as a;
        let key = [3u8; $key_len];
        let job: Job = Box::new(move || {
            std::hint::black_box(a::LessSafeKey::new(
                a::UnboundKey::new($alg, &key).expect("an AEAD key"),
            ));
        });
        job
    }};
}

macro_rules! raw_seal_open {
    ($aead:path, $alg:expr, $key_len:expr, $len:expr) => {{
        use $aead as a;
        let key =
            a::LessSafeKey::new(a::UnboundKey::new($alg, &[3; $key_len]).expect("an AEAD key"));
        let len = $len;
        let mut buf = vec![0x42; len + 16];
        let job: Job = Box::new(move || {
            let tag = key
                .seal_in_place_separate_tag(
                    a::Nonce::assume_unique_for_key(NONCE),
                    a::Aad::from(AAD),
                    &mut buf[..len],
                )
                .expect("sealed");
            buf[len..].copy_from_slice(tag.as_ref());
            let plain = key
                .open_in_place(
                    a::Nonce::assume_unique_for_key(NONCE),
                    a::Aad::from(AAD),
                    &mut buf,
                )
                .expect("opened");
            debug_assert_eq!(plain.len(), len);
        });
        job
    }};
}

impl Primitives for PeerPrimitives {
    fn prepare(&self, op: Op) -> Job {
        let provider = self.0.provider();
        let tls13 = provider
            .cipher_suites
            .iter()
            .find_map(|s| match s {
                SupportedCipherSuite::Tls13(s)
                    if s.common.suite == rustls::CipherSuite::TLS13_AES_128_GCM_SHA256 =>
                {
                    Some(*s)
                }
                _ => None,
            })
            .expect("TLS13_AES_128_GCM_SHA256");
        match op {
            Op::Kx(group) => {
                let name = match group {
                    Group::X25519 => rustls::NamedGroup::X25519,
                    Group::P256 => rustls::NamedGroup::secp256r1,
                };
                let kx = *provider
                    .kx_groups
                    .iter()
                    .find(|g| g.name() == name)
                    .expect("the group");
                let peer = kx.start().expect("a key pair").pub_key().to_vec();
                Box::new(move || {
                    let ours = kx.start().expect("a key pair");
                    std::hint::black_box(ours.pub_key());
                    std::hint::black_box(ours.complete(&peer).expect("a shared secret"));
                })
            }
            Op::Sign(key) => {
                let signer = provider
                    .key_provider
                    .load_private_key(certs::key(key.key_pem()))
                    .expect("the key loads")
                    .choose_scheme(&[peer_scheme(key)])
                    .expect("a signer");
                Box::new(move || {
                    std::hint::black_box(signer.sign(&SIGNED).expect("a signature"));
                })
            }
            Op::Verify(key) => {
                let signer = provider
                    .key_provider
                    .load_private_key(certs::key(key.key_pem()))
                    .expect("the key loads")
                    .choose_scheme(&[peer_scheme(key)])
                    .expect("a signer");
                let sig = signer.sign(&SIGNED).expect("a signature");
                let alg = provider
                    .signature_verification_algorithms
                    .mapping
                    .iter()
                    .find(|(s, _)| *s == peer_scheme(key))
                    .map(|(_, algs)| algs[0])
                    .expect("a verification algorithm");
                let public = public_key(key);
                Box::new(move || {
                    alg.verify_signature(&public, &SIGNED, &sig)
                        .expect("the signature verifies");
                })
            }
            Op::Hmac => {
                let key = OkmBlock::new(&HMAC_KEY);
                Box::new(move || {
                    std::hint::black_box(tls13.hkdf_provider.hmac_sign(&key, &HMAC_MESSAGE));
                })
            }
            Op::HmacKeyed => {
                // rustls's keyed HMAC state is its HKDF expander: one block of HKDF-Expand is
                // one HMAC under the PRK. The info is one byte short of the message, as Expand
                // appends the block counter.
                let expander = tls13
                    .hkdf_provider
                    .expander_for_okm(&OkmBlock::new(&HMAC_KEY));
                Box::new(move || {
                    std::hint::black_box(expander.expand_block(&[&HMAC_MESSAGE[1..]]));
                })
            }
            Op::Hash(len) => {
                let data = vec![0x5a; len];
                Box::new(move || {
                    std::hint::black_box(tls13.common.hash_provider.hash(&data));
                })
            }
            Op::AeadKey(aead) => match self.0 {
                PeerProvider::Ring => match aead {
                    Aead::Aes128Gcm => raw_key!(ring::aead, &ring::aead::AES_128_GCM, 16),
                    Aead::Aes256Gcm => raw_key!(ring::aead, &ring::aead::AES_256_GCM, 32),
                    Aead::ChaCha20Poly1305 => {
                        raw_key!(ring::aead, &ring::aead::CHACHA20_POLY1305, 32)
                    }
                },
                PeerProvider::AwsLc => match aead {
                    Aead::Aes128Gcm => raw_key!(aws_lc_rs::aead, &aws_lc_rs::aead::AES_128_GCM, 16),
                    Aead::Aes256Gcm => raw_key!(aws_lc_rs::aead, &aws_lc_rs::aead::AES_256_GCM, 32),
                    Aead::ChaCha20Poly1305 => {
                        raw_key!(aws_lc_rs::aead, &aws_lc_rs::aead::CHACHA20_POLY1305, 32)
                    }
                },
                PeerProvider::RustCrypto => {
                    FerroPrimitives(Arc::new(ferrotls_crypto::rustcrypto::default_provider()))
                        .prepare(op)
                }
            },
            Op::SealOpen(aead, len) => match self.0 {
                PeerProvider::Ring => match aead {
                    Aead::Aes128Gcm => {
                        raw_seal_open!(ring::aead, &ring::aead::AES_128_GCM, 16, len)
                    }
                    Aead::Aes256Gcm => {
                        raw_seal_open!(ring::aead, &ring::aead::AES_256_GCM, 32, len)
                    }
                    Aead::ChaCha20Poly1305 => {
                        raw_seal_open!(ring::aead, &ring::aead::CHACHA20_POLY1305, 32, len)
                    }
                },
                PeerProvider::AwsLc => match aead {
                    Aead::Aes128Gcm => {
                        raw_seal_open!(aws_lc_rs::aead, &aws_lc_rs::aead::AES_128_GCM, 16, len)
                    }
                    Aead::Aes256Gcm => {
                        raw_seal_open!(aws_lc_rs::aead, &aws_lc_rs::aead::AES_256_GCM, 32, len)
                    }
                    Aead::ChaCha20Poly1305 => raw_seal_open!(
                        aws_lc_rs::aead,
                        &aws_lc_rs::aead::CHACHA20_POLY1305,
                        32,
                        len
                    ),
                },
                PeerProvider::RustCrypto => {
                    FerroPrimitives(Arc::new(ferrotls_crypto::rustcrypto::default_provider()))
                        .prepare(op)
                }
            },
        }
    }
}

/// The operations a set of scenarios needs priced.
pub fn ops_for(work: &[&crate::scenario::Work], aead: Aead) -> Vec<Op> {
    let mut ops = Vec::new();
    let mut add = |op: Op| {
        if !ops.contains(&op) {
            ops.push(op);
        }
    };
    for w in work {
        w.kx.iter().for_each(|g| add(Op::Kx(*g)));
        w.sign.iter().for_each(|k| add(Op::Sign(*k)));
        w.verify.iter().for_each(|k| add(Op::Verify(*k)));
        if w.hmacs > 0 {
            add(Op::Hmac);
            add(Op::HmacKeyed);
        }
        if w.hash > 0 {
            add(Op::Hash(HASH_BLOCK));
        }
        if w.records > 0 {
            add(Op::SealOpen(aead, HANDSHAKE_RECORD));
        }
        if w.keys > 0 {
            add(Op::AeadKey(aead));
        }
        if let Some((aead, _)) = w.bulk {
            add(Op::SealOpen(aead, RECORD));
        }
    }
    ops
}

/// The lower bound of `work` in nanoseconds, from the price of each operation.
pub fn lower_bound(work: &crate::scenario::Work, aead: Aead, price: impl Fn(Op) -> f64) -> f64 {
    let mut ns = 0.0;
    ns += work.kx.iter().map(|g| price(Op::Kx(*g))).sum::<f64>();
    ns += work.sign.iter().map(|k| price(Op::Sign(*k))).sum::<f64>();
    ns += work
        .verify
        .iter()
        .map(|k| price(Op::Verify(*k)))
        .sum::<f64>();
    if work.hmacs > 0 {
        // Each distinct key is set up once (a fresh HMAC); every further MAC under it reuses
        // the keyed state.
        let keyings = work.hmac_keys.clamp(1, work.hmacs);
        ns += keyings as f64 * price(Op::Hmac);
        ns += (work.hmacs - keyings) as f64 * price(Op::HmacKeyed);
    }
    if work.hash > 0 {
        ns += work.hash as f64 * price(Op::Hash(HASH_BLOCK)) / HASH_BLOCK as f64;
    }
    if work.records > 0 {
        // Each record is a seal on one side and an open on the other: half the pair here.
        ns += work.records as f64 * price(Op::SealOpen(aead, HANDSHAKE_RECORD)) / 2.0;
    }
    if work.keys > 0 {
        ns += work.keys as f64 * price(Op::AeadKey(aead));
    }
    if let Some((aead, records)) = work.bulk {
        ns += records as f64 * price(Op::SealOpen(aead, RECORD));
    }
    ns
}
