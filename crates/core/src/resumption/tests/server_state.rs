//! `ServerSessionState`: construction rules, round trips, expiry, Debug.

use alloc::format;
use alloc::vec;

use ferrotls_record::ProtocolVersion;

use super::{at, every_state, tls12_params, tls13_params, T0};
use crate::msgs::enums::CipherSuite;
use crate::resumption::{
    ServerSessionState, ServerStateError, CLOCK_SKEW_ALLOWANCE_SECS, SERVER_STATE_FORMAT_VERSION,
};

#[test]
fn every_version_round_trips() {
    for state in every_state() {
        let bytes = state.to_bytes();
        assert_eq!(bytes[0], SERVER_STATE_FORMAT_VERSION);
        let back = ServerSessionState::from_bytes(&bytes, at(T0)).unwrap();
        assert_eq!(back, state);
        assert_eq!(*back.to_bytes(), *bytes);
        assert_eq!(bytes.capacity(), bytes.len());
    }
}

#[test]
fn accessors_report_the_fields() {
    let [s12, s13] = every_state().try_into().unwrap();
    assert_eq!(s12.protocol_version(), ProtocolVersion::TLS1_2);
    assert_eq!(s12.session_id(), &[7; 32]);
    assert_eq!(s12.ticket_age_add(), 0);
    assert_eq!(s13.protocol_version(), ProtocolVersion::TLS1_3);
    assert_eq!(s13.cipher_suite(), CipherSuite::TLS_AES_256_GCM_SHA384);
    assert_eq!(s13.secret().len(), 48);
    assert_eq!(s13.session_id(), &[8; 16]);
    assert_eq!(s13.created(), at(T0));
    assert_eq!(s13.lifetime(), 86_400);
    assert_eq!(s13.ticket_age_add(), 0x0102_0304);
    assert_eq!(s13.max_early_data_size(), 0);
    assert_eq!(s13.server_name(), Some("example.com"));
    assert_eq!(s13.alpn(), Some(&b"h2"[..]));
    assert!(s13.extended_master_secret());
    assert_eq!(s13.client_certificates().len(), 2);
    assert_eq!(s13.expires_at(), at(T0 + 86_400));
    assert_eq!(s13.params().secret.len(), 48);
}

#[test]
fn constructors_refuse_bad_fields() {
    // The session identifier is 1..32 bytes.
    assert!(ServerSessionState::tls12(tls12_params(), vec![], at(T0), 1).is_err());
    assert!(ServerSessionState::tls12(tls12_params(), vec![0; 33], at(T0), 1).is_err());
    assert!(ServerSessionState::tls12(tls12_params(), vec![0; 1], at(T0), 1).is_ok());
    // Versions and suites must agree.
    assert_eq!(
        ServerSessionState::tls12(tls13_params(), vec![1], at(T0), 1),
        Err(ServerStateError::UnsupportedCipherSuite(
            CipherSuite::TLS_AES_256_GCM_SHA384
        ))
    );
    assert!(ServerSessionState::tls13(tls12_params(), vec![1], at(T0), 1, 0, 0).is_err());
    // Seven days at most for TLS 1.3; TLS 1.2 lifetimes are the server's business.
    assert!(ServerSessionState::tls13(tls13_params(), vec![1], at(T0), 604_801, 0, 0).is_err());
    assert!(ServerSessionState::tls12(tls12_params(), vec![1], at(T0), u32::MAX).is_ok());
}

#[test]
fn expiry_is_exact_at_the_boundary() {
    let state = &every_state()[1];
    let bytes = state.to_bytes();
    assert!(ServerSessionState::from_bytes(&bytes, at(T0 + 86_399)).is_ok());
    assert_eq!(
        ServerSessionState::from_bytes(&bytes, at(T0 + 86_400)),
        Err(ServerStateError::Expired)
    );
    assert!(ServerSessionState::from_bytes(&bytes, at(T0 - CLOCK_SKEW_ALLOWANCE_SECS)).is_ok());
    assert_eq!(
        ServerSessionState::from_bytes(&bytes, at(T0 - CLOCK_SKEW_ALLOWANCE_SECS - 1)),
        Err(ServerStateError::Expired)
    );
}

#[test]
fn refusals_are_typed() {
    let good = every_state()[1].to_bytes().to_vec();
    let with = |pos: usize, v: u8| {
        let mut b = good.clone();
        b[pos] = v;
        ServerSessionState::from_bytes(&b, at(T0))
    };
    assert_eq!(with(0, 2), Err(ServerStateError::UnknownFormatVersion(2)));
    assert_eq!(
        with(2, 2),
        Err(ServerStateError::Malformed("protocol version"))
    );
    // 0x0303 with a TLS 1.3 suite.
    assert!(matches!(
        with(2, 3),
        Err(ServerStateError::UnsupportedCipherSuite(_))
    ));
    assert!(matches!(with(5, 0x81), Err(ServerStateError::Malformed(_))));
    assert_eq!(
        ServerSessionState::from_bytes(&[], at(T0)),
        Err(ServerStateError::Malformed("format version"))
    );
    let mut trailing = good.clone();
    trailing.push(0);
    assert_eq!(
        ServerSessionState::from_bytes(&trailing, at(T0)),
        Err(ServerStateError::Malformed("trailing bytes"))
    );
}

#[test]
fn debug_hides_the_secret_and_age_add() {
    for state in every_state() {
        let text = format!("{state:?}");
        assert!(!text.contains("90,"), "{text}");
        assert!(!text.contains("16909060"), "{text}"); // 0x01020304
        assert!(text.contains("example.com"));
    }
}
