//! The session-cache crate's tokio + Redis example (`crates/session-cache/examples/
//! tokio_redis_server.rs`, built as this package's `tokio-redis-server` binary) run as a
//! fleet against a real `redis-server`: servers A and B share Redis (and, in the sealed run, a
//! ticket secret file); C is a control that shares only part of it (another Redis database,
//! or another secret), so what resumes on B and not on C came through what A and B share.
//!
//! - Stateful tickets: a TLS 1.2 session ID made on A resumes on B, twice (`GET`); a TLS 1.3
//!   ticket made on A resumes on B once and is then gone on A too (`GETDEL`); 0-RTT data on B
//!   is accepted and echoed; `openssl s_client -sess_out` at A, `-sess_in` at B: "Reused".
//! - Sealed tickets (`--ticket-secret`): a ticket from A opens on B, many times, not on C; a
//!   0-RTT flight accepted by A and replayed byte for byte to B is refused by B (the binder's
//!   record in Redis), and the client's handshake with B completes in 1-RTT.
//!
//! Every wait is bounded (socket timeouts, `TIMEOUT` for the processes and Redis): a
//! regression fails the test instead of hanging it.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::resumption::DeclineReason;
use ferrotls_core::{ClientConfig, ClientConnection, Event, ProtocolVersion, ResumptionData};
use ferrotls_io::Stream;
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::interop::{self, Peer, TIMEOUT};
use ferrotls_tests::interop_peers::{openssl_client, server_files, talk};
use ferrotls_tests::redis_server::RedisServer;

/// A running example server.
struct Server {
    name: &'static str,
    peer: Peer,
    addr: SocketAddr,
}

impl Server {
    /// `tokio-redis-server` on a port of its choosing, with `redis_url` and maybe a ticket
    /// secret file; waits for its `listening on ADDR` line.
    fn start(name: &'static str, redis_url: &str, secret: Option<&Path>) -> Self {
        let (cert, key) = server_files(KeyKind::EcdsaP256);
        let secret = secret.map(|p| p.display().to_string());
        let mut args = vec![
            "--redis",
            redis_url,
            "--listen",
            "127.0.0.1:0",
            "--cert",
            &cert,
            "--key",
            &key,
            "--max-early-data",
            "1024",
        ];
        if let Some(secret) = &secret {
            args.extend_from_slice(&["--ticket-secret", secret]);
        }
        let exe = Path::new(env!("CARGO_BIN_EXE_tokio-redis-server"));
        let peer = Peer::spawn(exe, &args);
        let addr = interop::listening_address(&peer, name);
        Self { name, peer, addr }
    }

    /// The line the server printed for the connection from `client`.
    fn line(&self, client: SocketAddr) -> String {
        wait_for_line(&self.peer, &format!("{client} "))
    }

    fn report(&self) -> String {
        format!("=== {} ===\n{}", self.name, self.peer.report())
    }
}

/// The first complete line of `peer`'s stdout that starts with `start`, waiting up to
/// `TIMEOUT` for it.
fn wait_for_line(peer: &Peer, start: &str) -> String {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let out = peer.stdout();
        let found = out
            .split_inclusive('\n')
            .find(|l| l.starts_with(start) && l.ends_with('\n'));
        if let Some(line) = found {
            return line.trim_end().to_string();
        }
        assert!(
            Instant::now() < deadline,
            "no line starting with {start:?} in {TIMEOUT:?}\n{}",
            peer.report()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// The value of `name=` in a server line.
fn field<'a>(line: &'a str, name: &str) -> &'a str {
    line.split_whitespace()
        .find_map(|f| f.strip_prefix(name)?.strip_prefix('='))
        .unwrap_or_else(|| panic!("no {name}= in {line:?}"))
}

fn number(line: &str, name: &str) -> u64 {
    field(line, name)
        .parse()
        .unwrap_or_else(|e| panic!("{name} in {line:?}: {e}"))
}

/// A client of `version`; `early`: one that offers 0-RTT whenever a ticket allows it (the
/// server then checks the binder against its anti-replay record, data or not).
fn client_config(version: ProtocolVersion, early: bool) -> Arc<ClientConfig> {
    let mut config = certs::client_config();
    config.versions = vec![version];
    config.enable_early_data = early;
    Arc::new(config)
}

fn name() -> ServerName<'static> {
    ServerName::try_from(certs::SERVER_NAME).unwrap()
}

fn connect(addr: SocketAddr) -> TcpStream {
    let tcp = TcpStream::connect_timeout(&addr, TIMEOUT).unwrap();
    tcp.set_read_timeout(Some(TIMEOUT)).unwrap();
    tcp.set_write_timeout(Some(TIMEOUT)).unwrap();
    tcp
}

/// One connection, as the client and the server saw it.
struct Visit {
    resumed: bool,
    /// What became of the 0-RTT data: `None` if none was sent.
    early: Option<Result<(), DeclineReason>>,
    declined: Option<DeclineReason>,
    sessions: Vec<ResumptionData>,
    /// The server's line for this connection.
    line: String,
}

/// A handshake on `conn` with `server` (0-RTT `early` already queued, if any), then `ping`
/// echoed: the early data (sent again after the handshake if refused, as a client does) and
/// `ping` come back before the server's close_notify.
fn finish(server: &Server, conn: ClientConnection, tcp: TcpStream, early: &[u8]) -> Visit {
    let local = tcp.local_addr().unwrap();
    let mut stream = Stream::new(conn, tcp);
    let fail = |what: &str, e: std::io::Error| -> ! {
        panic!("{what} with {}: {e}\n{}", server.name, server.report())
    };
    stream
        .complete_handshake()
        .unwrap_or_else(|e| fail("handshake", e));
    let mut outcome = None;
    let mut declined = None;
    let mut sessions = Vec::new();
    for event in stream.events() {
        match event {
            // TLS 1.2: the session comes with the handshake.
            Event::TicketReceived(data) => sessions.push(data),
            Event::EarlyDataAccepted => outcome = Some(Ok(())),
            Event::EarlyDataRejected { data, reason } => {
                assert_eq!(data, early, "the refused early data comes back whole");
                outcome = Some(Err(reason));
            }
            Event::ResumptionDeclined { reason } => declined = Some(reason),
            _ => {}
        }
    }
    if matches!(outcome, Some(Err(_))) {
        stream
            .write_all(early)
            .unwrap_or_else(|e| fail("resend", e));
    }
    stream
        .write_all(b"ping")
        .unwrap_or_else(|e| fail("write", e));
    stream.close().unwrap_or_else(|e| fail("close", e));
    let mut echoed = Vec::new();
    stream
        .read_to_end(&mut echoed)
        .unwrap_or_else(|e| fail("read", e));
    assert_eq!(echoed, [early, b"ping"].concat(), "the echo");
    // TLS 1.3: tickets come after the handshake, before the echo.
    sessions.extend(stream.events().filter_map(|e| match e {
        Event::TicketReceived(data) => Some(data),
        _ => None,
    }));
    Visit {
        resumed: stream.conn().is_resumed(),
        early: (!early.is_empty()).then(|| outcome.expect("an early data verdict")),
        declined,
        sessions,
        line: server.line(local),
    }
}

/// A connection to `server`, offering `resume` with `early` as 0-RTT data (if not empty).
fn visit(
    server: &Server,
    config: &Arc<ClientConfig>,
    resume: Option<&ResumptionData>,
    early: &[u8],
) -> Visit {
    let mut conn = match resume {
        Some(data) => {
            ClientConnection::resume(config.clone(), name(), data.clone(), UnixTime::now())
        }
        None => ClientConnection::new(config.clone(), name(), UnixTime::now()),
    }
    .unwrap();
    if !early.is_empty() {
        assert_eq!(conn.send_early_data(early).unwrap(), early.len());
    }
    finish(server, conn, connect(server.addr), early)
}

/// A raw client of Redis database `db`, to see what the servers wrote.
fn redis_keys(redis: &RedisServer, db: u8, pattern: &str) -> Vec<String> {
    let client = redis::Client::open(format!("{}/{db}", redis.url())).unwrap();
    let mut conn = client.get_connection_with_timeout(TIMEOUT).unwrap();
    conn.set_read_timeout(Some(TIMEOUT)).unwrap();
    redis::cmd("KEYS").arg(pattern).query(&mut conn).unwrap()
}

/// Session writes are not waited for by the handshake: wait until `key` is in Redis.
fn wait_for_key(redis: &RedisServer, key: &str, report: impl Fn() -> String) {
    let deadline = Instant::now() + TIMEOUT;
    while redis_keys(redis, 0, key).is_empty() {
        assert!(
            Instant::now() < deadline,
            "{key} not in Redis\n{}",
            report()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Until `n` session states are in Redis.
fn wait_for_sessions(redis: &RedisServer, n: usize, report: impl Fn() -> String) {
    let deadline = Instant::now() + TIMEOUT;
    loop {
        let held = redis_keys(redis, 0, "ferrotls:s:*").len();
        if held >= n {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{held} sessions in Redis, not {n}\n{}",
            report()
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn stateful_sessions_made_on_a_resume_on_b_through_redis() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let url = redis.url();
    let a = Server::start("A", &url, None);
    let b = Server::start("B", &url, None);
    // Same Redis, another database: shares nothing with A and B.
    let c = Server::start("C", &format!("{url}/1"), None);
    let report = || format!("{}\n{}\n{}", a.report(), b.report(), redis.report());

    // TLS 1.2: the session ID goes to Redis and resumes on B (and again: it stays there).
    let tls12 = client_config(ProtocolVersion::TLS1_2, false);
    let first = visit(&a, &tls12, None, b"");
    assert!(!first.resumed);
    assert_eq!(field(&first.line, "resumed"), "no", "{}", report());
    let id = field(&first.line, "session_id").to_string();
    assert_eq!(first.sessions.len(), 1);
    wait_for_key(&redis, &format!("ferrotls:s:{id}"), report);
    for round in 0..2 {
        let again = visit(&b, &tls12, Some(&first.sessions[0]), b"");
        assert!(
            again.resumed,
            "round {round}: TLS 1.2 session ID from A resumed on B\n{}",
            report()
        );
        assert_eq!(field(&again.line, "resumed"), "yes");
        assert_eq!(field(&again.line, "session_id"), id, "A's session");
        assert_eq!(number(&again.line, "hits"), round + 1, "{}", again.line);
    }
    let control = visit(&c, &tls12, Some(&first.sessions[0]), b"");
    assert!(!control.resumed, "C's database has no such session");
    assert_eq!(control.declined, Some(DeclineReason::DeclinedByServer));
    assert!(
        control.line.contains("declined=resumption_unknown_session"),
        "{}",
        control.line
    );
    assert_eq!(number(&control.line, "misses"), 1, "{}", control.line);

    // TLS 1.3: two stateful tickets in Redis; the first resumes on B once, then is gone for
    // the whole fleet (A included).
    let tls13 = client_config(ProtocolVersion::TLS1_3, false);
    let first = visit(&a, &tls13, None, b"");
    assert!(!first.resumed);
    assert_eq!(first.sessions.len(), 2, "two tickets");
    wait_for_sessions(&redis, 3, report);
    let taken = visit(&b, &tls13, Some(&first.sessions[0]), b"");
    assert!(
        taken.resumed,
        "TLS 1.3 ticket from A taken on B\n{}",
        report()
    );
    assert_eq!(field(&taken.line, "version"), "TLSv1.3");
    let again = visit(&a, &tls13, Some(&first.sessions[0]), b"");
    assert!(
        !again.resumed,
        "a stateful ticket is taken once, fleet-wide"
    );
    assert_eq!(again.declined, Some(DeclineReason::DeclinedByServer));
    assert!(
        again.line.contains("declined=resumption_unknown_session"),
        "{}",
        again.line
    );

    // 0-RTT with the second ticket, on B: the replay check goes to Redis and lets it in.
    let early = b"early data through the fleet's anti-replay record";
    let tls13_early = client_config(ProtocolVersion::TLS1_3, true);
    let zero_rtt = visit(&b, &tls13_early, Some(&first.sessions[1]), early);
    assert!(zero_rtt.resumed);
    assert_eq!(zero_rtt.early, Some(Ok(())), "{}", report());
    assert_eq!(field(&zero_rtt.line, "early_data"), "accepted");
    assert_eq!(number(&zero_rtt.line, "early_bytes"), early.len() as u64);
    assert_eq!(number(&zero_rtt.line, "zero_rtt_accepted"), 1);
    assert_eq!(
        redis_keys(&redis, 0, "ferrotls:r:*").len(),
        1,
        "the binder's record"
    );

    // openssl s_client: a TLS 1.2 session ID saved at A, offered at B.
    if let Some(openssl) = interop::require("openssl") {
        let dir = std::env::temp_dir().join(format!("ferrotls-tokio-redis-{}", redis.port()));
        std::fs::create_dir_all(&dir).unwrap();
        let session = dir.join("session.pem").display().to_string();
        let mut on_a = openssl_client(&openssl, "-tls1_2", a.addr, &["-sess_out", &session]);
        talk(&mut on_a, &a.peer, "Verify return code:", "on A", "on A")
            .unwrap_or_else(|e| panic!("{e}"));
        let on_a = on_a.finish(TIMEOUT).unwrap_or_else(|e| panic!("{e}"));
        let id = on_a
            .stdout
            .lines()
            .find_map(|l| l.trim().strip_prefix("Session-ID: "))
            .unwrap_or_else(|| panic!("no Session-ID from s_client\n{}", on_a.stdout))
            .to_ascii_lowercase();
        wait_for_key(&redis, &format!("ferrotls:s:{id}"), report);
        let mut on_b = openssl_client(&openssl, "-tls1_2", b.addr, &["-sess_in", &session]);
        talk(&mut on_b, &b.peer, "Verify return code:", "on B", "on B")
            .unwrap_or_else(|e| panic!("{e}"));
        let on_b = on_b.finish(TIMEOUT).unwrap_or_else(|e| panic!("{e}"));
        let _ = std::fs::remove_dir_all(&dir);
        assert!(on_a.stdout.contains("New, TLSv1.2"), "{}", on_a.stdout);
        assert!(
            on_b.stdout.contains("Reused, TLSv1.2"),
            "s_client at B reused A's session\n{}\n{}",
            on_b.stdout,
            report()
        );
    }
    for server in [&a, &b, &c] {
        let out = server.peer.stdout();
        for line in out.lines().filter(|l| l.contains(" version=")) {
            assert_eq!(number(line, "store_errors"), 0, "{}", report());
        }
    }
}

/// Read from `from` until a record of content type application_data (23: TLS 1.3's encrypted
/// handshake) has arrived: the server has decided on the early data by then.
fn read_until_encrypted(from: &mut TcpStream) {
    let mut bytes = Vec::new();
    let mut buf = [0; 16 * 1024];
    loop {
        let mut rest = &bytes[..];
        while let Some(header) = rest.get(..5) {
            if header[0] == 23 {
                return;
            }
            let len = usize::from(u16::from_be_bytes([header[3], header[4]]));
            rest = rest.get(5 + len..).unwrap_or_default();
        }
        let n = from.read(&mut buf).expect("the server's flight");
        assert!(n > 0, "closed after {} bytes", bytes.len());
        bytes.extend_from_slice(&buf[..n]);
    }
}

#[test]
fn sealed_tickets_move_between_servers_and_replays_are_refused_fleet_wide() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let dir = std::env::temp_dir().join(format!("ferrotls-tokio-redis-sealed-{}", redis.port()));
    std::fs::create_dir_all(&dir).unwrap();
    let secret = |name: &str| {
        let path = dir.join(name);
        let mut bytes = [0; 32];
        std::fs::File::open("/dev/urandom")
            .and_then(|mut f| f.read_exact(&mut bytes))
            .unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let (fleet, other) = (secret("fleet.secret"), secret("other.secret"));
    let url = redis.url();
    let a = Server::start("A", &url, Some(&fleet));
    let b = Server::start("B", &url, Some(&fleet));
    // Same Redis, another secret: cannot open the fleet's tickets.
    let c = Server::start("C", &url, Some(&other));
    let report = || format!("{}\n{}\n{}", a.report(), b.report(), redis.report());
    let tls13 = client_config(ProtocolVersion::TLS1_3, false);
    let tls13_early = client_config(ProtocolVersion::TLS1_3, true);

    let first = visit(&a, &tls13, None, b"");
    assert!(!first.resumed);
    assert_eq!(first.sessions.len(), 2, "two tickets");
    for round in 0..2 {
        let resumed = visit(&b, &tls13, Some(&first.sessions[0]), b"");
        assert!(
            resumed.resumed,
            "round {round}: A's ticket opens on B\n{}",
            report()
        );
        assert_eq!(
            number(&resumed.line, "tickets_accepted"),
            round + 1,
            "{}",
            resumed.line
        );
    }
    let control = visit(&c, &tls13, Some(&first.sessions[0]), b"");
    assert!(!control.resumed, "C has other keys");
    assert_eq!(control.declined, Some(DeclineReason::DeclinedByServer));
    assert!(
        control
            .line
            .contains("declined=resumption_ticket_undecryptable"),
        "{}",
        control.line
    );
    assert!(
        redis_keys(&redis, 0, "ferrotls:s:*").is_empty(),
        "sealed tickets keep no state in Redis"
    );

    // A 0-RTT flight sent to A, which accepts it (its binder now recorded in Redis), then the
    // very same bytes to B: refused there, and the handshake completes in 1-RTT.
    let early = b"transfer 100 coins";
    let mut conn = ClientConnection::resume(
        tls13_early.clone(),
        name(),
        first.sessions[1].clone(),
        UnixTime::now(),
    )
    .unwrap();
    assert_eq!(conn.send_early_data(early).unwrap(), early.len());
    let flight = conn.pending_tls().to_vec();
    let mut to_a = connect(a.addr);
    to_a.write_all(&flight).unwrap();
    read_until_encrypted(&mut to_a);
    drop(to_a);
    wait_for_key(&redis, "ferrotls:r:*", report);
    let replayed = finish(&b, conn, connect(b.addr), early);
    assert!(
        replayed.resumed,
        "the PSK is fine; only the early data is refused"
    );
    assert!(
        matches!(replayed.early, Some(Err(_))),
        "B refused the replayed flight\n{}",
        report()
    );
    assert_eq!(field(&replayed.line, "early_data"), "rejected");
    assert_eq!(
        number(&replayed.line, "replays_refused"),
        1,
        "{}",
        replayed.line
    );
    assert!(
        replayed.line.contains("declined=0-RTT_replay_detected"),
        "{}",
        replayed.line
    );

    // A fresh flight (another ClientHello, another binder) is accepted, on either server.
    let fresh = visit(&a, &tls13_early, Some(&replayed.sessions[0]), early);
    assert_eq!(fresh.early, Some(Ok(())), "{}", report());
    assert_eq!(
        number(&fresh.line, "zero_rtt_accepted"),
        2,
        "{}",
        fresh.line
    );
    assert_eq!(
        redis_keys(&redis, 0, "ferrotls:r:*").len(),
        2,
        "two binders recorded"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
