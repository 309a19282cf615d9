//! Round trips of the Redis session store on loopback, blocking and async (64 lookups in
//! flight). A benchmark to read, not a test:
//!
//! ```sh
//! cargo run --release -p ferrotls-session-cache --features redis --example redis_bench [redis://HOST:PORT]
//! ```
//!
//! Without a URL it starts its own `redis-server` (no persistence) on a free loopback port and
//! stops it at the end. Each figure is one timed run after a warm-up; the machine's other load
//! shows in them, so compare figures of one run only.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ferrotls_core::crypto::Secret;
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::resumption::{ServerSessionState, SessionParams};
use ferrotls_core::CipherSuite;
use ferrotls_session_cache::redis::{AsyncRedisStore, RedisConfig, RedisStore};

/// Operations per blocking measurement.
const BLOCKING_OPS: usize = 20_000;
/// Lookups in flight in the async measurement, and rounds of them.
const IN_FLIGHT: usize = 64;
const ROUNDS: usize = 1_000;

/// A `redis-server` of our own, killed when dropped.
struct OwnRedis(Child);

impl Drop for OwnRedis {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn own_redis() -> (OwnRedis, String) {
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port");
    let child = Command::new("redis-server")
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
        .args(["--save", "", "--appendonly", "no", "--dir", "/tmp"])
        .stdout(Stdio::null())
        .spawn()
        .expect("redis-server on PATH (or give a redis:// URL)");
    let url = format!("redis://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "redis-server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    (OwnRedis(child), url)
}

fn state(id: &[u8]) -> ServerSessionState {
    let params = SessionParams {
        cipher_suite: CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        secret: Secret::new(&[0x4d; 48]),
        server_name: Some("localhost".into()),
        alpn: None,
        extended_master_secret: true,
        peer_certificates: Vec::new(),
    };
    ServerSessionState::tls12(params, id.to_vec(), UnixTime::now(), 3600).expect("a valid state")
}

fn patient(url: &str) -> RedisConfig {
    let mut config = RedisConfig::from_url(url).expect("a redis://HOST:PORT URL");
    config.prefix = "ferrotls-bench:".into();
    config.command_timeout = Duration::from_secs(5);
    config.connect_timeout = Duration::from_secs(5);
    config
}

fn report(what: &str, ops: usize, took: Duration) {
    let per_s = ops as f64 / took.as_secs_f64();
    let us = took.as_secs_f64() * 1e6 / ops as f64;
    println!("{what:<58} {ops:>7} ops  {per_s:>9.0} ops/s  {us:>7.1} µs/op");
}

fn blocking(url: &str) {
    let store = RedisStore::new(patient(url)).expect("config");
    let id = [7u8; 32];
    let now = UnixTime::now();
    assert_eq!(store.put_state(&id, &state(&id), now), Ok(true));
    for _ in 0..1_000 {
        store.get_state(&id, now).expect("warm-up");
    }
    let start = Instant::now();
    for _ in 0..BLOCKING_OPS {
        store.get_state(&id, now).expect("get");
    }
    report(
        "blocking, 1 thread: GET (hit, decoded)",
        BLOCKING_OPS,
        start.elapsed(),
    );
    let start = Instant::now();
    for i in 0..BLOCKING_OPS {
        let mut key = [0u8; 32];
        key[..8].copy_from_slice(&(i as u64).to_be_bytes());
        store.check_replay(&key, now, now).expect("check");
    }
    report(
        "blocking, 1 thread: SET NX PX (anti-replay)",
        BLOCKING_OPS,
        start.elapsed(),
    );
    let start = Instant::now();
    for i in 0..BLOCKING_OPS {
        let mut key = [1u8; 32];
        key[..8].copy_from_slice(&(i as u64).to_be_bytes());
        store.put_state(&key, &state(&key), now).expect("put");
    }
    report(
        "blocking, 1 thread: SET PX (store a session)",
        BLOCKING_OPS,
        start.elapsed(),
    );
    let store = Arc::new(store);
    let start = Instant::now();
    let threads: Vec<_> = (0..IN_FLIGHT)
        .map(|_| {
            let store = Arc::clone(&store);
            std::thread::spawn(move || {
                for _ in 0..BLOCKING_OPS / IN_FLIGHT {
                    store.get_state(&id, now).expect("get");
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("thread");
    }
    let ops = BLOCKING_OPS / IN_FLIGHT * IN_FLIGHT;
    report(
        "blocking, 64 threads (pooled connections): GET",
        ops,
        start.elapsed(),
    );
}

fn async_lookups(url: &str) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let store = Arc::new(AsyncRedisStore::new(patient(url)).expect("config"));
    runtime.block_on(async {
        let now = UnixTime::now();
        let id = [9u8; 32];
        assert_eq!(store.put_state(&id, &state(&id), now).await, Ok(true));
        for _ in 0..1_000 {
            store.get_state(&id, now).await.expect("warm-up");
        }
        let start = Instant::now();
        for _ in 0..BLOCKING_OPS {
            store.get_state(&id, now).await.expect("get");
        }
        report(
            "async, 1 lookup at a time: GET",
            BLOCKING_OPS,
            start.elapsed(),
        );
        let start = Instant::now();
        let tasks: Vec<_> = (0..IN_FLIGHT)
            .map(|_| {
                let store = Arc::clone(&store);
                tokio::spawn(async move {
                    for _ in 0..ROUNDS {
                        store.get_state(&id, now).await.expect("get");
                    }
                })
            })
            .collect();
        for t in tasks {
            t.await.expect("task");
        }
        report(
            "async, 64 lookups in flight (one multiplexed connection): GET",
            IN_FLIGHT * ROUNDS,
            start.elapsed(),
        );
    });
}

fn main() {
    let given = std::env::args().nth(1);
    let (own, url) = match given {
        Some(url) => (None, url),
        None => {
            let (own, url) = own_redis();
            (Some(own), url)
        }
    };
    println!(
        "# cargo run --release -p ferrotls-session-cache --features redis --example redis_bench"
    );
    println!(
        "# Redis at {url}; {} CPUs",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    blocking(&url);
    async_lookups(&url);
    drop(own);
}
