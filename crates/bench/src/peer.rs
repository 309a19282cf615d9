//! rustls, the peer library, in a scenario: configurations on each of its providers and the
//! endpoint wrapper.

use std::any::Any;
use std::io::{BufRead, ErrorKind, Write};
use std::sync::Arc;

use rustls::client::{Resumption, Tls12Resumption};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::ServerName;
use rustls::server::ProducesTickets;
use rustls::{CipherSuite, HandshakeKind, NamedGroup, RootCertStore, SupportedProtocolVersion};

use crate::certs::{self, KeyType};
use crate::endpoint::{Endpoint, Wire};
use crate::run::Setup;
use crate::scenario::{Aead, Group, Scenario, Version};

/// The providers rustls runs on here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PeerProvider {
    Ring,
    AwsLc,
    RustCrypto,
}

impl PeerProvider {
    pub const ALL: [Self; 3] = [Self::Ring, Self::AwsLc, Self::RustCrypto];

    pub fn label(self) -> &'static str {
        match self {
            Self::Ring => "ring",
            Self::AwsLc => "aws-lc-rs",
            Self::RustCrypto => "RustCrypto",
        }
    }

    // rustls deprecates its ring provider for lacking post-quantum groups; the scenarios use
    // classical groups only.
    #[allow(deprecated)]
    pub fn provider(self) -> CryptoProvider {
        match self {
            Self::Ring => rustls::crypto::ring::default_provider(),
            Self::AwsLc => rustls::crypto::aws_lc_rs::default_provider(),
            Self::RustCrypto => rustls_rustcrypto::provider(),
        }
    }

    /// The stateless ticket sealer. rustls-rustcrypto has none, so its rows seal tickets with
    /// ring's (one small AES-GCM seal or open per ticket; ferrotls seals its own with the row's
    /// provider).
    fn ticketer(self) -> Arc<dyn ProducesTickets> {
        match self {
            Self::Ring | Self::RustCrypto => rustls::crypto::ring::Ticketer::new(),
            Self::AwsLc => rustls::crypto::aws_lc_rs::Ticketer::new(),
        }
        .expect("a ticketer")
    }
}

macro_rules! rustls_endpoint {
    ($name:ident, $conn:ty) => {
        struct $name($conn);

        impl Endpoint for $name {
            fn write_tls(&mut self, out: &mut Wire) {
                while self.0.wants_write() {
                    let n = self.0.write_tls(out).expect("writing to the wire");
                    assert!(n > 0, "the wire has room for a flight");
                }
            }

            /// The plaintext is borrowed where rustls keeps it (`Reader`'s `BufRead`:
            /// `fill_buf` then `consume`), rustls's closest equivalent of ferrotls's
            /// `handle_tls_in_place`: no copy out into the application's buffer.
            fn read_tls(&mut self, input: &mut [u8]) -> usize {
                let mut rest: &[u8] = input;
                let mut read = 0;
                while !rest.is_empty() {
                    self.0.read_tls(&mut rest).expect("rustls read_tls");
                    self.0
                        .process_new_packets()
                        .unwrap_or_else(|e| panic!("rustls: {e}"));
                    let mut reader = self.0.reader();
                    loop {
                        let n = match reader.fill_buf() {
                            Ok([]) => break,
                            Ok(data) => std::hint::black_box(data).len(),
                            Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                            Err(e) => panic!("rustls read: {e}"),
                        };
                        reader.consume(n);
                        read += n;
                    }
                }
                read
            }

            fn send(&mut self, data: &[u8]) {
                self.0.writer().write_all(data).expect("rustls write");
            }

            fn is_handshaking(&self) -> bool {
                self.0.is_handshaking()
            }

            fn is_resumed(&self) -> bool {
                self.0.handshake_kind() == Some(HandshakeKind::Resumed)
            }

            fn describe(&self) -> String {
                format!(
                    "{:?} {:?} {:?}",
                    self.0.protocol_version(),
                    self.0.negotiated_cipher_suite().map(|s| s.suite()),
                    self.0.negotiated_key_exchange_group().map(|g| g.name()),
                )
            }

            fn as_any(&self) -> &dyn Any {
                self
            }
        }
    };
}

rustls_endpoint!(RustlsClient, rustls::ClientConnection);
rustls_endpoint!(RustlsServer, rustls::ServerConnection);

/// rustls configured for one scenario on one provider.
#[derive(Debug)]
pub struct RustlsSetup {
    client: Arc<rustls::ClientConfig>,
    server: Arc<rustls::ServerConfig>,
}

impl RustlsSetup {
    /// Err says why rustls cannot run the scenario.
    pub fn new(scenario: Scenario, peer: PeerProvider) -> Result<Self, String> {
        let (version, aead, group, key) = match scenario {
            Scenario::Full13 { group, key } => (Version::Tls13, Aead::Aes128Gcm, group, key),
            Scenario::Full12 { key } => (Version::Tls12, Aead::Aes128Gcm, Group::X25519, key),
            Scenario::Resumed13 { dhe: false } => {
                return Err("rustls offers and accepts only psk_dhe_ke".into())
            }
            Scenario::Resumed13 { dhe: true } => (
                Version::Tls13,
                Aead::Aes128Gcm,
                Group::X25519,
                KeyType::EcdsaP256,
            ),
            Scenario::Resumed12 { .. } => (
                Version::Tls12,
                Aead::Aes128Gcm,
                Group::X25519,
                KeyType::EcdsaP256,
            ),
            Scenario::Bulk { version, aead } => (version, aead, Group::X25519, KeyType::EcdsaP256),
        };
        let suite = cipher_suite(version, aead, key);
        let group = match group {
            Group::X25519 => NamedGroup::X25519,
            Group::P256 => NamedGroup::secp256r1,
        };
        let mut provider = peer.provider();
        provider.cipher_suites.retain(|s| s.suite() == suite);
        // As the ferrotls client: in TLS 1.2 P-256 is offered after the ECDHE group, for the
        // certificate's curve (RFC 8422 §5.1.2).
        let offered =
            |g: NamedGroup| g == group || (version == Version::Tls12 && g == NamedGroup::secp256r1);
        provider.kx_groups.retain(|g| offered(g.name()));
        provider
            .kx_groups
            .sort_by_key(|g| usize::from(g.name() != group));
        if provider.cipher_suites.is_empty() || provider.kx_groups.is_empty() {
            return Err(format!("{} lacks {suite:?} or {group:?}", peer.label()));
        }
        let provider = Arc::new(provider);
        let versions: &[&SupportedProtocolVersion] = match version {
            Version::Tls12 => &[&rustls::version::TLS12],
            Version::Tls13 => &[&rustls::version::TLS13],
        };

        let mut roots = RootCertStore::empty();
        for cert in certs::chain(certs::CA) {
            roots.add(cert).map_err(|e| e.to_string())?;
        }
        let mut client = rustls::ClientConfig::builder_with_provider(Arc::clone(&provider))
            .with_protocol_versions(versions)
            .map_err(|e| e.to_string())?
            .with_root_certificates(roots)
            .with_no_client_auth();
        client.resumption = match scenario {
            Scenario::Resumed13 { .. } => Resumption::in_memory_sessions(256),
            Scenario::Resumed12 { ticket } => {
                Resumption::in_memory_sessions(256).tls12_resumption(if ticket {
                    Tls12Resumption::SessionIdOrTickets
                } else {
                    Tls12Resumption::SessionIdOnly
                })
            }
            _ => Resumption::disabled(),
        };

        let mut server = rustls::ServerConfig::builder_with_provider(provider)
            .with_protocol_versions(versions)
            .map_err(|e| e.to_string())?
            .with_no_client_auth()
            .with_single_cert(certs::chain(key.cert_pem()), certs::key(key.key_pem()))
            .map_err(|e| e.to_string())?;
        server.send_tls13_tickets = 2;
        server.ticketer = peer.ticketer();
        Ok(Self {
            client: Arc::new(client),
            server: Arc::new(server),
        })
    }
}

fn cipher_suite(version: Version, aead: Aead, key: KeyType) -> CipherSuite {
    use CipherSuite as S;
    match (version, aead, key) {
        (Version::Tls13, Aead::Aes128Gcm, _) => S::TLS13_AES_128_GCM_SHA256,
        (Version::Tls13, Aead::Aes256Gcm, _) => S::TLS13_AES_256_GCM_SHA384,
        (Version::Tls13, Aead::ChaCha20Poly1305, _) => S::TLS13_CHACHA20_POLY1305_SHA256,
        (Version::Tls12, Aead::Aes128Gcm, KeyType::EcdsaP256) => {
            S::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
        }
        (Version::Tls12, Aead::Aes256Gcm, KeyType::EcdsaP256) => {
            S::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
        }
        (Version::Tls12, Aead::ChaCha20Poly1305, KeyType::EcdsaP256) => {
            S::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
        }
        (Version::Tls12, Aead::Aes128Gcm, KeyType::Rsa2048) => {
            S::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
        }
        (Version::Tls12, Aead::Aes256Gcm, KeyType::Rsa2048) => {
            S::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
        }
        (Version::Tls12, Aead::ChaCha20Poly1305, KeyType::Rsa2048) => {
            S::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
        }
    }
}

impl Setup for RustlsSetup {
    fn client(&mut self) -> Box<dyn Endpoint> {
        let name = ServerName::try_from(certs::SERVER_NAME).expect("a DNS name");
        let conn = rustls::ClientConnection::new(Arc::clone(&self.client), name)
            .expect("the rustls client starts");
        Box::new(RustlsClient(conn))
    }

    fn server(&mut self) -> Box<dyn Endpoint> {
        let conn = rustls::ServerConnection::new(Arc::clone(&self.server))
            .expect("the rustls server starts");
        Box::new(RustlsServer(conn))
    }

    /// rustls keeps its sessions in the client configuration's store.
    fn completed(&mut self, _client: &dyn Endpoint) {}
}
