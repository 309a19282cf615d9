//! Round trips of the Redis store to a `redis-server` on loopback: the blocking store from one
//! thread and from 64 (its connection pool), the async store one lookup at a time and with 64
//! lookups in flight on its one multiplexed connection.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use ferrotls_session_cache::redis::{AsyncRedisStore, RedisConfig, RedisStore};

use super::{now, session_state, Figure};

/// Lookups in flight (threads for the blocking store, tasks for the async one).
pub const IN_FLIGHT: usize = 64;

/// The store's configuration for a bench: long timeouts, so that a loaded machine measures slow
/// round trips instead of counting store errors.
pub fn patient(url: &str) -> RedisConfig {
    let mut config = RedisConfig::from_url(url).expect("a redis://HOST:PORT URL");
    config.prefix = "ferrotls-bench:".into();
    config.command_timeout = Duration::from_secs(5);
    config.connect_timeout = Duration::from_secs(5);
    config
}

/// (what, figure) for each measurement, `ops` operations each.
pub fn measure(url: &str, ops: usize) -> Vec<(&'static str, Figure)> {
    let mut out = blocking(url, ops);
    out.extend(nonblocking(url, ops));
    out
}

/// Measurements so far: part of every key a measurement writes, so that the next one's
/// anti-replay keys are new too.
static RUNS: AtomicU64 = AtomicU64::new(0);

fn blocking(url: &str, ops: usize) -> Vec<(&'static str, Figure)> {
    let run = RUNS.fetch_add(1, Ordering::Relaxed).to_be_bytes();
    let store = Arc::new(RedisStore::new(patient(url)).expect("config"));
    let id = [7u8; 32];
    let now = now();
    assert_eq!(store.put_state(&id, &session_state(&id), now), Ok(true));
    for _ in 0..ops.min(1_000) {
        store.get_state(&id, now).expect("warm-up");
    }
    let mut out = Vec::new();
    let start = Instant::now();
    for _ in 0..ops {
        assert!(store.get_state(&id, now).expect("GET").is_some());
    }
    out.push((
        "blocking, 1 thread: GET (a hit, decoded)",
        Figure::new(ops, start.elapsed()),
    ));
    let until = super::later(60);
    let start = Instant::now();
    for i in 0..ops {
        let mut key = [0u8; 32];
        key[..8].copy_from_slice(&(i as u64).to_be_bytes());
        key[8..16].copy_from_slice(&run);
        assert_eq!(store.check_replay(&key, until, now), Ok(true));
    }
    out.push((
        "blocking, 1 thread: SET NX PX (anti-replay)",
        Figure::new(ops, start.elapsed()),
    ));
    let state = session_state(&[1; 32]);
    let start = Instant::now();
    for i in 0..ops {
        let mut key = [1u8; 32];
        key[..8].copy_from_slice(&(i as u64).to_be_bytes());
        key[8..16].copy_from_slice(&run);
        assert_eq!(store.put_state(&key, &state, now), Ok(true));
    }
    out.push((
        "blocking, 1 thread: SET PX (store a session)",
        Figure::new(ops, start.elapsed()),
    ));
    let start = Instant::now();
    for i in 0..ops {
        let mut key = [1u8; 32];
        key[..8].copy_from_slice(&(i as u64).to_be_bytes());
        key[8..16].copy_from_slice(&run);
        assert!(store.take_state(&key, now).expect("GETDEL").is_some());
    }
    out.push((
        "blocking, 1 thread: GETDEL (take a ticket)",
        Figure::new(ops, start.elapsed()),
    ));
    let per_thread = ops.div_ceil(IN_FLIGHT);
    let start = Instant::now();
    let threads: Vec<_> = (0..IN_FLIGHT)
        .map(|_| {
            let store = Arc::clone(&store);
            std::thread::spawn(move || {
                for _ in 0..per_thread {
                    assert!(store.get_state(&id, now).expect("GET").is_some());
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("a lookup thread");
    }
    out.push((
        "blocking, 64 threads (pooled connections): GET",
        Figure::new(per_thread * IN_FLIGHT, start.elapsed()),
    ));
    out
}

fn nonblocking(url: &str, ops: usize) -> Vec<(&'static str, Figure)> {
    let runtime = super::runtime();
    let store = Arc::new(AsyncRedisStore::new(patient(url)).expect("config"));
    runtime.block_on(async {
        let now = now();
        let id = [9u8; 32];
        let state = session_state(&id);
        assert_eq!(store.put_state(&id, &state, now).await, Ok(true));
        for _ in 0..ops.min(1_000) {
            store.get_state(&id, now).await.expect("warm-up");
        }
        let mut out = Vec::new();
        let start = Instant::now();
        for _ in 0..ops {
            assert!(store.get_state(&id, now).await.expect("GET").is_some());
        }
        out.push((
            "async, 1 lookup at a time: GET",
            Figure::new(ops, start.elapsed()),
        ));
        let per_task = ops.div_ceil(IN_FLIGHT);
        let start = Instant::now();
        let tasks: Vec<_> = (0..IN_FLIGHT)
            .map(|_| {
                let store = Arc::clone(&store);
                tokio::spawn(async move {
                    for _ in 0..per_task {
                        assert!(store.get_state(&id, now).await.expect("GET").is_some());
                    }
                })
            })
            .collect();
        for t in tasks {
            t.await.expect("a lookup task");
        }
        out.push((
            "async, 64 lookups in flight (one multiplexed connection): GET",
            Figure::new(per_task * IN_FLIGHT, start.elapsed()),
        ));
        out
    })
}
