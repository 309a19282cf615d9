//! The first ClientHello: fields, extension order, random draw order, padding.

use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;

use ferrotls_crypto::random::ScriptedRandom;
use ferrotls_crypto::rustcrypto::provider_with_random;
use ferrotls_crypto::NamedGroup;
use ferrotls_record::{ContentType, ProtocolVersion};
use rustls_pki_types::ServerName;

use super::fake_server::{config, connect, now, TestVerifier};
use crate::client::ClientConnection;
use crate::config::ClientConfig;
use crate::error::ApiError;
use crate::msgs::enums::{CipherSuite, CompressionMethod, ExtensionType, PskKeyExchangeMode};
use crate::msgs::extensions::{ClientExtension, ExtensionCodec, SessionTicket};
use crate::msgs::handshake::{ClientHello, HandshakeMessage, Version};

fn first_record(client: &mut ClientConnection) -> Vec<u8> {
    let mut out = Vec::new();
    client.write_tls(&mut out);
    out
}

fn hello_of(record: &[u8]) -> ClientHello {
    match HandshakeMessage::decode(&record[5..], Version::Tls13) {
        Ok(HandshakeMessage::ClientHello(ch)) => ch,
        other => panic!("{other:?}"),
    }
}

fn types(ch: &ClientHello) -> Vec<ExtensionType> {
    ch.extensions.iter().map(|e| e.ext_type()).collect()
}

#[test]
fn fields_and_extension_order() {
    let mut c = config();
    c.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    c.limits.record_size_limit = Some(4096);
    let mut client = connect(c);
    let record = first_record(&mut client);
    // RFC 8446 §5.1: the initial ClientHello record may say 0x0301.
    assert_eq!(record[..3], [ContentType::HANDSHAKE.0, 3, 1]);
    let ch = hello_of(&record);
    assert_eq!(ch.legacy_version, ProtocolVersion::TLS1_2);
    assert!(ch.session_id.is_empty());
    assert_eq!(
        ch.cipher_suites,
        [
            CipherSuite::TLS_AES_128_GCM_SHA256,
            CipherSuite::TLS_AES_256_GCM_SHA384,
            CipherSuite::TLS_CHACHA20_POLY1305_SHA256
        ]
    );
    assert_eq!(ch.compression_methods, [CompressionMethod::NULL]);
    assert_eq!(
        types(&ch),
        [
            ExtensionType::SERVER_NAME,
            ExtensionType::RENEGOTIATION_INFO,
            ExtensionType::SUPPORTED_GROUPS,
            ExtensionType::SESSION_TICKET,
            ExtensionType::APPLICATION_LAYER_PROTOCOL_NEGOTIATION,
            ExtensionType::KEY_SHARE,
            ExtensionType::SUPPORTED_VERSIONS,
            ExtensionType::SIGNATURE_ALGORITHMS,
            ExtensionType::PSK_KEY_EXCHANGE_MODES,
            ExtensionType::RECORD_SIZE_LIMIT,
        ]
    );
    assert_eq!(
        ch.server_name().and_then(|n| n.first_host_name()),
        Some(&b"example.com"[..])
    );
    assert_eq!(
        ch.supported_versions(),
        Some(&[ProtocolVersion::TLS1_3][..])
    );
    assert_eq!(ch.psk_modes(), Some(&[PskKeyExchangeMode::PSK_DHE_KE][..]));
    // tls12_session_tickets is on by default: an empty ticket asks for one (RFC 5077 §3.2).
    assert!(ch
        .extensions
        .contains(&ClientExtension::SessionTicket(SessionTicket(Vec::new()))));
    assert_eq!(
        ch.signature_algorithms().map(<[_]>::to_vec),
        Some(crate::verify::ServerCertVerifier::supported_schemes(
            &TestVerifier
        ))
    );
    // The default: the hybrid's share and an X25519 one (key_share_count 2), each its size.
    let shares = ch.key_shares().expect("key_share");
    let sent: Vec<_> = shares
        .iter()
        .map(|s| (s.group, s.key_exchange.len()))
        .collect();
    assert_eq!(
        sent,
        [(NamedGroup::X25519MLKEM768, 1216), (NamedGroup::X25519, 32)]
    );
    assert_eq!(
        ch.supported_groups().and_then(|g| g.first()),
        Some(&NamedGroup::X25519MLKEM768)
    );
    // The plaintext limit plus the TLS 1.3 content type byte (RFC 8449 §4).
    assert!(ch.extensions.contains(&ClientExtension::RecordSizeLimit(
        crate::msgs::extensions::RecordSizeLimit(4097)
    )));
    assert_eq!(client.info().server_name.as_deref(), Some("example.com"));
}

#[test]
fn compat_mode_session_id_and_draw_order() {
    // Random, session id, then the X25519 key; unimplemented groups get no share and draw
    // nothing, and key_share_count counts implemented groups only.
    let script: Vec<u8> = (0u8..32 + 32 + 32 + 32).collect();
    let provider = Arc::new(provider_with_random(Arc::new(ScriptedRandom::new(
        script.clone(),
    ))));
    let mut c = ClientConfig::with_verifier(provider, Arc::new(TestVerifier));
    c.middlebox_compat = true;
    c.groups = vec![
        NamedGroup::FFDHE2048,
        NamedGroup::X25519,
        NamedGroup::SECP256R1,
    ];
    c.key_share_count = 2;
    let mut client = connect(c);
    let ch = hello_of(&first_record(&mut client));
    assert_eq!(ch.random[..], script[..32]);
    assert_eq!(ch.session_id, script[32..64]);
    let groups: Vec<_> = ch.key_shares().unwrap().iter().map(|s| s.group).collect();
    assert_eq!(groups, [NamedGroup::X25519, NamedGroup::SECP256R1]);
    assert_eq!(
        ch.supported_groups(),
        Some(
            &[
                NamedGroup::FFDHE2048,
                NamedGroup::X25519,
                NamedGroup::SECP256R1
            ][..]
        )
    );
}

#[test]
fn a_short_random_script_fails_at_new() {
    let provider = Arc::new(provider_with_random(Arc::new(ScriptedRandom::new(vec![
        0;
        40
    ]))));
    let c = ClientConfig::with_verifier(provider, Arc::new(TestVerifier));
    let name = ServerName::try_from("example.com").unwrap();
    assert!(matches!(
        ClientConnection::new(Arc::new(c), name, now()),
        Err(ApiError::Failed(_))
    ));
}

#[test]
fn no_sni_for_ip_addresses_or_when_disabled() {
    let name = ServerName::try_from("192.0.2.1").unwrap();
    let mut client = ClientConnection::new(Arc::new(config()), name, now()).unwrap();
    let ch = hello_of(&first_record(&mut client));
    assert!(ch.server_name().is_none());
    assert_eq!(client.info().server_name, None);

    let mut c = config();
    c.send_sni = false;
    let ch = hello_of(&first_record(&mut connect(c)));
    assert!(ch.server_name().is_none());
}

#[test]
fn tls12_session_ticket_switch() {
    // On by default (RFC 5077 §3.2: an empty session_ticket asks for a ticket), and in its
    // place in the order; off when the config says so.
    assert!(config().tls12_session_tickets);
    let ch = hello_of(&first_record(&mut connect(config())));
    assert_eq!(
        ch.extension(ExtensionType::SESSION_TICKET),
        Some(&ClientExtension::SessionTicket(SessionTicket(Vec::new())))
    );
    let types = types(&ch);
    let ticket = types
        .iter()
        .position(|t| *t == ExtensionType::SESSION_TICKET);
    let groups = types
        .iter()
        .position(|t| *t == ExtensionType::SUPPORTED_GROUPS);
    let share = types.iter().position(|t| *t == ExtensionType::KEY_SHARE);
    assert!(groups < ticket && ticket < share);
    let mut c = config();
    c.tls12_session_tickets = false;
    assert!(!self::types(&hello_of(&first_record(&mut connect(c))))
        .contains(&ExtensionType::SESSION_TICKET));
}

#[test]
fn hellos_of_256_to_511_bytes_are_padded_to_512() {
    // Enough ALPN names to land the unpadded hello in the padding range.
    let mut padded = 0;
    for names in 1..40 {
        let mut c = config();
        // A hybrid share alone (1216 bytes) puts the hello beyond the padding range.
        c.groups = vec![NamedGroup::X25519];
        c.alpn_protocols = (0..names).map(|i| vec![b'a' + (i % 26) as u8; 5]).collect();
        let ch = hello_of(&first_record(&mut connect(c)));
        let len = HandshakeMessage::ClientHello(ch.clone())
            .to_bytes()
            .unwrap()
            .len();
        let padding = ch.extensions.iter().find_map(|e| match e {
            ClientExtension::Padding(p) => Some(p.0),
            _ => None,
        });
        match padding {
            Some(n) => {
                padded += 1;
                assert!(n >= 1);
                let unpadded = len - 4 - n;
                assert!((256..512).contains(&unpadded), "{unpadded}");
                assert_eq!(len, 512.max(unpadded + 5));
                assert_eq!(
                    ch.extensions.last().map(|e| e.ext_type()),
                    Some(ExtensionType::PADDING)
                );
            }
            None => assert!(!(256..512).contains(&len), "{len}"),
        }
    }
    assert!(padded > 10, "{padded}");
}

#[test]
fn configs_without_an_offerable_version_are_refused() {
    let name = ServerName::try_from("example.com").unwrap();
    // TLS 1.2 alone is offerable now; TLS 1.0 alone is not.
    let mut c = config();
    c.versions = vec![ProtocolVersion::TLS1_2];
    assert!(ClientConnection::new(Arc::new(c), name.clone(), now()).is_ok());
    let mut c = config();
    c.versions = vec![ProtocolVersion::TLS1_0];
    assert!(matches!(
        ClientConnection::new(Arc::new(c), name.clone(), now()),
        Err(ApiError::InvalidConfig(_))
    ));
    // A version without one of its suites is not offered.
    let mut c = config();
    c.cipher_suites.retain(|s| !s.is_tls13());
    assert!(matches!(
        ClientConnection::new(Arc::new(c), name, now()),
        Err(ApiError::InvalidConfig(_))
    ));
}

#[test]
fn tls13_only_groups_are_not_offered_to_tls12() {
    let mut c = config();
    c.versions = vec![ProtocolVersion::TLS1_2];
    let ch = hello_of(&first_record(&mut connect(c)));
    assert_eq!(
        ch.supported_groups(),
        Some(
            &[
                NamedGroup::X25519,
                NamedGroup::SECP256R1,
                NamedGroup::SECP384R1
            ][..]
        )
    );
    assert!(ch.key_shares().is_none());
    // Offering both versions, the hybrid is listed (and shared) for TLS 1.3.
    let mut c = config();
    c.versions = vec![ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2];
    let ch = hello_of(&first_record(&mut connect(c)));
    assert_eq!(
        ch.supported_groups().and_then(|g| g.first()),
        Some(&NamedGroup::X25519MLKEM768)
    );
}

#[test]
fn version_dependent_contents() {
    // TLS 1.3 only: no TLS 1.2 extensions or suites (the RFC 8448 tests check the exact bytes).
    let ch = hello_of(&first_record(&mut connect(config())));
    let t = types(&ch);
    assert!(!t.contains(&ExtensionType::EXTENDED_MASTER_SECRET));
    assert!(!t.contains(&ExtensionType::EC_POINT_FORMATS));
    assert!(ch
        .cipher_suites
        .iter()
        .all(|s| crate::suites::lookup(*s).is_some_and(|s| s.is_tls13())));
    assert_eq!(
        ch.supported_versions(),
        Some(&[ProtocolVersion::TLS1_3][..])
    );

    // Both: the TLS 1.2 suites after the TLS 1.3 ones, both versions listed, EMS and
    // uncompressed points offered, a key share and the compatibility session id still there.
    let mut c = config();
    c.middlebox_compat = true;
    c.versions = vec![ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2];
    let ch = hello_of(&first_record(&mut connect(c)));
    let t = types(&ch);
    assert!(t.contains(&ExtensionType::EXTENDED_MASTER_SECRET));
    assert!(t.contains(&ExtensionType::EC_POINT_FORMATS));
    assert!(t.contains(&ExtensionType::RENEGOTIATION_INFO));
    assert!(t.contains(&ExtensionType::KEY_SHARE));
    assert_eq!(ch.session_id.len(), 32);
    assert_eq!(
        ch.supported_versions(),
        Some(&[ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2][..])
    );
    let versions: Vec<bool> = ch
        .cipher_suites
        .iter()
        .map(|s| crate::suites::lookup(*s).unwrap().is_tls13())
        .collect();
    assert_eq!(
        versions,
        [true, true, true, false, false, false, false, false, false]
    );
    assert!(ch
        .signature_algorithms()
        .unwrap()
        .contains(&ferrotls_crypto::SignatureScheme::RSA_PKCS1_SHA256));

    // TLS 1.2 only: no TLS 1.3 extensions, no session id, no key share drawn.
    let mut c = config();
    c.middlebox_compat = true;
    c.versions = vec![ProtocolVersion::TLS1_2];
    let ch = hello_of(&first_record(&mut connect(c)));
    let t = types(&ch);
    for absent in [
        ExtensionType::SUPPORTED_VERSIONS,
        ExtensionType::KEY_SHARE,
        ExtensionType::PSK_KEY_EXCHANGE_MODES,
    ] {
        assert!(!t.contains(&absent), "{absent:?}");
    }
    assert!(t.contains(&ExtensionType::EXTENDED_MASTER_SECRET));
    assert!(ch.session_id.is_empty());
    assert_eq!(ch.legacy_version, ProtocolVersion::TLS1_2);
    assert!(ch
        .cipher_suites
        .iter()
        .all(|s| crate::suites::lookup(*s).is_some_and(|s| !s.is_tls13())));
}

/// RFC 9846 §4.3.8: "Clients and Servers MUST NOT reuse a key share for multiple connections":
/// each connection draws its own from the (shared) provider.
#[test]
fn every_connection_draws_its_own_key_share() {
    let c = config();
    let shares: Vec<Vec<u8>> = (0..2)
        .map(|_| {
            let mut client = connect(c.clone());
            let ch = hello_of(&first_record(&mut client));
            ch.key_shares().expect("key_share")[0].key_exchange.clone()
        })
        .collect();
    assert_ne!(shares[0], shares[1]);
}

/// The record_size_limit a ClientHello carries, if any.
fn record_size_limit(ch: &ClientHello) -> Option<u16> {
    ch.extensions.iter().find_map(|e| match e {
        ClientExtension::RecordSizeLimit(l) => Some(l.0),
        _ => None,
    })
}

#[test]
fn record_size_limit_is_offered_by_default_at_each_versions_maximum() {
    // RFC 8449 §4: the maximum is 2^14 + 1 when the hello offers TLS 1.3 (the value counts the
    // inner content type), 2^14 when it offers TLS 1.2 only.
    assert_eq!(config().limits.record_size_limit, Some(1 << 14));
    let mut both = config();
    both.versions = vec![ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2];
    let ch = hello_of(&first_record(&mut connect(both)));
    assert_eq!(record_size_limit(&ch), Some((1 << 14) + 1));
    let mut tls12 = config();
    tls12.versions = vec![ProtocolVersion::TLS1_2];
    let ch = hello_of(&first_record(&mut connect(tls12)));
    assert_eq!(record_size_limit(&ch), Some(1 << 14));
    // Above the maximum counts as the maximum, below 64 as 64 (a raw config; the builder
    // refuses it): never a value a server must refuse.
    for (ours, versions, sent) in [
        (u16::MAX, vec![ProtocolVersion::TLS1_3], (1 << 14) + 1),
        (u16::MAX, vec![ProtocolVersion::TLS1_2], 1 << 14),
        (10, vec![ProtocolVersion::TLS1_3], 64),
        (10, vec![ProtocolVersion::TLS1_2], 64),
        (1000, vec![ProtocolVersion::TLS1_2], 1000),
    ] {
        let mut c = config();
        c.versions = versions;
        c.limits.record_size_limit = Some(ours);
        let ch = hello_of(&first_record(&mut connect(c)));
        assert_eq!(record_size_limit(&ch), Some(sent), "{ours}");
    }
    // Off: not offered at all.
    let mut off = config();
    off.limits.record_size_limit = None;
    let ch = hello_of(&first_record(&mut connect(off)));
    assert_eq!(record_size_limit(&ch), None);
    assert!(!types(&ch).contains(&ExtensionType::RECORD_SIZE_LIMIT));
}
