//! The in-memory server and client session stores: capacity, eviction, expiry, take-once.

use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;
use std::thread;

use super::{at, tls12_params, tls13_params, T0};
use rustls_pki_types::UnixTime;

use crate::resumption::{
    ClientSessionStore, InMemoryClientSessionStore, InMemorySessionStore, ResumptionData,
    ResumptionKind, ServerSessionState, ServerSessionStore,
};

fn state(id: u8, lifetime: u32) -> ServerSessionState {
    ServerSessionState::tls12(tls12_params(), vec![id], at(T0), lifetime).unwrap()
}

#[test]
fn server_store_puts_gets_and_takes_once() {
    let store = InMemorySessionStore::new(4);
    assert!(store.is_empty());
    assert!(store.put(b"a", state(1, 100), at(T0)));
    assert_eq!(store.get(b"a", at(T0)).unwrap().session_id(), &[1]);
    assert_eq!(store.get(b"a", at(T0)).unwrap().session_id(), &[1]);
    assert_eq!(store.take(b"a", at(T0)).unwrap().session_id(), &[1]);
    assert!(store.take(b"a", at(T0)).is_none());
    assert!(store.get(b"a", at(T0)).is_none());
    assert!(store.get(b"unknown", at(T0)).is_none());
}

#[test]
fn server_store_replaces_under_the_same_id() {
    let store = InMemorySessionStore::new(4);
    assert!(store.put(b"a", state(1, 100), at(T0)));
    assert!(store.put(b"a", state(2, 100), at(T0)));
    assert_eq!(store.len(), 1);
    assert_eq!(store.get(b"a", at(T0)).unwrap().session_id(), &[2]);
}

#[test]
fn server_store_evicts_in_insertion_order() {
    let store = InMemorySessionStore::new(3);
    assert_eq!(store.capacity(), 3);
    for id in 1..=3u8 {
        assert!(store.put(&[id], state(id, 100), at(T0)));
    }
    // Re-inserting 1 makes 2 the oldest.
    assert!(store.put(&[1], state(1, 100), at(T0)));
    assert!(store.put(&[4], state(4, 100), at(T0)));
    assert_eq!(store.len(), 3);
    assert!(store.get(&[2], at(T0)).is_none());
    for id in [1u8, 3, 4] {
        assert!(store.get(&[id], at(T0)).is_some(), "{id}");
    }
}

#[test]
fn server_store_never_returns_expired_states() {
    let store = InMemorySessionStore::new(3);
    assert!(store.put(b"a", state(1, 10), at(T0)));
    assert!(store.put(b"b", state(2, 10), at(T0)));
    assert!(store.get(b"a", at(T0 + 9)).is_some());
    assert!(store.get(b"a", at(T0 + 10)).is_none());
    assert_eq!(store.len(), 1, "an expired state is dropped when looked up");
    assert!(store.take(b"b", at(T0 + 10)).is_none());
    assert!(store.is_empty());
    // Nor stores one that is already expired, an empty ID, or anything with capacity 0.
    assert!(!store.put(b"c", state(3, 10), at(T0 + 10)));
    assert!(!store.put(b"", state(3, 10), at(T0)));
    assert!(!InMemorySessionStore::new(0).put(b"c", state(3, 10), at(T0)));
}

#[test]
fn server_store_take_is_single_use_across_threads() {
    let store = Arc::new(InMemorySessionStore::new(16));
    assert!(store.put(b"psk", state(1, 100), at(T0)));
    let winners: usize = (0..8)
        .map(|_| {
            let store = Arc::clone(&store);
            thread::spawn(move || store.take(b"psk", at(T0)).is_some())
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|h| usize::from(h.join().unwrap()))
        .sum();
    assert_eq!(winners, 1);
}

fn ticket(name: Option<&str>, n: u8, lifetime: u32) -> ResumptionData {
    let mut p = tls13_params();
    p.server_name = name.map(String::from);
    ResumptionData::tls13_ticket(p, vec![n], at(T0), lifetime, 0, 0).unwrap()
}

#[test]
fn client_store_takes_newest_first_and_once() {
    let store = InMemoryClientSessionStore::new(8, 4);
    for n in 1..=3 {
        store.insert(ticket(Some("example.com"), n, 100));
    }
    assert_eq!(store.len_for(Some("example.com")), 3);
    // get copies, take removes; both see the newest first; names are case-insensitive.
    assert_eq!(
        store.get(Some("Example.COM"), at(T0)).unwrap().ticket(),
        &[3]
    );
    assert_eq!(
        store.take(Some("example.com"), at(T0)).unwrap().ticket(),
        &[3]
    );
    assert_eq!(
        store.take(Some("example.com"), at(T0)).unwrap().ticket(),
        &[2]
    );
    assert_eq!(
        store.take(Some("example.com"), at(T0)).unwrap().ticket(),
        &[1]
    );
    assert!(store.take(Some("example.com"), at(T0)).is_none());
    assert_eq!(store.server_count(), 0);
}

#[test]
fn client_store_keeps_names_apart() {
    let store = InMemoryClientSessionStore::new(8, 4);
    store.insert(ticket(Some("a.example"), 1, 100));
    store.insert(ticket(None, 2, 100));
    assert!(store.take(Some("b.example"), at(T0)).is_none());
    assert_eq!(store.take(None, at(T0)).unwrap().ticket(), &[2]);
    assert!(store.take(None, at(T0)).is_none());
    assert_eq!(
        store.take(Some("a.example"), at(T0)).unwrap().ticket(),
        &[1]
    );
}

#[test]
fn client_store_bounds_sessions_per_server_and_servers() {
    let store = InMemoryClientSessionStore::new(2, 2);
    for n in 1..=3 {
        store.insert(ticket(Some("a.example"), n, 100));
    }
    assert_eq!(
        store.len_for(Some("a.example")),
        2,
        "the oldest ticket went"
    );
    store.insert(ticket(Some("b.example"), 10, 100));
    // a.example was filled longest ago, so adding c.example evicts it.
    store.insert(ticket(Some("c.example"), 20, 100));
    assert_eq!(store.server_count(), 2);
    assert_eq!(store.len_for(Some("a.example")), 0);
    // Inserting into b refreshes it, so d evicts c.
    store.insert(ticket(Some("b.example"), 11, 100));
    store.insert(ticket(Some("d.example"), 30, 100));
    assert_eq!(store.len_for(Some("c.example")), 0);
    assert_eq!(store.len_for(Some("b.example")), 2);
    assert_eq!(store.len_for(Some("d.example")), 1);
    // Zero bounds store nothing.
    let none = InMemoryClientSessionStore::new(0, 4);
    none.insert(ticket(Some("a.example"), 1, 100));
    assert_eq!(none.server_count(), 0);
}

#[test]
fn client_store_skips_expired_sessions() {
    let store = InMemoryClientSessionStore::new(8, 4);
    store.insert(ticket(Some("a.example"), 1, 100));
    store.insert(ticket(Some("a.example"), 2, 10));
    // The newest expired at T0 + 10; the older one is still good.
    assert_eq!(
        store.get(Some("a.example"), at(T0 + 10)).unwrap().ticket(),
        &[1]
    );
    assert_eq!(store.len_for(Some("a.example")), 1);
    assert!(store.take(Some("a.example"), at(T0 + 100)).is_none());
    assert_eq!(store.server_count(), 0);
}

#[test]
fn client_store_remove_all_forgets_a_server() {
    let store = InMemoryClientSessionStore::new(8, 4);
    store.insert(ticket(Some("a.example"), 1, 100));
    store.insert(ticket(Some("b.example"), 2, 100));
    store.remove_all(Some("A.example"));
    assert!(store.get(Some("a.example"), at(T0)).is_none());
    assert!(store.get(Some("b.example"), at(T0)).is_some());
    store.remove_all(Some("never.example"));
    assert_eq!(store.server_count(), 1);
}

#[test]
fn stores_are_shareable_trait_objects() {
    let _server: Arc<dyn ServerSessionStore> = Arc::new(InMemorySessionStore::new(1));
    let _client: Arc<dyn ClientSessionStore> = Arc::new(InMemoryClientSessionStore::new(1, 1));
}

fn tls12_session(name: &str, id: u8) -> ResumptionData {
    let mut p = tls12_params();
    p.server_name = Some(String::from(name));
    ResumptionData::tls12_session_id(p, vec![id], at(T0), 100).unwrap()
}

/// Checks `take_for_resumption` of `store`: newest usable first, TLS 1.3 taken, TLS 1.2
/// copied, expired never. `searches` says whether the store looks past an unusable newest
/// session (the in-memory store does; the trait's provided method does not).
fn check_take_for_resumption(store: &dyn ClientSessionStore, searches: bool) {
    let name = Some("a.example");
    let tls13 = |d: &ResumptionData| d.kind() == ResumptionKind::Tls13Ticket;
    let any = |_: &ResumptionData| true;
    store.insert(ticket(name, 1, 100));
    store.insert(ticket(name, 2, 100));
    store.insert(tls12_session("a.example", 9));
    // A TLS 1.2 session is copied and stays.
    assert_eq!(
        store
            .take_for_resumption(name, at(T0), &any)
            .unwrap()
            .session_id(),
        &[9]
    );
    assert!(store.get(name, at(T0)).unwrap().kind() == ResumptionKind::Tls12SessionId);
    // A config that cannot use it gets the newest ticket behind it, or nothing.
    let found = store.take_for_resumption(name, at(T0), &tls13);
    if searches {
        assert_eq!(found.unwrap().ticket(), &[2]);
        assert_eq!(
            store
                .take_for_resumption(name, at(T0), &tls13)
                .unwrap()
                .ticket(),
            &[1]
        );
        assert!(store.take_for_resumption(name, at(T0), &tls13).is_none());
    } else {
        assert!(found.is_none());
    }
    store.remove_all(name);
    // A TLS 1.3 ticket is taken: offered once.
    store.insert(ticket(name, 3, 100));
    assert_eq!(
        store
            .take_for_resumption(name, at(T0), &any)
            .unwrap()
            .ticket(),
        &[3]
    );
    assert!(store.take_for_resumption(name, at(T0), &any).is_none());
    // Expired sessions are never returned, whatever the predicate says.
    store.insert(ticket(name, 4, 10));
    assert!(store.take_for_resumption(name, at(T0 + 10), &any).is_none());
    // Another name's sessions are not looked at.
    store.insert(ticket(Some("b.example"), 5, 100));
    assert!(store.take_for_resumption(name, at(T0), &any).is_none());
}

#[test]
fn client_store_takes_the_newest_usable_session_for_resumption() {
    check_take_for_resumption(&InMemoryClientSessionStore::new(8, 8), true);
}

/// A store that keeps the trait's provided `take_for_resumption`.
#[derive(Debug)]
struct OnlyBasics(InMemoryClientSessionStore);

impl ClientSessionStore for OnlyBasics {
    fn insert(&self, data: ResumptionData) {
        self.0.insert(data);
    }
    fn take(&self, server_name: Option<&str>, now: UnixTime) -> Option<ResumptionData> {
        self.0.take(server_name, now)
    }
    fn get(&self, server_name: Option<&str>, now: UnixTime) -> Option<ResumptionData> {
        self.0.get(server_name, now)
    }
    fn remove_all(&self, server_name: Option<&str>) {
        self.0.remove_all(server_name);
    }
}

#[test]
fn the_provided_take_for_resumption_looks_at_the_newest_only() {
    check_take_for_resumption(&OnlyBasics(InMemoryClientSessionStore::new(8, 8)), false);
}
