use std::sync::Arc;
use std::time::Duration;

use ferrotls_core::crypto::Secret;
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::resumption::{
    AntiReplay, ServerSessionState, ServerSessionStore, SessionParams,
};
use ferrotls_core::{CertificateChain, CipherSuite};

use super::{MemoryOptions, MemoryStore, MAX_ID_LEN, MAX_REPLAY_KEY_LEN};
use crate::metrics::Counters;

fn at(secs: u64) -> UnixTime {
    UnixTime::since_unix_epoch(Duration::from_secs(secs))
}

/// A TLS 1.2 state made at `created`, living `lifetime` seconds, tagged by its secret's bytes.
fn state(tag: u8, created: u64, lifetime: u32) -> ServerSessionState {
    let params = SessionParams {
        cipher_suite: CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        secret: Secret::new(&[tag; 48]),
        server_name: None,
        alpn: None,
        extended_master_secret: true,
        peer_certificates: CertificateChain::empty(),
    };
    ServerSessionState::tls12(params, vec![tag; 32], at(created), lifetime).unwrap()
}

fn tag(s: &ServerSessionState) -> u8 {
    s.secret().as_bytes()[0]
}

fn store(capacity: usize, shards: usize) -> MemoryStore {
    MemoryStore::with_options(
        MemoryOptions {
            capacity,
            shards,
            ..MemoryOptions::default()
        },
        Arc::new(Counters::new()),
    )
}

#[test]
fn get_leaves_the_state_and_take_removes_it() {
    let s = MemoryStore::new(10);
    assert!(s.put(b"id", state(1, 100, 60), at(100)));
    assert_eq!(s.get(b"id", at(110)).map(|s| tag(&s)), Some(1));
    assert_eq!(s.get(b"id", at(120)).map(|s| tag(&s)), Some(1));
    assert_eq!(s.take(b"id", at(130)).map(|s| tag(&s)), Some(1));
    assert!(s.take(b"id", at(130)).is_none());
    assert!(s.get(b"id", at(130)).is_none());
    let m = s.metrics();
    assert_eq!((m.hits, m.misses), (3, 2));
    assert!(s.is_empty());
}

#[test]
fn a_state_is_never_returned_from_its_expiry_on() {
    let s = MemoryStore::new(10);
    assert!(s.put(b"a", state(1, 100, 60), at(100)));
    assert!(s.put(b"b", state(2, 100, 60), at(100)));
    assert!(s.get(b"a", at(159)).is_some());
    assert!(s.get(b"a", at(160)).is_none());
    assert!(s.take(b"b", at(160)).is_none());
    assert_eq!(s.metrics().expired, 2);
    assert!(s.is_empty());
    // Expired on arrival: refused.
    assert!(!s.put(b"c", state(3, 100, 60), at(160)));
}

#[test]
fn max_ttl_shortens_a_long_lived_state() {
    let s = MemoryStore::with_options(
        MemoryOptions {
            max_ttl: Some(10),
            ..MemoryOptions::default()
        },
        Arc::new(Counters::new()),
    );
    assert!(s.put(b"a", state(1, 100, 3600), at(100)));
    assert!(s.get(b"a", at(109)).is_some());
    assert!(s.get(b"a", at(110)).is_none());
}

#[test]
fn replacing_an_id_keeps_one_entry() {
    let s = store(2, 1);
    assert!(s.put(b"a", state(1, 100, 60), at(100)));
    assert!(s.put(b"a", state(2, 100, 60), at(100)));
    assert_eq!(s.len(), 1);
    assert_eq!(s.get(b"a", at(100)).map(|s| tag(&s)), Some(2));
    assert_eq!(s.metrics().evictions, 0);
}

#[test]
fn the_least_recently_used_goes_first() {
    let s = store(3, 1);
    for (i, id) in [b"a", b"b", b"c"].iter().enumerate() {
        assert!(s.put(*id, state(i as u8, 100, 60), at(100)));
    }
    // "a" used: "b" is now the least recently used.
    assert!(s.get(b"a", at(101)).is_some());
    assert!(s.put(b"d", state(9, 100, 60), at(101)));
    assert!(s.get(b"b", at(101)).is_none());
    for id in [b"a", b"c", b"d"] {
        assert!(s.get(id, at(101)).is_some());
    }
    assert_eq!(s.len(), 3);
    assert_eq!(s.metrics().evictions, 1);
}

#[test]
fn nothing_is_evicted_below_capacity_however_the_shards_fill() {
    // 64 shards and 100 entries: some shards get many more than their even share.
    let s = store(100, 64);
    for i in 0..100u32 {
        assert!(s.put(&i.to_be_bytes(), state(1, 100, 60), at(100)));
    }
    assert_eq!(s.len(), 100);
    assert_eq!(s.metrics().evictions, 0);
    for i in 0..100u32 {
        assert!(s.get(&i.to_be_bytes(), at(100)).is_some(), "entry {i}");
    }
    // One more: exactly one goes.
    assert!(s.put(b"extra", state(1, 100, 60), at(100)));
    assert_eq!(s.len(), 100);
    assert_eq!(s.metrics().evictions, 1);
}

#[test]
fn a_full_store_with_one_entry_per_shard_evicts_in_another_shard() {
    // Capacity 1: the second entry lands in some shard; if it is not the first one's, the
    // eviction must reach across.
    let s = store(1, 8);
    for i in 0..50u32 {
        assert!(s.put(&i.to_be_bytes(), state(1, 100, 60), at(100)));
        assert_eq!(s.len(), 1);
        assert!(
            s.get(&i.to_be_bytes(), at(100)).is_some(),
            "the newest stays"
        );
    }
    assert_eq!(s.metrics().evictions, 49);
}

#[test]
fn an_expired_entry_makes_room_as_an_expiry_not_an_eviction() {
    let s = store(1, 1);
    assert!(s.put(b"a", state(1, 100, 10), at(100)));
    assert!(s.put(b"b", state(2, 100, 60), at(120)));
    let m = s.metrics();
    assert_eq!((m.evictions, m.expired), (0, 1));
}

#[test]
fn purge_drops_the_expired_only() {
    let s = store(10, 4);
    for i in 0..6u8 {
        let lifetime = if i % 2 == 0 { 10 } else { 100 };
        assert!(s.put(&[i], state(i, 100, lifetime), at(100)));
    }
    assert_eq!(s.purge_expired(at(110)), 3);
    assert_eq!(s.len(), 3);
    assert_eq!(s.metrics().expired, 3);
    for i in (1..6u8).step_by(2) {
        assert!(s.get(&[i], at(110)).is_some());
    }
}

#[test]
fn odd_ids_and_a_zero_capacity_are_refused() {
    let s = MemoryStore::new(10);
    assert!(!s.put(b"", state(1, 100, 60), at(100)));
    assert!(!s.put(&vec![1; MAX_ID_LEN + 1], state(1, 100, 60), at(100)));
    assert!(s.put(&vec![1; MAX_ID_LEN], state(1, 100, 60), at(100)));
    let none = MemoryStore::new(0);
    assert!(!none.put(b"a", state(1, 100, 60), at(100)));
    assert!(none.get(b"a", at(100)).is_none());
}

#[test]
fn a_0rtt_key_is_accepted_once_until_it_expires() {
    let s = MemoryStore::new(10);
    assert!(s.check(b"k", at(200), at(100)));
    assert!(!s.check(b"k", at(200), at(150)));
    assert!(!s.check(b"k", at(300), at(199)));
    // Forgotten from valid_until on: by then the ticket it guards is dead anyway.
    assert!(s.check(b"k", at(300), at(200)));
    let m = s.metrics();
    assert_eq!((m.zero_rtt_accepted, m.replays_refused), (2, 2));
}

#[test]
fn unusable_keys_and_a_full_record_refuse_0rtt() {
    let s = MemoryStore::with_options(
        MemoryOptions {
            shards: 1,
            anti_replay_capacity: 2,
            ..MemoryOptions::default()
        },
        Arc::new(Counters::new()),
    );
    assert!(!s.check(b"", at(200), at(100)));
    assert!(!s.check(&[1; MAX_REPLAY_KEY_LEN + 1], at(200), at(100)));
    assert!(!s.check(b"k", at(100), at(100)));
    assert!(s.check(b"a", at(200), at(100)));
    assert!(s.check(b"b", at(150), at(100)));
    assert!(
        !s.check(b"c", at(200), at(100)),
        "full: refused, nothing forgotten"
    );
    assert!(!s.check(b"a", at(200), at(120)), "still a replay");
    // "b" expires at 150 and makes room.
    assert!(s.check(b"c", at(200), at(150)));
    let m = s.metrics();
    assert_eq!(
        (m.zero_rtt_accepted, m.zero_rtt_rejected, m.replays_refused),
        (3, 4, 1)
    );
}

#[test]
fn a_restarted_store_refuses_0rtt_during_its_window() {
    let s = MemoryStore::new(10).refusing_early_data_until(at(1000));
    assert!(!s.check(b"k", at(2000), at(999)));
    assert!(s.check(b"k", at(2000), at(1000)));
}

#[test]
fn two_threads_taking_one_id_get_it_once() {
    let s = Arc::new(MemoryStore::new(1000));
    for round in 0..200u32 {
        assert!(s.put(&round.to_be_bytes(), state(1, 100, 60), at(100)));
        let takers: Vec<_> = (0..2)
            .map(|_| {
                let s = Arc::clone(&s);
                std::thread::spawn(move || s.take(&round.to_be_bytes(), at(100)).is_some())
            })
            .collect();
        let got: usize = takers
            .into_iter()
            .map(|t| usize::from(t.join().unwrap()))
            .sum();
        assert_eq!(got, 1, "round {round}");
    }
}
