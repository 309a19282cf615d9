//! The non-blocking example server of ferrotls-io (`crates/io/examples/deferred_lookup.rs`),
//! run here in a thread: its session store answers each lookup late (a timer queue), and
//! meanwhile the one thread serves the other connections. Clients: ferrotls (blocking
//! `ferrotls_io::Stream`) resuming TLS 1.2 session IDs and stateful TLS 1.3 tickets, and
//! `openssl s_client -reconnect`.

#[path = "../crates/io/examples/deferred_lookup.rs"]
#[allow(dead_code)]
mod example;

use std::io::Read;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::resumption::ResumptionData;
use ferrotls_core::{ClientConfig, ClientConnection, Event, ProtocolVersion};
use ferrotls_io::Stream;
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::interop::{self, TIMEOUT};
use ferrotls_tests::interop_peers::server_files;

use example::Stats;

/// How late the store answers: long enough that the full handshakes started after a lookup
/// finish before its answer, however loaded the machine.
const DELAY: Duration = Duration::from_millis(1500);

struct Running {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    thread: JoinHandle<Stats>,
}

impl Running {
    fn start(delay: Duration) -> Self {
        let (cert, key) = server_files(KeyKind::EcdsaP256);
        let read = |path: &str| std::fs::read(path).unwrap();
        let config = example::deferring_config(&read(&cert), &read(&key)).unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            example::serve(listener, Arc::new(config), delay, &flag).expect("serve")
        });
        Self { addr, stop, thread }
    }

    fn stop(self) -> Stats {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().expect("the server thread")
    }
}

fn now() -> UnixTime {
    UnixTime::since_unix_epoch(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .unwrap(),
    )
}

fn client_config(version: ProtocolVersion) -> Arc<ClientConfig> {
    let mut config = certs::client_config();
    config.versions = vec![version];
    Arc::new(config)
}

/// One connection: the server's line, and the sessions the client was given.
fn connect(
    addr: SocketAddr,
    config: &Arc<ClientConfig>,
    resume: Option<ResumptionData>,
) -> (String, Vec<ResumptionData>) {
    let name = ServerName::try_from(certs::SERVER_NAME.to_string()).unwrap();
    let conn = match resume {
        Some(data) => ClientConnection::resume(Arc::clone(config), name, data, now()).unwrap(),
        None => ClientConnection::new(Arc::clone(config), name, now()).unwrap(),
    };
    let sock = TcpStream::connect(addr).unwrap();
    sock.set_read_timeout(Some(TIMEOUT)).unwrap();
    let mut stream = Stream::new(conn, sock);
    let mut line = String::new();
    stream.read_to_string(&mut line).expect("the server's line");
    let sessions = stream
        .events()
        .filter_map(|e| match e {
            Event::TicketReceived(data) => Some(data),
            _ => None,
        })
        .collect();
    (line, sessions)
}

#[test]
fn one_thread_resumes_through_a_slow_store_while_serving_others() {
    for version in [ProtocolVersion::TLS1_2, ProtocolVersion::TLS1_3] {
        let server = Running::start(DELAY);
        let config = client_config(version);
        let (line, sessions) = connect(server.addr, &config, None);
        assert_eq!(line, "resumed=no\n", "{version:?}");
        let session = sessions.into_iter().next().expect("a session to resume");
        // The resumption waits for the store; three full handshakes go through meanwhile.
        let addr = server.addr;
        let resuming = {
            let config = Arc::clone(&config);
            std::thread::spawn(move || connect(addr, &config, Some(session)))
        };
        std::thread::sleep(Duration::from_millis(100));
        for _ in 0..3 {
            assert_eq!(connect(server.addr, &config, None).0, "resumed=no\n");
        }
        let (line, _) = resuming.join().unwrap();
        assert_eq!(line, "resumed=yes\n", "{version:?}");
        let stats = server.stop();
        assert_eq!(stats.handshakes, 5, "{version:?}: {stats:?}");
        assert_eq!(stats.resumed, 1, "{version:?}: {stats:?}");
        assert_eq!(stats.lookups, 1, "{version:?}: {stats:?}");
        assert_eq!(
            stats.served_while_waiting,
            [3],
            "{version:?}: the full handshakes completed while the lookup was out"
        );
        assert!(stats.stored >= 1, "{version:?}: {stats:?}");
    }
}

#[test]
fn openssl_s_client_reconnects_with_its_session() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let server = Running::start(Duration::from_millis(50));
    let connect = server.addr.to_string();
    let ca = certs::path("ca.pem").display().to_string();
    let out = interop::run(
        &openssl,
        &[
            "s_client",
            "-connect",
            &connect,
            "-tls1_2",
            "-CAfile",
            &ca,
            "-servername",
            "localhost",
            "-reconnect",
        ],
        TIMEOUT,
    );
    let stats = server.stop();
    let reused = out.stdout.matches("Reused, TLSv1.2").count();
    assert!(
        reused >= 5,
        "openssl s_client -reconnect: {reused} reused sessions\n{}\n{}\n{stats:?}",
        out.stdout,
        out.stderr
    );
    assert_eq!(stats.lookups, reused, "{stats:?}");
    assert_eq!(stats.resumed, reused, "{stats:?}");
}
