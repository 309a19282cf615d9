//! [`SingleUseAntiReplay`]: a bounded in-process record of used 0-RTT keys (`std` only).

use alloc::collections::BTreeSet;
use alloc::vec::Vec;
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use rustls_pki_types::UnixTime;

use super::stores::AntiReplay;

/// Longest key accepted: a SHA-512 digest. Keys are digests, `ClientHello.random` (32 bytes) or
/// binders (at most 48 bytes with the supported suites), so this bounds memory per entry
/// without refusing any key the protocol produces.
pub const MAX_ANTI_REPLAY_KEY_LEN: usize = 64;

/// Remembers each key until its `valid_until` and refuses it again before then (RFC 8446 §8.1
/// single-use tickets, §8.2 ClientHello recording; see [`AntiReplay`] for which key to use).
///
/// Holds at most `capacity` live keys; when full it answers `false` (reject 0-RTT) rather than
/// forget a key early, since a forgotten key is a replay let through. Expired keys are dropped
/// first, oldest expiry first, on every check. This protects one server instance; a fleet needs
/// a shared store (the session-cache crate's Redis backend), or 0-RTT accepted in one zone only
/// (§8.2).
#[derive(Debug)]
pub struct SingleUseAntiReplay {
    inner: Mutex<Inner>,
}

#[derive(Debug)]
struct Inner {
    capacity: usize,
    refuse_until: u64,
    /// key -> valid_until (seconds).
    seen: HashMap<Vec<u8>, u64>,
    /// (valid_until, key), so expired keys come off the front.
    by_expiry: BTreeSet<(u64, Vec<u8>)>,
}

impl SingleUseAntiReplay {
    /// An empty record for at most `capacity` keys.
    pub fn new(capacity: usize) -> Self {
        Self {
            inner: Mutex::new(Inner {
                capacity,
                refuse_until: 0,
                seen: HashMap::new(),
                by_expiry: BTreeSet::new(),
            }),
        }
    }

    /// Answers `false` to every check before `until`.
    ///
    /// RFC 8446 §8.2: a freshly started server SHOULD reject 0-RTT while any part of its
    /// recording window overlaps its start-up, because what was recorded before the restart is
    /// gone. Pass start-up time plus the recording window (ClientHello recording), or the
    /// latest expiry of tickets issued before the restart that can still be opened (single-use
    /// tickets with ticket keys that survive restarts). Not needed when ticket keys are per
    /// process, as with [`AeadTicketSealer`](super::AeadTicketSealer): older tickets then do
    /// not open at all.
    pub fn refusing_until(self, until: UnixTime) -> Self {
        self.lock().refuse_until = until.as_secs();
        self
    }

    /// Keys currently remembered (expired ones until the next check drops them).
    pub fn len(&self) -> usize {
        self.lock().seen.len()
    }

    /// Whether nothing is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// As for the session stores: mutations complete before anything can panic, so a poisoned
    /// lock still guards a consistent record.
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl AntiReplay for SingleUseAntiReplay {
    /// `valid_until` is exclusive: at `now >= valid_until` the key is forgotten, so it should
    /// be the first second at which the key can no longer be used anyway (the server passes
    /// the ticket's expiry plus the freshness window; at least
    /// [`replay_window_end`](super::replay_window_end)).
    fn check(&self, key: &[u8], valid_until: UnixTime, now: UnixTime) -> bool {
        let (now, until) = (now.as_secs(), valid_until.as_secs());
        if key.is_empty() || key.len() > MAX_ANTI_REPLAY_KEY_LEN || until <= now {
            return false;
        }
        let mut inner = self.lock();
        if now < inner.refuse_until {
            return false;
        }
        while let Some((expiry, _)) = inner.by_expiry.first() {
            if *expiry > now {
                break;
            }
            if let Some((_, old)) = inner.by_expiry.pop_first() {
                inner.seen.remove(&old);
            }
        }
        if inner.seen.contains_key(key) || inner.seen.len() >= inner.capacity {
            return false;
        }
        inner.seen.insert(key.to_vec(), until);
        inner.by_expiry.insert((until, key.to_vec()));
        true
    }
}
