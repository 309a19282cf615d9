//! [`InMemorySessionStore`]: a bounded server session cache in one process (`std` only).

use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use rustls_pki_types::UnixTime;

use super::server_state::ServerSessionState;
use super::stores::ServerSessionStore;

/// Longest ID accepted: a TLS 1.3 ticket used as a stateful PSK identity is at most 65535 bytes
/// (RFC 8446 §4.6.1); TLS 1.2 session IDs are at most 32.
const MAX_ID_LEN: usize = 0xffff;

/// A server session cache holding at most `capacity` states.
///
/// When full, the state stored longest ago is evicted first (insertion order; replacing a
/// state counts as a new insertion). Expired states are never returned and are dropped when
/// looked up; the capacity bounds what expired states that nobody asks for can occupy. One
/// mutex guards the map: fine for a single server process; the session-cache crate shards.
#[derive(Debug)]
pub struct InMemorySessionStore {
    inner: Mutex<Inner>,
}

#[derive(Debug)]
struct Inner {
    capacity: usize,
    /// Insertion counter: orders entries for eviction without a linked list.
    next_seq: u64,
    entries: HashMap<Vec<u8>, (u64, ServerSessionState)>,
    by_age: BTreeMap<u64, Vec<u8>>,
}

impl InMemorySessionStore {
    /// An empty store for at most `capacity` states (0 stores nothing).
    pub fn new(capacity: usize) -> Self {
        Self {
            inner: Mutex::new(Inner {
                capacity,
                next_seq: 0,
                entries: HashMap::new(),
                by_age: BTreeMap::new(),
            }),
        }
    }

    /// States currently held, expired ones included until they are looked up or evicted.
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    /// Whether the store holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The most states the store holds.
    pub fn capacity(&self) -> usize {
        self.lock().capacity
    }

    /// A panic elsewhere while holding the lock leaves the map consistent (every mutation
    /// below completes before anything can panic), so a poisoned lock is still usable; a
    /// session cache must not turn one failure into a failure of every later handshake.
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Inner {
    fn remove(&mut self, id: &[u8]) -> Option<ServerSessionState> {
        let (seq, state) = self.entries.remove(id)?;
        self.by_age.remove(&seq);
        Some(state)
    }
}

impl ServerSessionStore for InMemorySessionStore {
    fn put(&self, id: &[u8], state: ServerSessionState, now: UnixTime) -> bool {
        if id.is_empty() || id.len() > MAX_ID_LEN || state.is_expired(now) {
            return false;
        }
        let mut inner = self.lock();
        if inner.capacity == 0 {
            return false;
        }
        inner.remove(id);
        while inner.entries.len() >= inner.capacity {
            let Some((_, oldest)) = inner.by_age.pop_first() else {
                break;
            };
            inner.entries.remove(&oldest);
        }
        let seq = inner.next_seq;
        inner.next_seq += 1;
        inner.by_age.insert(seq, id.to_vec());
        inner.entries.insert(id.to_vec(), (seq, state));
        true
    }

    fn get(&self, id: &[u8], now: UnixTime) -> Option<ServerSessionState> {
        let mut inner = self.lock();
        let expired = inner.entries.get(id)?.1.is_expired(now);
        if expired {
            inner.remove(id);
            return None;
        }
        inner.entries.get(id).map(|(_, state)| state.clone())
    }

    fn take(&self, id: &[u8], now: UnixTime) -> Option<ServerSessionState> {
        let state = self.lock().remove(id)?;
        (!state.is_expired(now)).then_some(state)
    }
}
