//! The in-memory store under 8 threads × 100,000 mixed operations on one virtual clock: no
//! entry is lost while the store is below capacity, none is returned past its expiry, and
//! every single-use entry is taken exactly once.
//!
//! Each thread keeps its own long-lived entries (which must always be found until it takes
//! them) and short-lived ones (which may be found only while alive), and publishes single-use
//! entries that every thread races to take. The clock advances as the threads work, so
//! short-lived entries die during the run.
#![forbid(unsafe_code)]

use std::sync::atomic::{AtomicU32, AtomicU64, AtomicU8, Ordering};
use std::sync::Arc;
use std::time::Duration;

use ferrotls_core::crypto::Secret;
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::resumption::{ServerSessionState, ServerSessionStore, SessionParams};
use ferrotls_core::{CertificateChain, CipherSuite};
use ferrotls_session_cache::{Counters, MemoryOptions, MemoryStore};

const THREADS: usize = 8;
const OPS: usize = 100_000;
/// Above anything the threads can hold at once (see `bounds`), so nothing may be evicted.
const CAPACITY: usize = 200_000;
const PRIVATE_LIVE: usize = 2_000;
const SHORT_LIVE: usize = 500;
const START: u64 = 1_700_000_000;

fn at(secs: u64) -> UnixTime {
    UnixTime::since_unix_epoch(Duration::from_secs(secs))
}

/// A state whose secret names its id, so a lookup can check it got the right one.
fn state(id: &[u8], created: u64, lifetime: u32) -> ServerSessionState {
    let mut secret = [0u8; 48];
    secret[..id.len()].copy_from_slice(id);
    let params = SessionParams {
        cipher_suite: CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        secret: Secret::new(&secret),
        server_name: None,
        alpn: None,
        extended_master_secret: true,
        peer_certificates: CertificateChain::empty(),
    };
    ServerSessionState::tls12(params, vec![1; 32], at(created), lifetime).unwrap()
}

fn is_for(state: &ServerSessionState, id: &[u8]) -> bool {
    &state.secret().as_bytes()[..id.len()] == id
}

fn id(kind: u8, thread: usize, n: u32) -> [u8; 6] {
    let n = n.to_be_bytes();
    [kind, thread as u8, n[0], n[1], n[2], n[3]]
}

/// xorshift64*: the operations each thread does, the same every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    }
}

struct Shared {
    store: MemoryStore,
    clock: AtomicU64,
    /// Single-use ids handed out so far (each is put right after).
    single_use: AtomicU32,
    /// How often each single-use id was taken.
    taken: Vec<AtomicU8>,
}

/// One thread's run; returns (long-lived found, short-lived found alive, short-lived found dead
/// or gone, single-use taken).
fn work(shared: &Shared, thread: usize) -> [u64; 4] {
    let store = &shared.store;
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ ((thread as u64 + 1) * 0x1000_0001));
    let mut private: Vec<[u8; 6]> = Vec::new();
    let mut short: Vec<([u8; 6], u64)> = Vec::new();
    let mut next = 0u32;
    let mut stats = [0u64; 4];
    for op in 0..OPS {
        if op % 1000 == 999 {
            shared.clock.fetch_add(1, Ordering::Relaxed);
        }
        let now = shared.clock.load(Ordering::Relaxed);
        match rng.below(100) {
            // A long-lived entry of this thread's.
            0..=24 if private.len() < PRIVATE_LIVE => {
                next += 1;
                let key = id(b'P', thread, next);
                assert!(store.put(&key, state(&key, now, 1_000_000), at(now)));
                private.push(key);
            }
            // A short-lived one: 1 to 3 seconds.
            25..=34 if short.len() < SHORT_LIVE => {
                next += 1;
                let key = id(b'T', thread, next);
                let lifetime = 1 + rng.below(3) as u32;
                assert!(store.put(&key, state(&key, now, lifetime), at(now)));
                short.push((key, now + u64::from(lifetime)));
            }
            // Find a long-lived entry again: it must be there (nothing is evicted below
            // capacity, nobody else takes it).
            35..=59 if !private.is_empty() => {
                let key = private[rng.below(private.len())];
                let found = store.get(&key, at(now));
                let found = found.unwrap_or_else(|| panic!("thread {thread}: {key:?} lost"));
                assert!(is_for(&found, &key) && !found.is_expired(at(now)));
                stats[0] += 1;
            }
            // Take a long-lived entry back.
            60..=69 if !private.is_empty() => {
                let key = private.swap_remove(rng.below(private.len()));
                let found = store.take(&key, at(now));
                assert!(found.is_some_and(|s| is_for(&s, &key)), "{key:?} lost");
            }
            // Look a short-lived entry up (or take it): alive only before its expiry, and
            // then certainly there.
            70..=79 if !short.is_empty() => {
                let i = rng.below(short.len());
                let (key, expires) = short[i];
                let take = rng.below(2) == 0;
                let found = if take {
                    short.swap_remove(i);
                    store.take(&key, at(now))
                } else {
                    store.get(&key, at(now))
                };
                match found {
                    Some(s) => {
                        assert!(
                            now < expires,
                            "{key:?} returned at {now}, dead at {expires}"
                        );
                        assert!(is_for(&s, &key) && !s.is_expired(at(now)));
                        stats[1] += 1;
                    }
                    None => {
                        assert!(
                            now >= expires,
                            "{key:?} lost at {now}, alive until {expires}"
                        );
                        stats[2] += 1;
                        // Gone for good once expired: forget it.
                        if !take {
                            short.swap_remove(i);
                        }
                    }
                }
            }
            // Publish a single-use entry.
            80..=89 => {
                let n = shared.single_use.fetch_add(1, Ordering::Relaxed);
                let key = id(b'S', 0, n);
                assert!(store.put(&key, state(&key, now, 1_000_000), at(now)));
            }
            // Race for a single-use entry (possibly not put yet, or taken already).
            _ => {
                let published = shared.single_use.load(Ordering::Relaxed);
                if published > 0 {
                    let n = rng.below(published as usize) as u32;
                    let key = id(b'S', 0, n);
                    if let Some(s) = store.take(&key, at(now)) {
                        assert!(is_for(&s, &key));
                        shared.taken[n as usize].fetch_add(1, Ordering::Relaxed);
                        stats[3] += 1;
                    }
                }
            }
        }
    }
    stats
}

#[test]
fn eight_threads_lose_nothing_return_nothing_dead_and_take_each_single_use_entry_once() {
    let counters = Arc::new(Counters::new());
    let shared = Arc::new(Shared {
        store: MemoryStore::with_options(
            MemoryOptions {
                capacity: CAPACITY,
                ..MemoryOptions::default()
            },
            Arc::clone(&counters),
        ),
        clock: AtomicU64::new(START),
        single_use: AtomicU32::new(0),
        taken: (0..THREADS * OPS).map(|_| AtomicU8::new(0)).collect(),
    });
    let threads: Vec<_> = (0..THREADS)
        .map(|t| {
            let shared = Arc::clone(&shared);
            std::thread::spawn(move || work(&shared, t))
        })
        .collect();
    let mut totals = [0u64; 4];
    for t in threads {
        for (total, n) in totals.iter_mut().zip(t.join().unwrap()) {
            *total += n;
        }
    }
    // What nobody won in the race is still there, once.
    let now = at(shared.clock.load(Ordering::Relaxed));
    let published = shared.single_use.load(Ordering::Relaxed) as usize;
    for n in 0..published {
        let key = id(b'S', 0, n as u32);
        if shared.store.take(&key, now).is_some() {
            shared.taken[n].fetch_add(1, Ordering::Relaxed);
        }
    }
    for (n, count) in shared.taken.iter().take(published).enumerate() {
        assert_eq!(count.load(Ordering::Relaxed), 1, "single-use entry {n}");
    }
    let m = counters.snapshot();
    assert_eq!(m.evictions, 0, "nothing evicted below capacity");
    assert!(shared.store.len() <= CAPACITY);
    // The run exercised every path it checks.
    let [long_found, short_alive, short_dead, raced] = totals;
    assert!(
        long_found > 100_000 && short_alive > 1_000 && short_dead > 1_000,
        "{totals:?}"
    );
    assert!(
        raced > 10_000 && published > 50_000,
        "{totals:?} {published}"
    );
    assert!(m.expired > 0 && m.hits > 0 && m.misses > 0, "{m:?}");
    println!("{totals:?}, {published} single-use entries; {m}");
}
