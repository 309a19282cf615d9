//! The blocking Redis store against a real `redis-server`: what two servers of a fleet see
//! through one Redis (shared sessions, single-use takes, atomic anti-replay), the records'
//! keys and expiry, and an outage: unavailable at once, counted, and over by itself.

use std::net::TcpListener;
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use ferrotls_core::crypto::Secret;
use ferrotls_core::msgs::enums::CipherSuite;
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::resumption::{
    AntiReplay, ServerSessionState, ServerSessionStore, SessionParams,
};
use ferrotls_core::CertificateChain;
use ferrotls_session_cache::redis::{RedisConfig, RedisStore, StoreUnavailable};
use ferrotls_session_cache::Counters;
use ferrotls_tests::redis_server::RedisServer;

fn now() -> UnixTime {
    UnixTime::now()
}

fn later(secs: u64) -> UnixTime {
    UnixTime::since_unix_epoch(Duration::from_secs(now().as_secs() + secs))
}

fn state(id: &[u8], lifetime: u32) -> ServerSessionState {
    let params = SessionParams {
        cipher_suite: CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        secret: Secret::new(&[0x4d; 48]),
        server_name: Some("localhost".into()),
        alpn: None,
        extended_master_secret: true,
        peer_certificates: CertificateChain::empty(),
    };
    ServerSessionState::tls12(params, id.to_vec(), now(), lifetime).unwrap()
}

fn store(redis: &RedisServer, prefix: &str) -> RedisStore {
    let config = RedisConfig::from_url(&redis.url())
        .unwrap()
        .with_prefix(prefix)
        .unwrap();
    RedisStore::new(config).unwrap()
}

/// A raw client for looking at what the store wrote.
fn raw(redis: &RedisServer) -> redis::Connection {
    redis::Client::open(redis.url())
        .unwrap()
        .get_connection_with_timeout(Duration::from_secs(5))
        .unwrap()
}

#[test]
fn a_session_stored_by_one_server_is_found_by_another() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let (a, b) = (store(&redis, "fleet:"), store(&redis, "fleet:"));
    let id = [0x1d; 32];
    assert!(a.put(&id, state(&id, 3600), now()));
    let found = b.get(&id, now()).expect("B finds A's session");
    assert_eq!(found.secret().as_bytes(), &[0x4d; 48]);
    assert_eq!(found.session_id(), id);
    // TLS 1.2 sessions stay for more resumptions.
    assert!(b.get(&id, now()).is_some());
    assert!(a.get(&id, now()).is_some());
    assert_eq!(b.counters().snapshot().hits, 2);

    // One record, under the prefix, in hex, expiring with the session.
    let mut raw = raw(&redis);
    let key = format!("fleet:s:{}", "1d".repeat(32));
    let ttl: i64 = redis::cmd("PTTL").arg(&key).query(&mut raw).unwrap();
    assert!((3_590_000..=3_600_000).contains(&ttl), "PTTL {ttl}");
    let keys: Vec<String> = redis::cmd("KEYS").arg("*").query(&mut raw).unwrap();
    assert_eq!(keys, vec![key]);
}

#[test]
fn a_single_use_state_is_taken_by_exactly_one_server_of_the_fleet() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let fleet = Arc::new([store(&redis, "t:"), store(&redis, "t:")]);
    for round in 0u8..20 {
        let id = [round; 16];
        assert!(fleet[0].put(&id, state(&id, 600), now()));
        let start = Arc::new(Barrier::new(8));
        let takers: Vec<_> = (0..8)
            .map(|i| {
                let (fleet, start) = (Arc::clone(&fleet), Arc::clone(&start));
                thread::spawn(move || {
                    start.wait();
                    fleet[i % 2].take(&id, now()).is_some()
                })
            })
            .collect();
        let winners = takers
            .into_iter()
            .map(|t| t.join().unwrap())
            .filter(|won| *won)
            .count();
        assert_eq!(winners, 1, "round {round}");
        assert!(fleet[1].get(&id, now()).is_none(), "gone after the take");
    }
}

#[test]
fn a_zero_rtt_key_is_fresh_once_across_the_fleet() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let fleet = Arc::new([store(&redis, "r:"), store(&redis, "r:")]);
    let binder = [0xb1; 32];
    let until = later(12);
    let start = Arc::new(Barrier::new(8));
    let checkers: Vec<_> = (0..8)
        .map(|i| {
            let (fleet, start) = (Arc::clone(&fleet), Arc::clone(&start));
            thread::spawn(move || {
                start.wait();
                fleet[i % 2].check(&binder, until, now())
            })
        })
        .collect();
    let fresh = checkers
        .into_iter()
        .map(|t| t.join().unwrap())
        .filter(|fresh| *fresh)
        .count();
    assert_eq!(fresh, 1);
    let (a, b) = (
        fleet[0].counters().snapshot(),
        fleet[1].counters().snapshot(),
    );
    assert_eq!(a.zero_rtt_accepted + b.zero_rtt_accepted, 1);
    assert_eq!(a.replays_refused + b.replays_refused, 7);
    // Kept for the window (12 s) plus the fleet's clock margin (10 s by default).
    let mut raw = raw(&redis);
    let key = format!("r:r:{}", "b1".repeat(32));
    let ttl: i64 = redis::cmd("PTTL").arg(&key).query(&mut raw).unwrap();
    assert!((20_000..=22_000).contains(&ttl), "PTTL {ttl}");
    // Another key is fresh.
    assert!(fleet[1].check(&[0xb2; 32], until, now()));
}

#[test]
fn prefixes_keep_two_fleets_apart() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let (one, two) = (store(&redis, "one:"), store(&redis, "two:"));
    let id = [7; 32];
    assert!(one.put(&id, state(&id, 600), now()));
    assert!(two.get(&id, now()).is_none());
    assert!(one.check(&[9; 32], later(5), now()));
    assert!(two.check(&[9; 32], later(5), now()));
}

#[test]
fn sessions_leave_redis_when_they_expire() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let s = store(&redis, "e:");
    let id = [3; 32];
    assert!(s.put(&id, state(&id, 1), now()));
    assert!(s.get(&id, now()).is_some());
    thread::sleep(Duration::from_millis(2100));
    // Redis dropped it (PX); asked with the old clock, so this is not our own expiry check.
    let created = s.get_state(&id, UnixTime::since_unix_epoch(Duration::ZERO));
    assert!(matches!(created, Ok(None)), "{created:?}");
    // Already expired: not stored at all.
    let old = state(&id, 1);
    assert!(!s.put(&id, old, later(5)));
}

#[test]
fn what_is_not_ours_under_our_keys_is_a_miss_or_a_store_error() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let s = store(&redis, "g:");
    let mut raw = raw(&redis);
    let junk = format!("g:s:{}", "01".repeat(32));
    let list = format!("g:s:{}", "02".repeat(32));
    let _: () = redis::cmd("SET")
        .arg(&junk)
        .arg("junk")
        .query(&mut raw)
        .unwrap();
    let _: () = redis::cmd("RPUSH")
        .arg(&list)
        .arg("x")
        .query(&mut raw)
        .unwrap();
    assert!(matches!(s.get_state(&[1; 32], now()), Ok(None)));
    assert_eq!(s.get_state(&[2; 32], now()).unwrap_err(), StoreUnavailable);
    let m = s.counters().snapshot();
    assert_eq!((m.misses, m.store_errors), (1, 1));
    // IDs that cannot be keys never reach Redis.
    assert!(matches!(s.get_state(&[], now()), Ok(None)));
    assert!(!s.check(&[0; 513], later(5), now()));
}

#[test]
fn an_outage_is_unavailable_at_once_counted_and_over_when_redis_is_back() {
    let Some(mut redis) = RedisServer::start() else {
        return;
    };
    let counters = Arc::new(Counters::new());
    let config = RedisConfig::from_url(&redis.url()).unwrap();
    let s = RedisStore::with_counters(config, Arc::clone(&counters)).unwrap();
    let id = [5; 32];
    assert!(s.put(&id, state(&id, 600), now()));
    assert!(s.ping().is_ok());

    redis.kill();
    assert_eq!(s.get_state(&id, now()).unwrap_err(), StoreUnavailable);
    assert!(s.get(&id, now()).is_none());
    assert!(
        !s.check(&[8; 32], later(5), now()),
        "no 0-RTT without the record"
    );
    assert!(!s.put(&id, state(&id, 600), now()));
    // The lookup, the store and the lookup in the pause after it; the 0-RTT check is refused
    // without asking (the dead connection may mean a Redis restarted without its records).
    let m = counters.snapshot();
    assert_eq!(m.store_errors, 3, "{m}");
    assert_eq!(m.zero_rtt_rejected, 1);

    redis.restart();
    let back = Instant::now();
    let mut answered = false;
    while back.elapsed() < Duration::from_secs(1) {
        if s.ping().is_ok() {
            answered = true;
            break;
        }
        thread::sleep(Duration::from_millis(10));
    }
    assert!(
        answered,
        "the store reconnects within a second of Redis coming back"
    );
    // An empty Redis: the old session is gone, new ones work.
    assert!(s.get(&id, now()).is_none());
    assert!(s.put(&id, state(&id, 600), now()));
    assert!(s.get(&id, now()).is_some());
    // But its 0-RTT records are gone too: no early data until they could be stale.
    assert!(!s.check(&[10; 32], later(5), now()));
    assert_eq!(counters.snapshot().zero_rtt_rejected, 2);
}

#[test]
fn a_restart_nobody_saw_stops_zero_rtt_for_the_blackout() {
    let Some(mut redis) = RedisServer::start() else {
        return;
    };
    let mut config = RedisConfig::from_url(&redis.url()).unwrap();
    config.replay_blackout = Duration::from_millis(500);
    let s = RedisStore::new(config).unwrap();
    let binder = [0xb1; 32];
    assert!(s.check(&binder, later(5), now()));
    // Redis restarts between two checks: the record of the first is gone, and the pooled
    // connection is the only witness.
    redis.restart();
    assert!(
        !s.check(&binder, later(5), now()),
        "a replay after an empty restart"
    );
    assert!(
        !s.check(&[0xb2; 32], later(5), now()),
        "still in the blackout"
    );
    thread::sleep(Duration::from_millis(600));
    assert!(
        s.check(&[0xb3; 32], later(5), now()),
        "0-RTT back after the blackout"
    );
    let m = s.counters().snapshot();
    assert_eq!(
        (m.zero_rtt_accepted, m.zero_rtt_rejected, m.store_errors),
        (2, 2, 0)
    );
}

#[test]
fn a_redis_that_never_answers_costs_a_bounded_wait() {
    // A listener that accepts and never replies: the connection setup times out.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("redis://{}", listener.local_addr().unwrap());
    let mut config = RedisConfig::from_url(&url).unwrap();
    config.retry_after = Duration::from_secs(30);
    let s = RedisStore::new(config).unwrap();
    let started = Instant::now();
    assert_eq!(s.get_state(&[1; 32], now()).unwrap_err(), StoreUnavailable);
    let waited = started.elapsed();
    assert!(waited < Duration::from_secs(5), "waited {waited:?}");
    // Within retry_after the next operations do not even try.
    for _ in 0..3 {
        assert_eq!(s.get_state(&[1; 32], now()).unwrap_err(), StoreUnavailable);
    }
    listener.set_nonblocking(true).unwrap();
    let attempts = std::iter::from_fn(|| listener.accept().ok()).count();
    assert_eq!(attempts, 1);
    assert_eq!(s.counters().snapshot().store_errors, 4);
}
