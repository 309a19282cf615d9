//! The async Redis store against a real `redis-server`, on a tokio runtime: the records it
//! shares with the blocking store, 64 lookups in flight on one connection, single-use takes
//! under concurrency, and an outage.

use std::sync::Arc;
use std::time::{Duration, Instant};

use ferrotls_core::crypto::Secret;
use ferrotls_core::msgs::enums::CipherSuite;
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::resumption::{ServerSessionState, ServerSessionStore, SessionParams};
use ferrotls_core::CertificateChain;
use ferrotls_session_cache::redis::{AsyncRedisStore, RedisConfig, RedisStore, StoreUnavailable};
use ferrotls_tests::redis_server::RedisServer;

fn now() -> UnixTime {
    UnixTime::now()
}

fn later(secs: u64) -> UnixTime {
    UnixTime::since_unix_epoch(Duration::from_secs(now().as_secs() + secs))
}

fn state(id: &[u8]) -> ServerSessionState {
    let params = SessionParams {
        cipher_suite: CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        secret: Secret::new(&[0x4d; 48]),
        server_name: Some("localhost".into()),
        alpn: None,
        extended_master_secret: true,
        peer_certificates: CertificateChain::empty(),
    };
    ServerSessionState::tls12(params, id.to_vec(), now(), 600).unwrap()
}

fn config(redis: &RedisServer) -> RedisConfig {
    RedisConfig::from_url(&redis.url()).unwrap()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn both_flavours_share_the_records() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let blocking = RedisStore::new(config(&redis)).unwrap();
    let store = AsyncRedisStore::new(config(&redis)).unwrap();
    runtime().block_on(async {
        let id = [1; 32];
        assert!(blocking.put(&id, state(&id), now()));
        let found = store.get_state(&id, now()).await.unwrap().unwrap();
        assert_eq!(found.session_id(), id);
        let other = [2; 32];
        assert_eq!(
            store.put_state(&other, &state(&other), now()).await,
            Ok(true)
        );
        assert!(blocking.take(&other, now()).is_some());
        assert_eq!(store.take_state(&other, now()).await, Ok(None));
        assert_eq!(
            store.check_replay(&[3; 32], later(5), now()).await,
            Ok(true)
        );
        assert_eq!(blocking.check_replay(&[3; 32], later(5), now()), Ok(false));
        assert_eq!(
            store.check_replay(&[3; 32], later(5), now()).await,
            Ok(false)
        );
        let m = store.counters().snapshot();
        assert_eq!(
            (m.hits, m.misses, m.zero_rtt_accepted, m.replays_refused),
            (1, 1, 1, 1)
        );
    });
}

#[test]
fn sixty_four_lookups_in_flight_and_each_ticket_taken_once() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let store = Arc::new(AsyncRedisStore::new(config(&redis)).unwrap());
    runtime().block_on(async {
        for i in 0..64u8 {
            let id = [i; 32];
            assert_eq!(store.put_state(&id, &state(&id), now()).await, Ok(true));
        }
        let lookups: Vec<_> = (0..64u8)
            .map(|i| {
                let store = Arc::clone(&store);
                tokio::spawn(async move { store.get_state(&[i; 32], now()).await })
            })
            .collect();
        for (i, lookup) in lookups.into_iter().enumerate() {
            let found = lookup.await.unwrap().unwrap().unwrap();
            assert_eq!(found.session_id(), [i as u8; 32]);
        }
        // Eight takers per entry: one wins each.
        let takes: Vec<_> = (0..64u8)
            .flat_map(|i| {
                let store = Arc::clone(&store);
                (0..8).map(move |_| {
                    let store = Arc::clone(&store);
                    tokio::spawn(async move { (i, store.take_state(&[i; 32], now()).await) })
                })
            })
            .collect();
        let mut won = [0usize; 64];
        for take in takes {
            let (i, got) = take.await.unwrap();
            if got.unwrap().is_some() {
                won[usize::from(i)] += 1;
            }
        }
        assert!(won.iter().all(|n| *n == 1), "{won:?}");
    });
}

#[test]
fn an_outage_is_unavailable_and_over_when_redis_is_back() {
    let Some(mut redis) = RedisServer::start() else {
        return;
    };
    let store = AsyncRedisStore::new(config(&redis)).unwrap();
    let rt = runtime();
    rt.block_on(async {
        assert_eq!(store.ping().await, Ok(()));
    });
    redis.kill();
    rt.block_on(async {
        assert_eq!(
            store.get_state(&[1; 32], now()).await,
            Err(StoreUnavailable)
        );
        assert_eq!(
            store.check_replay(&[1; 32], later(5), now()).await,
            Err(StoreUnavailable)
        );
        let m = store.counters().snapshot();
        // The lookup failed; the 0-RTT check is refused without asking (the dead connection
        // may mean a Redis restarted without its records).
        assert_eq!((m.store_errors, m.zero_rtt_rejected), (1, 1));
    });
    redis.restart();
    rt.block_on(async {
        let back = Instant::now();
        while store.ping().await.is_err() {
            assert!(
                back.elapsed() < Duration::from_secs(1),
                "not back within a second"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        assert_eq!(
            store.put_state(&[1; 32], &state(&[1; 32]), now()).await,
            Ok(true)
        );
        // Back, perhaps empty: no 0-RTT for the blackout.
        assert_eq!(
            store.check_replay(&[4; 32], later(5), now()).await,
            Err(StoreUnavailable)
        );
    });
}
