//! A 0-RTT flight accepted by A and replayed byte for byte to B is refused by B.
//!
//! A relay stands between our client and the fleet. It reads the client's first flight (the
//! ClientHello and the 0-RTT records that follow it without waiting for an answer), sends it
//! to A, waits for A's answer (by then A has decided on the early data) and hangs up on A; then
//! it sends the very same bytes to B and joins the client and B. The client, whose key share
//! and PSK are in that ClientHello, completes the handshake with B, which must refuse the early
//! data (the flight was used on A) and complete in 1-RTT: the client sends the data again after
//! the handshake, as it does whenever early data is refused.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::thread;

use ferrotls_tests::cli_peers;
use ferrotls_tests::interop::{Output, TIMEOUT};
use ferrotls_tests::interop_checks::{check, describe};
use ferrotls_tests::redis_server::RedisServer;

use crate::fleet::{field, handshake_lines, server, ticket_secret};

/// TLS record content types.
const HANDSHAKE: u8 = 22;
const APPLICATION_DATA: u8 = 23;

/// Read whole records from `from` until `done` says the records so far are enough.
fn read_records(from: &mut TcpStream, done: impl Fn(&[u8]) -> bool) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut buf = [0; 16 * 1024];
    loop {
        let types = record_types(&bytes);
        if types.is_some_and(|t| done(&t)) {
            return bytes;
        }
        let n = from.read(&mut buf).expect("relay read");
        assert!(n > 0, "closed after {} bytes", bytes.len());
        bytes.extend_from_slice(&buf[..n]);
    }
}

/// The content types of the complete records in `bytes`, or `None` if a record is cut off.
fn record_types(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut types = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let header = rest.get(..5)?;
        let len = usize::from(u16::from_be_bytes([header[3], header[4]]));
        rest = rest.get(5 + len..)?;
        types.push(header[0]);
    }
    Some(types)
}

/// The relay described in the module documentation, for one client connection. Returns the
/// replayed flight.
fn relay(listener: TcpListener, a: SocketAddr, b: SocketAddr) -> thread::JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let (mut client, _) = listener.accept().expect("the client connects");
        client.set_read_timeout(Some(TIMEOUT)).unwrap();
        // The ClientHello, then early data: our client sends its 0-RTT records at once.
        let flight = read_records(&mut client, |t| {
            t.first() == Some(&HANDSHAKE) && t.contains(&APPLICATION_DATA)
        });
        let mut to_a = TcpStream::connect_timeout(&a, TIMEOUT).expect("A");
        to_a.set_read_timeout(Some(TIMEOUT)).unwrap();
        to_a.write_all(&flight).unwrap();
        // A's ServerHello and encrypted flight: A has decided.
        read_records(&mut to_a, |t| t.contains(&APPLICATION_DATA));
        drop(to_a);
        let mut to_b = TcpStream::connect_timeout(&b, TIMEOUT).expect("B");
        to_b.write_all(&flight).unwrap();
        let (mut client_in, mut b_out) = (client.try_clone().unwrap(), to_b.try_clone().unwrap());
        client_in.set_read_timeout(None).unwrap();
        let upstream = thread::spawn(move || {
            let _ = std::io::copy(&mut client_in, &mut b_out);
            let _ = b_out.shutdown(Shutdown::Write);
        });
        let _ = std::io::copy(&mut to_b, &mut client);
        let _ = client.shutdown(Shutdown::Write);
        let _ = upstream.join();
        flight
    })
}

fn client(addr: &str, extra: &[&str]) -> Output {
    let mut args = vec!["--tls13"];
    args.extend_from_slice(extra);
    cli_peers::our_client(ferrotls_tests::ferrotls_exe!(), addr, &args)
}

/// Both servers with `server_extra`; B's early-data verdict must name `reason`.
pub(crate) fn replayed_flight_is_refused(server_extra: &[&str], reason: &str) {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let dir = std::env::temp_dir().join(format!(
        "ferrotls-fleet-0rtt-{}-{}",
        std::process::id(),
        redis.port()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let secret = ticket_secret(&dir);
    let mut extra = vec![
        "--tls13",
        "--max-early-data",
        "16384",
        "--ticket-secret-file",
        &secret,
    ];
    extra.extend_from_slice(server_extra);
    let (a, a_addr) = server(&redis, 2, &extra);
    let (b, b_addr) = server(&redis, 1, &extra);
    let session = dir.join("session").display().to_string();
    let early = dir.join("early.txt");
    std::fs::write(&early, b"transfer 100 coins\n").unwrap();
    let early = early.display().to_string();

    let first = client(
        &a_addr.to_string(),
        &["--session-file", &session, "--send", "first"],
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let relay_addr = listener.local_addr().unwrap().to_string();
    let relay = relay(listener, a_addr, b_addr);
    let second = client(
        &relay_addr,
        &[
            "--session-file",
            &session,
            "--early-data",
            &early,
            "--send",
            "after",
        ],
    );
    let flight = relay.join().expect("relay");
    let a = a.finish(TIMEOUT).unwrap_or_else(|e| panic!("A: {e}"));
    let b = b.finish(TIMEOUT).unwrap_or_else(|e| panic!("B: {e}"));
    let _ = std::fs::remove_dir_all(&dir);
    let report = format!(
        "flight: {} bytes, records {:?}\n=== first client ===\n{}\n=== second client ===\n{}\n=== A ===\n{}\n=== B ===\n{}",
        flight.len(),
        record_types(&flight),
        describe(&first),
        describe(&second),
        describe(&a),
        describe(&b),
    );
    check(
        first.status.success(),
        "the first client's full handshake with A",
        &report,
    );
    // A accepted the flight (and recorded it in Redis) before the relay hung up on it.
    check(
        a.stdout.contains("early data accepted"),
        "A: early data accepted",
        &report,
    );
    // B refused it and completed the handshake in 1-RTT.
    check(
        second.status.success(),
        "the second client completes with B",
        &report,
    );
    let b_lines = handshake_lines(&b.stdout);
    check(b_lines.len() == 1, "B: one handshake", &report);
    check(
        field(b_lines[0], "early_data") == "rejected",
        "B: early_data=rejected",
        &report,
    );
    check(
        b.stdout.contains(&format!("early data rejected: {reason}")),
        &format!("B: early data rejected: {reason}"),
        &report,
    );
    check(
        !b.stdout.contains("early-data:"),
        "B delivered no early data",
        &report,
    );
    let c_lines = handshake_lines(&second.stdout);
    check(
        c_lines.len() == 1 && field(c_lines[0], "early_data") == "rejected",
        "the client saw its early data rejected",
        &report,
    );
    check(
        second.stdout.ends_with("transfer 100 coins\nafter\n"),
        "the client sent it again after the handshake, once",
        &report,
    );
}

/// With stateful tickets the ticket itself is single use across the fleet (`GETDEL`): A took
/// it, so B knows no such session and resumes nothing.
#[test]
fn a_flight_replayed_to_b_with_a_stateful_ticket_is_refused() {
    replayed_flight_is_refused(&["--stateful-tickets"], "unknown session");
}

/// With stateless tickets B opens A's ticket (the keys come from the shared secret file), and
/// only the fleet's anti-replay record in Redis (`SET NX`, written by A) tells it the flight
/// was used.
#[test]
fn a_flight_replayed_to_b_with_a_stateless_ticket_is_refused_as_a_replay() {
    replayed_flight_is_refused(&[], "replay detected");
}
