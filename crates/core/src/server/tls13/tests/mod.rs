//! The server's refusal rules, one crafted ClientHello (or message) each. The successful paths
//! are checked byte for byte against RFC 8448 in `tests/rfc8448_server.rs`.

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;

use ferrotls_crypto::random::SeededRandom;
use ferrotls_crypto::rustcrypto::provider_with_random;
use ferrotls_crypto::{NamedGroup, SignatureScheme};
use ferrotls_record::{AlertDescription, ContentType, ProtocolVersion};
use rustls_pki_types::{CertificateDer, UnixTime};

use crate::config::{CertResolver, CertifiedKey, ServerConfig};
use crate::error::Error;
use crate::msgs::enums::{CipherSuite, CompressionMethod, ExtensionType, PskKeyExchangeMode};
use crate::msgs::extensions::{
    ClientExtension, Cookie, KeyShareClientHello, KeyShareEntry, NamedGroupList, ProtocolName,
    ProtocolNameList, ProtocolVersionList, PskKeyExchangeModes, RecordSizeLimit, ServerExtension,
    ServerNameList, SignatureSchemeList, UnknownExtension,
};
use crate::msgs::handshake::{ClientHello, HandshakeMessage, Version};
use crate::server::ServerConnection;
use crate::test_keys::StubKey;

fn certified() -> Arc<CertifiedKey> {
    Arc::new(CertifiedKey::new(
        vec![CertificateDer::from(vec![0x30, 0x03, 1, 2, 3])],
        Arc::new(StubKey::P256),
    ))
}

fn config() -> ServerConfig {
    let provider = Arc::new(provider_with_random(Arc::new(SeededRandom::new([7; 32]))));
    let mut resolver = CertResolver::new();
    resolver.add_default(certified());
    let mut config = ServerConfig::new(provider, Arc::new(resolver));
    // These are TLS 1.3 tests: a server that also speaks 1.2 would answer some of the
    // ClientHellos below with TLS 1.2 instead of refusing them.
    config.versions = vec![ProtocolVersion::TLS1_3];
    config
}

/// A valid X25519 public value (from the provider, so `complete` accepts it).
fn x25519_share() -> Vec<u8> {
    let rng = SeededRandom::new([9; 32]);
    let provider = provider_with_random(Arc::new(SeededRandom::new([1; 32])));
    let kx = provider.kx_group(NamedGroup::X25519).unwrap();
    kx.start(&rng).unwrap().public_key().to_vec()
}

fn share(group: NamedGroup, key_exchange: Vec<u8>) -> ClientExtension {
    ClientExtension::KeyShare(KeyShareClientHello(vec![KeyShareEntry {
        group,
        key_exchange,
    }]))
}

/// A TLS 1.3 ClientHello every rule accepts: X25519 share, P-256 ECDSA allowed, SNI "example.com".
fn hello() -> ClientHello {
    ClientHello {
        legacy_version: ProtocolVersion::TLS1_2,
        random: [0x11; 32],
        session_id: Vec::new(),
        cipher_suites: vec![CipherSuite::TLS_AES_128_GCM_SHA256],
        compression_methods: vec![CompressionMethod::NULL],
        extensions: vec![
            ClientExtension::ServerName(ServerNameList::host_name(b"example.com")),
            ClientExtension::SupportedGroups(NamedGroupList(vec![
                NamedGroup::X25519,
                NamedGroup::SECP256R1,
            ])),
            share(NamedGroup::X25519, x25519_share()),
            ClientExtension::tls13_only(),
            ClientExtension::SignatureAlgorithms(SignatureSchemeList(vec![
                SignatureScheme::ECDSA_NISTP256_SHA256,
                SignatureScheme::RSA_PSS_RSAE_SHA256,
            ])),
            // A client that can resume: tickets are worth sending it (RFC 9846 §4.3.9).
            ClientExtension::PskKeyExchangeModes(PskKeyExchangeModes(vec![
                PskKeyExchangeMode::PSK_DHE_KE,
            ])),
        ],
    }
}

fn without(mut ch: ClientHello, typ: ExtensionType) -> ClientHello {
    ch.extensions.retain(|e| {
        use crate::msgs::extensions::ExtensionCodec;
        e.ext_type() != typ
    });
    ch
}

fn replace(mut ch: ClientHello, ext: ClientExtension) -> ClientHello {
    use crate::msgs::extensions::ExtensionCodec;
    let typ = ext.ext_type();
    match ch.extensions.iter_mut().find(|e| e.ext_type() == typ) {
        Some(e) => *e = ext,
        None => ch.extensions.push(ext),
    }
    ch
}

fn record(content_type: ContentType, payload: &[u8]) -> Vec<u8> {
    let mut r = vec![content_type.0, 3, 3];
    r.extend_from_slice(&u16::try_from(payload.len()).unwrap().to_be_bytes());
    r.extend_from_slice(payload);
    r
}

fn hello_record(ch: &ClientHello) -> Vec<u8> {
    let encoded = HandshakeMessage::ClientHello(ch.clone())
        .to_bytes()
        .unwrap();
    record(ContentType::HANDSHAKE, &encoded)
}

fn now() -> UnixTime {
    UnixTime::since_unix_epoch(core::time::Duration::from_secs(1_700_000_000))
}

fn feed(conn: &mut ServerConnection, bytes: &[u8]) -> Result<usize, Error> {
    let mut buf = bytes.to_vec();
    conn.handle_tls(&mut buf, now())
}

fn run(config: ServerConfig, ch: &ClientHello) -> (ServerConnection, Result<usize, Error>) {
    let mut conn = ServerConnection::new(Arc::new(config)).unwrap();
    let result = feed(&mut conn, &hello_record(ch));
    (conn, result)
}

fn alert_for(config: ServerConfig, ch: &ClientHello) -> Option<AlertDescription> {
    run(config, ch).1.err().and_then(|e| e.alert_sent())
}

fn server_messages(conn: &mut ServerConnection) -> Vec<u8> {
    let mut out = Vec::new();
    conn.write_tls(&mut out);
    out
}

#[test]
fn the_baseline_hello_is_answered_with_a_flight() {
    let (mut conn, result) = run(config(), &hello());
    assert!(result.is_ok(), "{result:?}");
    let out = server_messages(&mut conn);
    // ServerHello in clear (type 22), then the protected flight (type 23).
    assert_eq!(out.first(), Some(&22));
    assert!(out.windows(3).any(|w| w == [23, 3, 3]));
    let info = conn.info();
    assert_eq!(info.group, Some(NamedGroup::X25519));
    assert_eq!(info.server_name.as_deref(), Some("example.com"));
    assert!(!info.hello_retry);
}

#[test]
fn version_rules_are_protocol_version() {
    let pv = Some(AlertDescription::PROTOCOL_VERSION);
    let no_versions = without(hello(), ExtensionType::SUPPORTED_VERSIONS);
    assert_eq!(alert_for(config(), &no_versions), pv);
    let only_tls12 = replace(
        hello(),
        ClientExtension::SupportedVersions(ProtocolVersionList(vec![ProtocolVersion::TLS1_2])),
    );
    assert_eq!(alert_for(config(), &only_tls12), pv);
    let old_legacy = ClientHello {
        legacy_version: ProtocolVersion::TLS1_0,
        ..hello()
    };
    assert_eq!(alert_for(config(), &old_legacy), pv);
    let mut tls12_server = config();
    tls12_server.versions = vec![ProtocolVersion::TLS1_2];
    assert_eq!(alert_for(tls12_server, &hello()), pv);
}

#[test]
fn compression_must_be_exactly_null() {
    let ch = ClientHello {
        compression_methods: vec![CompressionMethod::NULL, CompressionMethod(1)],
        ..hello()
    };
    assert_eq!(
        alert_for(config(), &ch),
        Some(AlertDescription::ILLEGAL_PARAMETER)
    );
}

#[test]
fn no_common_suite_is_handshake_failure() {
    let ch = ClientHello {
        cipher_suites: vec![CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256],
        ..hello()
    };
    assert_eq!(
        alert_for(config(), &ch),
        Some(AlertDescription::HANDSHAKE_FAILURE)
    );
}

#[test]
fn suite_order_follows_the_configured_side() {
    let ch = ClientHello {
        cipher_suites: vec![
            CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
            CipherSuite::TLS_AES_128_GCM_SHA256,
        ],
        ..hello()
    };
    let (conn, result) = run(config(), &ch);
    result.unwrap();
    assert_eq!(
        conn.info().suite.map(|s| s.suite),
        Some(CipherSuite::TLS_AES_128_GCM_SHA256)
    );
    let mut client_order = config();
    client_order.prefer_server_order = false;
    let (conn, result) = run(client_order, &ch);
    result.unwrap();
    assert_eq!(
        conn.info().suite.map(|s| s.suite),
        Some(CipherSuite::TLS_CHACHA20_POLY1305_SHA256)
    );
}

#[test]
fn mandatory_extensions_are_missing_extension() {
    for typ in [
        ExtensionType::SIGNATURE_ALGORITHMS,
        ExtensionType::KEY_SHARE,
        ExtensionType::SUPPORTED_GROUPS,
    ] {
        assert_eq!(
            alert_for(config(), &without(hello(), typ)),
            Some(AlertDescription::MISSING_EXTENSION),
            "{typ:?}"
        );
    }
}

#[test]
fn key_share_outside_supported_groups_is_illegal_parameter() {
    let ch = replace(
        hello(),
        ClientExtension::SupportedGroups(NamedGroupList(vec![NamedGroup::SECP256R1])),
    );
    assert_eq!(
        alert_for(config(), &ch),
        Some(AlertDescription::ILLEGAL_PARAMETER)
    );
}

#[test]
fn no_common_group_is_handshake_failure() {
    let ch = replace(
        replace(
            hello(),
            ClientExtension::SupportedGroups(NamedGroupList(vec![NamedGroup::FFDHE2048])),
        ),
        share(NamedGroup::FFDHE2048, vec![1; 256]),
    );
    assert_eq!(
        alert_for(config(), &ch),
        Some(AlertDescription::HANDSHAKE_FAILURE)
    );
}

#[test]
fn an_invalid_share_is_illegal_parameter() {
    // An all-zero X25519 value gives the all-zero shared secret (RFC 8446 §7.4.2).
    let ch = replace(hello(), share(NamedGroup::X25519, vec![0; 32]));
    assert_eq!(
        alert_for(config(), &ch),
        Some(AlertDescription::ILLEGAL_PARAMETER)
    );
}

/// A valid X25519MLKEM768 client share (1216 bytes).
fn hybrid_share() -> Vec<u8> {
    let rng = SeededRandom::new([10; 32]);
    provider_with_random(Arc::new(SeededRandom::new([2; 32])))
        .kx_group(NamedGroup::X25519MLKEM768)
        .unwrap()
        .start(&rng)
        .unwrap()
        .public_key()
        .to_vec()
}

/// The baseline hello with X25519MLKEM768 (then X25519) supported and one hybrid share.
fn hybrid_hello(key_exchange: Vec<u8>) -> ClientHello {
    replace(
        replace(
            hello(),
            ClientExtension::SupportedGroups(NamedGroupList(vec![
                NamedGroup::X25519MLKEM768,
                NamedGroup::X25519,
            ])),
        ),
        share(NamedGroup::X25519MLKEM768, key_exchange),
    )
}

#[test]
fn x25519mlkem768_shares_are_checked() {
    // draft-ietf-tls-ecdhe-mlkem §3: wrong lengths, an encapsulation key failing the FIPS 203
    // §7.2 modulus check and an all-zero X25519 result are illegal_parameter.
    let good = hybrid_share();
    let mut over_q = good.clone();
    over_q[0] = 0xff;
    over_q[1] |= 0x0f;
    let mut zero_x25519 = good.clone();
    zero_x25519[1184..].fill(0);
    for bad in [
        good[..1215].to_vec(),
        [good.as_slice(), &[1]].concat(),
        good[1184..].to_vec(),
        over_q,
        zero_x25519,
    ] {
        assert_eq!(
            alert_for(config(), &hybrid_hello(bad)),
            Some(AlertDescription::ILLEGAL_PARAMETER)
        );
    }
    let (mut conn, result) = run(config(), &hybrid_hello(good));
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(conn.info().group, Some(NamedGroup::X25519MLKEM768));
    // The ServerHello's share is the ciphertext and an X25519 value: 1120 bytes.
    let out = server_messages(&mut conn);
    let len = u16::from_be_bytes([out[3], out[4]]) as usize;
    let sh = match HandshakeMessage::decode(&out[5..5 + len], Version::Tls13) {
        Ok(HandshakeMessage::ServerHello(sh)) => sh,
        other => panic!("{other:?}"),
    };
    let key_share = sh.extensions.iter().find_map(|e| match e {
        ServerExtension::KeyShare(k) => Some(k),
        _ => None,
    });
    assert_eq!(
        key_share.map(|k| (k.group, k.key_exchange.len())),
        Some((NamedGroup::X25519MLKEM768, 1120))
    );
}

#[test]
fn no_certificate_is_handshake_failure_or_unrecognized_name() {
    let mut empty = config();
    empty.cert_resolver = Arc::new(CertResolver::new());
    assert_eq!(
        alert_for(empty.clone(), &without(hello(), ExtensionType::SERVER_NAME)),
        Some(AlertDescription::HANDSHAKE_FAILURE)
    );
    assert_eq!(
        alert_for(empty, &hello()),
        Some(AlertDescription::UNRECOGNIZED_NAME)
    );
}

#[test]
fn no_usable_signature_scheme_is_handshake_failure() {
    let ch = replace(
        hello(),
        ClientExtension::SignatureAlgorithms(SignatureSchemeList(vec![
            SignatureScheme::RSA_PSS_RSAE_SHA256,
        ])),
    );
    assert_eq!(
        alert_for(config(), &ch),
        Some(AlertDescription::HANDSHAKE_FAILURE)
    );
}

#[test]
fn server_name_must_be_one_dns_name() {
    let ip = replace(
        hello(),
        ClientExtension::ServerName(ServerNameList::host_name(b"192.0.2.1")),
    );
    assert_eq!(
        alert_for(config(), &ip),
        Some(AlertDescription::ILLEGAL_PARAMETER)
    );
    let mut two = ServerNameList::host_name(b"a.example");
    two.0.extend(ServerNameList::host_name(b"b.example").0);
    let two = replace(hello(), ClientExtension::ServerName(two));
    assert_eq!(
        alert_for(config(), &two),
        Some(AlertDescription::ILLEGAL_PARAMETER)
    );
    let upper = replace(
        hello(),
        ClientExtension::ServerName(ServerNameList::host_name(b"Example.COM")),
    );
    let (conn, result) = run(config(), &upper);
    result.unwrap();
    assert_eq!(conn.info().server_name.as_deref(), Some("example.com"));
}

#[test]
fn alpn_is_chosen_by_server_preference_or_refused() {
    let offer = |names: &[&[u8]]| {
        ClientExtension::Alpn(ProtocolNameList(
            names.iter().map(|n| ProtocolName(n.to_vec())).collect(),
        ))
    };
    let mut server = config();
    server.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    let (conn, result) = run(
        server.clone(),
        &replace(hello(), offer(&[b"http/1.1", b"h2"])),
    );
    result.unwrap();
    assert_eq!(conn.info().alpn.as_deref(), Some(&b"h2"[..]));
    assert_eq!(
        alert_for(server, &replace(hello(), offer(&[b"spdy/3"]))),
        Some(AlertDescription::NO_APPLICATION_PROTOCOL)
    );
    // A server without ALPN ignores the offer.
    let (conn, result) = run(config(), &replace(hello(), offer(&[b"spdy/3"])));
    result.unwrap();
    assert_eq!(conn.info().alpn, None);
}

#[test]
fn unknown_extensions_and_psk_offers_are_ignored() {
    let mut ch = hello();
    ch.extensions.insert(
        0,
        ClientExtension::Unknown(UnknownExtension {
            typ: ExtensionType(0x1a1a),
            data: vec![1, 2, 3],
        }),
    );
    let (_, result) = run(config(), &ch);
    assert!(result.is_ok(), "{result:?}");
}

#[test]
fn record_size_limit_is_echoed_only_when_offered() {
    let mut server = config();
    server.limits.record_size_limit = Some(0x4001);
    let offered = replace(
        hello(),
        ClientExtension::RecordSizeLimit(RecordSizeLimit(64)),
    );
    let (mut conn, result) = run(server.clone(), &offered);
    result.unwrap();
    // The client's limit of 64 bytes of TLSInnerPlaintext splits the flight into many records
    // of at most 64 + 16 (tag) bytes.
    let out = server_messages(&mut conn);
    let mut rest = &out[..];
    let mut protected = 0;
    while let [t, _, _, hi, lo, tail @ ..] = rest {
        let len = usize::from(u16::from_be_bytes([*hi, *lo]));
        if *t == 23 {
            assert!(len <= 64 + 16, "record of {len} bytes");
            protected += 1;
        }
        rest = &tail[len..];
    }
    assert!(protected > 1);
}

#[test]
fn a_hello_without_our_share_gets_a_retry() {
    let ch = replace(
        hello(),
        ClientExtension::KeyShare(KeyShareClientHello(Vec::new())),
    );
    let (mut conn, result) = run(config(), &ch);
    result.unwrap();
    assert!(conn.info().hello_retry);
    let out = server_messages(&mut conn);
    let hrr = HandshakeMessage::decode(&out[5..], Version::Tls13).unwrap();
    let HandshakeMessage::HelloRetryRequest(hrr) = hrr else {
        panic!("expected a HelloRetryRequest");
    };
    assert_eq!(hrr.selected_group(), Some(NamedGroup::X25519));
    assert_eq!(hrr.cookie().map(|c| c.0.len()), Some(32));
}

/// A ServerConnection that sent a HelloRetryRequest for X25519, its cookie, and the first
/// ClientHello (with no share).
fn after_retry() -> (ServerConnection, Vec<u8>, ClientHello) {
    let ch1 = replace(
        hello(),
        ClientExtension::KeyShare(KeyShareClientHello(Vec::new())),
    );
    let (mut conn, result) = run(config(), &ch1);
    result.unwrap();
    let out = server_messages(&mut conn);
    let Ok(HandshakeMessage::HelloRetryRequest(hrr)) =
        HandshakeMessage::decode(&out[5..], Version::Tls13)
    else {
        panic!("expected a HelloRetryRequest");
    };
    let cookie = hrr.cookie().unwrap().0.clone();
    (conn, cookie, ch1)
}

fn second_hello(ch1: &ClientHello, cookie: &[u8]) -> ClientHello {
    replace(
        replace(ch1.clone(), share(NamedGroup::X25519, x25519_share())),
        ClientExtension::Cookie(Cookie(cookie.to_vec())),
    )
}

#[test]
fn a_correct_second_hello_completes_the_retry() {
    let (mut conn, cookie, ch1) = after_retry();
    feed(&mut conn, &hello_record(&second_hello(&ch1, &cookie))).unwrap();
    assert_eq!(conn.info().group, Some(NamedGroup::X25519));
    assert!(conn.info().hello_retry);
}

#[test]
fn second_hello_refusals_are_illegal_parameter() {
    type Tweak = Box<dyn Fn(ClientHello, &[u8]) -> ClientHello>;
    let tweaks: Vec<(&str, Tweak)> = vec![
        (
            "wrong cookie",
            Box::new(|ch, _| replace(ch, ClientExtension::Cookie(Cookie(vec![1; 32])))),
        ),
        (
            "no cookie",
            Box::new(|ch, _| without(ch, ExtensionType::COOKIE)),
        ),
        (
            "no share for the group",
            Box::new(|ch, _| {
                replace(
                    ch,
                    ClientExtension::KeyShare(KeyShareClientHello(Vec::new())),
                )
            }),
        ),
        (
            "changed suites",
            Box::new(|ch, _| ClientHello {
                cipher_suites: vec![
                    CipherSuite::TLS_AES_128_GCM_SHA256,
                    CipherSuite::TLS_AES_256_GCM_SHA384,
                ],
                ..ch
            }),
        ),
        (
            "changed random",
            Box::new(|ch, _| ClientHello {
                random: [0x22; 32],
                ..ch
            }),
        ),
        (
            "changed groups",
            Box::new(|ch, _| {
                replace(
                    ch,
                    ClientExtension::SupportedGroups(NamedGroupList(vec![NamedGroup::X25519])),
                )
            }),
        ),
        (
            "early data",
            Box::new(|ch, _| replace(ch, ClientExtension::EarlyData)),
        ),
    ];
    for (what, tweak) in tweaks {
        let (mut conn, cookie, ch1) = after_retry();
        let ch2 = tweak(second_hello(&ch1, &cookie), &cookie);
        let err = feed(&mut conn, &hello_record(&ch2)).unwrap_err();
        assert_eq!(
            err.alert_sent(),
            Some(AlertDescription::ILLEGAL_PARAMETER),
            "{what}: {err}"
        );
    }
}

#[test]
fn preferred_group_policy_retries_even_with_a_usable_share() {
    let mut server = config();
    server.groups = vec![NamedGroup::SECP256R1, NamedGroup::X25519];
    let (conn, result) = run(server.clone(), &hello());
    result.unwrap();
    assert_eq!(conn.info().group, Some(NamedGroup::X25519));
    server.retry_for_preferred_group = true;
    let (conn, result) = run(server, &hello());
    result.unwrap();
    assert!(conn.info().hello_retry);
}

#[test]
fn change_cipher_spec_is_dropped_inside_its_window_up_to_the_flood_limit() {
    let ccs = record(ContentType::CHANGE_CIPHER_SPEC, &[1]);
    // Before the ClientHello: unexpected.
    let mut conn = ServerConnection::new(Arc::new(config())).unwrap();
    let err = feed(&mut conn, &ccs).unwrap_err();
    assert_eq!(err.alert_sent(), Some(AlertDescription::UNEXPECTED_MESSAGE));
    // After the ClientHello: dropped however many arrive (RFC 9846 §5), counted against the
    // empty-record flood limit.
    let (mut conn, result) = run(config(), &hello());
    result.unwrap();
    let limit = crate::config::Limits::default().max_empty_records_in_row;
    for _ in 0..limit {
        feed(&mut conn, &ccs).unwrap();
    }
    assert_eq!(
        feed(&mut conn, &ccs),
        Err(Error::fatal(
            AlertDescription::UNEXPECTED_MESSAGE,
            crate::error::Cause::Limit("max_empty_records_in_row")
        ))
    );
}

#[test]
fn other_messages_before_the_hello_are_unexpected() {
    let mut conn = ServerConnection::new(Arc::new(config())).unwrap();
    let finished = record(ContentType::HANDSHAKE, &[20, 0, 0, 2, 1, 2]);
    let err = feed(&mut conn, &finished).unwrap_err();
    assert_eq!(err.alert_sent(), Some(AlertDescription::UNEXPECTED_MESSAGE));
    // A second ClientHello without a HelloRetryRequest: unexpected too (in clear, before the
    // server's handshake keys are in use for reading it would not even decrypt).
    let (mut conn, result) = run(config(), &hello());
    result.unwrap();
    assert!(feed(&mut conn, &hello_record(&hello())).is_err());
}

#[test]
fn a_hello_coalesced_with_more_handshake_data_is_refused() {
    // RFC 8446 §5.1: the ClientHello must end its record, as the keys change after it.
    let mut payload = HandshakeMessage::ClientHello(hello()).to_bytes().unwrap();
    payload.extend_from_slice(&[20, 0, 0]);
    let mut conn = ServerConnection::new(Arc::new(config())).unwrap();
    let err = feed(&mut conn, &record(ContentType::HANDSHAKE, &payload)).unwrap_err();
    assert_eq!(err.alert_sent(), Some(AlertDescription::UNEXPECTED_MESSAGE));
}

#[test]
fn a_fragmented_hello_followed_by_more_handshake_data_is_refused() {
    // The same rule when the ClientHello spans records and so is lent from the joiner's
    // buffer: a whole message after it in its last record must not be read under new keys.
    let hello = HandshakeMessage::ClientHello(hello()).to_bytes().unwrap();
    let (first, rest) = hello.split_at(10);
    let mut second = rest.to_vec();
    second.extend_from_slice(&[20, 0, 0, 0]);
    let mut conn = ServerConnection::new(Arc::new(config())).unwrap();
    feed(&mut conn, &record(ContentType::HANDSHAKE, first)).unwrap();
    let err = feed(&mut conn, &record(ContentType::HANDSHAKE, &second)).unwrap_err();
    assert_eq!(err.alert_sent(), Some(AlertDescription::UNEXPECTED_MESSAGE));
    // Without the trailing message the fragmented hello is answered.
    let mut conn = ServerConnection::new(Arc::new(config())).unwrap();
    feed(&mut conn, &record(ContentType::HANDSHAKE, first)).unwrap();
    feed(&mut conn, &record(ContentType::HANDSHAKE, rest)).unwrap();
    assert!(conn.wants_write() && conn.failure().is_none());
}

#[test]
fn a_hybrid_hello_split_inside_its_key_share_is_answered() {
    // The 1216-byte X25519MLKEM768 share spans records of 256 bytes: the joiner reassembles
    // the ClientHello and the server encapsulates to the whole key.
    let hello = HandshakeMessage::ClientHello(hybrid_hello(hybrid_share()))
        .to_bytes()
        .unwrap();
    assert!(hello.len() > 1216);
    let mut conn = ServerConnection::new(Arc::new(config())).unwrap();
    for part in hello.chunks(256) {
        feed(&mut conn, &record(ContentType::HANDSHAKE, part)).unwrap();
    }
    assert!(conn.wants_write() && conn.failure().is_none());
    assert_eq!(conn.info().group, Some(NamedGroup::X25519MLKEM768));
}

#[test]
fn a_record_size_limit_below_64_is_refused_at_construction() {
    let mut server = config();
    server.limits.record_size_limit = Some(63);
    assert!(ServerConnection::new(Arc::new(server)).is_err());
}

/// 0-RTT data as the server sees it: a protected record under keys it never derived.
fn early_data_record(len: usize) -> Vec<u8> {
    record(ContentType::APPLICATION_DATA, &vec![0xee; len])
}

#[test]
fn offered_early_data_is_skipped_within_max_early_data() {
    let ch = replace(hello(), ClientExtension::EarlyData);
    let (mut conn, result) = run(config(), &ch);
    result.unwrap();
    // 16 KiB of budget: sixteen 1000-byte records pass, the seventeenth exceeds it.
    for _ in 0..16 {
        feed(&mut conn, &early_data_record(1000)).expect("skipped");
    }
    let err = feed(&mut conn, &early_data_record(1000)).unwrap_err();
    assert_eq!(
        err,
        Error::AlertSent {
            alert: AlertDescription::UNEXPECTED_MESSAGE,
            cause: crate::error::Cause::Limit("max_early_data"),
        }
    );
    assert_eq!(conn.failure(), Some(&err));
    assert_eq!(feed(&mut conn, &early_data_record(10)), Err(err));

    // Without the offer, the same record is a record that fails to decrypt.
    let (mut conn, result) = run(config(), &hello());
    result.unwrap();
    assert_eq!(
        feed(&mut conn, &early_data_record(1000))
            .unwrap_err()
            .alert_sent(),
        Some(AlertDescription::BAD_RECORD_MAC)
    );
}

#[test]
fn early_data_before_a_second_hello_is_skipped() {
    let ch1 = replace(
        replace(
            hello(),
            ClientExtension::KeyShare(KeyShareClientHello(Vec::new())),
        ),
        ClientExtension::EarlyData,
    );
    let mut config = config();
    config.limits.max_early_data = 20_000;
    let (mut conn, result) = run(config, &ch1);
    result.unwrap();
    let out = server_messages(&mut conn);
    let Ok(HandshakeMessage::HelloRetryRequest(hrr)) =
        HandshakeMessage::decode(&out[5..], Version::Tls13)
    else {
        panic!("expected a HelloRetryRequest");
    };
    let cookie = hrr.cookie().unwrap().0.clone();
    // Records up to the largest TLS 1.3 ciphertext, though no read keys are installed.
    feed(&mut conn, &early_data_record(16 * 1024 + 256)).expect("skipped");
    feed(&mut conn, &early_data_record(100)).expect("skipped");
    let ch2 = without(second_hello(&ch1, &cookie), ExtensionType::EARLY_DATA);
    feed(&mut conn, &hello_record(&ch2)).expect("second ClientHello");
    assert!(!server_messages(&mut conn).is_empty(), "the server flight");
    // The skipping ended with the new keys: an undecryptable record is now bad_record_mac.
    assert_eq!(
        feed(&mut conn, &early_data_record(100))
            .unwrap_err()
            .alert_sent(),
        Some(AlertDescription::BAD_RECORD_MAC)
    );
}

mod deferred;
mod harness;
mod key_shares;
mod mini_client;
mod record_size_limit;
mod resumption;
mod seam;
mod tickets;
mod zero_rtt;
