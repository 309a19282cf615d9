//! `redis-server` killed in the middle of 200 handshakes, then started again: every handshake
//! completes (in full while Redis is away), the servers report the outage with its count of
//! failed store operations, and resumption is back within a second of Redis.

use std::sync::Arc;
use std::time::{Duration, Instant};

use ferrotls_core::resumption::InMemoryClientSessionStore;
use ferrotls_core::ProtocolVersion;
use ferrotls_tests::certs;
use ferrotls_tests::echo_client::echo_handshake;
use ferrotls_tests::interop::{Output, Peer, TIMEOUT};
use ferrotls_tests::redis_server::RedisServer;

use crate::fleet::server;

/// SIGINT to a server (it prints its metrics and exits), and what it printed.
fn interrupt(server: Peer) -> Output {
    let pid = server.id().to_string();
    let sent = std::process::Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill");
    assert!(sent.success(), "kill -INT {pid}");
    server.finish(TIMEOUT).unwrap_or_else(|e| panic!("{e}"))
}

const HANDSHAKES: usize = 200;
/// Redis is killed before this handshake...
const KILL_AT: usize = 60;
/// ...and started again, empty, before this one.
const RESTART_AT: usize = 140;
/// The pause between handshakes once Redis is back. A store that failed stays quiet for its
/// `retry_after` (100 ms) before it tries again; the 60 handshakes after the restart take less
/// than that on a quiet machine, so unpaced they could all fall inside one quiet window and the
/// run would end before the store had tried at all. 60 x 10 ms leaves room for the retry and
/// still measures "back within a second".
const PACE_AFTER_RESTART: Duration = Duration::from_millis(10);

#[test]
fn an_outage_costs_full_handshakes_and_resumption_returns_with_redis() {
    let Some(mut redis) = RedisServer::start() else {
        return;
    };
    // Two servers, the client alternating: each resumption is of a session the other made.
    let extra = ["--tls12", "--no-tickets"];
    // One connection more than they get: they run until SIGINT, which prints their metrics.
    let (a, a_addr) = server(&redis, HANDSHAKES / 2 + 1, &extra);
    let (b, b_addr) = server(&redis, HANDSHAKES / 2 + 1, &extra);
    let mut config = certs::client_config();
    config.versions = vec![ProtocolVersion::TLS1_2];
    config.tls12_session_tickets = false;
    config.session_store = Some(Arc::new(InMemoryClientSessionStore::new(4, 4)));
    let config = Arc::new(config);

    let mut resumed = Vec::with_capacity(HANDSHAKES);
    let mut restarted = None;
    let mut first_resumed_after_restart = None;
    for i in 0..HANDSHAKES {
        if i == KILL_AT {
            redis.kill();
        }
        if i == RESTART_AT {
            redis.restart();
            restarted = Some(Instant::now());
        }
        if i > RESTART_AT {
            std::thread::sleep(PACE_AFTER_RESTART);
        }
        let addr = if i % 2 == 0 { a_addr } else { b_addr };
        let report = || format!("=== A ===\n{}\n=== B ===\n{}", a.report(), b.report());
        let r = echo_handshake(&config, addr)
            .unwrap_or_else(|e| panic!("handshake {i} failed: {e}\n{}", report()));
        if r && i >= RESTART_AT && first_resumed_after_restart.is_none() {
            first_resumed_after_restart = restarted.map(|t| t.elapsed());
        }
        resumed.push(r);
    }
    let a = interrupt(a);
    let b = interrupt(b);
    let report = format!(
        "resumed: {resumed:?}\n=== A ===\n{}{}\n=== B ===\n{}{}",
        a.stdout, a.stderr, b.stdout, b.stderr
    );

    // Before: every handshake but the first resumes the session of the one before it.
    assert!(!resumed[0], "{report}");
    assert!(resumed[1..KILL_AT].iter().all(|r| *r), "{report}");
    // Away: none.
    assert!(resumed[KILL_AT..RESTART_AT].iter().all(|r| !r), "{report}");
    // Back: the first handshake makes a session Redis keeps, and resumption returns in time.
    let back = first_resumed_after_restart
        .unwrap_or_else(|| panic!("no resumption after the restart\n{report}"));
    eprintln!("resumption back {back:?} after redis-server restarted");
    assert!(
        back < Duration::from_secs(1),
        "back after {back:?}\n{report}"
    );
    let first_back = resumed[RESTART_AT..].iter().position(|r| *r).unwrap() + RESTART_AT;
    assert!(
        resumed[first_back..].iter().all(|r| *r),
        "once back, every handshake resumes\n{report}"
    );

    // Each server reports the outage once, and its end with the count of failed operations:
    // a lookup and a store per handshake it served while Redis was away (40 each).
    for (name, out) in [("A", &a), ("B", &b)] {
        assert_eq!(
            out.status.code(),
            Some(130),
            "{name}: SIGINT ends it\n{report}"
        );
        assert_eq!(
            out.stderr.matches("unavailable").count(),
            1,
            "{name}: one outage line\n{report}"
        );
        let failed: u64 = out
            .stderr
            .lines()
            .find_map(|l| {
                let rest = l.split(" back after ").nth(1)?;
                rest.split(' ').next()?.parse().ok()
            })
            .unwrap_or_else(|| panic!("{name}: no 'back after N failed operations'\n{report}"));
        let served_away = ((RESTART_AT - KILL_AT) / 2) as u64;
        assert!(
            failed >= 2 * served_away,
            "{name}: {failed} failed\n{report}"
        );
        // The metrics printed on SIGINT count the same failures as store errors.
        let store_errors: u64 = out
            .stdout
            .lines()
            .filter_map(|l| l.strip_prefix("stats: "))
            .find_map(|l| {
                l.split(' ')
                    .find_map(|kv| kv.strip_prefix("store_errors="))?
                    .parse()
                    .ok()
            })
            .unwrap_or_else(|| panic!("{name}: no stats line with store_errors\n{report}"));
        assert_eq!(store_errors, failed, "{name}\n{report}");
    }
}
