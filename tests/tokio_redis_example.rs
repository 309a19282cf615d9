//! The session-cache crate's tokio example (`crates/session-cache/examples/tokio_redis_server.rs`)
//! against a real `redis-server`: a tokio acceptor whose deferred session lookups, single-use
//! takes and 0-RTT checks are answered by `AsyncRedisStore`. Clients: ferrotls's tokio
//! connector, resuming a TLS 1.2 session ID and stateful TLS 1.3 tickets (each taken once),
//! and sending 0-RTT data through the fleet's anti-replay record.

#[path = "../crates/session-cache/examples/tokio_redis_server.rs"]
#[allow(dead_code)]
mod example;

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use ferrotls_core::pki_types::ServerName;
use ferrotls_core::{ClientConfig, Event, ProtocolVersion, ResumptionData};
use ferrotls_io::tokio::{EarlyData, TlsConnector};
use ferrotls_session_cache::redis::{AsyncRedisStore, RedisConfig};
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::interop_peers::server_files;
use ferrotls_tests::redis_server::RedisServer;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

fn name() -> ServerName<'static> {
    ServerName::try_from("localhost").unwrap()
}

fn connector(version: ProtocolVersion) -> TlsConnector {
    let mut config: ClientConfig = certs::client_config();
    config.versions = vec![version];
    config.enable_early_data = true;
    TlsConnector::new(Arc::new(config))
}

/// Session writes are spawned by the answerer and not waited for: wait until Redis holds
/// `keys` keys (or fail after ten seconds, naming what it holds).
fn wait_for_keys(redis: &RedisServer, keys: i64) {
    let client = redis::Client::open(redis.url()).unwrap();
    let mut conn = client.get_connection().unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let held: i64 = redis::cmd("DBSIZE").query(&mut conn).unwrap();
        if held >= keys {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "Redis holds {held} keys, not {keys}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Echo `message` through a connection; the tickets (sessions) the client got, and whether
/// it resumed.
async fn visit(
    addr: std::net::SocketAddr,
    client: &TlsConnector,
    resume: Option<ResumptionData>,
) -> (Vec<ResumptionData>, bool) {
    let tcp = TcpStream::connect(addr).await.unwrap();
    let mut stream = match resume {
        Some(data) => client.resume(name(), data, tcp).await.unwrap(),
        None => client.connect(name(), tcp).await.unwrap(),
    };
    stream.write_all(b"ping").await.unwrap();
    stream.flush().await.unwrap();
    let mut back = [0; 4];
    stream.read_exact(&mut back).await.unwrap();
    assert_eq!(&back, b"ping");
    stream.shutdown().await.unwrap();
    let mut rest = Vec::new();
    stream.read_to_end(&mut rest).await.unwrap();
    let resumed = stream.conn().is_resumed();
    let tickets = stream
        .events()
        .filter_map(|e| match e {
            Event::TicketReceived(data) => Some(data),
            _ => None,
        })
        .collect();
    (tickets, resumed)
}

#[test]
fn sessions_and_0rtt_checks_are_answered_by_redis() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let (cert, key) = server_files(KeyKind::EcdsaP256);
    let config = example::config(Path::new(&cert), Path::new(&key), 1024).unwrap();
    let redis_config = RedisConfig::from_url(&redis.url()).unwrap();
    let store = Arc::new(AsyncRedisStore::new(redis_config).unwrap());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(example::serve(
            listener,
            config,
            Arc::clone(&store),
            Some(7),
        ));

        // TLS 1.2: the session ID goes to Redis and resumes, twice (it stays there).
        let tls12 = connector(ProtocolVersion::TLS1_2);
        let (sessions, resumed) = visit(addr, &tls12, None).await;
        assert!(!resumed);
        assert_eq!(sessions.len(), 1);
        wait_for_keys(&redis, 1);
        for _ in 0..2 {
            let (_, resumed) = visit(addr, &tls12, Some(sessions[0].clone())).await;
            assert!(resumed, "TLS 1.2 session ID resumed from Redis");
        }

        // TLS 1.3: two stateful tickets in Redis; the first resumes once and is then gone.
        let tls13 = connector(ProtocolVersion::TLS1_3);
        let (tickets, resumed) = visit(addr, &tls13, None).await;
        assert!(!resumed);
        assert_eq!(tickets.len(), 2);
        wait_for_keys(&redis, 3);
        let (_, resumed) = visit(addr, &tls13, Some(tickets[0].clone())).await;
        assert!(resumed, "TLS 1.3 ticket taken from Redis");
        let (_, resumed) = visit(addr, &tls13, Some(tickets[0].clone())).await;
        assert!(!resumed, "a stateful ticket is taken once");

        // 0-RTT with the second ticket: the replay check goes to Redis and lets it through.
        let tcp = TcpStream::connect(addr).await.unwrap();
        let early = b"early data through a fleet's anti-replay record".to_vec();
        let (mut stream, outcome) = tls13
            .connect_early(name(), tickets[1].clone(), early.clone(), tcp)
            .await
            .unwrap();
        assert!(stream.conn().is_resumed());
        assert_eq!(outcome, EarlyData::Accepted);
        let mut back = vec![0; early.len()];
        stream.read_exact(&mut back).await.unwrap();
        assert_eq!(back, early, "the server echoed the 0-RTT data");
        stream.shutdown().await.unwrap();
        let mut rest = Vec::new();
        stream.read_to_end(&mut rest).await.unwrap();

        server.await.unwrap().unwrap();
    });
    let metrics = store.counters().snapshot();
    assert_eq!(metrics.store_errors, 0, "{metrics:?}");
    assert!(metrics.hits >= 3, "{metrics:?}");
}
