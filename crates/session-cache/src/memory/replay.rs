//! [`ReplayShard`]: one shard's record of used 0-RTT keys, each until its `valid_until`.

use std::collections::{BTreeSet, HashMap};

/// What a check found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Verdict {
    /// First use: recorded.
    Fresh,
    /// Recorded before and still remembered: a replay.
    Replayed,
    /// Not recorded because the shard is full of live keys: refuse, never forget early.
    Full,
}

#[derive(Debug)]
pub(super) struct ReplayShard {
    capacity: usize,
    /// key -> valid_until (seconds, exclusive).
    seen: HashMap<Box<[u8]>, u64>,
    /// (valid_until, key): expired keys come off the front.
    by_expiry: BTreeSet<(u64, Box<[u8]>)>,
}

impl ReplayShard {
    pub(super) fn new(capacity: usize) -> Self {
        Self {
            capacity,
            seen: HashMap::new(),
            by_expiry: BTreeSet::new(),
        }
    }

    pub(super) fn len(&self) -> usize {
        self.seen.len()
    }

    /// Forgets the keys whose time is over at `now`.
    pub(super) fn reap(&mut self, now: u64) {
        while let Some((until, _)) = self.by_expiry.first() {
            if *until > now {
                break;
            }
            if let Some((_, key)) = self.by_expiry.pop_first() {
                self.seen.remove(&key);
            }
        }
    }

    /// Records `key` until `until` unless it is already recorded or there is no room.
    pub(super) fn check(&mut self, key: &[u8], until: u64, now: u64) -> Verdict {
        self.reap(now);
        if self.seen.contains_key(key) {
            return Verdict::Replayed;
        }
        if self.seen.len() >= self.capacity {
            return Verdict::Full;
        }
        self.seen.insert(key.into(), until);
        self.by_expiry.insert((until, key.into()));
        Verdict::Fresh
    }
}
