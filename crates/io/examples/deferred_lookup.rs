//! A non-blocking TLS server in one thread whose session store answers late.
//!
//! Every socket is non-blocking and the loop polls them in turn; nothing ever blocks, so one
//! thread serves any number of connections. Session lookups are deferred
//! (`ServerConfig::defer.sessions`, `ferrotls_core::deferred`): when a handshake pauses on a
//! `LookupSession` (a TLS 1.2 session ID) or a `TakeSession` (a stateful TLS 1.3 ticket), the
//! request goes to a simulated remote store that answers after `delay` (a timer queue), and
//! the loop goes on serving the other connections meanwhile. The new sessions the handshakes
//! report (`Event::StoreSession`) are written to the same store.
//!
//! Each connection gets one line, `resumed=yes` or `resumed=no`, then close_notify.
//!
//! ```text
//! cargo run -p ferrotls-io --example deferred_lookup -- CERT.pem KEY.pem [127.0.0.1:4433] [DELAY_MS]
//! openssl s_client -connect 127.0.0.1:4433 -tls1_2 -reconnect     # "Reused" from the 2nd on
//! ```
//!
//! The loop itself is [`serve`], which a test runs in a thread (tests/deferred_example.rs).

use std::collections::{HashMap, VecDeque};
use std::io::{self, ErrorKind, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use ferrotls_core::deferred::{Answer, Request, SessionLookup};
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::resumption::ServerSessionState;
use ferrotls_core::{Event, ServerConfig, ServerConnection};

/// The most received bytes held for a connection that does not take them (paused, or with
/// its unread data at the limit).
const MAX_INBUF: usize = 64 * 1024;

/// What the loop did, for whoever ran it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Connections that completed their handshake, and of those the resumed ones.
    pub handshakes: usize,
    pub resumed: usize,
    /// Lookups answered by the simulated store (found or not).
    pub lookups: usize,
    /// For each lookup answered, how many other handshakes completed while it was out.
    pub served_while_waiting: Vec<usize>,
    /// Sessions the handshakes reported for the store.
    pub stored: usize,
}

/// The simulated remote store: a map behind a fixed delay.
struct SlowStore {
    sessions: HashMap<Vec<u8>, ServerSessionState>,
    delay: Duration,
    /// Lookups in flight: when each is due, for which connection, and the handshakes completed
    /// when it was sent.
    timers: VecDeque<(Instant, u64, usize)>,
}

impl SlowStore {
    fn answer(&mut self, request: &Request, now: UnixTime) -> Answer {
        let state = match request {
            Request::LookupSession { id } => self.sessions.get(id).cloned(),
            // A ticket is used once (RFC 9846 §8.1): taken out.
            Request::TakeSession { id } => self.sessions.remove(id),
            other => panic!("this store answers only session lookups, not {other:?}"),
        };
        let state = state.filter(|s| !s.is_expired(now));
        Answer::Session(state.map_or(SessionLookup::NotFound, SessionLookup::Found))
    }
}

/// One connection: its socket, its TLS state, and the bytes in between.
struct Conn {
    id: u64,
    sock: TcpStream,
    tls: ServerConnection,
    /// Received and not yet consumed by the connection (also while it is paused).
    inbuf: Vec<u8>,
    /// Produced by the connection and not yet taken by the socket.
    outbuf: Vec<u8>,
    /// A lookup for this connection is in the timer queue.
    waiting: bool,
    greeted: bool,
    eof: bool,
}

fn unix_now() -> UnixTime {
    UnixTime::since_unix_epoch(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap_or_default(),
    )
}

/// Serve TLS on `listener` until `stop` is set (checked between rounds), answering session
/// lookups `delay` after they are asked. `config` must defer its sessions.
pub fn serve(
    listener: TcpListener,
    config: Arc<ServerConfig>,
    delay: Duration,
    stop: &AtomicBool,
) -> io::Result<Stats> {
    assert!(config.defer.sessions, "the store is the application's here");
    listener.set_nonblocking(true)?;
    let mut store = SlowStore {
        sessions: HashMap::new(),
        delay,
        timers: VecDeque::new(),
    };
    let mut conns: Vec<Conn> = Vec::new();
    let mut stats = Stats::default();
    let mut next_id = 0;
    while !stop.load(Ordering::Relaxed) {
        let mut busy = false;
        // New connections.
        loop {
            match listener.accept() {
                Ok((sock, _)) => {
                    sock.set_nonblocking(true)?;
                    let tls = ServerConnection::new(Arc::clone(&config))
                        .map_err(|e| io::Error::other(e.to_string()))?;
                    conns.push(Conn {
                        id: next_id,
                        sock,
                        tls,
                        inbuf: Vec::new(),
                        outbuf: Vec::new(),
                        waiting: false,
                        greeted: false,
                        eof: false,
                    });
                    next_id += 1;
                    busy = true;
                }
                Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                Err(e) => return Err(e),
            }
        }
        // Lookups whose time has come, answered in order.
        let now = Instant::now();
        while store.timers.front().is_some_and(|(due, ..)| *due <= now) {
            let Some((_, id, handshakes_then)) = store.timers.pop_front() else {
                break;
            };
            let Some(conn) = conns.iter_mut().find(|c| c.id == id) else {
                continue; // the client went away meanwhile
            };
            conn.waiting = false;
            let Some(request) = conn.tls.pending().cloned() else {
                continue;
            };
            let answer = store.answer(&request, unix_now());
            stats.lookups += 1;
            stats
                .served_while_waiting
                .push(stats.handshakes - handshakes_then);
            // A failure here is the connection's own (its alert is queued): it is closed below.
            let _ = conn.tls.answer(answer, unix_now());
            busy = true;
        }
        // Every connection, in turn.
        for conn in &mut conns {
            busy |= step(conn, &mut store, &mut stats)?;
        }
        // Done: the socket ended (or the connection failed) and nothing is left to send.
        conns.retain(|c| !((c.eof || c.tls.failure().is_some()) && c.outbuf.is_empty()));
        if !busy {
            // Nothing to do: a real server would wait in poll(2) for its sockets and the next
            // timer; this example naps.
            std::thread::sleep(Duration::from_millis(1));
        }
    }
    Ok(stats)
}

/// One turn of one connection: read what the socket has, feed the TLS connection, act on its
/// events and its pause, write what it produced. Returns whether anything happened.
fn step(conn: &mut Conn, store: &mut SlowStore, stats: &mut Stats) -> io::Result<bool> {
    let mut busy = false;
    let mut buf = [0u8; 16 * 1024];
    // Backpressure: what a paused connection does not take stays in the socket once this much
    // is waiting (a 0-RTT flight fits).
    while !conn.eof && conn.inbuf.len() < MAX_INBUF {
        match conn.sock.read(&mut buf) {
            Ok(0) => conn.eof = true,
            Ok(n) => {
                conn.inbuf.extend_from_slice(&buf[..n]);
                busy = true;
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => break,
            Err(e) if e.kind() == ErrorKind::ConnectionReset => conn.eof = true,
            Err(e) => return Err(e),
        }
    }
    // While the handshake is paused this consumes nothing: the bytes wait in inbuf.
    if conn.tls.failure().is_none() {
        match conn.tls.handle_tls(&mut conn.inbuf, unix_now()) {
            Ok(used) => {
                conn.inbuf.drain(..used);
            }
            Err(_) => conn.eof = true, // the alert is queued for write_tls
        }
    }
    while let Some(event) = conn.tls.poll_event() {
        busy = true;
        match event {
            Event::StoreSession(write) => {
                store.sessions.insert(write.id, write.state);
                stats.stored += 1;
            }
            Event::HandshakeComplete { .. } => {
                stats.handshakes += 1;
                if conn.tls.is_resumed() {
                    stats.resumed += 1;
                }
            }
            _ => {}
        }
    }
    if conn.tls.pending().is_some() && !conn.waiting {
        // Off to the remote store; the answer comes back through the timer queue.
        conn.waiting = true;
        let due = Instant::now() + store.delay;
        store.timers.push_back((due, conn.id, stats.handshakes));
    }
    if !conn.tls.is_handshaking() && conn.tls.failure().is_none() && !conn.greeted {
        conn.greeted = true;
        let line = if conn.tls.is_resumed() {
            "resumed=yes\n"
        } else {
            "resumed=no\n"
        };
        let _ = conn.tls.send(line.as_bytes());
        conn.tls.close();
    }
    let mut sink = [0u8; 4096];
    while conn.tls.read(&mut sink).is_ok_and(|n| n > 0) {}
    conn.tls.write_tls(&mut conn.outbuf);
    while !conn.outbuf.is_empty() {
        match conn.sock.write(&conn.outbuf) {
            Ok(n) => {
                conn.outbuf.drain(..n);
                busy = true;
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => break,
            Err(_) => {
                conn.outbuf.clear();
                conn.eof = true;
            }
        }
    }
    if conn.tls.peer_closed() {
        conn.eof = true;
    }
    Ok(busy)
}

/// A server config for `cert_pem` / `key_pem` whose sessions are the application's: stateful
/// TLS 1.3 tickets and TLS 1.2 session IDs, both looked up through deferred requests.
pub fn deferring_config(cert_pem: &[u8], key_pem: &[u8]) -> Result<ServerConfig, String> {
    use ferrotls_core::pki_types::pem::PemObject;
    use ferrotls_core::pki_types::{CertificateDer, PrivateKeyDer};
    use ferrotls_core::{CertResolver, CertifiedKey};
    let provider = Arc::new(ferrotls_core::crypto::rustcrypto::default_provider());
    let chain = CertificateDer::pem_slice_iter(cert_pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("certificate: {e}"))?;
    let der = PrivateKeyDer::from_pem_slice(key_pem).map_err(|e| format!("key: {e}"))?;
    let key = provider
        .key_loader
        .load_private_key(&der)
        .map_err(|e| format!("key: {e}"))?;
    let mut resolver = CertResolver::new();
    resolver.add_default(Arc::new(CertifiedKey::new(chain, key)));
    let mut config = ServerConfig::new(provider, Arc::new(resolver));
    config.ticket_sealer = None;
    config.session_store = None;
    config.defer.sessions = true;
    Ok(config)
}

#[allow(dead_code)] // the tests run `serve`, not `main`
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [cert, key, rest @ ..] = args.as_slice() else {
        eprintln!("usage: deferred_lookup CERT.pem KEY.pem [ADDR] [DELAY_MS]");
        std::process::exit(2);
    };
    let addr = rest.first().map_or("127.0.0.1:4433", String::as_str);
    let delay = rest
        .get(1)
        .and_then(|d| d.parse().ok())
        .map_or(Duration::from_millis(200), Duration::from_millis);
    let read = |path: &str| std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let config = deferring_config(&read(cert), &read(key)).unwrap_or_else(|e| panic!("{e}"));
    let listener = TcpListener::bind(addr).unwrap_or_else(|e| panic!("{addr}: {e}"));
    println!("listening on {}", listener.local_addr().expect("bound"));
    let stop = AtomicBool::new(false);
    match serve(listener, Arc::new(config), delay, &stop) {
        Ok(stats) => println!("{stats:?}"),
        Err(e) => eprintln!("{e}"),
    }
}
