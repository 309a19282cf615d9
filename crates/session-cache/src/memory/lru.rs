//! [`Lru`]: one shard's table of states, most recently used first, each with its expiry.
//!
//! A slab of nodes linked in recency order plus a hash index, so that every operation is O(1):
//! a lookup moves its node to the front, eviction takes the back.

use std::collections::HashMap;

use ferrotls_core::resumption::ServerSessionState;

/// No node: the end of the list.
const NIL: usize = usize::MAX;

#[derive(Debug)]
struct Node {
    key: Box<[u8]>,
    state: ServerSessionState,
    /// Seconds since the Unix epoch from which the entry is dead.
    expires: u64,
    prev: usize,
    next: usize,
}

/// A state taken out of the table, with whether it had expired at the time.
#[derive(Debug)]
pub(super) struct Removed {
    pub(super) state: ServerSessionState,
    pub(super) expired: bool,
}

/// What [`Lru::get`] found.
#[derive(Debug)]
pub(super) enum Lookup {
    Missing,
    /// There, but dead: removed.
    Expired,
    Live(ServerSessionState),
}

/// One shard's entries, most recently used at `head`.
#[derive(Debug)]
pub(super) struct Lru {
    index: HashMap<Box<[u8]>, usize>,
    slots: Vec<Option<Node>>,
    free: Vec<usize>,
    head: usize,
    tail: usize,
}

impl Lru {
    pub(super) fn new() -> Self {
        Self {
            index: HashMap::new(),
            slots: Vec::new(),
            free: Vec::new(),
            head: NIL,
            tail: NIL,
        }
    }

    fn node(&self, i: usize) -> Option<&Node> {
        self.slots.get(i).and_then(Option::as_ref)
    }

    fn node_mut(&mut self, i: usize) -> Option<&mut Node> {
        self.slots.get_mut(i).and_then(Option::as_mut)
    }

    fn unlink(&mut self, i: usize) {
        let Some((prev, next)) = self.node(i).map(|n| (n.prev, n.next)) else {
            return;
        };
        match self.node_mut(prev) {
            Some(p) => p.next = next,
            None => self.head = next,
        }
        match self.node_mut(next) {
            Some(n) => n.prev = prev,
            None => self.tail = prev,
        }
    }

    fn push_front(&mut self, i: usize) {
        let old_head = self.head;
        if let Some(n) = self.node_mut(i) {
            n.prev = NIL;
            n.next = old_head;
        }
        match self.node_mut(old_head) {
            Some(h) => h.prev = i,
            None => self.tail = i,
        }
        self.head = i;
    }

    fn remove_at(&mut self, i: usize, now: u64) -> Option<Removed> {
        self.unlink(i);
        let node = self.slots.get_mut(i)?.take()?;
        self.free.push(i);
        self.index.remove(&node.key);
        Some(Removed {
            expired: node.expires <= now,
            state: node.state,
        })
    }

    /// Stores `state` under `key` as the most recently used entry; true if the key is new
    /// (false: an older state under it was replaced).
    pub(super) fn insert(&mut self, key: &[u8], state: ServerSessionState, expires: u64) -> bool {
        if let Some(&i) = self.index.get(key) {
            if let Some(n) = self.node_mut(i) {
                n.state = state;
                n.expires = expires;
            }
            self.unlink(i);
            self.push_front(i);
            return false;
        }
        let node = Node {
            key: key.into(),
            state,
            expires,
            prev: NIL,
            next: NIL,
        };
        let i = match self.free.pop() {
            Some(i) => {
                self.slots[i] = Some(node);
                i
            }
            None => {
                self.slots.push(Some(node));
                self.slots.len() - 1
            }
        };
        self.index.insert(key.into(), i);
        self.push_front(i);
        true
    }

    /// A copy of the live state under `key`, made the most recently used. An expired entry
    /// is removed, and said so, for the caller to count.
    pub(super) fn get(&mut self, key: &[u8], now: u64) -> Lookup {
        let Some(&i) = self.index.get(key) else {
            return Lookup::Missing;
        };
        let expired = self.node(i).is_some_and(|n| n.expires <= now);
        if expired {
            self.remove_at(i, now);
            return Lookup::Expired;
        }
        self.unlink(i);
        self.push_front(i);
        match self.node(i) {
            Some(n) => Lookup::Live(n.state.clone()),
            None => Lookup::Missing,
        }
    }

    /// The entry under `key`, removed.
    pub(super) fn take(&mut self, key: &[u8], now: u64) -> Option<Removed> {
        let i = *self.index.get(key)?;
        self.remove_at(i, now)
    }

    /// The least recently used entry, removed, unless it is the only one left and `keep` is
    /// its key (the entry just inserted, which the eviction it caused must not take).
    pub(super) fn pop_lru(&mut self, keep: Option<&[u8]>, now: u64) -> Option<Removed> {
        let tail = self.tail;
        let node = self.node(tail)?;
        if keep.is_some_and(|k| *node.key == *k) {
            return None;
        }
        self.remove_at(tail, now)
    }

    /// Removes every expired entry; returns how many.
    pub(super) fn purge(&mut self, now: u64) -> usize {
        let dead: Vec<usize> = self
            .index
            .values()
            .copied()
            .filter(|&i| self.node(i).is_some_and(|n| n.expires <= now))
            .collect();
        for &i in &dead {
            self.remove_at(i, now);
        }
        dead.len()
    }
}
