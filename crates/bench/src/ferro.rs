//! ferrotls in a scenario: configurations on a given provider and the endpoint wrapper.

use std::any::Any;
use std::sync::Arc;
use std::time::Duration;

use ferrotls_core::client::ClientHandshake;
use ferrotls_core::conn::Handshake;
use ferrotls_core::crypto::CryptoProvider;
use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::server::ServerHandshake;
use ferrotls_core::suites::{self, SupportedCipherSuite};
use ferrotls_core::PskKeyExchangeMode;
use ferrotls_core::{
    AppData, CertResolver, CertifiedKey, ClientConfig, ClientConnection, Connection,
    ProtocolVersion, ResumptionData, RootStore, ServerConfig, ServerConnection,
};
use ferrotls_crypto::ids::NamedGroup;

use crate::certs::{self, KeyType};
use crate::endpoint::{Endpoint, Wire};
use crate::run::Setup;
use crate::scenario::{Aead, Group, Scenario, Version};

/// The ferrotls providers, by the names the rustls rows use too.
pub fn providers() -> Vec<(&'static str, Arc<CryptoProvider>)> {
    vec![
        (
            "RustCrypto",
            Arc::new(ferrotls_crypto::rustcrypto::default_provider()),
        ),
        ("ring", Arc::new(ferrotls_crypto::ring::provider())),
        ("aws-lc-rs", Arc::new(aws_lc_native())),
    ]
}

/// The aws-lc-rs provider with ECDSA keys signing in AWS-LC, as a user choosing it for speed
/// would configure it (its default loader signs ECDSA with RustCrypto, for signatures that
/// reproduce from the injected random source). RSA keys sign with RustCrypto either way: AWS-LC
/// draws the PSS salt from its own generator.
fn aws_lc_native() -> CryptoProvider {
    let mut provider = ferrotls_crypto::aws_lc::provider();
    provider.key_loader = &ferrotls_crypto::aws_lc::sign::NATIVE_ECDSA_KEY_LOADER;
    provider
}

/// The virtual clock: 2026-01-01T00:00:00Z, inside the test certificates' validity.
fn now() -> UnixTime {
    UnixTime::since_unix_epoch(Duration::from_secs(1_767_225_600))
}

/// One ferrotls connection.
struct Ferro<H: Handshake> {
    conn: Connection<H>,
}

impl<H: Handshake + 'static> Endpoint for Ferro<H> {
    fn write_tls(&mut self, out: &mut Wire) {
        // Copied out, as rustls's `write_tls` does.
        let pending = self.conn.pending_tls();
        out.extend_from_slice(pending);
        let n = pending.len();
        self.conn.consume_tls(n);
    }

    /// Records are opened where they lie and their data lent in place
    /// (`handle_tls_in_place`), ferrotls's zero-copy read: no copy into the connection and none
    /// out of it (rustls's buffered API copies the input in and the plaintext out).
    fn read_tls(&mut self, input: &mut [u8]) -> usize {
        let len = input.len();
        let mut read = 0;
        let mut records = self.conn.handle_tls_in_place(input, now());
        while let Some(data) = records
            .next_data()
            .unwrap_or_else(|e| panic!("ferrotls: {e}"))
        {
            let (AppData::Data(data) | AppData::EarlyData(data)) = data;
            read += std::hint::black_box(data).len();
        }
        assert_eq!(records.consumed(), len, "whole records are delivered");
        while self.conn.poll_event().is_some() {}
        read
    }

    fn send(&mut self, data: &[u8]) {
        let mut at = 0;
        while at < data.len() {
            at += self
                .conn
                .send(&data[at..])
                .unwrap_or_else(|e| panic!("ferrotls send: {e}"));
        }
    }

    /// The zero-copy send: records sealed earlier go first, then each record is sealed from
    /// the application's data straight into the wire buffer (`seal_into`): the encryption
    /// reads the data where the application keeps it, so no copy precedes it where the provider
    /// encrypts from one buffer into another (aws-lc-rs; RustCrypto under TLS 1.2), and the
    /// one copy `seal_in_place` asks of the application otherwise.
    fn send_records(&mut self, data: &[u8], out: &mut Wire) {
        let layout = self
            .conn
            .send_layout()
            .unwrap_or_else(|e| panic!("ferrotls send_layout: {e}"));
        self.write_tls(out);
        for chunk in data.chunks(layout.max_data_len()) {
            let n = self
                .conn
                .seal_into(chunk, out.room())
                .unwrap_or_else(|e| panic!("ferrotls seal_into: {e}"));
            let pending = self.conn.pending_tls();
            let p = pending.len();
            if p > 0 {
                // A KeyUpdate the seal queued (the keys near their limit) was sealed under the
                // old keys, before this record: it goes first.
                let room = out.room();
                room.copy_within(..n, p);
                room[..p].copy_from_slice(pending);
                self.conn.consume_tls(p);
            }
            out.commit(p + n);
        }
    }

    fn is_handshaking(&self) -> bool {
        self.conn.is_handshaking()
    }

    fn is_resumed(&self) -> bool {
        self.conn.is_resumed()
    }

    fn describe(&self) -> String {
        let info = self.conn.info();
        format!(
            "{} {} {}",
            info.version_name(),
            info.suite.map_or("-", |s| s.name()),
            info.group.map_or("-".to_string(), |g| format!("{g:?}")),
        )
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// ferrotls configured for one scenario on one provider.
pub struct FerroSetup {
    client: Arc<ClientConfig>,
    server: Arc<ServerConfig>,
    resume: bool,
    session: Option<ResumptionData>,
}

impl std::fmt::Debug for FerroSetup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FerroSetup")
            .field("resume", &self.resume)
            .finish_non_exhaustive()
    }
}

impl FerroSetup {
    pub fn new(scenario: Scenario, provider: &Arc<CryptoProvider>) -> Self {
        let (version, suite, group, key) = match scenario {
            Scenario::Full13 { group, key } => (Version::Tls13, Aead::Aes128Gcm, group, key),
            Scenario::Full12 { key } => (Version::Tls12, Aead::Aes128Gcm, Group::X25519, key),
            Scenario::Resumed13 { .. } => (
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

        let mut roots = RootStore::new();
        for cert in certs::chain(certs::CA) {
            roots.add(&cert).expect("the CA is a usable root");
        }
        let mut client = ClientConfig::new(Arc::clone(provider), Arc::new(roots));
        client.versions = vec![match version {
            Version::Tls12 => ProtocolVersion::TLS1_2,
            Version::Tls13 => ProtocolVersion::TLS1_3,
        }];
        client.cipher_suites = vec![cipher_suite(version, suite, key)];
        let group = match group {
            Group::X25519 => NamedGroup::X25519,
            Group::P256 => NamedGroup::SECP256R1,
        };
        // A TLS 1.2 client's groups also name the curves it accepts in the server's ECDSA
        // certificate (RFC 8422 §5.1.2): P-256 follows the ECDHE group there.
        client.groups = match version {
            Version::Tls13 => vec![group],
            Version::Tls12 => vec![group, NamedGroup::SECP256R1],
        };
        client.key_share_count = 1;
        client.tls12_session_tickets = matches!(scenario, Scenario::Resumed12 { ticket: true });
        if scenario == (Scenario::Resumed13 { dhe: false }) {
            client.psk_modes = vec![PskKeyExchangeMode::PSK_KE];
        } else {
            client.psk_modes = vec![PskKeyExchangeMode::PSK_DHE_KE];
        }

        let signing_key = provider
            .key_loader
            .load_private_key(&certs::key(key.key_pem()))
            .expect("the provider loads the server key");
        let mut resolver = CertResolver::new();
        resolver.add_default(Arc::new(CertifiedKey::new(
            certs::chain(key.cert_pem()),
            signing_key,
        )));
        let mut server = ServerConfig::new(Arc::clone(provider), Arc::new(resolver));
        server.tls13_tickets = 2;

        Self {
            client: Arc::new(client),
            server: Arc::new(server),
            resume: matches!(
                scenario,
                Scenario::Resumed13 { .. } | Scenario::Resumed12 { .. }
            ),
            session: None,
        }
    }
}

fn cipher_suite(version: Version, aead: Aead, key: KeyType) -> &'static SupportedCipherSuite {
    match (version, aead, key) {
        (Version::Tls13, Aead::Aes128Gcm, _) => &suites::TLS_AES_128_GCM_SHA256,
        (Version::Tls13, Aead::Aes256Gcm, _) => &suites::TLS_AES_256_GCM_SHA384,
        (Version::Tls13, Aead::ChaCha20Poly1305, _) => &suites::TLS_CHACHA20_POLY1305_SHA256,
        (Version::Tls12, Aead::Aes128Gcm, KeyType::EcdsaP256) => {
            &suites::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
        }
        (Version::Tls12, Aead::Aes256Gcm, KeyType::EcdsaP256) => {
            &suites::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
        }
        (Version::Tls12, Aead::ChaCha20Poly1305, KeyType::EcdsaP256) => {
            &suites::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
        }
        (Version::Tls12, Aead::Aes128Gcm, KeyType::Rsa2048) => {
            &suites::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
        }
        (Version::Tls12, Aead::Aes256Gcm, KeyType::Rsa2048) => {
            &suites::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384
        }
        (Version::Tls12, Aead::ChaCha20Poly1305, KeyType::Rsa2048) => {
            &suites::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256
        }
    }
}

impl Setup for FerroSetup {
    fn client(&mut self) -> Box<dyn Endpoint> {
        let name = ServerName::try_from(certs::SERVER_NAME).expect("a DNS name");
        let config = Arc::clone(&self.client);
        let conn = match self.session.clone() {
            Some(data) => ClientConnection::resume(config, name, data, now()),
            None => ClientConnection::new(config, name, now()),
        }
        .expect("the client starts");
        Box::new(Ferro::<ClientHandshake> { conn })
    }

    fn server(&mut self) -> Box<dyn Endpoint> {
        let conn = ServerConnection::new(Arc::clone(&self.server)).expect("the server starts");
        Box::new(Ferro::<ServerHandshake> { conn })
    }

    fn completed(&mut self, client: &dyn Endpoint) {
        if !self.resume {
            return;
        }
        let client = client
            .as_any()
            .downcast_ref::<Ferro<ClientHandshake>>()
            .expect("a ferrotls client");
        // A TLS 1.3 ticket is for one use: the next resumption takes this connection's newest.
        self.session = Some(client.conn.resumption_data().expect("a session to resume"));
    }
}
