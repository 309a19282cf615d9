//! The closure alerts of RFC 9846 §6.1 and the alert registry of §6, through the record loop of
//! [`Common`] (the harness of `tests.rs`): close_notify is sent as a warning; user_canceled is a
//! closure alert whose level TLS 1.3 ignores, so reading goes on until close_notify; unknown
//! alerts and general_error are error alerts.

use alloc::vec::Vec;

use ferrotls_record::{AlertDescription, ContentType, ProtocolVersion};

use super::tests::{connected, feed, record};
use crate::config::Limits;
use crate::error::Error;
use crate::events::Event;

fn events(conn: &mut (super::Common, super::tests::AcceptAll)) -> Vec<Event> {
    core::iter::from_fn(|| conn.0.poll_event()).collect()
}

/// RFC 9846 §6.1: close_notify "MUST be sent with AlertLevel=warning".
#[test]
fn close_notify_is_sent_as_a_warning() {
    for version in [ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2] {
        let mut conn = connected(version, Limits::default());
        conn.0.close();
        let mut out = Vec::new();
        conn.0.write_tls(&mut out);
        assert_eq!(out, record(ContentType::ALERT, &[1, 0]), "{version:?}");
    }
}

/// RFC 9846 §6: in TLS 1.3 "the 'level' field can safely be ignored"; §6.1: user_canceled
/// receivers "SHOULD continue to read data from the peer until a close_notify is received".
/// So a user_canceled sent at level fatal does not end a TLS 1.3 connection either.
#[test]
fn user_canceled_is_a_closure_alert_at_either_level_in_tls13() {
    for level in [1u8, 2] {
        let mut conn = connected(ProtocolVersion::TLS1_3, Limits::default());
        feed(&mut conn, &record(ContentType::ALERT, &[level, 90])).unwrap();
        feed(&mut conn, &record(ContentType::APPLICATION_DATA, b"more")).unwrap();
        feed(&mut conn, &record(ContentType::ALERT, &[1, 0])).unwrap();
        assert_eq!(
            events(&mut conn),
            [
                Event::Alert(AlertDescription::USER_CANCELED),
                Event::ApplicationData,
                Event::PeerClosed
            ],
            "level {level}"
        );
        let mut read = [0; 8];
        assert_eq!(conn.0.read(&mut read), Ok(4), "level {level}");
        assert_eq!(&read[..4], b"more");
        assert!(conn.0.failure().is_none());
    }
}

/// TLS 1.2 keeps RFC 5246 §7.2's levels: a fatal user_canceled ends the connection.
#[test]
fn a_fatal_user_canceled_ends_a_tls12_connection() {
    let mut conn = connected(ProtocolVersion::TLS1_2, Limits::default());
    feed(&mut conn, &record(ContentType::ALERT, &[1, 90])).unwrap();
    assert_eq!(
        feed(&mut conn, &record(ContentType::ALERT, &[2, 90])),
        Err(Error::AlertReceived(AlertDescription::USER_CANCELED))
    );
}

/// RFC 9846 §6.2 adds general_error (117), an error alert like every alert but the closure
/// ones, whatever its level (§6: "MUST be treated as error alerts when received regardless of
/// the AlertLevel").
#[test]
fn general_error_is_known_and_ends_the_connection() {
    assert_eq!(AlertDescription::GENERAL_ERROR.0, 117);
    assert_eq!(AlertDescription(117).name(), Some("general_error"));
    let mut conn = connected(ProtocolVersion::TLS1_3, Limits::default());
    assert_eq!(
        feed(&mut conn, &record(ContentType::ALERT, &[1, 117])),
        Err(Error::AlertReceived(AlertDescription::GENERAL_ERROR))
    );
}

/// RFC 9846 §6: in TLS 1.3 the severity "is implicit in the type of alert being sent, and the
/// 'level' field can safely be ignored": an alert is judged by its description whatever the
/// level byte says. TLS 1.2 has only warning and fatal (RFC 5246 §7.2).
#[test]
fn tls13_judges_an_alert_by_its_description_alone() {
    let mut conn = connected(ProtocolVersion::TLS1_3, Limits::default());
    feed(&mut conn, &record(ContentType::ALERT, &[0, 90])).unwrap();
    feed(&mut conn, &record(ContentType::ALERT, &[7, 0])).unwrap();
    assert_eq!(
        events(&mut conn),
        [
            Event::Alert(AlertDescription::USER_CANCELED),
            Event::PeerClosed
        ]
    );
    let mut conn = connected(ProtocolVersion::TLS1_3, Limits::default());
    assert_eq!(
        feed(&mut conn, &record(ContentType::ALERT, &[255, 10])),
        Err(Error::AlertReceived(AlertDescription::UNEXPECTED_MESSAGE))
    );
    let mut conn = connected(ProtocolVersion::TLS1_2, Limits::default());
    let e = feed(&mut conn, &record(ContentType::ALERT, &[3, 0])).unwrap_err();
    assert_eq!(e.alert_sent(), Some(AlertDescription::ILLEGAL_PARAMETER));
}
