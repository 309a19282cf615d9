//! The in-memory store alone: mixed `put` / `get` / `take` from 1 and 2 threads at once.
//!
//! Each thread repeats: store a new session, look up the one stored before it (a TLS 1.2
//! resumption's `get`), take the one before that (a TLS 1.3 stateful ticket's `take`); its IDs
//! are its own, so every get and take hits. Wall time from a barrier to the last thread's end.

use std::sync::{Arc, Barrier};
use std::time::Instant;

use ferrotls_core::resumption::{ServerSessionState, ServerSessionStore};
use ferrotls_session_cache::MemoryStore;

use super::{now, session_state, Figure};

/// Operations per thread and measurement: `rounds` × (put, get, take).
pub fn measure(threads: usize, rounds: usize) -> Figure {
    let store = Arc::new(MemoryStore::new(100_000));
    let state = session_state(&[0; 32]);
    let barrier = Arc::new(Barrier::new(threads + 1));
    let workers: Vec<_> = (0..threads)
        .map(|t| {
            let (store, state, barrier) = (Arc::clone(&store), state.clone(), Arc::clone(&barrier));
            std::thread::spawn(move || {
                barrier.wait();
                mixed(&store, &state, t, rounds);
            })
        })
        .collect();
    barrier.wait();
    let start = Instant::now();
    for w in workers {
        w.join().expect("a store thread");
    }
    Figure::new(threads * rounds * 3, start.elapsed())
}

fn id(thread: usize, i: usize) -> [u8; 32] {
    let mut id = [0x5a; 32];
    id[..8].copy_from_slice(&(thread as u64).to_be_bytes());
    id[8..16].copy_from_slice(&(i as u64).to_be_bytes());
    id
}

fn mixed(store: &MemoryStore, state: &ServerSessionState, thread: usize, rounds: usize) {
    let now = now();
    for i in 0..rounds {
        assert!(store.put(&id(thread, i), state.clone(), now));
        if i >= 1 {
            assert!(store.get(&id(thread, i - 1), now).is_some(), "a get hits");
        }
        if i >= 2 {
            assert!(store.take(&id(thread, i - 2), now).is_some(), "a take hits");
        }
    }
}
