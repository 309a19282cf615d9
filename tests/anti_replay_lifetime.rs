//! How long a 0-RTT anti-replay record lasts, on a virtual clock: from a real TLS 1.3 0-RTT
//! handshake whose replay check is deferred (`Defer::anti_replay`), the core asks to record the
//! verified binder until the ticket expires plus the freshness window (RFC 9846 §8), and the
//! session-cache stores keep it that long: the in-memory store refuses a replay long after the
//! ClientHello stopped being fresh and forgets the key once the ticket is over; the Redis
//! stores (blocking and async) set that lifetime as the record's `PX`, checked with `PTTL`.
//!
//! The key is the binder, one per ClientHello: a ticket may carry 0-RTT again in a new
//! ClientHello; only a replayed flight is refused.
#![forbid(unsafe_code)]

use std::sync::Arc;
use std::time::Duration;

use ferrotls_core::deferred::{Answer, Defer, ReplayVerdict, Request};
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::{
    ClientConfig, ClientConnection, DeclineReason, Event, ProtocolVersion, ResumptionData,
    ServerConfig, ServerConnection,
};
use ferrotls_session_cache::deferred::AnswersRequests;
use ferrotls_session_cache::redis::{AsyncRedisStore, RedisConfig, RedisStore};
use ferrotls_session_cache::MemoryStore;
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::pair::START_TIME;
use ferrotls_tests::redis_server::RedisServer;
use ferrotls_tests::sessions;

const EARLY: &[u8] = b"GET /once";

/// The freshness window the server adds to the ticket's expiry: its 10 s tolerance plus the
/// clock's one-second resolution.
const WINDOW_S: u64 = 11;

fn at(secs: u64) -> UnixTime {
    UnixTime::since_unix_epoch(Duration::from_secs(secs))
}

/// A server issuing stateless tickets that allow 0-RTT, its replay check left to the caller.
fn server() -> Arc<ServerConfig> {
    let mut config = certs::server_config(KeyKind::EcdsaP256);
    config.versions = vec![ProtocolVersion::TLS1_3];
    config.max_early_data = 16384;
    config.anti_replay = None;
    config.defer = Defer {
        anti_replay: true,
        ..Defer::default()
    };
    Arc::new(config)
}

fn client() -> ClientConfig {
    let mut config = certs::client_config();
    config.versions = vec![ProtocolVersion::TLS1_3];
    config
}

/// A ticket from a full handshake at `START_TIME`.
fn ticket(server: &Arc<ServerConfig>) -> ResumptionData {
    let pair = sessions::full_handshake(&Arc::new(client()), server, START_TIME);
    let tickets = sessions::tickets(&pair.client.events);
    tickets.into_iter().next().expect("a ticket")
}

/// A 0-RTT flight (ClientHello and early data) offering `data`, `after` seconds past the full
/// handshake.
fn flight(data: ResumptionData, after: u64) -> Vec<u8> {
    let mut config = client();
    config.enable_early_data = true;
    let now = UnixTime::since_unix_epoch(START_TIME + Duration::from_secs(after));
    let mut conn =
        ClientConnection::resume(Arc::new(config), sessions::server_name(), data, now).unwrap();
    conn.send_early_data(EARLY).unwrap();
    let mut flight = Vec::new();
    conn.write_tls(&mut flight);
    flight
}

/// Feeds `flight` to a new server connection at `now`: the replay check it pauses on.
fn paused(server: &Arc<ServerConfig>, flight: &[u8], now: UnixTime) -> ServerConnection {
    let mut conn = ServerConnection::new(Arc::clone(server)).unwrap();
    let mut buf = flight.to_vec();
    conn.handle_tls(&mut buf, now).unwrap();
    assert!(
        matches!(conn.pending(), Some(Request::CheckReplay { .. })),
        "paused on the replay check: {:?}",
        conn.pending()
    );
    conn
}

/// The request of a fresh 0-RTT flight made 2 s after the ticket, and the ticket's expiry.
fn replay_check(server: &Arc<ServerConfig>) -> (Vec<u8>, Request, u64) {
    let data = ticket(server);
    let expires = data.expires_at().as_secs();
    assert_eq!(expires, START_TIME.as_secs() + u64::from(data.lifetime()));
    assert!(
        data.lifetime() > 3600,
        "a ticket that lives long enough to tell"
    );
    let flight = flight(data, 2);
    let conn = paused(server, &flight, at(START_TIME.as_secs() + 2));
    let request = conn.pending().cloned().unwrap();
    let Request::CheckReplay { valid_until, .. } = &request else {
        unreachable!()
    };
    // RFC 9846 §8: until the ticket is over plus the freshness window, not only while this
    // ClientHello is fresh (about 12 s from now).
    assert_eq!(valid_until.as_secs(), expires + WINDOW_S);
    (flight, request, expires)
}

fn verdict(answer: Option<Answer>) -> ReplayVerdict {
    match answer {
        Some(Answer::Replay(v)) => v,
        other => panic!("not a replay verdict: {other:?}"),
    }
}

#[test]
fn the_memory_store_keeps_a_binder_for_the_tickets_lifetime_plus_the_window() {
    let server = server();
    let store = MemoryStore::new(100);
    let (flight, request, expires) = replay_check(&server);
    let start = START_TIME.as_secs() + 2;
    assert_eq!(
        verdict(store.answer(&request, at(start))),
        ReplayVerdict::Fresh
    );

    // The same flight to another server of the fleet at once: refused as a replay, in a
    // handshake that completes its 1-RTT part.
    let mut replay = paused(&server, &flight, at(start));
    let again = replay.pending().cloned().unwrap();
    assert_eq!(again, request, "the same key and lifetime");
    let answer = store.answer(&again, at(start)).unwrap();
    replay.answer(answer, at(start)).unwrap();
    let events: Vec<Event> = std::iter::from_fn(|| replay.poll_event()).collect();
    assert!(
        events.contains(&Event::EarlyDataRejected {
            data: Vec::new(),
            reason: DeclineReason::Replay,
        }),
        "{events:?}"
    );

    // Past the 10 s (plus margin) the record used to last, and up to the last second of the
    // ticket's life plus the window, the key is still recorded.
    for later in [start + 21, start + 600, expires, expires + WINDOW_S - 1] {
        assert_eq!(
            verdict(store.answer(&request, at(later))),
            ReplayVerdict::Replayed,
            "at {later}"
        );
        assert_eq!(store.replay_keys(), 1);
    }
    // Then it is gone.
    store.purge_expired(at(expires + WINDOW_S));
    assert_eq!(store.replay_keys(), 0);
    let m = store.metrics();
    assert_eq!((m.zero_rtt_accepted, m.replays_refused), (1, 5));
}

fn redis_config(redis: &RedisServer) -> RedisConfig {
    RedisConfig::from_url(&redis.url())
        .unwrap()
        .with_prefix("lifetime:")
        .unwrap()
}

/// The anti-replay record of `request` (a replay check made 2 s after the ticket) lives as
/// long as the ticket plus the window: its `PTTL` in `redis` is at most that, and not 2 s less.
fn assert_record_lives_with_the_ticket(redis: &RedisServer, request: &Request, expires: u64) {
    let Request::CheckReplay { key, .. } = request else {
        unreachable!()
    };
    let pttl = record_pttl(redis, key);
    let expected = expected_pttl_ms(expires);
    assert!(
        (expected - 2_000..=expected).contains(&pttl),
        "PTTL {pttl}, expected about {expected}"
    );
}

/// The `PTTL` of the only anti-replay record in `redis`, in milliseconds.
fn record_pttl(redis: &RedisServer, key: &[u8]) -> i64 {
    let mut raw = redis::Client::open(redis.url())
        .unwrap()
        .get_connection_with_timeout(Duration::from_secs(5))
        .unwrap();
    let hex: String = key.iter().map(|b| format!("{b:02x}")).collect();
    redis::cmd("PTTL")
        .arg(format!("lifetime:r:{hex}"))
        .query(&mut raw)
        .unwrap()
}

/// The record's `PX` is what is left of the ticket's life plus the window, plus the fleet's
/// clock margin (10 s by default), counted from the check at `START_TIME + 2`.
fn expected_pttl_ms(expires: u64) -> i64 {
    let left = expires + WINDOW_S - (START_TIME.as_secs() + 2);
    i64::try_from(left * 1000 + 10_000).unwrap()
}

#[test]
fn the_blocking_redis_store_sets_the_records_expiry_to_the_tickets_plus_the_window() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let server = server();
    let store = RedisStore::new(redis_config(&redis)).unwrap();
    let (_, request, expires) = replay_check(&server);
    let now = at(START_TIME.as_secs() + 2);
    assert_eq!(verdict(store.answer(&request, now)), ReplayVerdict::Fresh);
    assert_record_lives_with_the_ticket(&redis, &request, expires);
    // Far past the old 20 s, a second server of the fleet still refuses it.
    let other = RedisStore::new(redis_config(&redis)).unwrap();
    assert_eq!(
        verdict(other.answer(&request, at(START_TIME.as_secs() + 600))),
        ReplayVerdict::Replayed
    );
}

#[test]
fn the_async_redis_store_sets_the_same_expiry() {
    let Some(redis) = RedisServer::start() else {
        return;
    };
    let server = server();
    let store = AsyncRedisStore::new(redis_config(&redis)).unwrap();
    let (_, request, expires) = replay_check(&server);
    let now = at(START_TIME.as_secs() + 2);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let first = runtime.block_on(store.answer(&request, now));
    assert_eq!(verdict(first), ReplayVerdict::Fresh);
    assert_record_lives_with_the_ticket(&redis, &request, expires);
    let again = runtime.block_on(store.answer(&request, at(START_TIME.as_secs() + 600)));
    assert_eq!(verdict(again), ReplayVerdict::Replayed);
}
