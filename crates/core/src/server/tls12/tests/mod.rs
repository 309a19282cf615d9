//! The TLS 1.2 server's rules and refusals, one crafted ClientHello (or message) each
//! (`handshake.rs` runs whole handshakes against an in-memory client). The interop test
//! `tests/tls12_server.rs` runs it against OpenSSL.

mod deferred;
mod handshake;
mod resumption;
mod support;

use alloc::vec;

use ferrotls_crypto::{NamedGroup, SignatureScheme};
use ferrotls_record::{AlertDescription, ProtocolVersion};

use crate::msgs::enums::{CipherSuite, CompressionMethod, ECPointFormat, ExtensionType};
use crate::msgs::extensions::{
    ClientExtension, ECPointFormatList, NamedGroupList, ProtocolVersionList, RenegotiationInfo,
    ServerExtension, SignatureSchemeList,
};
use crate::msgs::handshake::{ClientHello, TLS12_DOWNGRADE_SENTINEL};
use crate::suites;

use support::*;

fn versions(list: &[ProtocolVersion]) -> ClientExtension {
    ClientExtension::SupportedVersions(ProtocolVersionList(list.to_vec()))
}

#[test]
fn a_tls12_hello_gets_tls12_with_the_downgrade_sentinel() {
    let (conn, messages) = flight(config(), &hello());
    assert_eq!(conn.info().version, Some(ProtocolVersion::TLS1_2));
    assert_eq!(conn.info().group, Some(NamedGroup::X25519));
    assert!(conn.info().extended_master_secret);
    // ServerHello, Certificate, ServerKeyExchange, ServerHelloDone.
    let types: alloc::vec::Vec<u8> = messages.iter().map(|m| m[0]).collect();
    assert_eq!(types, [2, 11, 12, 14]);
    let sh = server_hello(config(), &hello());
    assert_eq!(sh.legacy_version, ProtocolVersion::TLS1_2);
    assert_eq!(sh.downgrade_sentinel(), Some(TLS12_DOWNGRADE_SENTINEL));
    assert_eq!(sh.session_id.len(), 32);
    assert_eq!(
        sh.cipher_suite,
        CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
    );
}

#[test]
fn a_tls12_only_server_sends_no_sentinel() {
    let mut server = config();
    server.versions = vec![ProtocolVersion::TLS1_2];
    assert_eq!(server_hello(server, &hello()).downgrade_sentinel(), None);
}

#[test]
fn supported_versions_picks_the_highest_common_version() {
    // Offered 1.3 and 1.2, only 1.2 enabled: TLS 1.2, no sentinel.
    let mut server = config();
    server.versions = vec![ProtocolVersion::TLS1_2];
    let ch = replace(
        hello(),
        versions(&[ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2]),
    );
    let sh = server_hello(server, &ch);
    assert_eq!(sh.selected_version(), None);
    assert_eq!(sh.downgrade_sentinel(), None);
    // Offered only 1.2 through the extension, both enabled: TLS 1.2 with the sentinel, even
    // with a legacy_version that alone would be refused (RFC 8446 §4.2.1).
    let ch = ClientHello {
        legacy_version: ProtocolVersion::TLS1_0,
        ..replace(hello(), versions(&[ProtocolVersion::TLS1_2]))
    };
    assert_eq!(
        server_hello(config(), &ch).downgrade_sentinel(),
        Some(TLS12_DOWNGRADE_SENTINEL)
    );
    // A legacy_version above ours without the extension: our highest legacy version.
    let ch = ClientHello {
        legacy_version: ProtocolVersion::TLS1_3,
        ..hello()
    };
    assert_eq!(
        server_hello(config(), &ch).legacy_version,
        ProtocolVersion::TLS1_2
    );
}

#[test]
fn old_versions_and_disabled_versions_are_protocol_version() {
    let pv = Some(AlertDescription::PROTOCOL_VERSION);
    for old in [
        ProtocolVersion::SSL3_0,
        ProtocolVersion::TLS1_0,
        ProtocolVersion::TLS1_1,
    ] {
        let ch = ClientHello {
            legacy_version: old,
            ..hello()
        };
        assert_eq!(alert_for(config(), &ch), pv, "{old:?}");
    }
    let ch = replace(hello(), versions(&[ProtocolVersion::TLS1_1]));
    assert_eq!(alert_for(config(), &ch), pv);
    // The default configuration speaks only TLS 1.3.
    let mut tls13_only = config();
    tls13_only.versions = vec![ProtocolVersion::TLS1_3];
    assert_eq!(alert_for(tls13_only, &hello()), pv);
}

#[test]
fn fallback_scsv_below_our_highest_version_is_inappropriate_fallback() {
    let mut ch = hello();
    ch.cipher_suites.push(CipherSuite::TLS_FALLBACK_SCSV);
    assert_eq!(
        alert_for(config(), &ch),
        Some(AlertDescription::INAPPROPRIATE_FALLBACK)
    );
    let mut tls12_only = config();
    tls12_only.versions = vec![ProtocolVersion::TLS1_2];
    assert_eq!(alert_for(tls12_only, &ch), None);
}

#[test]
fn the_suite_must_fit_the_certificate_key() {
    let hf = Some(AlertDescription::HANDSHAKE_FAILURE);
    let only = |suite: CipherSuite| ClientHello {
        cipher_suites: vec![suite],
        ..hello()
    };
    let rsa_only = only(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);
    let ecdsa_only = only(CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
    assert_eq!(alert_for(config_with(&[ecdsa_key()]), &rsa_only), hf);
    assert_eq!(alert_for(config_with(&[rsa_key()]), &ecdsa_only), hf);
    // With both certificates, the one that fits the client's suites is chosen.
    let both = || config_with(&[ecdsa_key(), rsa_key()]);
    let (conn, messages) = flight(both(), &rsa_only);
    assert_eq!(
        conn.info().suite,
        Some(&suites::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)
    );
    // Certificate body: list length (3), cert length (3), then the DER with its tag byte.
    assert_eq!(messages[1][4 + 6 + 2], 0x52);
    let (conn, _) = flight(both(), &ecdsa_only);
    assert_eq!(
        conn.info().suite,
        Some(&suites::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256)
    );
    // RFC 8422 §5.1: an ECDSA key on a curve the client does not list cannot serve; the RSA
    // certificate is chosen instead when there is one.
    let x25519_only = replace(
        hello(),
        ClientExtension::SupportedGroups(NamedGroupList(vec![NamedGroup::X25519])),
    );
    assert_eq!(alert_for(config(), &x25519_only), hf);
    let (conn, _) = flight(both(), &x25519_only);
    assert_eq!(
        conn.info().suite,
        Some(&suites::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256)
    );
    // TLS 1.3 suites alone are no TLS 1.2 suite.
    assert_eq!(
        alert_for(config(), &only(CipherSuite::TLS_AES_128_GCM_SHA256)),
        hf
    );
}

#[test]
fn suite_order_follows_the_configured_side() {
    let ch = ClientHello {
        cipher_suites: vec![
            CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
            CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        ],
        ..hello()
    };
    let (conn, _) = flight(config(), &ch);
    assert_eq!(
        conn.info().suite,
        Some(&suites::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384)
    );
    let mut client_order = config();
    client_order.prefer_server_order = false;
    let (conn, _) = flight(client_order, &ch);
    assert_eq!(
        conn.info().suite,
        Some(&suites::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256)
    );
}

#[test]
fn signature_algorithms_are_required_and_sha1_is_refused() {
    let hf = Some(AlertDescription::HANDSHAKE_FAILURE);
    let ch = without(hello(), ExtensionType::SIGNATURE_ALGORITHMS);
    assert_eq!(alert_for(config(), &ch), hf);
    let sha1 = replace(
        hello(),
        ClientExtension::SignatureAlgorithms(SignatureSchemeList(vec![
            SignatureScheme::ECDSA_SHA1,
            SignatureScheme::RSA_PKCS1_SHA1,
        ])),
    );
    assert_eq!(alert_for(config(), &sha1), hf);
}

#[test]
fn extended_master_secret_is_echoed_or_required() {
    let sh = server_hello(config(), &hello());
    assert!(sh
        .extensions
        .contains(&ServerExtension::ExtendedMasterSecret));
    let legacy = without(hello(), ExtensionType::EXTENDED_MASTER_SECRET);
    assert_eq!(
        alert_for(config(), &legacy),
        Some(AlertDescription::HANDSHAKE_FAILURE)
    );
    let mut lenient = config();
    lenient.require_ems = false;
    let (conn, messages) = flight(lenient.clone(), &legacy);
    assert!(!conn.info().extended_master_secret);
    assert!(!messages.is_empty());
    let sh = server_hello(lenient, &legacy);
    assert!(!sh
        .extensions
        .contains(&ServerExtension::ExtendedMasterSecret));
}

#[test]
fn renegotiation_signals_are_answered_and_checked() {
    let empty = ServerExtension::RenegotiationInfo(RenegotiationInfo::default());
    assert!(server_hello(config(), &hello()).extensions.contains(&empty));
    // The SCSV alone also sets secure_renegotiation (RFC 5746 §3.6).
    let mut scsv = without(hello(), ExtensionType::RENEGOTIATION_INFO);
    scsv.cipher_suites
        .push(CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
    assert!(server_hello(config(), &scsv).extensions.contains(&empty));
    // Neither: served, but nothing unsolicited in the ServerHello.
    let neither = without(hello(), ExtensionType::RENEGOTIATION_INFO);
    assert!(!server_hello(config(), &neither).extensions.contains(&empty));
    let renegotiating = replace(
        hello(),
        ClientExtension::RenegotiationInfo(RenegotiationInfo(vec![1; 12])),
    );
    assert_eq!(
        alert_for(config(), &renegotiating),
        Some(AlertDescription::HANDSHAKE_FAILURE)
    );
}

#[test]
fn point_formats_must_include_uncompressed() {
    let answer =
        ServerExtension::EcPointFormats(ECPointFormatList(vec![ECPointFormat::UNCOMPRESSED]));
    assert!(server_hello(config(), &hello())
        .extensions
        .contains(&answer));
    let compressed = replace(
        hello(),
        ClientExtension::EcPointFormats(ECPointFormatList(vec![
            ECPointFormat::ANSIX962_COMPRESSED_PRIME,
        ])),
    );
    assert_eq!(
        alert_for(config(), &compressed),
        Some(AlertDescription::ILLEGAL_PARAMETER)
    );
    let absent = without(hello(), ExtensionType::EC_POINT_FORMATS);
    assert!(!server_hello(config(), &absent).extensions.contains(&answer));
}

#[test]
fn the_group_comes_from_both_lists() {
    let p256_only = replace(
        hello(),
        ClientExtension::SupportedGroups(NamedGroupList(vec![NamedGroup::SECP256R1])),
    );
    let (conn, _) = flight(config(), &p256_only);
    assert_eq!(conn.info().group, Some(NamedGroup::SECP256R1));
    let ffdhe_only = replace(
        hello(),
        ClientExtension::SupportedGroups(NamedGroupList(vec![NamedGroup::FFDHE2048])),
    );
    assert_eq!(
        alert_for(config(), &ffdhe_only),
        Some(AlertDescription::HANDSHAKE_FAILURE)
    );
}

/// RFC 8422 §4 leaves the curve to us when supported_groups is absent; clients that old know
/// secp256r1, not X25519, so it is secp256r1 (as OpenSSL chooses) while enabled.
#[test]
fn a_client_without_supported_groups_gets_secp256r1() {
    let absent = without(hello(), ExtensionType::SUPPORTED_GROUPS);
    let (conn, _) = flight(config(), &absent);
    assert_eq!(conn.info().group, Some(NamedGroup::SECP256R1));
    // Without secp256r1 enabled, our first curve.
    let mut c = config();
    c.groups = vec![NamedGroup::SECP384R1, NamedGroup::X25519];
    let (conn, _) = flight(c, &absent);
    assert_eq!(conn.info().group, Some(NamedGroup::SECP384R1));
}

#[test]
fn compression_must_offer_null() {
    let ch = ClientHello {
        compression_methods: vec![CompressionMethod(1)],
        ..hello()
    };
    assert_eq!(
        alert_for(config(), &ch),
        Some(AlertDescription::ILLEGAL_PARAMETER)
    );
    // null among others is fine in TLS 1.2 (TLS 1.3 wants exactly [null]).
    let ch = ClientHello {
        compression_methods: vec![CompressionMethod(1), CompressionMethod::NULL],
        ..hello()
    };
    assert_eq!(alert_for(config(), &ch), None);
}

#[test]
fn a_client_certificate_request_follows_the_key_exchange() {
    use crate::verify::{CertificateError, ClientCertVerifier};
    #[derive(Debug)]
    struct Verifier;
    impl ClientCertVerifier for Verifier {
        fn client_auth_mandatory(&self) -> bool {
            true
        }
        fn root_hint_subjects(&self) -> &[alloc::vec::Vec<u8>] {
            &[]
        }
        fn verify_client_cert(
            &self,
            _: &rustls_pki_types::CertificateDer<'_>,
            _: &[rustls_pki_types::CertificateDer<'_>],
            _: rustls_pki_types::UnixTime,
        ) -> Result<(), CertificateError> {
            Ok(())
        }
        fn verify_signature(
            &self,
            _: &rustls_pki_types::CertificateDer<'_>,
            _: SignatureScheme,
            _: &[u8],
            _: &[u8],
        ) -> Result<(), CertificateError> {
            Ok(())
        }
        fn supported_schemes(&self) -> alloc::vec::Vec<SignatureScheme> {
            vec![
                SignatureScheme::RSA_PKCS1_SHA1,
                SignatureScheme::ECDSA_NISTP256_SHA256,
            ]
        }
    }
    let mut server = config();
    server.client_verifier = Some(alloc::sync::Arc::new(Verifier));
    let (_, messages) = flight(server.clone(), &hello());
    let types: alloc::vec::Vec<u8> = messages.iter().map(|m| m[0]).collect();
    assert_eq!(types, [2, 11, 12, 13, 14]);
    // ecdsa_sign, rsa_sign; only the SHA-256 scheme (SHA-1 is never offered); no authorities.
    assert_eq!(messages[3][4..], [2, 64, 1, 0, 2, 4, 3, 0, 0]);
    // An empty Certificate to a server that insists: handshake_failure (RFC 5246 §7.4.6).
    let (mut conn, _) = flight(server, &hello());
    let err = feed(
        &mut conn,
        &record(
            ferrotls_record::ContentType::HANDSHAKE,
            &[11, 0, 0, 3, 0, 0, 0],
        ),
    )
    .unwrap_err();
    assert_eq!(err.alert_sent(), Some(AlertDescription::HANDSHAKE_FAILURE));
}
