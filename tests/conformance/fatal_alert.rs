//! Our fatal alert reaches the peer. A peer that has not yet read what we sent (its receive
//! window full of our echoes) sends a record that does not decrypt, followed by more input. The
//! server used to close at once with that input unread: the kernel then sends a reset instead of
//! the data still queued, and the alert (with the echoes before it) never arrived. Now the server
//! flushes the alert, half-closes and drains the peer's input briefly before closing.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::{AlertDescription, ClientConnection, Error};
use ferrotls_io::{tls_error, Stream};
use ferrotls_tests::certs;
use ferrotls_tests::ferrotls_exe;
use ferrotls_tests::interop::{self, TIMEOUT};
use ferrotls_tests::interop_peers::server_files;

/// Enough echoed lines to fill the client's receive window and more, which the server queues.
const ECHOED: usize = 256 * 1024;

#[test]
fn a_peer_that_reads_late_still_gets_our_alert() {
    let (cert, key) = server_files(certs::KeyKind::EcdsaP256);
    let (server, addr) = interop::ferrotls_server(
        ferrotls_exe!(),
        &["--cert", &cert, "--key", &key, "--max-connections", "1"],
    );
    let tcp = TcpStream::connect(addr).unwrap();
    tcp.set_read_timeout(Some(TIMEOUT)).unwrap();
    tcp.set_write_timeout(Some(TIMEOUT)).unwrap();
    let name = ServerName::try_from(certs::SERVER_NAME).unwrap().to_owned();
    let conn =
        ClientConnection::new(Arc::new(certs::client_config()), name, UnixTime::now()).unwrap();
    let mut stream = Stream::new(conn, tcp);
    stream.complete_handshake().unwrap();
    let line = [b'x'; 1023]
        .iter()
        .chain(b"\n")
        .copied()
        .collect::<Vec<u8>>();
    for _ in 0..ECHOED / line.len() {
        stream.write_all(&line).unwrap();
    }
    // A protected record that does not decrypt (bad_record_mac), and input after it that the
    // server will not read.
    let mut garbage = vec![23, 3, 3, 0, 32];
    garbage.extend([0x42; 32]);
    garbage.extend(vec![0; 64 * 1024]);
    stream.sock_mut().write_all(&garbage).unwrap();
    // Give the server the time to fail and close before we read anything.
    thread::sleep(Duration::from_millis(500));
    let mut echoed = 0;
    let mut buf = vec![0; 64 * 1024];
    let err = loop {
        match stream.read(&mut buf) {
            Ok(0) => panic!("close_notify instead of an alert after {echoed} echoed bytes"),
            Ok(n) => echoed += n,
            Err(e) => break e,
        }
    };
    let out = server.finish(TIMEOUT).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        tls_error(&err),
        Some(&Error::AlertReceived(AlertDescription::BAD_RECORD_MAC)),
        "after {echoed} echoed bytes: {err}\nserver stderr: {}",
        out.stderr
    );
    // The echoes of the lines the server read before the bad record came first.
    assert!(echoed > 0);
    assert!(out.stderr.contains("bad_record_mac"), "{}", out.stderr);
}
