//! [`MemoryStore`]: the server's session store and 0-RTT anti-replay record in this process,
//! sharded so that many threads rarely wait for one another.
//!
//! - `lru`: one shard's sessions in recency order, each with its expiry.
//! - `replay`: one shard's used 0-RTT keys, each until its end of validity.
//!
//! A key goes to the shard its hash picks (SipHash under a per-store random key, so a client
//! cannot aim many IDs at one shard). The session capacity is one bound for the whole store,
//! not a share per shard: a count of all entries decides when to evict, and the eviction takes
//! the least recently used entry of the inserting shard (another shard's when that one holds
//! nothing else), so no entry is ever evicted while the store holds fewer than `capacity`.
//! Recency is thus per shard, which is what an LRU cache of sessions needs: old sessions go
//! first, not the oldest one exactly.

mod lru;
mod replay;

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicIsize, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use ferrotls_core::deferred::ReplayVerdict;
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::resumption::{AntiReplay, ServerSessionState, ServerSessionStore};

use self::lru::{Lookup, Lru, Removed};
use self::replay::{ReplayShard, Verdict};
use crate::metrics::{Counters, Metrics};

/// Longest session ID kept: a stateful TLS 1.3 ticket used as the ID is at most 65535 bytes
/// (RFC 9846 §4.7.1); TLS 1.2 session IDs are at most 32.
pub const MAX_ID_LEN: usize = 0xffff;

/// Longest anti-replay key kept: a SHA-512 digest. The keys the server uses (ticket digests,
/// `ClientHello.random`, binders) are all shorter.
pub const MAX_REPLAY_KEY_LEN: usize = 64;

/// How a [`MemoryStore`] is sized.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemoryOptions {
    /// Sessions held at most (0 holds none). Default 100,000.
    pub capacity: usize,
    /// Shards, each with its own lock: more shards, fewer threads waiting on one lock. At
    /// least 1. Default 16.
    pub shards: usize,
    /// A bound on how long any session is kept, in seconds, below the lifetime the session
    /// itself has (`None`: the session's lifetime alone). Default `None`.
    pub max_ttl: Option<u32>,
    /// 0-RTT keys remembered at most, split evenly between the shards; a full shard refuses
    /// early data rather than forget a key early. A key is kept until its ticket expires plus
    /// the freshness window, so this bounds the 0-RTT flights accepted per ticket lifetime.
    /// Default 100,000.
    pub anti_replay_capacity: usize,
}

impl Default for MemoryOptions {
    fn default() -> Self {
        Self {
            capacity: 100_000,
            shards: 16,
            max_ttl: None,
            anti_replay_capacity: 100_000,
        }
    }
}

/// A bounded, sharded, thread-safe session store with LRU eviction and per-entry expiry, and
/// a 0-RTT anti-replay record; it counts into its [`Counters`].
///
/// As a [`ServerSessionStore`]: `get` copies a live state and marks it recently used, `take`
/// removes it atomically (of two threads taking one ID, one gets it), an expired state is
/// never returned and is dropped when met. As an [`AntiReplay`] (RFC 9846 §8): a key is
/// accepted once until its `valid_until`.
#[derive(Debug)]
pub struct MemoryStore {
    sessions: Box<[Mutex<Lru>]>,
    replays: Box<[Mutex<ReplayShard>]>,
    hasher: RandomState,
    /// Sessions held, all shards: signed, as an eviction may be claimed before the entry it
    /// removes is found.
    len: AtomicIsize,
    capacity: usize,
    max_ttl: Option<u32>,
    refuse_until: AtomicU64,
    counters: Arc<Counters>,
}

/// Every mutation of a shard completes before anything in it could panic, so a lock poisoned
/// by a panic elsewhere still guards a consistent shard; one failure must not fail every later
/// handshake.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl MemoryStore {
    /// A store for `capacity` sessions with the other options at their defaults and counters
    /// of its own.
    pub fn new(capacity: usize) -> Self {
        Self::with_options(
            MemoryOptions {
                capacity,
                ..MemoryOptions::default()
            },
            Arc::new(Counters::new()),
        )
    }

    /// A store sized by `options`, counting into `counters` (shared with a key ring, say).
    pub fn with_options(options: MemoryOptions, counters: Arc<Counters>) -> Self {
        let shards = options.shards.max(1);
        let replay_share = options.anti_replay_capacity.div_ceil(shards);
        Self {
            sessions: (0..shards).map(|_| Mutex::new(Lru::new())).collect(),
            replays: (0..shards)
                .map(|_| Mutex::new(ReplayShard::new(replay_share)))
                .collect(),
            hasher: RandomState::new(),
            len: AtomicIsize::new(0),
            capacity: options.capacity,
            max_ttl: options.max_ttl,
            refuse_until: AtomicU64::new(0),
            counters,
        }
    }

    /// Refuses every 0-RTT flight before `until`. RFC 9846 §8.2: a server that starts afresh
    /// has forgotten the keys recorded before, so while tickets issued before the restart may
    /// still be used (ticket keys shared by a fleet or kept across restarts) early data must
    /// be refused: pass start-up time plus the longest ticket lifetime.
    pub fn refusing_early_data_until(self, until: UnixTime) -> Self {
        self.refuse_until.store(until.as_secs(), Ordering::Relaxed);
        self
    }

    /// Sessions held, expired ones included until they are met or purged.
    pub fn len(&self) -> usize {
        usize::try_from(self.len.load(Ordering::Relaxed)).unwrap_or(0)
    }

    /// Whether no session is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The most sessions held (give or take one per thread inserting at that moment).
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// 0-RTT keys remembered, expired ones included until the next check of their shard.
    pub fn replay_keys(&self) -> usize {
        self.replays.iter().map(|s| lock(s).len()).sum()
    }

    /// The counters this store reports into.
    pub fn counters(&self) -> &Arc<Counters> {
        &self.counters
    }

    /// A snapshot of the counters.
    pub fn metrics(&self) -> Metrics {
        self.counters.snapshot()
    }

    /// Drops every session and 0-RTT key whose time is over at `now`, one shard at a time;
    /// returns the sessions dropped. Not needed for correctness (nothing expired is ever
    /// returned, and eviction makes room), it gives the memory back sooner.
    pub fn purge_expired(&self, now: UnixTime) -> usize {
        let now = now.as_secs();
        let mut dropped = 0;
        for shard in self.sessions.iter() {
            let n = lock(shard).purge(now);
            self.len.fetch_sub(n as isize, Ordering::Relaxed);
            dropped += n;
        }
        for shard in self.replays.iter() {
            lock(shard).reap(now);
        }
        for _ in 0..dropped {
            self.counters.expiry();
        }
        dropped
    }

    fn shard_of(&self, key: &[u8], shards: usize) -> usize {
        // The modulo's bias over 2^64 is nil for any shard count.
        (self.hasher.hash_one(key) % shards as u64) as usize
    }

    /// Counts an entry removed from a shard (expired or evicted for room).
    fn dropped(&self, removed: &Removed) {
        self.len.fetch_sub(1, Ordering::Relaxed);
        if removed.expired {
            self.counters.expiry();
        } else {
            self.counters.eviction();
        }
    }

    /// Claims one eviction if the store holds more than its capacity.
    fn claim_eviction(&self) -> bool {
        let capacity = isize::try_from(self.capacity).unwrap_or(isize::MAX);
        self.len
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                (n > capacity).then_some(n - 1)
            })
            .is_ok()
    }

    /// Carries out a claimed eviction in the first other shard that has an entry, starting
    /// after `from`; gives the claim back if every shard is empty by now (their entries
    /// taken meanwhile).
    fn evict_elsewhere(&self, from: usize, now: u64) {
        let n = self.sessions.len();
        for step in 1..n {
            let shard = &self.sessions[(from + step) % n];
            if let Some(removed) = lock(shard).pop_lru(None, now) {
                // The count was lowered by the claim.
                self.len.fetch_add(1, Ordering::Relaxed);
                self.dropped(&removed);
                return;
            }
        }
        self.len.fetch_add(1, Ordering::Relaxed);
    }

    /// The expiry of `state` in this store: its own, or sooner with `max_ttl`.
    fn expiry_of(&self, state: &ServerSessionState, now: u64) -> u64 {
        let own = state.expires_at().as_secs();
        match self.max_ttl {
            Some(ttl) => own.min(now.saturating_add(u64::from(ttl))),
            None => own,
        }
    }

    /// Counts and converts what a lookup found.
    fn found(&self, removed: Option<Removed>) -> Option<ServerSessionState> {
        match removed {
            Some(r) if !r.expired => {
                self.len.fetch_sub(1, Ordering::Relaxed);
                self.counters.hit();
                Some(r.state)
            }
            Some(r) => {
                self.dropped(&r);
                self.counters.miss();
                None
            }
            None => {
                self.counters.miss();
                None
            }
        }
    }
}

impl ServerSessionStore for MemoryStore {
    fn put(&self, id: &[u8], state: ServerSessionState, now: UnixTime) -> bool {
        let now = now.as_secs();
        let expires = self.expiry_of(&state, now);
        if id.is_empty() || id.len() > MAX_ID_LEN || expires <= now || self.capacity == 0 {
            return false;
        }
        let i = self.shard_of(id, self.sessions.len());
        let evict_elsewhere = {
            let mut shard = lock(&self.sessions[i]);
            if shard.insert(id, state, expires) {
                self.len.fetch_add(1, Ordering::Relaxed);
            }
            if self.claim_eviction() {
                match shard.pop_lru(Some(id), now) {
                    Some(removed) => {
                        self.len.fetch_add(1, Ordering::Relaxed);
                        self.dropped(&removed);
                        false
                    }
                    None => true,
                }
            } else {
                false
            }
        };
        // Another shard's lock only once this one is released: no lock order to keep.
        if evict_elsewhere {
            self.evict_elsewhere(i, now);
        }
        true
    }

    fn get(&self, id: &[u8], now: UnixTime) -> Option<ServerSessionState> {
        let now = now.as_secs();
        let i = self.shard_of(id, self.sessions.len());
        let found = lock(&self.sessions[i]).get(id, now);
        match found {
            Lookup::Live(state) => {
                self.counters.hit();
                Some(state)
            }
            Lookup::Expired => {
                self.len.fetch_sub(1, Ordering::Relaxed);
                self.counters.expiry();
                self.counters.miss();
                None
            }
            Lookup::Missing => {
                self.counters.miss();
                None
            }
        }
    }

    fn take(&self, id: &[u8], now: UnixTime) -> Option<ServerSessionState> {
        let now = now.as_secs();
        let i = self.shard_of(id, self.sessions.len());
        let removed = lock(&self.sessions[i]).take(id, now);
        self.found(removed)
    }
}

impl MemoryStore {
    /// The anti-replay decision on `key`, counted: `Fresh` records it until `valid_until`
    /// (exclusive); `Unavailable` when it cannot be recorded (unusable key, full record, the
    /// restart window), which rejects the early data without calling it a replay.
    pub(crate) fn replay_verdict(
        &self,
        key: &[u8],
        valid_until: UnixTime,
        now: UnixTime,
    ) -> ReplayVerdict {
        let (now, until) = (now.as_secs(), valid_until.as_secs());
        let usable = !key.is_empty() && key.len() <= MAX_REPLAY_KEY_LEN && until > now;
        if !usable || now < self.refuse_until.load(Ordering::Relaxed) {
            self.counters.zero_rtt_rejected();
            return ReplayVerdict::Unavailable;
        }
        let i = self.shard_of(key, self.replays.len());
        match lock(&self.replays[i]).check(key, until, now) {
            Verdict::Fresh => {
                self.counters.zero_rtt_accepted();
                ReplayVerdict::Fresh
            }
            Verdict::Replayed => {
                self.counters.replay_refused();
                ReplayVerdict::Replayed
            }
            Verdict::Full => {
                self.counters.zero_rtt_rejected();
                ReplayVerdict::Unavailable
            }
        }
    }
}

impl AntiReplay for MemoryStore {
    /// `valid_until` is exclusive: from then on the key is forgotten.
    fn check(&self, key: &[u8], valid_until: UnixTime, now: UnixTime) -> bool {
        self.replay_verdict(key, valid_until, now) == ReplayVerdict::Fresh
    }
}

#[cfg(test)]
mod tests;
