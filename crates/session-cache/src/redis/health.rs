//! [`Health`]: whether Redis is reachable, as far as the last operations tell, and what an
//! outage costs.
//!
//! Every failed operation is a store error in the [`Counters`]. The first failure of an outage
//! is logged (`log::warn!`), and so is the first success after it (`log::info!`), with the
//! count of operations that failed in between: a log line per outage, not per handshake. After
//! a failure, operations answer "unavailable" at once for `retry_after` instead of each waiting
//! for a connection attempt, so a dead Redis does not slow handshakes down; the first operation
//! after that tries again, which is how the store reconnects by itself.
//!
//! A Redis that comes back may have come back empty (a restart without persistence), its
//! 0-RTT records gone while the ClientHellos they recorded can still be fresh. So after an
//! outage, and after a connection found closed (a restart nobody saw as an outage), 0-RTT is
//! refused for `replay_blackout`, the longest a ClientHello stays fresh (RFC 9846 §8.2: a
//! server that may have lost its anti-replay state must not accept early data until what it
//! lost could be stale; the records themselves live longer, for the ticket's lifetime).

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::metrics::Counters;

#[derive(Debug)]
pub(crate) struct Health {
    counters: Arc<Counters>,
    retry_after: Duration,
    replay_blackout: Duration,
    url: String,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Failed operations since the outage began; 0 while Redis answers.
    failures: u64,
    /// No attempt before this instant.
    quiet_until: Option<Instant>,
    /// No 0-RTT before this instant.
    no_replay_check_until: Option<Instant>,
}

impl Health {
    pub(crate) fn new(
        counters: Arc<Counters>,
        retry_after: Duration,
        replay_blackout: Duration,
        url: String,
    ) -> Self {
        Self {
            counters,
            retry_after,
            replay_blackout,
            url,
            state: Mutex::new(State::default()),
        }
    }

    pub(crate) fn counters(&self) -> &Counters {
        &self.counters
    }

    /// Every update is a few assignments, so a panic elsewhere cannot leave it half done.
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether an operation may try Redis now; if not, it is counted as failed already and
    /// must answer "unavailable".
    pub(crate) fn may_try(&self) -> bool {
        let mut state = self.lock();
        match state.quiet_until {
            Some(until) if Instant::now() < until => {
                state.failures += 1;
                drop(state);
                self.counters.store_error();
                false
            }
            _ => true,
        }
    }

    /// An operation failed: count it, log the outage if it begins, keep quiet for a while.
    pub(crate) fn failed(&self, operation: &str, error: &dyn std::fmt::Display) {
        self.counters.store_error();
        let mut state = self.lock();
        let first = state.failures == 0;
        state.failures += 1;
        state.quiet_until = Some(Instant::now() + self.retry_after);
        drop(state);
        if first {
            log::warn!(
                "session store {} unavailable ({operation}: {error}): full handshakes and no \
                 0-RTT until it is back",
                self.url
            );
        }
    }

    /// An operation succeeded: the outage, if there was one, is over.
    pub(crate) fn succeeded(&self) {
        let mut state = self.lock();
        let failures = std::mem::take(&mut state.failures);
        state.quiet_until = None;
        if failures > 0 {
            state.no_replay_check_until = Some(Instant::now() + self.replay_blackout);
        }
        drop(state);
        if failures > 0 {
            log::info!(
                "session store {} back after {failures} failed operations",
                self.url
            );
        }
    }

    /// A connection that worked was found closed: Redis may have restarted, empty.
    pub(crate) fn connection_lost(&self) {
        self.lock().no_replay_check_until = Some(Instant::now() + self.replay_blackout);
    }

    /// Whether Redis's 0-RTT records can be trusted to be complete now; if not, the check is
    /// counted as a rejected 0-RTT flight.
    pub(crate) fn replay_records_trusted(&self) -> bool {
        let mut state = self.lock();
        match state.no_replay_check_until {
            Some(until) if Instant::now() < until => {
                drop(state);
                self.counters.zero_rtt_rejected();
                false
            }
            Some(_) => {
                state.no_replay_check_until = None;
                true
            }
            None => true,
        }
    }

    /// Whether the last operation failed (the outage has not been seen to end).
    pub(crate) fn is_down(&self) -> bool {
        self.lock().failures > 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_silences_attempts_for_a_while_and_counts_each_one() {
        let counters = Arc::new(Counters::new());
        let health = Health::new(
            Arc::clone(&counters),
            Duration::from_millis(50),
            Duration::from_millis(100),
            "redis://h:1/0".into(),
        );
        assert!(health.may_try());
        health.failed("get", &"refused");
        assert!(health.is_down());
        assert!(!health.may_try());
        assert!(!health.may_try());
        assert_eq!(counters.snapshot().store_errors, 3);
        std::thread::sleep(Duration::from_millis(60));
        assert!(health.may_try(), "tries again after retry_after");
        assert!(health.replay_records_trusted(), "not yet known to be back");
        health.succeeded();
        assert!(!health.is_down());
        assert!(health.may_try());
        assert_eq!(counters.snapshot().store_errors, 3);
        // Back, perhaps empty: no 0-RTT for the blackout.
        assert!(!health.replay_records_trusted());
        assert_eq!(counters.snapshot().zero_rtt_rejected, 1);
        std::thread::sleep(Duration::from_millis(110));
        assert!(health.replay_records_trusted());
        health.connection_lost();
        assert!(!health.replay_records_trusted());
    }
}
