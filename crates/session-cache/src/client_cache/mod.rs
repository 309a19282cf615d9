//! [`ClientCache`]: the client's sessions, per server name, optionally kept in a file so that
//! a client process that restarts resumes.
//!
//! - `file`: the file format, and the atomic owner-only write.
//!
//! The rules (RFC 9846 §4.7.1 and §C.4 for TLS 1.3, RFC 5246 §7.4.1.2 and RFC 5077 for
//! TLS 1.2): each server name keeps at most `per_server` sessions, newest last. A TLS 1.3
//! ticket is offered once (taken out when offered: reusing it would let the connections be
//! linked); a TLS 1.2 session is reusable, so it stays when offered, until a newer TLS 1.2
//! session for that server replaces it. An expired session is never offered and is dropped
//! when met. At most `max_servers` names are kept; the name whose sessions were stored
//! longest ago goes first.
//!
//! With a file, every change is written through (the whole list, atomically, 0600): a second
//! process reading the file sees a consistent list, and what a process learns survives it.

mod file;

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::resumption::{ClientSessionStore, ResumptionKind};
use ferrotls_core::ResumptionData;

pub use self::file::{
    decode, encode, write_private_atomically, CacheFileError, Decoded, CACHE_FILE_MAGIC,
    CACHE_FILE_VERSION, MAX_CACHE_FILE_LEN,
};
use crate::metrics::{Counters, Metrics};

/// How much a [`ClientCache`] keeps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientCacheOptions {
    /// Sessions per server name. Default 4.
    pub per_server: usize,
    /// Server names. Default 256.
    pub max_servers: usize,
}

impl Default for ClientCacheOptions {
    fn default() -> Self {
        Self {
            per_server: 4,
            max_servers: 256,
        }
    }
}

/// A client session cache (see the module docs), a [`ClientSessionStore`] for
/// `ClientConfig::session_store`.
#[derive(Debug)]
pub struct ClientCache {
    inner: Mutex<Inner>,
    file: Option<PathBuf>,
    counters: Arc<Counters>,
}

#[derive(Debug)]
struct Inner {
    options: ClientCacheOptions,
    next_seq: u64,
    /// Lowercased server name ("" without SNI) -> (sequence of its latest insertion, sessions
    /// oldest first).
    servers: HashMap<String, (u64, VecDeque<ResumptionData>)>,
    /// Sequence -> server name: the order in which names go when there are too many.
    by_age: BTreeMap<u64, String>,
}

/// The map key: the lowercased name, or "" for no SNI (never a valid server name itself).
fn key(server_name: Option<&str>) -> String {
    server_name.unwrap_or("").to_ascii_lowercase()
}

impl ClientCache {
    /// An empty cache in memory only.
    pub fn new(options: ClientCacheOptions) -> Self {
        Self {
            inner: Mutex::new(Inner {
                options,
                next_seq: 0,
                servers: HashMap::new(),
                by_age: BTreeMap::new(),
            }),
            file: None,
            counters: Arc::new(Counters::new()),
        }
    }

    /// A cache kept in the file at `path`, with the sessions it holds that are usable at `now`
    /// (none if it does not exist yet). A file that is not a session cache is an error, and
    /// is left alone. Returns how many stored sessions were dropped (expired, or unreadable).
    pub fn persistent(
        path: impl Into<PathBuf>,
        options: ClientCacheOptions,
        now: UnixTime,
    ) -> Result<(Self, usize), CacheFileError> {
        let path = path.into();
        let decoded = match file::read(&path)? {
            Some(bytes) => file::decode(&bytes, now)?,
            None => Decoded::default(),
        };
        let mut cache = Self::new(options);
        {
            let mut inner = cache.lock();
            for data in decoded.sessions {
                inner.insert(data, &cache.counters);
            }
        }
        cache.file = Some(path);
        Ok((cache, decoded.dropped))
    }

    /// The same cache counting into `counters`.
    pub fn with_counters(mut self, counters: Arc<Counters>) -> Self {
        self.counters = counters;
        self
    }

    /// The file this cache is kept in, if any.
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// A snapshot of the counters (hits and misses of offers, evictions, expiries, failed
    /// writes of the file as store errors).
    pub fn metrics(&self) -> Metrics {
        self.counters.snapshot()
    }

    /// Sessions held for `server_name`, expired ones included until they are met.
    pub fn len_for(&self, server_name: Option<&str>) -> usize {
        self.lock()
            .servers
            .get(&key(server_name))
            .map_or(0, |(_, list)| list.len())
    }

    /// Writes the file now (every change does already); an error says why it could not be.
    pub fn save(&self) -> std::io::Result<()> {
        let inner = self.lock();
        self.write(&inner)
    }

    fn write(&self, inner: &Inner) -> std::io::Result<()> {
        let Some(path) = &self.file else {
            return Ok(());
        };
        file::write_private_atomically(path, &file::encode(inner.in_order()))
    }

    /// Writes the file after a change, holding the lock so that writes land in the order of
    /// the changes; a failure is counted (the session itself is still in memory).
    fn changed(&self, inner: &Inner) {
        if self.write(inner).is_err() {
            self.counters.store_error();
        }
    }

    /// Every mutation completes before anything in it could panic: a poisoned lock still
    /// guards a consistent cache.
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Inner {
    /// Every session, server names oldest first, each server's sessions oldest first.
    fn in_order(&self) -> impl Iterator<Item = &ResumptionData> {
        self.by_age
            .values()
            .filter_map(|name| self.servers.get(name))
            .flat_map(|(_, list)| list.iter())
    }

    fn insert(&mut self, data: ResumptionData, counters: &Counters) {
        let name = key(data.server_name());
        if self.options.max_servers == 0 || self.options.per_server == 0 {
            return;
        }
        let seq = self.next_seq;
        self.next_seq += 1;
        match self.servers.get(&name) {
            Some((old_seq, _)) => {
                let old_seq = *old_seq;
                self.by_age.remove(&old_seq);
            }
            None => {
                while self.servers.len() >= self.options.max_servers {
                    let Some((_, oldest)) = self.by_age.pop_first() else {
                        break;
                    };
                    if let Some((_, list)) = self.servers.remove(&oldest) {
                        for _ in list {
                            counters.eviction();
                        }
                    }
                }
            }
        }
        self.by_age.insert(seq, name.clone());
        let per_server = self.options.per_server;
        let (entry_seq, list) = self
            .servers
            .entry(name)
            .or_insert_with(|| (seq, VecDeque::new()));
        *entry_seq = seq;
        if data.kind() != ResumptionKind::Tls13Ticket {
            // A TLS 1.2 session replaces the server's previous one: the newest says what the
            // server does now, and two reusable sessions would only split the resumptions.
            list.retain(|d| d.kind() == ResumptionKind::Tls13Ticket);
        }
        list.push_back(data);
        while list.len() > per_server {
            list.pop_front();
            counters.eviction();
        }
    }

    /// Drops `name`'s expired sessions, then removes (TLS 1.3, or `take_any`) or copies
    /// (TLS 1.2) the newest live one that `usable` accepts. Forgets the name once it has no
    /// sessions. Returns the session and whether anything changed.
    fn pick(
        &mut self,
        name: &str,
        now: UnixTime,
        take_any: bool,
        copy_any: bool,
        usable: &dyn Fn(&ResumptionData) -> bool,
        counters: &Counters,
    ) -> (Option<ResumptionData>, bool) {
        let Some((seq, list)) = self.servers.get_mut(name) else {
            return (None, false);
        };
        let seq = *seq;
        let before = list.len();
        list.retain(|d| !d.is_expired(now));
        for _ in list.len()..before {
            counters.expiry();
        }
        let mut changed = list.len() != before;
        let found = list.iter().rposition(usable).and_then(|i| {
            let tls13 = list.get(i)?.kind() == ResumptionKind::Tls13Ticket;
            if copy_any || (!take_any && !tls13) {
                list.get(i).cloned()
            } else {
                changed = true;
                list.remove(i)
            }
        });
        if list.is_empty() {
            self.servers.remove(name);
            self.by_age.remove(&seq);
        }
        (found, changed)
    }
}

impl ClientCache {
    fn pick(
        &self,
        server_name: Option<&str>,
        now: UnixTime,
        take_any: bool,
        copy_any: bool,
        usable: &dyn Fn(&ResumptionData) -> bool,
    ) -> Option<ResumptionData> {
        let mut inner = self.lock();
        let (found, changed) = inner.pick(
            &key(server_name),
            now,
            take_any,
            copy_any,
            usable,
            &self.counters,
        );
        if changed {
            self.changed(&inner);
        }
        if found.is_some() {
            self.counters.hit();
        } else {
            self.counters.miss();
        }
        found
    }
}

impl ClientSessionStore for ClientCache {
    fn insert(&self, data: ResumptionData) {
        let mut inner = self.lock();
        inner.insert(data, &self.counters);
        self.changed(&inner);
    }

    fn take(&self, server_name: Option<&str>, now: UnixTime) -> Option<ResumptionData> {
        self.pick(server_name, now, true, false, &|_| true)
    }

    fn get(&self, server_name: Option<&str>, now: UnixTime) -> Option<ResumptionData> {
        self.pick(server_name, now, false, true, &|_| true)
    }

    fn take_for_resumption(
        &self,
        server_name: Option<&str>,
        now: UnixTime,
        usable: &dyn Fn(&ResumptionData) -> bool,
    ) -> Option<ResumptionData> {
        self.pick(server_name, now, false, false, usable)
    }

    fn remove_all(&self, server_name: Option<&str>) {
        let mut inner = self.lock();
        if let Some((seq, _)) = inner.servers.remove(&key(server_name)) {
            inner.by_age.remove(&seq);
            self.changed(&inner);
        }
    }
}

#[cfg(test)]
mod tests;
