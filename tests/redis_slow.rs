//! A Redis that answers slowly (a proxy in front of a real `redis-server` delays every reply by
//! 200 ms) does not slow the connections it has nothing to do with: the server runs every
//! connection on one single-threaded tokio runtime and answers the handshake's deferred session
//! lookups with the async Redis store, so a lookup in flight pauses its own handshake only.
//!
//! The claim is shown by order, not by timing: full handshakes started after a resumption's
//! lookup went to Redis all complete before that lookup's reply is back.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use ferrotls_core::crypto::NamedGroup;
use ferrotls_core::deferred::{Defer, Request};
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::resumption::InMemoryClientSessionStore;
use ferrotls_core::{Event, ProtocolVersion, ServerConfig, ServerConnection};
use ferrotls_session_cache::redis::{AsyncRedisStore, RedisConfig};
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::echo_client::echo_handshake;
use ferrotls_tests::interop::TIMEOUT;
use ferrotls_tests::redis_server::RedisServer;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const DELAY: Duration = Duration::from_millis(200);
/// Full handshakes run while one lookup waits for the slow Redis.
const UNRELATED: usize = 3;

/// A proxy to `target` that forwards requests at once and every reply `DELAY` late, in order.
/// Runs until the test process ends.
fn slow_proxy(target: SocketAddr) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(client) = client else { continue };
            let Ok(server) = TcpStream::connect(target) else {
                continue;
            };
            let (mut client_in, mut server_out) =
                (client.try_clone().unwrap(), server.try_clone().unwrap());
            thread::spawn(move || {
                let _ = std::io::copy(&mut client_in, &mut server_out);
            });
            let (due_tx, due_rx) = mpsc::channel::<(Instant, Vec<u8>)>();
            let mut server_in = server;
            thread::spawn(move || {
                let mut buf = [0; 16 * 1024];
                while let Ok(n @ 1..) = server_in.read(&mut buf) {
                    if due_tx
                        .send((Instant::now() + DELAY, buf[..n].to_vec()))
                        .is_err()
                    {
                        break;
                    }
                }
            });
            let mut client_out = client;
            thread::spawn(move || {
                for (due, bytes) in due_rx {
                    thread::sleep(due.saturating_duration_since(Instant::now()));
                    if client_out.write_all(&bytes).is_err() {
                        break;
                    }
                }
            });
        }
    });
    addr
}

/// When the server sent its session lookup to Redis and when the answer came back.
#[derive(Debug, Default)]
struct Lookup {
    sent: Option<Instant>,
    answered: Option<Instant>,
}

/// Serve one connection: a sans-IO loop over a tokio socket that answers the handshake's
/// deferred requests from `store`, hands its session writes to `store` in their own tasks, and
/// echoes application data.
async fn serve(
    config: Arc<ServerConfig>,
    mut tcp: tokio::net::TcpStream,
    store: Arc<AsyncRedisStore>,
    lookups: Arc<Mutex<Vec<Lookup>>>,
    lookup_sent: mpsc::Sender<()>,
) -> Result<(), String> {
    let mut conn = ServerConnection::new(config).map_err(|e| e.to_string())?;
    let (mut input, mut out) = (Vec::new(), Vec::new());
    let (mut chunk, mut app) = (vec![0; 16 * 1024], vec![0; 4096]);
    loop {
        if let Some(request) = conn.pending().cloned() {
            let lookup = matches!(request, Request::LookupSession { .. });
            if lookup {
                lookups.lock().unwrap().push(Lookup {
                    sent: Some(Instant::now()),
                    answered: None,
                });
                let _ = lookup_sent.send(());
            }
            let answer = store
                .answer(&request, UnixTime::now())
                .await
                .ok_or_else(|| format!("the store cannot answer {request:?}"))?;
            if lookup {
                lookups.lock().unwrap().last_mut().unwrap().answered = Some(Instant::now());
            }
            conn.answer(answer, UnixTime::now())
                .map_err(|e| format!("{e:?}"))?;
        }
        while let Some(event) = conn.poll_event() {
            if let Event::StoreSession(write) = event {
                let store = Arc::clone(&store);
                tokio::spawn(async move { store.store(&write, UnixTime::now()).await });
            }
        }
        let n = conn.read(&mut app).map_err(|e| format!("{e:?}"))?;
        if n > 0 {
            conn.send(&app[..n]).map_err(|e| format!("{e:?}"))?;
        }
        if conn.peer_closed() {
            conn.close();
        }
        out.clear();
        conn.write_tls(&mut out);
        if !out.is_empty() {
            tcp.write_all(&out).await.map_err(|e| e.to_string())?;
        }
        if let Some(e) = conn.failure() {
            return Err(e.to_string());
        }
        if conn.peer_closed() {
            return Ok(());
        }
        if conn.pending().is_some() {
            continue;
        }
        if !input.is_empty() {
            let used = conn
                .handle_tls(&mut input, UnixTime::now())
                .map_err(|e| e.to_string())?;
            input.drain(..used);
            if used > 0 {
                continue;
            }
        }
        let got = tcp.read(&mut chunk).await.map_err(|e| e.to_string())?;
        if got == 0 {
            return conn.handle_eof().map_err(|e| e.to_string());
        }
        input.extend_from_slice(&chunk[..got]);
    }
}

/// The server: every connection on one current-thread runtime, on its own OS thread.
fn start_server(
    store: AsyncRedisStore,
    lookups: Arc<Mutex<Vec<Lookup>>>,
    lookup_sent: mpsc::Sender<()>,
) -> SocketAddr {
    let mut config = certs::server_config(KeyKind::EcdsaP256);
    config.defer = Defer {
        sessions: true,
        ..Defer::default()
    };
    // Sessions are reported as Event::StoreSession and written by `serve`, through the proxy.
    config.session_store = None;
    config.tls12_tickets = false;
    let config = Arc::new(config);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            let store = Arc::new(store);
            while let Ok((tcp, _)) = listener.accept().await {
                let served = serve(
                    Arc::clone(&config),
                    tcp,
                    Arc::clone(&store),
                    Arc::clone(&lookups),
                    lookup_sent.clone(),
                );
                tokio::spawn(async move {
                    if let Err(e) = served.await {
                        eprintln!("server connection: {e}");
                    }
                });
            }
        });
    });
    addr
}

#[test]
fn a_slow_redis_delays_only_the_handshake_waiting_for_it() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let proxy = slow_proxy(redis.addr());
    let mut config = RedisConfig::from_url(&format!("redis://{proxy}")).unwrap();
    // Patient enough for the proxy's delay: the lookup is answered, late.
    config.command_timeout = Duration::from_secs(5);
    config.connect_timeout = Duration::from_secs(5);
    let store = AsyncRedisStore::new(config).unwrap();
    let lookups = Arc::new(Mutex::new(Vec::new()));
    let (lookup_sent, lookup_seen) = mpsc::channel();
    let server = start_server(store, Arc::clone(&lookups), lookup_sent);

    // A TLS 1.2 client with a session cache: its second connection resumes by session ID.
    let mut resuming = certs::client_config();
    resuming.versions = vec![ProtocolVersion::TLS1_2];
    resuming.tls12_session_tickets = false;
    resuming.session_store = Some(Arc::new(InMemoryClientSessionStore::new(4, 4)));
    let resuming = Arc::new(resuming);
    assert_eq!(echo_handshake(&resuming, server), Ok(false));
    // The session reaches Redis through the proxy, late too.
    let mut raw = redis::Client::open(redis.url())
        .unwrap()
        .get_connection_with_timeout(TIMEOUT)
        .unwrap();
    let stored = Instant::now();
    loop {
        let keys: Vec<String> = redis::cmd("KEYS")
            .arg("ferrotls:s:*")
            .query(&mut raw)
            .unwrap();
        if !keys.is_empty() {
            break;
        }
        assert!(
            stored.elapsed() < TIMEOUT,
            "the session never reached Redis"
        );
        thread::sleep(Duration::from_millis(10));
    }

    let resumption = {
        let resuming = Arc::clone(&resuming);
        thread::spawn(move || echo_handshake(&resuming, server))
    };
    lookup_seen
        .recv_timeout(TIMEOUT)
        .expect("the resumption's lookup went to Redis");
    // Unrelated clients: TLS 1.3, no session to offer, so nothing to look up.
    let mut fresh = certs::client_config();
    fresh.groups = vec![NamedGroup::X25519];
    fresh.key_share_count = 1;
    let fresh = Arc::new(fresh);
    let mut completed = Vec::new();
    for _ in 0..UNRELATED {
        assert_eq!(echo_handshake(&fresh, server), Ok(false));
        completed.push(Instant::now());
    }
    assert_eq!(
        resumption.join().unwrap(),
        Ok(true),
        "the paused handshake resumed"
    );

    let lookups = lookups.lock().unwrap();
    assert_eq!(lookups.len(), 1, "{lookups:?}");
    let (sent, answered) = (lookups[0].sent.unwrap(), lookups[0].answered.unwrap());
    let waited = answered - sent;
    let unrelated: Vec<_> = completed.iter().map(|t| *t - sent).collect();
    eprintln!("lookup answered after {waited:?}; unrelated handshakes done after {unrelated:?}");
    assert!(waited >= DELAY, "the proxy delayed the reply: {waited:?}");
    assert!(
        completed.iter().all(|t| *t < answered),
        "unrelated handshakes done after {unrelated:?}, the lookup answered after {waited:?}"
    );
}
