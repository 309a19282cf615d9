//! `ferrotls_io::Stream` over real loopback TCP: handshake, echo, close_notify as end of stream,
//! truncation as an error, 4 MiB each way through the bounded send buffer, and `BufRead` on the
//! stream (lines across records, mixed with `read`, the end, a megabyte in small consumes).

use std::io::{BufRead, ErrorKind, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::{ClientConnection, Error, Limits, ServerConnection};
use ferrotls_io::{tls_error, Stream};
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::lines;

/// No read may wait longer than this: a broken peer fails the test instead of hanging it.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// A connected TCP pair on loopback.
fn sockets() -> (TcpStream, TcpStream) {
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).unwrap();
    let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (server, _) = listener.accept().unwrap();
    for s in [&client, &server] {
        s.set_read_timeout(Some(READ_TIMEOUT)).unwrap();
    }
    (client, server)
}

fn client_stream(sock: TcpStream) -> Stream<ferrotls_core::client::ClientHandshake, TcpStream> {
    let name = ServerName::try_from(certs::SERVER_NAME).unwrap().to_owned();
    let conn =
        ClientConnection::new(Arc::new(certs::client_config()), name, UnixTime::now()).unwrap();
    Stream::new(conn, sock)
}

fn server_stream(sock: TcpStream) -> Stream<ferrotls_core::server::ServerHandshake, TcpStream> {
    let conn = ServerConnection::new(Arc::new(certs::server_config(KeyKind::Ed25519))).unwrap();
    Stream::new(conn, sock)
}

/// A client stream, handshake done, whose server sent `data` and then dropped the connection
/// without close(): the TCP connection ends with no close_notify, a truncation.
fn truncated_after(
    data: &'static [u8],
) -> Stream<ferrotls_core::client::ClientHandshake, TcpStream> {
    let (client_sock, server_sock) = sockets();
    let server = thread::spawn(move || {
        let mut stream = server_stream(server_sock);
        stream.complete_handshake().expect("server handshake");
        stream.write_all(data).unwrap();
    });
    let mut stream = client_stream(client_sock);
    stream.complete_handshake().expect("client handshake");
    server.join().expect("server thread");
    stream
}

#[test]
fn echo_and_close_notify() {
    let (client_sock, server_sock) = sockets();
    let server = thread::spawn(move || {
        let mut stream = server_stream(server_sock);
        stream.complete_handshake().expect("server handshake");
        let mut request = Vec::new();
        stream
            .read_to_end(&mut request)
            .expect("read until close_notify");
        stream.write_all(&request).expect("echo");
        stream.close().expect("close");
    });
    let mut stream = client_stream(client_sock);
    stream.complete_handshake().expect("client handshake");
    assert!(stream.conn().info().version.is_some());
    stream.write_all(b"ping\n").unwrap();
    stream.close().unwrap();
    let mut reply = Vec::new();
    stream
        .read_to_end(&mut reply)
        .expect("read until close_notify");
    assert_eq!(reply, b"ping\n");
    server.join().expect("server thread");
}

#[test]
fn transport_end_without_close_notify_is_a_truncation() {
    let mut stream = truncated_after(b"partial");
    let mut got = Vec::new();
    let e = stream.read_to_end(&mut got).unwrap_err();
    assert_eq!(got, b"partial");
    assert_eq!(e.kind(), ErrorKind::UnexpectedEof);
    assert_eq!(tls_error(&e), Some(&Error::UnexpectedEof));
}

#[test]
fn writes_larger_than_a_record_arrive_whole() {
    let payload: Vec<u8> = (0..=255u8).cycle().take(100_000).collect();
    let expected = payload.clone();
    let (client_sock, server_sock) = sockets();
    let server = thread::spawn(move || {
        let mut stream = server_stream(server_sock);
        let mut request = Vec::new();
        stream
            .read_to_end(&mut request)
            .expect("read until close_notify");
        request
    });
    let mut stream = client_stream(client_sock);
    stream.write_all(&payload).unwrap();
    stream.close().unwrap();
    assert_eq!(server.join().expect("server thread"), expected);
}

#[test]
fn large_writes_go_through_the_bounded_send_buffer() {
    const LEN: usize = 4 << 20;
    let data: Vec<u8> = (0..LEN).map(|i| (i * 7 + i / 251) as u8).collect();
    let expected = data.clone();
    let (client_sock, server_sock) = sockets();
    let server = thread::spawn(move || {
        let mut stream = server_stream(server_sock);
        stream.complete_handshake().expect("server handshake");
        let mut request = Vec::new();
        stream
            .read_to_end(&mut request)
            .expect("read until close_notify");
        stream.write_all(&request).expect("echo");
        stream.close().expect("close");
        request.len()
    });
    let mut stream = client_stream(client_sock);
    stream.complete_handshake().expect("client handshake");
    // One write takes at most what the send buffer holds, like a socket's.
    let limit = Limits::default().max_send_buffer;
    let taken = stream.write(&data).unwrap();
    assert!((1..=limit).contains(&taken), "{taken}");
    stream.write_all(&data[taken..]).unwrap();
    stream.close().unwrap();
    let mut reply = Vec::new();
    stream
        .read_to_end(&mut reply)
        .expect("read until close_notify");
    assert_eq!(server.join().expect("server thread"), LEN);
    assert!(reply == expected, "the echo differs");
}

/// A session lookup the config defers to the application stops `complete_handshake` with
/// `WouldBlock`; answered through the connection, the handshake goes on where it stopped.
#[test]
fn a_deferred_lookup_is_answered_between_two_calls() {
    use ferrotls_core::deferred::{Answer, Request, SessionLookup};
    use ferrotls_core::resumption::{InMemorySessionStore, ServerSessionStore};
    use ferrotls_core::{Event, ProtocolVersion};

    let store = Arc::new(InMemorySessionStore::new(16));
    let mut config = certs::server_config(KeyKind::EcdsaP256);
    config.ticket_sealer = None;
    config.defer.sessions = true;
    let config = Arc::new(config);
    let mut client_config = certs::client_config();
    client_config.versions = vec![ProtocolVersion::TLS1_2];
    let client_config = Arc::new(client_config);
    let name = ServerName::try_from(certs::SERVER_NAME).unwrap().to_owned();

    // A full handshake: the application stores the session the server reports.
    let (client_sock, server_sock) = sockets();
    let server_config = Arc::clone(&config);
    let server_store = Arc::clone(&store);
    let server = thread::spawn(move || {
        let mut stream = Stream::new(ServerConnection::new(server_config).unwrap(), server_sock);
        stream.complete_handshake().expect("full handshake");
        for event in stream.events() {
            if let Event::StoreSession(write) = event {
                assert!(server_store.put(&write.id, write.state, UnixTime::now()));
            }
        }
        stream.close().unwrap();
    });
    let conn =
        ClientConnection::new(Arc::clone(&client_config), name.clone(), UnixTime::now()).unwrap();
    let mut stream = Stream::new(conn, client_sock);
    stream.complete_handshake().unwrap();
    let session = stream
        .events()
        .find_map(|e| match e {
            Event::TicketReceived(data) => Some(data),
            _ => None,
        })
        .expect("a session");
    server.join().unwrap();

    // Resumed: the server stops at the lookup, the application answers, the handshake resumes.
    let (client_sock, server_sock) = sockets();
    let server = thread::spawn(move || {
        let mut stream = Stream::new(ServerConnection::new(config).unwrap(), server_sock);
        let e = stream.complete_handshake().unwrap_err();
        assert_eq!(e.kind(), ErrorKind::WouldBlock, "{e}");
        let Some(Request::LookupSession { id }) = stream.conn().pending().cloned() else {
            panic!("paused on {:?}", stream.conn().pending());
        };
        let found = store.get(&id, UnixTime::now()).expect("stored");
        let answer = Answer::Session(SessionLookup::Found(found));
        stream.conn_mut().answer(answer, UnixTime::now()).unwrap();
        stream.complete_handshake().expect("resumed handshake");
        stream.conn().is_resumed()
    });
    let mut stream = Stream::resume(client_config, name, session, client_sock).unwrap();
    stream.complete_handshake().unwrap();
    assert!(stream.conn().is_resumed());
    assert!(server.join().unwrap(), "the server resumed");
}

/// `BufRead` on the stream itself (no `BufReader`): `read_line` and `lines` across record
/// boundaries, `fill_buf` / `consume` mixed with `read` on one cursor, and close_notify as an
/// empty buffer.
#[test]
fn buf_read_takes_lines_across_records() {
    let (client_sock, server_sock) = sockets();
    let server = thread::spawn(move || {
        let mut stream = server_stream(server_sock);
        for piece in lines::pieces() {
            stream.write_all(&piece).unwrap();
        }
        stream.close().unwrap();
    });
    let mut stream = client_stream(client_sock);
    let mut line = String::new();
    assert_eq!(stream.read_line(&mut line).unwrap(), 6);
    assert_eq!(line, "alpha\n");
    line.clear();
    stream.read_line(&mut line).unwrap();
    assert_eq!(line, "beta\n", "a line from two records");
    // "gam" is one record: whatever else has arrived, it is lent whole.
    let lent = stream.fill_buf().unwrap();
    assert!(lent.starts_with(b"gam"), "{:?}", &lent[..lent.len().min(8)]);
    assert_eq!(
        stream.fill_buf().unwrap()[..3],
        *b"gam",
        "not consumed: lent again"
    );
    stream.consume(1);
    let mut two = [0; 2];
    assert_eq!(stream.read(&mut two).unwrap(), 2);
    assert_eq!(&two, b"am", "read goes on where consume left off");
    line.clear();
    stream.read_line(&mut line).unwrap();
    assert_eq!(line, "ma\n");
    let rest: Vec<String> = (&mut stream).lines().map(Result::unwrap).collect();
    lines::check_last_lines(&rest);
    // close_notify: an empty buffer, as often as asked, and `read` agrees.
    assert_eq!(stream.fill_buf().unwrap(), b"");
    assert_eq!(stream.fill_buf().unwrap(), b"");
    assert_eq!(stream.read(&mut two).unwrap(), 0);
    assert!(stream.conn().peer_closed());
    server.join().expect("server thread");
}

/// A megabyte taken through `fill_buf` / `consume` in small pieces: consuming frees room for the
/// input as reading does (the unread data stays within its limit, the transfer completes), and
/// every byte arrives in order.
#[test]
fn buf_read_consumes_a_large_transfer_in_pieces() {
    const LEN: usize = 1 << 20;
    let data: Vec<u8> = (0..LEN).map(|i| (i * 7 + i / 251) as u8).collect();
    let expected = data.clone();
    let (client_sock, server_sock) = sockets();
    let server = thread::spawn(move || {
        let mut stream = server_stream(server_sock);
        stream.write_all(&data).unwrap();
        stream.close().unwrap();
    });
    let mut stream = client_stream(client_sock);
    let limit = Limits::default().max_unread_plaintext;
    let mut got = Vec::with_capacity(LEN);
    loop {
        let unread = stream.buffered().unread;
        let lent = stream.fill_buf().unwrap();
        if lent.is_empty() {
            break;
        }
        assert!(unread <= limit, "{unread} bytes unread");
        let n = lent.len().min(1000);
        got.extend_from_slice(&lent[..n]);
        stream.consume(n);
    }
    assert!(got == expected, "the data differs ({} bytes)", got.len());
    server.join().expect("server thread");
}

/// As with `read`: data received before a failure is lent first, the error comes after it.
#[test]
fn buf_read_lends_the_data_before_a_truncation() {
    let mut stream = truncated_after(b"partial");
    assert_eq!(stream.fill_buf().unwrap(), b"partial");
    stream.consume(7);
    let e = stream.fill_buf().unwrap_err();
    assert_eq!(e.kind(), ErrorKind::UnexpectedEof);
    assert_eq!(tls_error(&e), Some(&Error::UnexpectedEof));
}
