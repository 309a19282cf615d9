//! The flood and list limits through the real record loop of [`Common`]: plaintext records into
//! `handle_tls`, with a handshake stand-in that accepts every message, so what is tested is the
//! counting, the alert, and the terminal state rather than a state machine.

use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;

use ferrotls_crypto::random::SeededRandom;
use ferrotls_crypto::rustcrypto::provider_with_random;
use ferrotls_record::{AlertDescription, ContentType, ProtocolVersion};
use rustls_pki_types::UnixTime;

use super::{Common, HandshakeMachine, HandshakeOutput};
use crate::config::Limits;
use crate::error::{ApiError, Cause, Error};
use crate::msgs::handshake::HandshakeMessage;

/// Accepts every message: the limits are all that can fail a record.
#[derive(Debug)]
pub(super) struct AcceptAll(ProtocolVersion);

impl HandshakeMachine for AcceptAll {
    fn handle_message(
        &mut self,
        _: &mut dyn HandshakeOutput,
        _: HandshakeMessage,
        _: &[u8],
        _: UnixTime,
    ) -> Result<(), Error> {
        Ok(())
    }

    fn handle_change_cipher_spec(&mut self, _: &mut dyn HandshakeOutput) -> Result<(), Error> {
        Ok(())
    }

    fn update_keys(&mut self, _: &mut dyn HandshakeOutput, _: bool) -> Result<(), ApiError> {
        Ok(())
    }

    fn version(&self) -> Option<ProtocolVersion> {
        Some(self.0)
    }

    fn is_client(&self) -> bool {
        true
    }
}

/// A connection past its handshake, speaking `version`, under `limits`.
pub(super) fn connected(version: ProtocolVersion, limits: Limits) -> (Common, AcceptAll) {
    let provider = Arc::new(provider_with_random(Arc::new(SeededRandom::new([3; 32]))));
    let mut common = Common::new(provider, limits);
    common.output().complete_handshake(version).unwrap();
    let _ = common.poll_event();
    (common, AcceptAll(version))
}

pub(super) fn record(content_type: ContentType, payload: &[u8]) -> Vec<u8> {
    let mut r = vec![content_type.0, 3, 3];
    r.extend_from_slice(&u16::try_from(payload.len()).unwrap().to_be_bytes());
    r.extend_from_slice(payload);
    r
}

pub(super) fn feed(conn: &mut (Common, AcceptAll), bytes: &[u8]) -> Result<usize, Error> {
    let mut buf = bytes.to_vec();
    let (common, hs) = conn;
    common.handle_tls(hs, &mut buf, UnixTime::since_unix_epoch(Default::default()))
}

/// Feed `ok` records that must pass, then `last`, which must fail with `alert` for `limit`; the
/// connection must then be terminal and have queued that fatal alert.
fn exceed(
    conn: &mut (Common, AcceptAll),
    ok: &[Vec<u8>],
    last: &[u8],
    alert: AlertDescription,
    limit: &'static str,
) {
    for (i, r) in ok.iter().enumerate() {
        feed(conn, r).unwrap_or_else(|e| panic!("record {i} before the limit: {e}"));
    }
    let err = feed(conn, last).unwrap_err();
    assert_eq!(
        err,
        Error::AlertSent {
            alert,
            cause: Cause::Limit(limit)
        }
    );
    assert_eq!(conn.0.failure(), Some(&err));
    assert_eq!(
        feed(conn, &record(ContentType::APPLICATION_DATA, b"x")),
        Err(err)
    );
    let mut out = Vec::new();
    conn.0.write_tls(&mut out);
    assert_eq!(out, record(ContentType::ALERT, &[2, alert.0]));
}

fn repeat(r: Vec<u8>, n: usize) -> Vec<Vec<u8>> {
    vec![r; n]
}

#[test]
fn empty_records_in_a_row() {
    let limits = Limits::default();
    let empty = record(ContentType::APPLICATION_DATA, &[]);
    let mut conn = connected(ProtocolVersion::TLS1_3, limits);
    // Payload resets the count; in one buffer or one call each, the rule is the same.
    feed(&mut conn, &empty.repeat(32)).unwrap();
    feed(&mut conn, &record(ContentType::APPLICATION_DATA, b"x")).unwrap();
    exceed(
        &mut conn,
        &repeat(empty.clone(), limits.max_empty_records_in_row),
        &empty,
        AlertDescription::UNEXPECTED_MESSAGE,
        "max_empty_records_in_row",
    );
}

#[test]
fn warning_alerts_in_a_row() {
    let no_renegotiation = record(ContentType::ALERT, &[1, 100]);
    let mut conn = connected(ProtocolVersion::TLS1_2, Limits::default());
    feed(&mut conn, &no_renegotiation.repeat(4)).unwrap();
    feed(&mut conn, &record(ContentType::APPLICATION_DATA, b"x")).unwrap();
    exceed(
        &mut conn,
        &repeat(no_renegotiation.clone(), 4),
        &no_renegotiation,
        AlertDescription::UNEXPECTED_MESSAGE,
        "max_warning_alerts_in_row",
    );
    // TLS 1.3: user_canceled is the one alert that may come as a warning, and it counts too.
    let user_canceled = record(ContentType::ALERT, &[1, 90]);
    let mut conn = connected(ProtocolVersion::TLS1_3, Limits::default());
    exceed(
        &mut conn,
        &repeat(user_canceled.clone(), 4),
        &user_canceled,
        AlertDescription::UNEXPECTED_MESSAGE,
        "max_warning_alerts_in_row",
    );
}

#[test]
fn key_updates_without_data() {
    let key_update = record(ContentType::HANDSHAKE, &[24, 0, 0, 1, 0]);
    let mut conn = connected(ProtocolVersion::TLS1_3, Limits::default());
    feed(&mut conn, &key_update.repeat(32)).unwrap();
    // An empty record is no data: the count goes on.
    feed(&mut conn, &record(ContentType::APPLICATION_DATA, &[])).unwrap();
    exceed(
        &mut conn,
        &[],
        &key_update,
        AlertDescription::UNEXPECTED_MESSAGE,
        "max_key_updates_without_data",
    );
    let mut conn = connected(ProtocolVersion::TLS1_3, Limits::default());
    feed(&mut conn, &key_update.repeat(32)).unwrap();
    feed(&mut conn, &record(ContentType::APPLICATION_DATA, b"x")).unwrap();
    feed(&mut conn, &key_update.repeat(32)).unwrap();
}

#[test]
fn tickets_per_connection() {
    // lifetime, age_add, nonce <0>, ticket <1>, no extensions.
    let body = [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 7, 0, 0];
    let mut ticket = vec![4, 0, 0, body.len() as u8];
    ticket.extend_from_slice(&body);
    let ticket = record(ContentType::HANDSHAKE, &ticket);
    let data = record(ContentType::APPLICATION_DATA, b"x");
    let ok: Vec<Vec<u8>> = (0..16)
        .map(|_| [ticket.clone(), data.clone()].concat())
        .collect();
    let mut conn = connected(ProtocolVersion::TLS1_3, Limits::default());
    exceed(
        &mut conn,
        &ok,
        &ticket,
        AlertDescription::UNEXPECTED_MESSAGE,
        "max_tickets_per_connection",
    );
}

/// A handshake message of `typ` with `body`.
fn message(typ: u8, body: &[u8]) -> Vec<u8> {
    let mut m = vec![typ];
    m.extend_from_slice(&u32::try_from(body.len()).unwrap().to_be_bytes()[1..]);
    m.extend_from_slice(body);
    m
}

#[test]
fn certificate_chain_length_and_size() {
    // TLS 1.2 Certificate: 11 one-byte certificates.
    let list: Vec<u8> = (0..11).flat_map(|_| [0, 0, 1, 0x30]).collect();
    let long = message(11, &[&[0, 0, 44][..], &list].concat());
    let mut conn = connected(ProtocolVersion::TLS1_2, Limits::default());
    exceed(
        &mut conn,
        &[],
        &record(ContentType::HANDSHAKE, &long),
        AlertDescription::BAD_CERTIFICATE,
        "max_certificate_chain_len",
    );
    let limits = Limits {
        max_certificate_chain_bytes: 43,
        ..Limits::default()
    };
    let mut conn = connected(ProtocolVersion::TLS1_2, limits);
    exceed(
        &mut conn,
        &[],
        &record(ContentType::HANDSHAKE, &long),
        AlertDescription::BAD_CERTIFICATE,
        "max_certificate_chain_bytes",
    );
}

#[test]
fn extensions_per_block() {
    let extensions: Vec<u8> = (0..65u16)
        .flat_map(|i| {
            let [a, b] = (0xfa00 + i).to_be_bytes();
            [a, b, 0, 0]
        })
        .collect();
    let block = [&[1, 4][..], &extensions].concat();
    let mut conn = connected(ProtocolVersion::TLS1_3, Limits::default());
    exceed(
        &mut conn,
        &[],
        &record(ContentType::HANDSHAKE, &message(8, &block)),
        AlertDescription::DECODE_ERROR,
        "max_extensions",
    );
}

/// RFC 9846 §6.1: after our close_notify nothing is sent, not even the fatal alert a malformed
/// alert calls for; the connection still fails and says why.
#[test]
fn a_malformed_alert_after_our_close_notify_gets_no_alert() {
    for version in [ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2] {
        let mut conn = connected(version, Limits::default());
        conn.0.close();
        let mut close_notify = Vec::new();
        conn.0.write_tls(&mut close_notify);
        assert_eq!(close_notify, record(ContentType::ALERT, &[1, 0]));
        let err = feed(&mut conn, &record(ContentType::ALERT, &[2, 50, 0])).unwrap_err();
        assert!(
            matches!(
                err,
                Error::FailedAfterClose {
                    alert: AlertDescription::DECODE_ERROR,
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(!conn.0.wants_write(), "{version:?}");
        assert_eq!(conn.0.failure(), Some(&err));
        assert_eq!(
            feed(&mut conn, &record(ContentType::APPLICATION_DATA, b"x")),
            Err(err)
        );
    }
}
