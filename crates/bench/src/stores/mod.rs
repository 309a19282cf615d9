//! `--stores`: the session-cache crate's stores (issue 13), in wall-clock time, apart from the
//! library comparison:
//!
//! - [`memory_ops`]: the in-memory store's mixed put / get / take, 1 and 2 threads;
//! - [`redis_trips`]: round trips of the Redis store on loopback, blocking and async (64
//!   lookups in flight);
//! - [`resumed`]: resumed handshakes per second through each store (none, in memory, Redis
//!   blocking, Redis async), TLS 1.2 session ID and TLS 1.3 stateful ticket;
//! - [`redis_process`]: the `redis-server` the run starts for itself on a free loopback port.
//!
//! Each figure is the median of `reps` measurements (by rate), after a warm-up. Wall time, not
//! CPU time: a store's cost is also its waiting (a round trip, a lock), and the 2-thread figure
//! is throughput. The machine's other load shows; compare figures of one run.

pub mod memory_ops;
pub mod redis_process;
pub mod redis_trips;
pub mod resumed;

use std::fmt::Write as _;
use std::sync::Arc;
use std::time::Duration;

use ferrotls_core::crypto::Secret;
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::resumption::{ServerSessionState, SessionParams};
use ferrotls_session_cache::redis::{AsyncRedisStore, RedisStore};
use ferrotls_session_cache::MemoryStore;

use self::redis_process::RedisProcess;
use self::resumed::{Kind, Store};

/// The command that reproduces the section (printed above it).
pub const COMMAND: &str = "cargo run --release -p ferrotls-bench -- --stores";

/// How much to measure.
#[derive(Clone, Debug)]
pub struct StoreOptions {
    /// Measurements per figure (the median is printed).
    pub reps: usize,
    /// put + get + take rounds per thread and measurement of the in-memory store.
    pub memory_rounds: usize,
    /// Redis operations per measurement.
    pub redis_ops: usize,
    /// Resumed handshakes per measurement.
    pub handshakes: usize,
}

impl Default for StoreOptions {
    fn default() -> Self {
        Self {
            reps: 9,
            memory_rounds: 100_000,
            redis_ops: 10_000,
            handshakes: 1_000,
        }
    }
}

impl StoreOptions {
    /// Everything once, with tiny counts: the smoke test's run.
    pub fn once() -> Self {
        Self {
            reps: 1,
            memory_rounds: 10,
            redis_ops: 70,
            handshakes: 2,
        }
    }
}

/// Operations done in a time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Figure {
    pub ops: usize,
    pub took: Duration,
}

impl Figure {
    pub fn new(ops: usize, took: Duration) -> Self {
        Self { ops, took }
    }

    pub fn per_second(&self) -> f64 {
        self.ops as f64 / self.took.as_secs_f64().max(1e-9)
    }

    pub fn micros_each(&self) -> f64 {
        self.took.as_secs_f64() * 1e6 / self.ops.max(1) as f64
    }
}

/// The median by rate of `reps` runs of `f`.
fn median(reps: usize, mut f: impl FnMut() -> Figure) -> Figure {
    let mut figures: Vec<Figure> = (0..reps.max(1)).map(|_| f()).collect();
    figures.sort_by(|a, b| a.per_second().total_cmp(&b.per_second()));
    figures[figures.len() / 2]
}

/// The bench's clock: 2026-01-01T00:00:00Z, inside the test certificates' validity. Redis
/// expiries are relative to it (`PX` = expiry − now), so a virtual clock suits them too.
pub(crate) fn now() -> UnixTime {
    UnixTime::since_unix_epoch(Duration::from_secs(1_767_225_600))
}

pub(crate) fn later(secs: u64) -> UnixTime {
    UnixTime::since_unix_epoch(Duration::from_secs(now().as_secs() + secs))
}

/// A TLS 1.2 session of an hour, as the server stores it.
pub(crate) fn session_state(id: &[u8]) -> ServerSessionState {
    let params = SessionParams {
        cipher_suite: ferrotls_core::suites::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256.suite,
        secret: Secret::new(&[0x4d; 48]),
        server_name: Some("localhost".into()),
        alpn: None,
        extended_master_secret: true,
        peer_certificates: ferrotls_core::CertificateChain::empty(),
    };
    ServerSessionState::tls12(params, id.to_vec(), now(), 3600).expect("a valid state")
}

/// The async store's runtime: two workers, as many as this machine has CPUs for the bench.
pub(crate) fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

/// Everything measured, in the order printed.
#[derive(Debug, Default)]
pub struct StoreResult {
    /// (threads, figure) of the in-memory store.
    pub memory: Vec<(usize, Figure)>,
    /// (what, figure) of the Redis round trips.
    pub redis: Vec<(&'static str, Figure)>,
    /// (what is resumed, store, figure) of the resumed handshakes.
    pub resumed: Vec<(&'static str, &'static str, Figure)>,
    /// Why there are no Redis figures, if there are none.
    pub redis_missing: Option<String>,
}

/// Runs the section.
pub fn run(options: &StoreOptions) -> StoreResult {
    let mut result = StoreResult::default();
    for threads in [1, 2] {
        let figure = median(options.reps, || {
            memory_ops::measure(threads, options.memory_rounds)
        });
        result.memory.push((threads, figure));
    }
    let redis = match RedisProcess::start() {
        Ok(redis) => Some(redis),
        Err(why) => {
            eprintln!("!! {why}: the Redis rows are SKIPPED");
            result.redis_missing = Some(why);
            None
        }
    };
    if let Some(redis) = &redis {
        // Each run measures every row once; a row's figure is the median over the runs.
        let runs: Vec<Vec<(&'static str, Figure)>> = (0..options.reps.max(1))
            .map(|_| redis_trips::measure(&redis.url(), options.redis_ops))
            .collect();
        for (i, (what, _)) in runs[0].iter().enumerate() {
            let mut row = runs.iter().map(|r| r[i].1);
            result
                .redis
                .push((what, median(runs.len(), || row.next().unwrap())));
        }
    }
    let mut stores = vec![
        Store::Stateless,
        Store::Memory(Arc::new(MemoryStore::new(100_000))),
    ];
    if let Some(redis) = &redis {
        let config = redis_trips::patient(&redis.url());
        stores.push(Store::RedisBlocking(Arc::new(
            RedisStore::new(config.clone()).expect("config"),
        )));
        stores.push(Store::RedisAsync(
            Arc::new(AsyncRedisStore::new(config).expect("config")),
            runtime(),
        ));
    }
    // Every row in every repetition, so that a change in the machine's load touches all alike.
    let rows: Vec<(Kind, &Store)> = [Kind::Tls12SessionId, Kind::Tls13StatefulTicket]
        .into_iter()
        .flat_map(|kind| stores.iter().map(move |store| (kind, store)))
        .collect();
    let runs: Vec<Vec<Figure>> = (0..options.reps.max(1))
        .map(|_| {
            rows.iter()
                .map(|(kind, store)| resumed::measure(*kind, store, options.handshakes))
                .collect()
        })
        .collect();
    for (i, (kind, store)) in rows.iter().enumerate() {
        let mut row = runs.iter().map(|r| r[i]);
        let figure = median(runs.len(), || row.next().unwrap());
        result
            .resumed
            .push((kind.label(store), store.label(), figure));
    }
    result
}

/// The section as Markdown.
pub fn markdown(result: &StoreResult, options: &StoreOptions) -> String {
    let mut out = String::new();
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let _ = writeln!(out, "## Session stores (`{COMMAND}`)\n");
    let _ = writeln!(
        out,
        "{cpus} CPUs; wall time, medians of {} measurements (after a warm-up each); Redis: a \
         `redis-server` of the run's own on loopback, no persistence; resumptions on the ring \
         provider, client and server in one thread.\n",
        options.reps
    );
    let _ = writeln!(out, "### In-memory store: mixed put / get / take\n");
    let _ = writeln!(
        out,
        "| threads | ops/s | µs per op (per thread) |\n|---:|---:|---:|"
    );
    for (threads, f) in &result.memory {
        let _ = writeln!(
            out,
            "| {threads} | {:.0} | {:.3} |",
            f.per_second(),
            f.micros_each() * *threads as f64
        );
    }
    let _ = writeln!(out, "\n### Redis store round trips on loopback\n");
    if let Some(why) = &result.redis_missing {
        let _ = writeln!(out, "SKIPPED: {why}\n");
    } else {
        let _ = writeln!(out, "| operation | ops/s | µs per op |\n|---|---:|---:|");
        for (what, f) in &result.redis {
            let _ = writeln!(
                out,
                "| {what} | {:.0} | {:.1} |",
                f.per_second(),
                f.micros_each()
            );
        }
    }
    let _ = writeln!(out, "\n### Resumed handshakes through each store\n");
    let _ = writeln!(
        out,
        "| resumption | store | handshakes/s | µs per handshake |\n|---|---|---:|---:|"
    );
    for (what, store, f) in &result.resumed {
        let _ = writeln!(
            out,
            "| {what} | {store} | {:.0} | {:.1} |",
            f.per_second(),
            f.micros_each()
        );
    }
    if result.redis_missing.is_some() {
        let _ = writeln!(out, "\n(Redis rows SKIPPED: redis-server missing.)");
    }
    out
}
