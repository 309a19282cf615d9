//! Configurations for the connection targets, chosen by one byte of input, built on the test PKI
//! (`vectors/certs`, compiled in) with deterministic randomness and the accept-anything
//! verifiers of [`crate::verifier`].

use std::sync::{Arc, OnceLock};

use ferrotls_core::crypto::random::SeededRandom;
use ferrotls_core::crypto::rustcrypto::{default_provider, provider_with_random};
use ferrotls_core::crypto::{CryptoProvider, NamedGroup};
use ferrotls_core::pki_types::pem::PemObject;
use ferrotls_core::pki_types::{CertificateDer, PrivateKeyDer};
use ferrotls_core::{CertResolver, CertifiedKey, ClientConfig, ProtocolVersion, ServerConfig};

use crate::verifier::{AcceptAnyClientCert, AcceptAnyServerCert};

/// The name the client connects to (every test server certificate carries it).
pub const SERVER_NAME: &str = "localhost";

/// Seconds since the Unix epoch at which every run starts: 2026-01-01T00:00:00Z, inside the test
/// certificates' validity.
pub const START_SECS: u64 = 1_767_225_600;

/// Seeds of the two sides' random streams.
const CLIENT_SEED: [u8; 32] = [0xc1; 32];
const SERVER_SEED: [u8; 32] = [0x5e; 32];

macro_rules! pki_file {
    ($name:literal) => {
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../vectors/certs/",
            $name
        ))
    };
}

/// The key types of the test PKI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    EcdsaP256,
    Ed25519,
    Rsa2048,
}

struct Keys {
    server: [Arc<CertifiedKey>; 3],
    client: [Arc<CertifiedKey>; 3],
}

fn load(chain_pem: &[u8], key_pem: &[u8]) -> Arc<CertifiedKey> {
    let chain = CertificateDer::pem_slice_iter(chain_pem)
        .collect::<Result<Vec<_>, _>>()
        .expect("test PKI certificate parses");
    let der = PrivateKeyDer::from_pem_slice(key_pem).expect("test PKI key parses");
    let key = default_provider()
        .key_loader
        .load_private_key(&der)
        .expect("test PKI key loads");
    Arc::new(CertifiedKey::new(chain, key))
}

fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| Keys {
        server: [
            load(
                pki_file!("server-ecdsa-p256.pem"),
                pki_file!("server-ecdsa-p256.key"),
            ),
            load(
                pki_file!("server-ed25519.pem"),
                pki_file!("server-ed25519.key"),
            ),
            load(
                pki_file!("server-rsa2048.pem"),
                pki_file!("server-rsa2048.key"),
            ),
        ],
        client: [
            load(
                pki_file!("client-ecdsa-p256.pem"),
                pki_file!("client-ecdsa-p256.key"),
            ),
            load(
                pki_file!("client-ed25519.pem"),
                pki_file!("client-ed25519.key"),
            ),
            load(
                pki_file!("client-rsa2048.pem"),
                pki_file!("client-rsa2048.key"),
            ),
        ],
    })
}

fn index(kind: KeyKind) -> usize {
    match kind {
        KeyKind::EcdsaP256 => 0,
        KeyKind::Ed25519 => 1,
        KeyKind::Rsa2048 => 2,
    }
}

fn seeded(seed: [u8; 32]) -> Arc<CryptoProvider> {
    Arc::new(provider_with_random(Arc::new(SeededRandom::new(seed))))
}

/// What the configuration byte selects.
///
/// - bits 0-1: versions: 0 both sides TLS 1.3 only; 1 both TLS 1.2 only; 2 client both, server
///   TLS 1.3; 3 client both, server TLS 1.2 (the downgrade path);
/// - bit 2: client authentication (the client has a certificate, the server requires one);
/// - bit 3: force a HelloRetryRequest (the client's first key share is x25519, the server only
///   takes secp384r1);
/// - bits 4-5: the server's (and client's) key: 0 and 2 ECDSA P-256, 1 Ed25519, 3 RSA 2048;
/// - bit 6: both sides configure ALPN;
/// - bit 7: the client prefers ChaCha20, the server follows the client's order, no middlebox
///   compatibility mode.
#[derive(Clone, Copy, Debug)]
pub struct Setup {
    pub client_versions: &'static [ProtocolVersion],
    pub server_versions: &'static [ProtocolVersion],
    pub client_auth: bool,
    pub force_hrr: bool,
    pub key: KeyKind,
    pub alpn: bool,
    pub client_order: bool,
}

const V13: &[ProtocolVersion] = &[ProtocolVersion::TLS1_3];
const V12: &[ProtocolVersion] = &[ProtocolVersion::TLS1_2];
const BOTH: &[ProtocolVersion] = &[ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2];

impl Setup {
    pub fn from_byte(b: u8) -> Self {
        let (client_versions, server_versions) = match b & 3 {
            0 => (V13, V13),
            1 => (V12, V12),
            2 => (BOTH, V13),
            _ => (BOTH, V12),
        };
        Self {
            client_versions,
            server_versions,
            client_auth: b & 4 != 0,
            force_hrr: b & 8 != 0,
            key: match (b >> 4) & 3 {
                1 => KeyKind::Ed25519,
                3 => KeyKind::Rsa2048,
                _ => KeyKind::EcdsaP256,
            },
            alpn: b & 0x40 != 0,
            client_order: b & 0x80 != 0,
        }
    }

    pub fn client_config(&self) -> ClientConfig {
        let mut c = ClientConfig::with_verifier(seeded(CLIENT_SEED), Arc::new(AcceptAnyServerCert));
        c.versions = self.client_versions.to_vec();
        c.groups = vec![
            NamedGroup::X25519,
            NamedGroup::SECP256R1,
            NamedGroup::SECP384R1,
        ];
        c.key_share_count = 1;
        if self.client_auth {
            c.client_auth = Some(Arc::clone(&keys().client[index(self.key)]));
        }
        if self.alpn {
            c.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
        }
        if self.client_order {
            c.cipher_suites.reverse();
            c.middlebox_compat = false;
        }
        c
    }

    pub fn server_config(&self) -> ServerConfig {
        let mut resolver = CertResolver::new();
        resolver.add_default(Arc::clone(&keys().server[index(self.key)]));
        let mut s = ServerConfig::new(seeded(SERVER_SEED), Arc::new(resolver));
        s.versions = self.server_versions.to_vec();
        if self.force_hrr {
            s.groups = vec![NamedGroup::SECP384R1];
        }
        if self.client_auth {
            s.client_verifier = Some(Arc::new(AcceptAnyClientCert { mandatory: true }));
        }
        if self.alpn {
            s.alpn_protocols = vec![b"http/1.1".to_vec()];
        }
        if self.client_order {
            s.prefer_server_order = false;
        }
        s
    }
}
