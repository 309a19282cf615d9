//! The stream over a scripted transport. The handshake itself is exercised end to end in the
//! workspace tests; these cover what the stream does with bytes, events, ends and failures,
//! using records a server accepts before any handshake message: plaintext alerts.

use std::io::{BufRead, ErrorKind, Read, Write};
use std::sync::Arc;

use ferrotls_core::crypto::rustcrypto::default_provider;
use ferrotls_core::{AlertDescription, CertResolver, Error, Event, ServerConfig, ServerConnection};

use super::Stream;
use crate::test_socket::ScriptedSocket;
use crate::tls_error;

const CLOSE_NOTIFY: [u8; 7] = [21, 3, 3, 0, 2, 1, 0];
const USER_CANCELED: [u8; 7] = [21, 3, 3, 0, 2, 1, 90];
const FATAL_HANDSHAKE_FAILURE: [u8; 7] = [21, 3, 3, 0, 2, 2, 40];
/// A Finished message as the first handshake message: unexpected in every server state.
const EARLY_FINISHED: [u8; 13] = [22, 3, 3, 0, 8, 20, 0, 0, 4, 0, 0, 0, 0];

fn server(sock: ScriptedSocket) -> Stream<ferrotls_core::server::ServerHandshake, ScriptedSocket> {
    let config = ServerConfig::new(Arc::new(default_provider()), Arc::new(CertResolver::new()));
    let conn = ServerConnection::new(Arc::new(config)).unwrap();
    Stream::new(conn, sock)
}

fn concat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

#[test]
fn close_notify_reads_as_end_of_stream() {
    let mut stream = server(ScriptedSocket::new(&CLOSE_NOTIFY));
    let mut buf = [0; 16];
    assert_eq!(stream.read(&mut buf).unwrap(), 0);
    assert_eq!(stream.read(&mut buf).unwrap(), 0);
    assert_eq!(stream.events().collect::<Vec<_>>(), [Event::PeerClosed]);
}

#[test]
fn records_split_across_one_byte_reads_are_reassembled() {
    let input = concat(&[&USER_CANCELED, &CLOSE_NOTIFY]);
    let mut stream = server(ScriptedSocket::new(&input).max_read(1));
    assert_eq!(stream.read(&mut [0; 16]).unwrap(), 0);
    assert_eq!(stream.sock().reads, input.len());
    assert_eq!(
        stream.events().collect::<Vec<_>>(),
        [
            Event::Alert(AlertDescription::USER_CANCELED),
            Event::PeerClosed
        ]
    );
}

#[test]
fn bytes_after_close_notify_are_left_alone() {
    let input = concat(&[&CLOSE_NOTIFY, &EARLY_FINISHED]);
    let mut stream = server(ScriptedSocket::new(&input).max_read(CLOSE_NOTIFY.len()));
    assert_eq!(stream.read(&mut [0; 16]).unwrap(), 0);
    assert_eq!(stream.sock().unread(), EARLY_FINISHED.len());
    assert!(stream.conn().failure().is_none());
}

#[test]
fn transport_end_without_close_notify_is_unexpected_eof() {
    let mut stream = server(ScriptedSocket::new(&USER_CANCELED[..4]));
    let e = stream.read(&mut [0; 16]).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnexpectedEof);
    assert_eq!(tls_error(&e), Some(&Error::UnexpectedEof));
    // The failure is sticky.
    let again = stream.read(&mut [0; 16]).unwrap_err();
    assert_eq!(again.kind(), ErrorKind::UnexpectedEof);
}

#[test]
fn close_notify_fills_an_empty_buffer() {
    let input = concat(&[&USER_CANCELED, &CLOSE_NOTIFY]);
    let mut stream = server(ScriptedSocket::new(&input).max_read(3));
    assert_eq!(stream.fill_buf().unwrap(), b"");
    assert_eq!(
        stream.sock().reads,
        5,
        "read until the close_notify, not past it"
    );
    assert_eq!(stream.fill_buf().unwrap(), b"", "the end stays the end");
    let mut line = String::new();
    assert_eq!(stream.read_line(&mut line).unwrap(), 0);
    assert_eq!(stream.sock().reads, 5);
    assert!(stream.conn().peer_closed());
}

#[test]
fn filling_on_a_truncated_transport_is_unexpected_eof() {
    let mut stream = server(ScriptedSocket::new(&USER_CANCELED[..4]));
    let e = stream.fill_buf().unwrap_err();
    assert_eq!(tls_error(&e), Some(&Error::UnexpectedEof));
    // The failure is sticky, through either way of reading.
    assert_eq!(
        stream.fill_buf().unwrap_err().kind(),
        ErrorKind::UnexpectedEof
    );
    assert_eq!(
        stream.read(&mut [0; 4]).unwrap_err().kind(),
        ErrorKind::UnexpectedEof
    );
}

#[test]
fn empty_transport_fails_the_handshake_with_unexpected_eof() {
    let mut stream = server(ScriptedSocket::new(&[]));
    let e = stream.complete_handshake().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnexpectedEof);
}

#[test]
fn a_fatal_alert_from_the_peer_is_an_error() {
    let mut stream = server(ScriptedSocket::new(&FATAL_HANDSHAKE_FAILURE));
    let e = stream.complete_handshake().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::ConnectionAborted);
    assert_eq!(
        tls_error(&e),
        Some(&Error::AlertReceived(AlertDescription::HANDSHAKE_FAILURE))
    );
    assert!(stream.sock().written.is_empty());
}

#[test]
fn our_fatal_alert_is_flushed_before_the_error_returns() {
    let mut stream = server(ScriptedSocket::new(&EARLY_FINISHED).max_write(1));
    let e = stream.complete_handshake().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidData);
    let alert = tls_error(&e).and_then(Error::alert_sent);
    assert_eq!(alert, Some(AlertDescription::UNEXPECTED_MESSAGE));
    let written = &stream.sock().written;
    assert_eq!(written.len(), 7, "one plaintext alert record: {written:?}");
    assert_eq!(written[0], 21);
    assert_eq!(written[5..], [2, 10]);
}

#[test]
fn writing_on_a_failed_connection_reports_the_failure() {
    let mut stream = server(ScriptedSocket::new(&FATAL_HANDSHAKE_FAILURE));
    let e = stream.write(b"data").unwrap_err();
    assert_eq!(
        tls_error(&e),
        Some(&Error::AlertReceived(AlertDescription::HANDSHAKE_FAILURE))
    );
}

#[test]
fn close_sends_close_notify_through_short_writes() {
    let mut stream = server(ScriptedSocket::new(&[]).max_write(2));
    stream.close().unwrap();
    assert_eq!(stream.sock().written, CLOSE_NOTIFY);
    // Nothing more may be sent after close.
    let (mut conn, _) = stream.into_parts();
    assert!(conn.send(b"late").is_err());
}

#[test]
fn an_empty_read_buffer_touches_nothing() {
    let mut stream = server(ScriptedSocket::new(&CLOSE_NOTIFY));
    assert_eq!(stream.read(&mut []).unwrap(), 0);
    assert_eq!(stream.sock().reads, 0);
}

#[test]
fn waiting_for_an_event_reads_until_it_is_queued_and_leaves_it_there() {
    let input = concat(&[&USER_CANCELED, &CLOSE_NOTIFY]);
    let mut stream = server(ScriptedSocket::new(&input).max_read(USER_CANCELED.len()));
    let found = stream
        .wait_for_event(|e| matches!(e, Event::Alert(_)))
        .unwrap();
    assert!(found);
    // Only as much was read as the event needed.
    assert_eq!(stream.sock().unread(), CLOSE_NOTIFY.len());
    assert_eq!(
        stream.events().collect::<Vec<_>>(),
        [Event::Alert(AlertDescription::USER_CANCELED)]
    );
}

#[test]
fn waiting_for_an_event_ends_when_the_peer_closes() {
    let mut stream = server(ScriptedSocket::new(&CLOSE_NOTIFY));
    let found = stream
        .wait_for_event(|e| matches!(e, Event::TicketReceived(_)))
        .unwrap();
    assert!(!found);
    assert_eq!(stream.events().collect::<Vec<_>>(), [Event::PeerClosed]);
}

#[test]
fn waiting_for_an_event_reports_a_truncation() {
    let mut stream = server(ScriptedSocket::new(&[]));
    let e = stream
        .wait_for_event(|e| matches!(e, Event::TicketReceived(_)))
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnexpectedEof);
}

/// The peer's Finished first (unexpected_message), then input the stream never reads.
fn failing_with_unread_input(
    unread: usize,
) -> Stream<ferrotls_core::server::ServerHandshake, ScriptedSocket> {
    let input = concat(&[&EARLY_FINISHED, &vec![0; unread]]);
    let mut stream = server(ScriptedSocket::new(&input).max_read(4096));
    let e = stream.complete_handshake().unwrap_err();
    assert_eq!(
        tls_error(&e).and_then(Error::alert_sent),
        Some(AlertDescription::UNEXPECTED_MESSAGE)
    );
    stream
}

#[test]
fn after_our_alert_the_stream_half_closes_and_drains_the_peer() {
    let mut stream = failing_with_unread_input(100_000);
    stream.linger_after_alert().unwrap();
    let sock = stream.sock();
    assert_eq!(sock.written, [21, 3, 3, 0, 2, 2, 10]);
    assert!(sock.shut_down.get());
    assert!(sock
        .read_timeout
        .get()
        .is_some_and(|t| t <= crate::DRAIN_TIME));
    assert_eq!(sock.unread(), 0, "everything up to the peer's end was read");
}

#[test]
fn draining_stops_at_its_byte_bound() {
    let mut stream = failing_with_unread_input(4 * crate::DRAIN_BYTES);
    stream.linger_after_alert().unwrap();
    let total = EARLY_FINISHED.len() + 4 * crate::DRAIN_BYTES;
    let read = total - stream.sock().unread();
    // The handshake's one read, then the drain, in reads of at most 4096 bytes.
    assert!(read >= crate::DRAIN_BYTES, "{read}");
    assert!(read <= crate::DRAIN_BYTES + 2 * 4096, "{read}");
}

#[test]
fn without_an_alert_of_ours_nothing_is_lingered() {
    let mut stream = server(ScriptedSocket::new(&FATAL_HANDSHAKE_FAILURE));
    assert!(stream.complete_handshake().is_err());
    stream.linger_after_alert().unwrap();
    assert!(!stream.sock().shut_down.get());
    assert!(stream.sock().written.is_empty());
}
