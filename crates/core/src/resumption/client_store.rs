//! [`InMemoryClientSessionStore`]: a bounded client session cache in one process (`std` only).

use alloc::collections::{BTreeMap, VecDeque};
use alloc::string::String;
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use rustls_pki_types::UnixTime;

use super::data::{ResumptionData, ResumptionKind};
use super::stores::ClientSessionStore;

/// A client session cache: at most `per_server` sessions for each of at most `max_servers`
/// server names.
///
/// A server's sessions are kept newest last; a new one beyond `per_server` pushes out that
/// server's oldest. When a new server name would exceed `max_servers`, the server name whose
/// sessions were inserted longest ago goes, with all its sessions. Names are compared ASCII
/// case-insensitively (DNS names are); sessions made without SNI share the empty name.
#[derive(Debug)]
pub struct InMemoryClientSessionStore {
    inner: Mutex<Inner>,
}

#[derive(Debug)]
struct Inner {
    max_servers: usize,
    per_server: usize,
    next_seq: u64,
    /// Lowercased server name -> (sequence of the latest insertion, sessions oldest first).
    servers: HashMap<String, (u64, VecDeque<ResumptionData>)>,
    by_age: BTreeMap<u64, String>,
}

impl InMemoryClientSessionStore {
    /// An empty store. Either bound at 0 stores nothing.
    pub fn new(max_servers: usize, per_server: usize) -> Self {
        Self {
            inner: Mutex::new(Inner {
                max_servers,
                per_server,
                next_seq: 0,
                servers: HashMap::new(),
                by_age: BTreeMap::new(),
            }),
        }
    }

    /// Sessions held for `server_name`, expired ones included until they are looked up.
    pub fn len_for(&self, server_name: Option<&str>) -> usize {
        self.lock()
            .servers
            .get(&key(server_name))
            .map_or(0, |(_, list)| list.len())
    }

    /// Server names with at least one session held.
    pub fn server_count(&self) -> usize {
        self.lock().servers.len()
    }

    /// See [`InMemorySessionStore`](super::InMemorySessionStore)'s `lock`: every mutation
    /// completes before anything could panic, so a poisoned lock is still consistent.
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The map key: the lowercased name, or "" for no SNI (never a valid server name itself).
fn key(server_name: Option<&str>) -> String {
    server_name.unwrap_or("").to_ascii_lowercase()
}

impl Inner {
    /// Drops `name`'s expired sessions from the newest end, then pops (or copies) the newest
    /// live one; forgets the name once it has no sessions left.
    fn newest(&mut self, name: &str, now: UnixTime, remove: bool) -> Option<ResumptionData> {
        let (seq, list) = self.servers.get_mut(name)?;
        let seq = *seq;
        let mut found = None;
        while let Some(last) = list.back() {
            if last.is_expired(now) {
                list.pop_back();
                continue;
            }
            found = if remove {
                list.pop_back()
            } else {
                Some(last.clone())
            };
            break;
        }
        if list.is_empty() {
            self.servers.remove(name);
            self.by_age.remove(&seq);
        }
        found
    }
}

impl Inner {
    /// The newest live session of `name` that `usable` accepts: removed if it is a TLS 1.3
    /// ticket, copied otherwise. Expired sessions met on the way are dropped.
    fn best(
        &mut self,
        name: &str,
        now: UnixTime,
        usable: &dyn Fn(&ResumptionData) -> bool,
    ) -> Option<ResumptionData> {
        let (seq, list) = self.servers.get_mut(name)?;
        let seq = *seq;
        list.retain(|d| !d.is_expired(now));
        let found = list.iter().rposition(usable).and_then(|i| {
            let tls13 = list.get(i)?.kind() == ResumptionKind::Tls13Ticket;
            if tls13 {
                list.remove(i)
            } else {
                list.get(i).cloned()
            }
        });
        if list.is_empty() {
            self.servers.remove(name);
            self.by_age.remove(&seq);
        }
        found
    }
}

impl ClientSessionStore for InMemoryClientSessionStore {
    fn insert(&self, data: ResumptionData) {
        let name = key(data.server_name());
        let mut inner = self.lock();
        if inner.max_servers == 0 || inner.per_server == 0 {
            return;
        }
        let seq = inner.next_seq;
        inner.next_seq += 1;
        if let Some((old_seq, _)) = inner.servers.get(&name) {
            let old_seq = *old_seq;
            inner.by_age.remove(&old_seq);
        } else {
            while inner.servers.len() >= inner.max_servers {
                let Some((_, oldest)) = inner.by_age.pop_first() else {
                    break;
                };
                inner.servers.remove(&oldest);
            }
        }
        inner.by_age.insert(seq, name.clone());
        let per_server = inner.per_server;
        let entry = inner
            .servers
            .entry(name)
            .or_insert_with(|| (seq, VecDeque::new()));
        entry.0 = seq;
        entry.1.push_back(data);
        while entry.1.len() > per_server {
            entry.1.pop_front();
        }
    }

    fn take(&self, server_name: Option<&str>, now: UnixTime) -> Option<ResumptionData> {
        self.lock().newest(&key(server_name), now, true)
    }

    fn get(&self, server_name: Option<&str>, now: UnixTime) -> Option<ResumptionData> {
        self.lock().newest(&key(server_name), now, false)
    }

    /// Searches newest first under the lock, dropping expired sessions as it meets them and
    /// leaving the unusable ones in place.
    fn take_for_resumption(
        &self,
        server_name: Option<&str>,
        now: UnixTime,
        usable: &dyn Fn(&ResumptionData) -> bool,
    ) -> Option<ResumptionData> {
        self.lock().best(&key(server_name), now, usable)
    }

    fn remove_all(&self, server_name: Option<&str>) {
        let mut inner = self.lock();
        if let Some((seq, _)) = inner.servers.remove(&key(server_name)) {
            inner.by_age.remove(&seq);
        }
    }
}
