//! The borrowed read (`Connection::received` / `consume_received`) through the record loop of
//! [`Common`] (the harness of `tests.rs`): it lends what `read` would copy, consuming frees room
//! for flow control as reading does, and a failure is reported once the data before it is used.

use alloc::vec;
use alloc::vec::Vec;

use ferrotls_record::limits::MAX_PLAINTEXT_LEN;
use ferrotls_record::{ContentType, ProtocolVersion};

use super::plaintext::DataKind;
use super::tests::{connected, feed, record};
use super::HandshakeOutput;
use crate::config::Limits;
use crate::error::ApiError;

fn data(len: usize, fill: u8) -> Vec<u8> {
    record(ContentType::APPLICATION_DATA, &vec![fill; len])
}

#[test]
fn lends_the_unread_data_until_it_is_consumed() {
    let mut conn = connected(ProtocolVersion::TLS1_3, Limits::default());
    let mut input = record(ContentType::APPLICATION_DATA, b"hello ");
    input.extend(record(ContentType::APPLICATION_DATA, b"world"));
    assert_eq!(feed(&mut conn, &input), Ok(input.len()));
    let common = &mut conn.0;
    assert_eq!(common.received(DataKind::OneRtt), Ok(&b"hello world"[..]));
    assert_eq!(
        common.received(DataKind::OneRtt),
        Ok(&b"hello world"[..]),
        "not consumed: the same bytes again"
    );
    common.consume_unread(DataKind::OneRtt, 4);
    assert_eq!(common.received(DataKind::OneRtt), Ok(&b"o world"[..]));
    let mut out = [0; 3];
    assert_eq!(
        common.read(&mut out),
        Ok(3),
        "read and received share one cursor"
    );
    assert_eq!(&out, b"o w");
    common.consume_unread(DataKind::OneRtt, 1000);
    assert_eq!(common.received(DataKind::OneRtt), Ok(&[][..]), "clamped");
    assert_eq!(common.readable(), (0, 0));
    assert_eq!(common.received(DataKind::Early), Ok(&[][..]));
}

/// `handle_tls`'s flow control (`max_unread_plaintext`) counts what is not consumed: a partial
/// consume keeps the input held back, consuming the rest lets the next record in.
#[test]
fn consuming_frees_room_as_reading_does() {
    let limits = Limits {
        max_unread_plaintext: MAX_PLAINTEXT_LEN,
        ..Limits::default()
    };
    let mut conn = connected(ProtocolVersion::TLS1_3, limits);
    let first = data(10_000, 1);
    let mut input = first.clone();
    input.extend(data(10_000, 2));
    assert_eq!(feed(&mut conn, &input), Ok(first.len()), "the second waits");
    conn.0.consume_unread(DataKind::OneRtt, 9_999);
    assert_eq!(conn.0.received(DataKind::OneRtt), Ok(&[1][..]));
    assert_eq!(
        feed(&mut conn, &input[first.len()..]),
        Ok(0),
        "one unread byte still leaves no room for a record"
    );
    conn.0.consume_unread(DataKind::OneRtt, 1);
    assert_eq!(
        feed(&mut conn, &input[first.len()..]),
        Ok(input.len() - first.len())
    );
    assert_eq!(conn.0.received(DataKind::OneRtt), Ok(&[2; 10_000][..]));
}

/// As `read`: data received before a failure is still lent; once it is consumed, the error.
#[test]
fn a_failure_comes_after_the_data_before_it() {
    let mut conn = connected(ProtocolVersion::TLS1_3, Limits::default());
    let mut input = record(ContentType::APPLICATION_DATA, b"last words");
    // A fatal alert from the peer: handshake_failure.
    input.extend(record(ContentType::ALERT, &[2, 40]));
    let err = feed(&mut conn, &input).unwrap_err();
    assert_eq!(conn.0.received(DataKind::OneRtt), Ok(&b"last words"[..]));
    conn.0.consume_unread(DataKind::OneRtt, usize::MAX);
    assert_eq!(
        conn.0.received(DataKind::OneRtt),
        Err(ApiError::Failed(err.clone()))
    );
    assert_eq!(conn.0.read(&mut [0; 8]), Err(ApiError::Failed(err)));
}

/// A server's accepted 0-RTT data is lent from its own buffer (it may be a replay, RFC 9846
/// §8), never mixed with the 1-RTT data that follows it.
#[test]
fn early_data_is_lent_apart() {
    let mut conn = connected(ProtocolVersion::TLS1_3, Limits::default());
    conn.0.output().accept_early_data(100);
    let early = record(ContentType::APPLICATION_DATA, b"GET /0rtt");
    assert_eq!(feed(&mut conn, &early), Ok(early.len()));
    conn.0.output().end_early_data();
    let one_rtt = record(ContentType::APPLICATION_DATA, b"GET /1rtt");
    assert_eq!(feed(&mut conn, &one_rtt), Ok(one_rtt.len()));
    let common = &mut conn.0;
    assert_eq!(common.received(DataKind::Early), Ok(&b"GET /0rtt"[..]));
    assert_eq!(common.received(DataKind::OneRtt), Ok(&b"GET /1rtt"[..]));
    common.consume_unread(DataKind::Early, 4);
    assert_eq!(common.received(DataKind::Early), Ok(&b"/0rtt"[..]));
    assert_eq!(
        common.received(DataKind::OneRtt),
        Ok(&b"GET /1rtt"[..]),
        "consuming early data leaves the 1-RTT data alone"
    );
    assert_eq!(common.readable(), (9, 5));
    common.consume_unread(DataKind::Early, 5);
    assert_eq!(common.received(DataKind::Early), Ok(&[][..]));
    assert_eq!(common.readable(), (9, 0));
}
