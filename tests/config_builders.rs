//! Config builders refuse mistakes at build time: one row per mistake, each asserting the exact
//! `ConfigError` (variant and field); and the builders' happy paths give configs that connect.

use std::sync::Arc;

use ferrotls_core::config::ConfigError;
use ferrotls_core::crypto::{AeadAlgorithm, HashAlgorithm, NamedGroup};
use ferrotls_core::msgs::enums::CipherSuite;
use ferrotls_core::resumption::SingleUseAntiReplay;
use ferrotls_core::suites::{
    SupportedCipherSuite, TLS_AES_128_GCM_SHA256, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
};
use ferrotls_core::{ClientConfig, ProtocolVersion, RootStore, ServerConfig};
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::chunks::Delivery;
use ferrotls_tests::pair::Pair;

/// A suite ferrotls does not implement, built the way a user could.
static UNKNOWN_SUITE: SupportedCipherSuite = SupportedCipherSuite {
    suite: CipherSuite(0x1301 + 0x40),
    version: ProtocolVersion::TLS1_3,
    hash: HashAlgorithm::Sha256,
    aead: AeadAlgorithm::Aes128Gcm,
    tls12_auth: None,
};

fn server() -> ferrotls_core::config::ServerConfigBuilder {
    let key = certs::server_key(KeyKind::EcdsaP256);
    ServerConfig::builder(certs::provider()).cert(key.chain.clone(), Arc::clone(&key.key))
}

fn client() -> ferrotls_core::config::ClientConfigBuilder {
    ClientConfig::builder(certs::provider(), certs::roots("ca.pem"))
}

#[test]
fn each_mistake_is_refused_at_build_time_naming_its_field() {
    let long_alpn = [b'h'; 256];
    let ed25519 = certs::server_key(KeyKind::Ed25519);
    let p256 = certs::server_key(KeyKind::EcdsaP256);
    let client_key = certs::client_key(KeyKind::EcdsaP256);
    #[rustfmt::skip]
    let rows: Vec<(&str, Result<(), ConfigError>, ConfigError)> = vec![
        ("server: no versions",
         server().versions(&[]).build().map(drop),
         ConfigError::Empty { field: "versions" }),
        ("server: TLS 1.1",
         server().versions(&[ProtocolVersion::TLS1_1]).build().map(drop),
         ConfigError::UnknownVersion { field: "versions", version: ProtocolVersion::TLS1_1 }),
        ("server: no suites",
         server().cipher_suites(&[]).build().map(drop),
         ConfigError::Empty { field: "cipher_suites" }),
        ("server: unknown suite",
         server().cipher_suites(&[&TLS_AES_128_GCM_SHA256, &UNKNOWN_SUITE]).build().map(drop),
         ConfigError::UnknownCipherSuite { field: "cipher_suites", suite: 0x1341 }),
        ("server: TLS 1.3 only with a TLS 1.2 suite",
         server().versions(&[ProtocolVersion::TLS1_3])
             .cipher_suites(&[&TLS_AES_128_GCM_SHA256, &TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256])
             .build().map(drop),
         ConfigError::SuiteForDisabledVersion { field: "cipher_suites", suite: 0xc02b }),
        ("server: TLS 1.2 enabled without a TLS 1.2 suite",
         server().cipher_suites(&[&TLS_AES_128_GCM_SHA256]).build().map(drop),
         ConfigError::NoSuiteForVersion { field: "cipher_suites", version: ProtocolVersion::TLS1_2 }),
        ("server: no groups",
         server().groups(&[]).build().map(drop),
         ConfigError::Empty { field: "groups" }),
        ("server: unknown group",
         server().groups(&[NamedGroup::X25519, NamedGroup(0x4242)]).build().map(drop),
         ConfigError::UnknownGroup { field: "groups", group: NamedGroup(0x4242) }),
        ("server: empty ALPN name",
         server().alpn_protocols(&[b"h2", b""]).build().map(drop),
         ConfigError::InvalidAlpn { field: "alpn_protocols", index: 1, len: 0 }),
        ("server: 256-byte ALPN name",
         server().alpn_protocols(&[&long_alpn]).build().map(drop),
         ConfigError::InvalidAlpn { field: "alpn_protocols", index: 0, len: 256 }),
        ("server: key of another certificate (same algorithm)",
         ServerConfig::builder(certs::provider())
             .cert(certs::certs("other-name.pem"), Arc::clone(&p256.key)).build().map(drop),
         ConfigError::KeyMismatch { field: "cert" }),
        ("server: key of another algorithm",
         ServerConfig::builder(certs::provider())
             .cert(p256.chain.clone(), Arc::clone(&ed25519.key)).build().map(drop),
         ConfigError::KeyMismatch { field: "cert" }),
        ("server: empty chain",
         ServerConfig::builder(certs::provider()).cert(Vec::new(), Arc::clone(&p256.key))
             .build().map(drop),
         ConfigError::EmptyChain { field: "cert" }),
        ("server: a name's key of another certificate",
         server().cert_for_name("other.ferrotls", certs::certs("other-name.pem"),
             Arc::clone(&p256.key)).build().map(drop),
         ConfigError::KeyMismatch { field: "cert_for_name" }),
        ("server: an IP address as a certificate's SNI name",
         server().cert_for_name("127.0.0.1", p256.chain.clone(), Arc::clone(&p256.key))
             .build().map(drop),
         ConfigError::InvalidServerName { field: "cert_for_name" }),
        ("server: a wildcard over a single label (RFC 6125 §6.4.3, kept conservative)",
         server().cert_for_name("*.ferrotls", p256.chain.clone(), Arc::clone(&p256.key))
             .build().map(drop),
         ConfigError::InvalidServerName { field: "cert_for_name" }),
        ("server: a wildcard that is not the whole left-most label",
         server().cert_for_name("w*.wild.ferrotls", p256.chain.clone(), Arc::clone(&p256.key))
             .build().map(drop),
         ConfigError::InvalidServerName { field: "cert_for_name" }),
        ("server: no certificate at all",
         ServerConfig::builder(certs::provider()).build().map(drop),
         ConfigError::Empty { field: "cert" }),
        ("server: client auth without roots",
         server().client_auth(Arc::new(RootStore::new()), true).build().map(drop),
         ConfigError::ClientAuthWithoutRoots { field: "client_verifier" }),
        ("server: 0-RTT without anti-replay",
         server().with(|c| c.max_early_data = 16384).build().map(drop),
         ConfigError::EarlyDataWithoutAntiReplay { field: "max_early_data" }),
        ("client: no roots",
         ClientConfig::builder(certs::provider(), Arc::new(RootStore::new())).build().map(drop),
         ConfigError::Empty { field: "roots" }),
        ("client: no versions",
         client().versions(&[]).build().map(drop),
         ConfigError::Empty { field: "versions" }),
        ("client: unknown version",
         client().versions(&[ProtocolVersion(0x0305)]).build().map(drop),
         ConfigError::UnknownVersion { field: "versions", version: ProtocolVersion(0x0305) }),
        ("client: no suites",
         client().cipher_suites(&[]).build().map(drop),
         ConfigError::Empty { field: "cipher_suites" }),
        ("client: unknown suite",
         client().cipher_suites(&[&UNKNOWN_SUITE]).build().map(drop),
         ConfigError::UnknownCipherSuite { field: "cipher_suites", suite: 0x1341 }),
        ("client: TLS 1.2 only with TLS 1.3 suites",
         client().versions(&[ProtocolVersion::TLS1_2]).cipher_suites(&[&TLS_AES_128_GCM_SHA256])
             .build().map(drop),
         ConfigError::SuiteForDisabledVersion { field: "cipher_suites", suite: 0x1301 }),
        ("client: TLS 1.3 enabled without a TLS 1.3 suite",
         client().cipher_suites(&[&TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]).build().map(drop),
         ConfigError::NoSuiteForVersion { field: "cipher_suites", version: ProtocolVersion::TLS1_3 }),
        ("client: no groups",
         client().groups(&[]).build().map(drop),
         ConfigError::Empty { field: "groups" }),
        ("client: unknown group",
         client().groups(&[NamedGroup(0x4242)]).build().map(drop),
         ConfigError::UnknownGroup { field: "groups", group: NamedGroup(0x4242) }),
        ("client: more key shares than groups",
         client().with(|c| c.key_share_count = 9).build().map(drop),
         ConfigError::OutOfRange { field: "key_share_count" }),
        ("client: record_size_limit below 64 (RFC 8449 §4)",
         client().record_size_limit(Some(63)).build().map(drop),
         ConfigError::OutOfRange { field: "record_size_limit" }),
        ("client: empty ALPN name",
         client().alpn_protocols(&[b""]).build().map(drop),
         ConfigError::InvalidAlpn { field: "alpn_protocols", index: 0, len: 0 }),
        ("client: 256-byte ALPN name",
         client().alpn_protocols(&[b"h2", b"http/1.1", &long_alpn]).build().map(drop),
         ConfigError::InvalidAlpn { field: "alpn_protocols", index: 2, len: 256 }),
        ("client: client-auth key of another certificate",
         client().client_auth(client_key.chain.clone(), Arc::clone(&p256.key)).build().map(drop),
         ConfigError::KeyMismatch { field: "client_auth" }),
    ];
    for (what, got, want) in rows {
        assert_eq!(got, Err(want.clone()), "{what}");
        // The message names the field, for users who only print it.
        let field = match &want {
            ConfigError::Empty { field }
            | ConfigError::UnknownVersion { field, .. }
            | ConfigError::UnknownCipherSuite { field, .. }
            | ConfigError::NoSuiteForVersion { field, .. }
            | ConfigError::SuiteForDisabledVersion { field, .. }
            | ConfigError::UnknownGroup { field, .. }
            | ConfigError::InvalidAlpn { field, .. }
            | ConfigError::KeyMismatch { field }
            | ConfigError::EmptyChain { field }
            | ConfigError::ClientAuthWithoutRoots { field }
            | ConfigError::EarlyDataWithoutAntiReplay { field }
            | ConfigError::OutOfRange { field }
            | ConfigError::InvalidServerName { field } => *field,
            other => panic!("{what}: unexpected variant {other:?}"),
        };
        assert!(want.to_string().starts_with(field), "{what}: {want}");
    }
}

#[test]
fn the_limits_themselves_are_accepted() {
    let max_alpn = [b'h'; 255];
    server().alpn_protocols(&[b"a", &max_alpn]).build().unwrap();
    client().alpn_protocols(&[b"a", &max_alpn]).build().unwrap();
    server()
        .versions(&[ProtocolVersion::TLS1_3])
        .cipher_suites(&[&TLS_AES_128_GCM_SHA256])
        .groups(&[NamedGroup::X25519])
        .build()
        .unwrap();
    client().groups(&[NamedGroup::SECP256R1]).build().unwrap();
    // record_size_limit: offered at the protocol maximum by default; 64 is the floor, `None`
    // leaves the extension out.
    assert_eq!(
        client().build().unwrap().limits.record_size_limit,
        Some(1 << 14)
    );
    for limit in [Some(64), Some(1 << 14), None] {
        let config = client().record_size_limit(limit).build().unwrap();
        assert_eq!(config.limits.record_size_limit, limit);
    }
    // Suites left at their defaults follow the versions chosen (both ways, both sides).
    for version in [ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2] {
        let server = server().versions(&[version]).build().unwrap();
        assert!(!server.cipher_suites.is_empty());
        assert!(server.cipher_suites.iter().all(|s| s.version == version));
        let client = client().versions(&[version]).build().unwrap();
        assert!(!client.cipher_suites.is_empty());
        assert!(client.cipher_suites.iter().all(|s| s.version == version));
    }
    server()
        .early_data(16384, Arc::new(SingleUseAntiReplay::new(64)))
        .build()
        .unwrap();
    ServerConfig::builder(certs::provider())
        .with(|c| c.defer.certificate = true)
        .build()
        .unwrap();
}

#[test]
fn built_configs_connect_with_every_key_kind_and_client_auth() {
    for kind in KeyKind::ALL {
        let key = certs::server_key(kind);
        let server = ServerConfig::builder(certs::provider())
            .cert(key.chain.clone(), Arc::clone(&key.key))
            .client_auth(certs::roots("client-ca.pem"), true)
            .build()
            .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        let ck = certs::client_key(kind);
        let client = client()
            .client_auth(ck.chain.clone(), Arc::clone(&ck.key))
            .build()
            .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
        let mut pair = Pair::new(
            Arc::new(client),
            Arc::new(server),
            certs::SERVER_NAME,
            Delivery::Flights,
        );
        pair.handshake()
            .unwrap_or_else(|e| panic!("{kind:?}: handshake failed: {e}"));
    }
}

#[test]
fn certificates_for_names_are_chosen_by_sni() {
    let other_key = certs::key("other-name.key");
    let server = Arc::new(
        server()
            .cert_for_name("Other.Ferrotls", certs::certs("other-name.pem"), other_key)
            .build()
            .unwrap(),
    );
    let other_der = certs::certs("other-name.pem").remove(0);
    let default_der = certs::server_key(KeyKind::EcdsaP256).chain[0].clone();
    for (name, want) in [
        ("other.ferrotls", &other_der),
        (certs::SERVER_NAME, &default_der),
    ] {
        let client = Arc::new(client().build().unwrap());
        let mut pair = Pair::new(client, Arc::clone(&server), name, Delivery::Flights);
        pair.handshake()
            .unwrap_or_else(|e| panic!("{name}: handshake failed: {e}"));
        let chain = pair.client.conn.info().peer_certificates.clone();
        assert_eq!(chain.first(), Some(want), "{name}");
    }
}

/// A wildcard subjectAltName serves the names one label below it (RFC 6125 §6.4.3), matched
/// case-insensitively, and the client verifies the wildcard certificate for them; an exact entry
/// wins over the wildcard (its order and the single-label rule are in the core's
/// `config::certified_key` tests, where no certificate has to verify).
#[test]
fn wildcard_names_choose_certificates_by_sni() {
    let wildcard_key = certs::key("wildcard-name.key");
    let other_key = certs::key("other-name.key");
    let server = Arc::new(
        server()
            .cert_for_name(
                "*.Wild.Ferrotls",
                certs::certs("wildcard-name.pem"),
                wildcard_key,
            )
            .cert_for_name("other.ferrotls", certs::certs("other-name.pem"), other_key)
            .build()
            .unwrap(),
    );
    let wildcard_der = certs::certs("wildcard-name.pem").remove(0);
    let other_der = certs::certs("other-name.pem").remove(0);
    let default_der = certs::server_key(KeyKind::EcdsaP256).chain[0].clone();
    for (name, want) in [
        ("www.wild.ferrotls", &wildcard_der),
        ("API.WILD.ferrotls", &wildcard_der),
        ("other.ferrotls", &other_der),
        (certs::SERVER_NAME, &default_der),
    ] {
        let client = Arc::new(client().build().unwrap());
        let mut pair = Pair::new(client, Arc::clone(&server), name, Delivery::Flights);
        pair.handshake()
            .unwrap_or_else(|e| panic!("{name}: handshake failed: {e}"));
        let chain = pair.client.conn.info().peer_certificates.clone();
        assert_eq!(chain.first(), Some(want), "{name}");
    }
    // Two labels below the wildcard: not covered, so the default certificate, which the
    // client refuses for that name.
    let client = Arc::new(client().build().unwrap());
    let mut pair = Pair::new(client, server, "a.b.wild.ferrotls", Delivery::Flights);
    assert!(pair.handshake().is_err());
    assert_eq!(
        pair.client.conn.info().peer_certificates.first(),
        None,
        "an unverified chain is not recorded"
    );
}
