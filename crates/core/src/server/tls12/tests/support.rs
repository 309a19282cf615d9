//! What the TLS 1.2 server tests share: keys signing with a constant, a configurable ClientHello,
//! and reading the server's clear-text records.

use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;

use ferrotls_crypto::random::SeededRandom;
use ferrotls_crypto::rustcrypto::provider_with_random;
use ferrotls_crypto::sign::KeyKind;
use ferrotls_crypto::{NamedGroup, SignatureScheme};
use ferrotls_record::{AlertDescription, ContentType, ProtocolVersion};
use rustls_pki_types::{CertificateDer, UnixTime};

use crate::config::{CertResolver, CertifiedKey, ServerConfig};
use crate::error::Error;
use crate::msgs::enums::{CipherSuite, CompressionMethod, ECPointFormat, ExtensionType};
use crate::msgs::extensions::{
    ClientExtension, ECPointFormatList, ExtensionCodec, NamedGroupList, ServerNameList,
    SignatureSchemeList,
};
use crate::msgs::handshake::{ClientHello, HandshakeMessage, ServerHello, Version};
use crate::server::ServerConnection;
use crate::test_keys::StubKey;

pub(super) fn ecdsa_key() -> Arc<CertifiedKey> {
    certified(
        KeyKind::EcdsaP256,
        &[SignatureScheme::ECDSA_NISTP256_SHA256],
    )
}

pub(super) fn rsa_key() -> Arc<CertifiedKey> {
    certified(
        KeyKind::Rsa,
        &[
            SignatureScheme::RSA_PSS_RSAE_SHA256,
            SignatureScheme::RSA_PKCS1_SHA256,
        ],
    )
}

fn certified(kind: KeyKind, schemes: &'static [SignatureScheme]) -> Arc<CertifiedKey> {
    // The first certificate byte tells the tests which key was chosen.
    let tag = if kind == KeyKind::Rsa { 0x52 } else { 0x45 };
    Arc::new(CertifiedKey::new(
        vec![CertificateDer::from(vec![0x30, 0x03, tag, 2, 3])],
        Arc::new(StubKey { kind, schemes }),
    ))
}

/// A server with TLS 1.3 and TLS 1.2 enabled and `keys` as its default certificates.
pub(super) fn config_with(keys: &[Arc<CertifiedKey>]) -> ServerConfig {
    let provider = Arc::new(provider_with_random(Arc::new(SeededRandom::new([7; 32]))));
    let mut resolver = CertResolver::new();
    for key in keys {
        resolver.add_default(Arc::clone(key));
    }
    let mut config = ServerConfig::new(provider, Arc::new(resolver));
    config.versions = vec![ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2];
    config
}

pub(super) fn config() -> ServerConfig {
    config_with(&[ecdsa_key()])
}

/// A TLS 1.2 ClientHello (no supported_versions) every rule accepts: both ECDHE_ECDSA and
/// ECDHE_RSA AES-128-GCM, X25519 and P-256, EMS, empty renegotiation_info, SNI.
pub(super) fn hello() -> ClientHello {
    ClientHello {
        legacy_version: ProtocolVersion::TLS1_2,
        random: [0x11; 32],
        session_id: Vec::new(),
        cipher_suites: vec![
            CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        ],
        compression_methods: vec![CompressionMethod::NULL],
        extensions: vec![
            ClientExtension::ServerName(ServerNameList::host_name(b"example.com")),
            ClientExtension::SupportedGroups(NamedGroupList(vec![
                NamedGroup::X25519,
                NamedGroup::SECP256R1,
            ])),
            ClientExtension::EcPointFormats(ECPointFormatList(vec![ECPointFormat::UNCOMPRESSED])),
            ClientExtension::SignatureAlgorithms(SignatureSchemeList(vec![
                SignatureScheme::ECDSA_NISTP256_SHA256,
                SignatureScheme::RSA_PSS_RSAE_SHA256,
                SignatureScheme::RSA_PKCS1_SHA256,
            ])),
            ClientExtension::ExtendedMasterSecret,
            ClientExtension::RenegotiationInfo(Default::default()),
        ],
    }
}

pub(super) fn without(mut ch: ClientHello, typ: ExtensionType) -> ClientHello {
    ch.extensions.retain(|e| e.ext_type() != typ);
    ch
}

pub(super) fn replace(mut ch: ClientHello, ext: ClientExtension) -> ClientHello {
    let typ = ext.ext_type();
    match ch.extensions.iter_mut().find(|e| e.ext_type() == typ) {
        Some(e) => *e = ext,
        None => ch.extensions.push(ext),
    }
    ch
}

pub(super) fn record(content_type: ContentType, payload: &[u8]) -> Vec<u8> {
    let mut r = vec![content_type.0, 3, 3];
    r.extend_from_slice(&u16::try_from(payload.len()).unwrap().to_be_bytes());
    r.extend_from_slice(payload);
    r
}

pub(super) fn now() -> UnixTime {
    UnixTime::since_unix_epoch(core::time::Duration::from_secs(1_700_000_000))
}

pub(super) fn feed(conn: &mut ServerConnection, bytes: &[u8]) -> Result<usize, Error> {
    let mut buf = bytes.to_vec();
    conn.handle_tls(&mut buf, now())
}

pub(super) fn run(
    config: ServerConfig,
    ch: &ClientHello,
) -> (ServerConnection, Result<usize, Error>) {
    let mut conn = ServerConnection::new(Arc::new(config)).unwrap();
    let encoded = HandshakeMessage::ClientHello(ch.clone())
        .to_bytes()
        .unwrap();
    let result = feed(&mut conn, &record(ContentType::HANDSHAKE, &encoded));
    (conn, result)
}

pub(super) fn alert_for(config: ServerConfig, ch: &ClientHello) -> Option<AlertDescription> {
    run(config, ch).1.err().and_then(|e| e.alert_sent())
}

/// The server's flight after `ch`: its clear-text handshake messages, encoded one by one.
pub(super) fn flight(config: ServerConfig, ch: &ClientHello) -> (ServerConnection, Vec<Vec<u8>>) {
    let (mut conn, result) = run(config, ch);
    result.unwrap();
    let mut out = Vec::new();
    conn.write_tls(&mut out);
    (conn, split_messages(&out))
}

/// Split clear-text handshake records into their messages (each with its header).
pub(super) fn split_messages(records: &[u8]) -> Vec<Vec<u8>> {
    let mut payload = Vec::new();
    let mut rest = records;
    while rest.len() >= 5 {
        assert_eq!(rest[0], ContentType::HANDSHAKE.0, "not a handshake record");
        let len = usize::from(u16::from_be_bytes([rest[3], rest[4]]));
        payload.extend_from_slice(&rest[5..5 + len]);
        rest = &rest[5 + len..];
    }
    let mut messages = Vec::new();
    let mut rest = payload.as_slice();
    while rest.len() >= 4 {
        let len = usize::from(rest[2]) << 8 | usize::from(rest[3]) | usize::from(rest[1]) << 16;
        messages.push(rest[..4 + len].to_vec());
        rest = &rest[4 + len..];
    }
    messages
}

/// The ServerHello of a flight.
pub(super) fn server_hello(config: ServerConfig, ch: &ClientHello) -> ServerHello {
    let (_, messages) = flight(config, ch);
    match HandshakeMessage::decode(&messages[0], Version::Tls12) {
        Ok(HandshakeMessage::ServerHello(sh)) => sh,
        other => panic!("not a ServerHello: {other:?}"),
    }
}
