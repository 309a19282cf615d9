//! The test PKI in `vectors/certs/` (see its `generate.sh`) and configurations built from it.

use std::path::PathBuf;
use std::sync::Arc;

use ferrotls_core::config::DEFAULT_SESSION_LIFETIME;
use ferrotls_core::crypto::random::SeededRandom;
use ferrotls_core::crypto::rustcrypto::{default_provider, provider_with_random};
use ferrotls_core::crypto::sign::SigningKey;
use ferrotls_core::crypto::CryptoProvider;
use ferrotls_core::pki_types::pem::PemObject;
use ferrotls_core::pki_types::{CertificateDer, PrivateKeyDer};
use ferrotls_core::resumption::AeadTicketSealer;
use ferrotls_core::verify::WebPkiClientVerifier;
use ferrotls_core::{CertResolver, CertifiedKey, ClientConfig, RootStore, ServerConfig};

use crate::providers;

/// A name every server certificate is valid for (they also carry `testserver.ferrotls` and
/// `127.0.0.1`).
pub const SERVER_NAME: &str = "localhost";

/// The key types the test PKI has a server and a client certificate for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyKind {
    EcdsaP256,
    Ed25519,
    Rsa2048,
}

impl KeyKind {
    pub const ALL: [Self; 3] = [Self::EcdsaP256, Self::Ed25519, Self::Rsa2048];

    /// The kind as the file names spell it.
    pub fn file_part(self) -> &'static str {
        match self {
            Self::EcdsaP256 => "ecdsa-p256",
            Self::Ed25519 => "ed25519",
            Self::Rsa2048 => "rsa2048",
        }
    }
}

/// `vectors/certs/`.
pub fn dir() -> PathBuf {
    crate::vectors::dir().join("certs")
}

/// The path of a file in `vectors/certs/`.
pub fn path(name: &str) -> PathBuf {
    dir().join(name)
}

fn read(name: &str) -> Vec<u8> {
    let path = path(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The certificates of a PEM file, in file order.
pub fn certs(name: &str) -> Vec<CertificateDer<'static>> {
    let certs = CertificateDer::pem_slice_iter(&read(name))
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("{name}: bad PEM: {e}"));
    assert!(!certs.is_empty(), "{name}: no certificate");
    certs
}

/// The private key of a PEM file, loaded by the default provider's key loader.
pub fn key(name: &str) -> Arc<dyn SigningKey> {
    key_on(&default_provider(), name)
}

/// The private key of a PEM file, loaded by `provider`'s key loader.
fn key_on(provider: &CryptoProvider, name: &str) -> Arc<dyn SigningKey> {
    let der = PrivateKeyDer::from_pem_slice(&read(name))
        .unwrap_or_else(|e| panic!("{name}: no private key: {e}"));
    provider
        .key_loader
        .load_private_key(&der)
        .unwrap_or_else(|e| panic!("{name}: key refused: {e}"))
}

/// `STEM.pem` and `STEM.key` as a certificate with its key.
pub fn certified_key(stem: &str) -> Arc<CertifiedKey> {
    certified_key_on(&default_provider(), stem)
}

fn certified_key_on(provider: &CryptoProvider, stem: &str) -> Arc<CertifiedKey> {
    Arc::new(CertifiedKey::new(
        certs(&format!("{stem}.pem")),
        key_on(provider, &format!("{stem}.key")),
    ))
}

/// The server certificate of `kind` (valid for [`SERVER_NAME`], issued by `ca.pem`), its key
/// loaded by the [server provider](providers::server_provider).
pub fn server_key(kind: KeyKind) -> Arc<CertifiedKey> {
    certified_key_on(
        &providers::server_provider().os(),
        &format!("server-{}", kind.file_part()),
    )
}

/// The client certificate of `kind` (issued by `client-ca.pem`), its key loaded by the
/// [client provider](providers::client_provider).
pub fn client_key(kind: KeyKind) -> Arc<CertifiedKey> {
    certified_key_on(
        &providers::client_provider().os(),
        &format!("client-{}", kind.file_part()),
    )
}

/// A root store holding the certificates of `name` (e.g. `ca.pem`).
pub fn roots(name: &str) -> Arc<RootStore> {
    let mut store = RootStore::new();
    for cert in certs(name) {
        store
            .add(&cert)
            .unwrap_or_else(|e| panic!("{name}: not a usable root: {e}"));
    }
    Arc::new(store)
}

/// The default provider (operating-system randomness).
pub fn provider() -> Arc<CryptoProvider> {
    Arc::new(default_provider())
}

/// The default algorithms with deterministic randomness, so a run can be replayed.
pub fn seeded_provider(seed: u8) -> Arc<CryptoProvider> {
    Arc::new(provider_with_random(Arc::new(SeededRandom::new(
        [seed; 32],
    ))))
}

/// `config` with randomness from `seed` everywhere, the ticket key included (the default sealer
/// drew its key from the operating system when the config was made), so that a run, tickets and
/// all, can be replayed byte for byte. The provider is the [server
/// provider](providers::server_provider).
pub fn seed_server(config: &mut ServerConfig, seed: u8) {
    config.provider = Arc::new(providers::server_provider().seeded(seed));
    let sealer = AeadTicketSealer::new(&config.provider, DEFAULT_SESSION_LIFETIME)
        .expect("a ticket sealer from the seeded provider");
    config.ticket_sealer = Some(Arc::new(sealer));
}

/// A client trusting `ca.pem`, without a client certificate.
pub fn client_config() -> ClientConfig {
    ClientConfig::new(Arc::new(providers::client_provider().os()), roots("ca.pem"))
}

/// A client trusting `ca.pem` that answers a CertificateRequest with its `kind` certificate.
pub fn client_config_with_cert(kind: KeyKind) -> ClientConfig {
    let mut config = client_config();
    config.client_auth = Some(client_key(kind));
    config
}

/// A server presenting its `kind` certificate to every client.
pub fn server_config(kind: KeyKind) -> ServerConfig {
    let mut resolver = CertResolver::new();
    resolver.add_default(server_key(kind));
    ServerConfig::new(
        Arc::new(providers::server_provider().os()),
        Arc::new(resolver),
    )
}

/// A server that requires a client certificate chaining to `client-ca.pem`.
pub fn server_config_requiring_client_auth(kind: KeyKind) -> ServerConfig {
    let mut config = server_config(kind);
    config.client_verifier = Some(Arc::new(client_verifier(&config)));
    config
}

/// A server that asks for a client certificate but also accepts clients without one.
pub fn server_config_optional_client_auth(kind: KeyKind) -> ServerConfig {
    let mut config = server_config(kind);
    config.client_verifier = Some(Arc::new(client_verifier(&config).optional()));
    config
}

fn client_verifier(config: &ServerConfig) -> WebPkiClientVerifier {
    WebPkiClientVerifier::new(roots("client-ca.pem"), config.provider.verification)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_loads_with_a_matching_key_type() {
        for kind in KeyKind::ALL {
            let server = server_key(kind);
            let client = client_key(kind);
            assert_eq!(server.chain.len(), 1, "{kind:?}");
            assert_eq!(server.key.kind(), client.key.kind(), "{kind:?}");
        }
    }

    #[test]
    fn configs_build() {
        assert_eq!(roots("ca.pem").len(), 1);
        assert!(client_config_with_cert(KeyKind::Ed25519)
            .client_auth
            .is_some());
        let required = server_config_requiring_client_auth(KeyKind::Rsa2048);
        let verifier = required.client_verifier.expect("a verifier");
        assert!(verifier.client_auth_mandatory());
        let optional = server_config_optional_client_auth(KeyKind::EcdsaP256);
        assert!(!optional
            .client_verifier
            .expect("a verifier")
            .client_auth_mandatory());
    }

    #[test]
    fn the_seeded_provider_repeats_itself() {
        let (mut a, mut b) = ([0; 16], [0; 16]);
        seeded_provider(3).random.fill(&mut a).unwrap();
        seeded_provider(3).random.fill(&mut b).unwrap();
        assert_eq!(a, b);
    }
}
