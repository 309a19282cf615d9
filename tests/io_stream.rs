//! `ferrotls_io::Stream` over real loopback TCP: handshake, echo, close_notify as end of stream,
//! truncation as an error, and 4 MiB each way through the bounded send buffer.

use std::io::{ErrorKind, Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::{ClientConnection, Error, Limits, ServerConnection};
use ferrotls_io::{tls_error, Stream};
use ferrotls_tests::certs::{self, KeyKind};

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
    let (client_sock, server_sock) = sockets();
    let server = thread::spawn(move || {
        let mut stream = server_stream(server_sock);
        stream.complete_handshake().expect("server handshake");
        stream.write_all(b"partial").unwrap();
        // Dropped without close(): the TCP connection ends with no close_notify.
    });
    let mut stream = client_stream(client_sock);
    stream.complete_handshake().expect("client handshake");
    server.join().expect("server thread");
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
