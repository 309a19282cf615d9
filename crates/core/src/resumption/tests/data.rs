//! `ResumptionData`: construction rules, round trips, expiry, Debug, server names, ticket age.

use alloc::format;
use alloc::string::String;
use alloc::vec;

use ferrotls_crypto::Secret;
use rustls_pki_types::CertificateDer;

use super::{at, every_kind, params, tls12_params, tls13_params, T0};
use crate::certificate_chain::CertificateChain;
use crate::msgs::enums::CipherSuite;
use crate::resumption::{
    ResumptionData, ResumptionDataError, ResumptionKind, CLOCK_SKEW_ALLOWANCE_SECS,
    RESUMPTION_DATA_MAGIC,
};
use ferrotls_record::ProtocolVersion;

#[test]
fn every_kind_round_trips() {
    for data in every_kind() {
        let bytes = data.to_bytes();
        assert_eq!(&bytes[..4], &RESUMPTION_DATA_MAGIC);
        let back = ResumptionData::from_bytes(&bytes, at(T0)).unwrap();
        assert_eq!(back, data);
        assert_eq!(*back.to_bytes(), *bytes);
        // Sized exactly: no reallocation left a stray copy of the secret behind.
        assert_eq!(bytes.capacity(), bytes.len());
    }
}

#[test]
fn minimal_values_round_trip() {
    // No SNI, no ALPN, no certificates, no EMS, empty ticket session ID.
    let mut p = tls12_params();
    p.server_name = None;
    p.alpn = None;
    p.peer_certificates = CertificateChain::empty();
    p.extended_master_secret = false;
    let data = ResumptionData::tls12_ticket(p, vec![9], vec![], at(0), 1).unwrap();
    let back = ResumptionData::from_bytes(&data.to_bytes(), at(0)).unwrap();
    assert_eq!(back, data);
    assert_eq!(back.server_name(), None);
    assert_eq!(back.alpn(), None);
    assert!(!back.extended_master_secret());
    assert!(back.peer_certificates().is_empty());
}

#[test]
fn accessors_report_the_fields() {
    let [id, t12, t13] = every_kind().try_into().unwrap();
    assert_eq!(id.kind(), ResumptionKind::Tls12SessionId);
    assert_eq!(id.protocol_version(), ProtocolVersion::TLS1_2);
    assert_eq!(id.session_id(), &[1; 32]);
    assert!(id.ticket().is_empty());
    assert_eq!(t12.kind(), ResumptionKind::Tls12Ticket);
    assert_eq!(t12.ticket(), &[2; 100]);
    assert_eq!(t12.session_id(), &[3; 16]);
    assert_eq!(t13.kind(), ResumptionKind::Tls13Ticket);
    assert_eq!(t13.protocol_version(), ProtocolVersion::TLS1_3);
    assert_eq!(t13.cipher_suite(), CipherSuite::TLS_AES_256_GCM_SHA384);
    assert_eq!(t13.secret(), &Secret::new(&[0x5a; 48]));
    assert_eq!(t13.ticket(), &[4; 64]);
    assert_eq!(t13.lifetime(), 604_800);
    assert_eq!(t13.ticket_age_add(), 0xdead_beef);
    assert_eq!(t13.received(), at(T0));
    assert_eq!(t13.max_early_data_size(), 16384);
    assert_eq!(t13.server_name(), Some("example.com"));
    assert_eq!(t13.alpn(), Some(&b"h2"[..]));
    assert!(t13.extended_master_secret());
    assert_eq!(t13.peer_certificates().len(), 2);
    assert_eq!(t13.expires_at(), at(T0 + 604_800));
    assert_eq!(
        t13.params().cipher_suite,
        CipherSuite::TLS_AES_256_GCM_SHA384
    );
}

#[test]
fn tls13_always_has_the_ems_flag() {
    let mut p = tls13_params();
    p.extended_master_secret = false;
    let data = ResumptionData::tls13_ticket(p, vec![1], at(T0), 10, 0, 0).unwrap();
    assert!(data.extended_master_secret());
    // And bytes claiming otherwise are refused.
    let mut bytes = data.to_bytes().to_vec();
    bytes[10] = 0;
    assert_eq!(
        ResumptionData::from_bytes(&bytes, at(T0)),
        Err(ResumptionDataError::Malformed(
            "TLS 1.3 session without the EMS flag"
        ))
    );
}

#[test]
fn constructors_refuse_what_the_decoder_would() {
    let e = |r: Result<ResumptionData, ResumptionDataError>| r.unwrap_err();
    // A TLS 1.3 suite for a TLS 1.2 kind and vice versa.
    assert_eq!(
        e(ResumptionData::tls12_session_id(
            tls13_params(),
            vec![1],
            at(T0),
            1
        )),
        ResumptionDataError::UnsupportedCipherSuite(CipherSuite::TLS_AES_256_GCM_SHA384)
    );
    assert!(matches!(
        e(ResumptionData::tls13_ticket(
            tls12_params(),
            vec![1],
            at(T0),
            1,
            0,
            0
        )),
        ResumptionDataError::UnsupportedCipherSuite(_)
    ));
    // A suite ferrotls does not implement.
    assert_eq!(
        e(ResumptionData::tls12_session_id(
            params(CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA, 48),
            vec![1],
            at(T0),
            1
        )),
        ResumptionDataError::UnsupportedCipherSuite(CipherSuite::TLS_RSA_WITH_AES_128_CBC_SHA)
    );
    // Secret lengths: 48 for TLS 1.2, the hash length for TLS 1.3.
    let short = params(CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, 32);
    assert!(matches!(
        e(ResumptionData::tls12_session_id(short, vec![1], at(T0), 1)),
        ResumptionDataError::Malformed(_)
    ));
    let wrong = params(CipherSuite::TLS_AES_128_GCM_SHA256, 48);
    assert!(matches!(
        e(ResumptionData::tls13_ticket(
            wrong,
            vec![1],
            at(T0),
            1,
            0,
            0
        )),
        ResumptionDataError::Malformed(_)
    ));
    // Session IDs: 1..32 for the session-ID kind, at most 32 with a ticket.
    assert!(ResumptionData::tls12_session_id(tls12_params(), vec![], at(T0), 1).is_err());
    assert!(ResumptionData::tls12_session_id(tls12_params(), vec![0; 33], at(T0), 1).is_err());
    assert!(ResumptionData::tls12_ticket(tls12_params(), vec![1], vec![0; 33], at(T0), 1).is_err());
    // Tickets: 1..65535.
    assert!(ResumptionData::tls12_ticket(tls12_params(), vec![], vec![], at(T0), 1).is_err());
    assert!(ResumptionData::tls13_ticket(tls13_params(), vec![], at(T0), 1, 0, 0).is_err());
    assert!(ResumptionData::tls13_ticket(tls13_params(), vec![0; 65536], at(T0), 1, 0, 0).is_err());
    assert!(ResumptionData::tls13_ticket(tls13_params(), vec![0; 65535], at(T0), 1, 0, 0).is_ok());
    // TLS 1.3 lifetimes are at most seven days.
    assert!(ResumptionData::tls13_ticket(tls13_params(), vec![1], at(T0), 604_801, 0, 0).is_err());
    // Server names: printable ASCII, 1..255 bytes.
    for bad in ["", "exa mple.com", "exämple.com", "a\nb", &"a".repeat(256)] {
        let mut p = tls13_params();
        p.server_name = Some(String::from(bad));
        assert_eq!(
            e(ResumptionData::tls13_ticket(p, vec![1], at(T0), 1, 0, 0)),
            ResumptionDataError::Malformed("server name"),
            "{bad:?}"
        );
    }
    // ALPN: 1..255 bytes.
    for bad in [vec![], vec![b'x'; 256]] {
        let mut p = tls13_params();
        p.alpn = Some(bad);
        assert!(ResumptionData::tls13_ticket(p, vec![1], at(T0), 1, 0, 0).is_err());
    }
    // Certificates are never empty.
    let mut p = tls13_params();
    let mut chain = p.peer_certificates.to_vec();
    chain.push(CertificateDer::from(vec![]));
    p.peer_certificates = chain.into();
    assert!(ResumptionData::tls13_ticket(p, vec![1], at(T0), 1, 0, 0).is_err());
}

#[test]
fn expiry_is_exact_at_the_boundary() {
    let data = ResumptionData::tls12_session_id(tls12_params(), vec![1], at(T0), 100).unwrap();
    let bytes = data.to_bytes();
    // Usable up to one second before receive time + lifetime, expired from then on.
    assert!(!data.is_expired(at(T0 + 99)));
    assert!(data.is_expired(at(T0 + 100)));
    assert!(data.is_expired(at(T0 + 101)));
    assert!(ResumptionData::from_bytes(&bytes, at(T0 + 99)).is_ok());
    assert_eq!(
        ResumptionData::from_bytes(&bytes, at(T0 + 100)),
        Err(ResumptionDataError::Expired)
    );
    // A receive time in the future is tolerated up to the skew allowance.
    let skew = CLOCK_SKEW_ALLOWANCE_SECS;
    assert!(ResumptionData::from_bytes(&bytes, at(T0 - skew)).is_ok());
    assert_eq!(
        ResumptionData::from_bytes(&bytes, at(T0 - skew - 1)),
        Err(ResumptionDataError::Expired)
    );
    // A zero lifetime is expired at once.
    let zero = ResumptionData::tls12_session_id(tls12_params(), vec![1], at(T0), 0).unwrap();
    assert!(zero.is_expired(at(T0)));
    // No overflow at the end of time.
    let late =
        ResumptionData::tls12_session_id(tls12_params(), vec![1], at(u64::MAX), u32::MAX).unwrap();
    assert!(!late.is_expired(at(u64::MAX - 1)));
    assert_eq!(late.expires_at(), at(u64::MAX));
}

#[test]
fn debug_shows_neither_secret_nor_age_add() {
    for data in every_kind() {
        let text = format!("{data:?}");
        assert!(!text.contains("90"), "{text}"); // 0x5a, the secret byte, in decimal
        assert!(!text.contains("3735928559"), "{text}"); // ticket_age_add
        assert!(text.contains("example.com"));
        let params = format!("{:?}", data.params());
        assert!(params.contains("Secret(48 bytes)"), "{params}");
    }
}

#[test]
fn server_names_match_case_insensitively() {
    let data = &every_kind()[2];
    let bytes = data.to_bytes();
    assert!(data.matches_server_name(Some("EXAMPLE.com")));
    assert!(!data.matches_server_name(Some("example.org")));
    assert!(!data.matches_server_name(None));
    assert!(ResumptionData::from_bytes_for_server(&bytes, Some("Example.COM"), at(T0)).is_ok());
    assert_eq!(
        ResumptionData::from_bytes_for_server(&bytes, Some("example.org"), at(T0)),
        Err(ResumptionDataError::WrongServerName)
    );
    assert_eq!(
        ResumptionData::from_bytes_for_server(&bytes, None, at(T0)),
        Err(ResumptionDataError::WrongServerName)
    );
    // Expiry is reported before the name.
    assert_eq!(
        ResumptionData::from_bytes_for_server(&bytes, Some("example.org"), at(T0 + 604_800)),
        Err(ResumptionDataError::Expired)
    );
}

#[test]
fn obfuscated_ticket_age_adds_modulo_2_32() {
    let data = &every_kind()[2];
    assert_eq!(data.obfuscated_ticket_age(at(T0)), 0xdead_beef);
    assert_eq!(
        data.obfuscated_ticket_age(at(T0 + 10)),
        0xdead_beefu32.wrapping_add(10_000)
    );
    // Wraps past 2^32 (0xdeadbeef + 600 s = 0xdeadbeef + 600000 ms does not; a larger add does).
    let wrapped =
        ResumptionData::tls13_ticket(tls13_params(), vec![1], at(T0), 100, u32::MAX, 0).unwrap();
    assert_eq!(wrapped.obfuscated_ticket_age(at(T0 + 1)), 999);
    // A receive time in the future counts as age 0.
    assert_eq!(wrapped.obfuscated_ticket_age(at(T0 - 5)), u32::MAX);
}

#[test]
fn refusals_are_typed() {
    let good = every_kind()[2].to_bytes().to_vec();
    let with = |pos: usize, v: u8| {
        let mut b = good.clone();
        b[pos] = v;
        ResumptionData::from_bytes(&b, at(T0))
    };
    assert_eq!(with(0, b'X'), Err(ResumptionDataError::BadMagic));
    assert_eq!(
        ResumptionData::from_bytes(b"FTR", at(T0)),
        Err(ResumptionDataError::BadMagic)
    );
    assert_eq!(
        ResumptionData::from_bytes(b"", at(T0)),
        Err(ResumptionDataError::BadMagic)
    );
    assert_eq!(
        with(4, 2),
        Err(ResumptionDataError::UnknownFormatVersion(2))
    );
    assert_eq!(
        with(4, 0),
        Err(ResumptionDataError::UnknownFormatVersion(0))
    );
    assert_eq!(with(5, 0), Err(ResumptionDataError::UnknownKind(0)));
    assert_eq!(with(5, 4), Err(ResumptionDataError::UnknownKind(4)));
    assert!(matches!(with(7, 3), Err(ResumptionDataError::Malformed(_))));
    assert!(matches!(
        with(9, 0x99),
        Err(ResumptionDataError::UnsupportedCipherSuite(_))
    ));
    assert!(matches!(
        with(10, 3),
        Err(ResumptionDataError::Malformed(_))
    ));
    let mut trailing = good.clone();
    trailing.push(0);
    assert_eq!(
        ResumptionData::from_bytes(&trailing, at(T0)),
        Err(ResumptionDataError::Malformed("trailing bytes"))
    );
    assert_eq!(
        ResumptionData::from_bytes(&good[..good.len() - 1], at(T0)),
        Err(ResumptionDataError::Malformed("certificate chain"))
    );
}
