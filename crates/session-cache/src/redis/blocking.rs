//! [`RedisStore`]: the blocking flavour, for drivers that run each connection on its own thread
//! (ferrotls-io's `Stream`, the CLI server). It implements the core's synchronous
//! [`ServerSessionStore`] and [`AntiReplay`], answered at once through the handshake's instant
//! path: an unavailable Redis is a miss there (a full handshake) or a refused 0-RTT flight.
//!
//! Connections are pooled: a thread takes an idle one (or opens one), runs its command with the
//! configured read and write timeouts, and puts it back. A connection that failed in any way is
//! dropped, since a late reply could still be on its way; a reused connection that turns out to
//! be closed (Redis restarted) is replaced once at once rather than counted as an outage.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::resumption::{AntiReplay, ServerSessionState, ServerSessionStore};

use super::commands::Reply;
use super::config::{RedisConfig, RedisUrlError};
use super::operations::{CheckReplay, Lookup, Operation, Ping, Put, Shared};
use super::StoreUnavailable;
use crate::metrics::Counters;

/// Idle connections kept for reuse; more are opened under load and closed after use.
const MAX_IDLE: usize = 32;

/// A Redis session store and anti-replay record for blocking drivers. See the module
/// documentation; the records it writes are described in [`keys`](super::keys).
pub struct RedisStore {
    shared: Shared,
    idle: Mutex<Vec<redis::Connection>>,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.shared.debug("RedisStore", f)
    }
}

impl RedisStore {
    /// A store for `config` that counts into its own [`Counters`]. Nothing connects yet: a
    /// server may start while Redis is away.
    pub fn new(config: RedisConfig) -> Result<Self, RedisUrlError> {
        Self::with_counters(config, Arc::new(Counters::new()))
    }

    /// A store for `config` that counts into `counters` (shared with the rest of a server).
    pub fn with_counters(
        config: RedisConfig,
        counters: Arc<Counters>,
    ) -> Result<Self, RedisUrlError> {
        Ok(Self {
            shared: Shared::new(config, counters)?,
            idle: Mutex::new(Vec::new()),
        })
    }

    /// The counters this store reports into.
    pub fn counters(&self) -> &Counters {
        self.shared.health.counters()
    }

    /// Where the store connects, and how (timeouts, key prefix).
    pub fn config(&self) -> &RedisConfig {
        &self.shared.config
    }

    /// Whether Redis answers a `PING` now (a start-up check; a failure is counted like any).
    pub fn ping(&self) -> Result<(), StoreUnavailable> {
        self.execute(&Ping)
    }

    /// Stores `state` under `id` until it expires (`SET key state PX ttl`). `Ok(false)`: not
    /// stored, because it has expired or `id` cannot be a key.
    pub fn put_state(
        &self,
        id: &[u8],
        state: &ServerSessionState,
        now: UnixTime,
    ) -> Result<bool, StoreUnavailable> {
        self.execute(&Put { id, state, now })
    }

    /// The state stored under `id`, left in place (`GET`).
    pub fn get_state(
        &self,
        id: &[u8],
        now: UnixTime,
    ) -> Result<Option<ServerSessionState>, StoreUnavailable> {
        self.execute(&Lookup::get(id, now))
    }

    /// The state stored under `id`, removed in the same step (`GETDEL`): of a fleet's servers,
    /// one gets it.
    pub fn take_state(
        &self,
        id: &[u8],
        now: UnixTime,
    ) -> Result<Option<ServerSessionState>, StoreUnavailable> {
        self.execute(&Lookup::take(id, now))
    }

    /// Records `key` until `valid_until` plus the configured margin (`SET key 1 NX PX ttl`);
    /// `Ok(true)` if no server of the fleet had recorded it. Counted as accepted, a replay
    /// refused, or rejected for want of a store.
    pub fn check_replay(
        &self,
        key: &[u8],
        valid_until: UnixTime,
        now: UnixTime,
    ) -> Result<bool, StoreUnavailable> {
        self.execute(&CheckReplay {
            key,
            valid_until,
            now,
        })
    }

    /// `op`'s command carried to Redis and back on this thread.
    fn execute<O: Operation>(&self, op: &O) -> Result<O::Output, StoreUnavailable> {
        let cmd = match op.command(&self.shared) {
            Ok(cmd) => cmd,
            Err(answer) => return answer,
        };
        let reply = self.run(op.name(), &cmd);
        op.answer(&self.shared, reply)
    }

    /// Runs `cmd` on a pooled connection: the reply, or unavailable (counted and logged).
    fn run(&self, operation: &str, cmd: &redis::Cmd) -> Result<Reply, StoreUnavailable> {
        if !self.shared.health.may_try() {
            return Err(StoreUnavailable);
        }
        if let Some(mut conn) = self.pooled() {
            match cmd.query::<redis::Value>(&mut conn) {
                Ok(value) => return Ok(self.done(conn, value)),
                // Closed while idle (Redis restarted, or an idle timeout): not an outage
                // until a fresh connection fails too. A timeout is, and waiting twice is not
                // worth it.
                Err(e) if !e.is_timeout() => {
                    drop(conn);
                    self.shared.health.connection_lost();
                }
                Err(e) => {
                    self.shared.health.failed(operation, &e);
                    return Err(StoreUnavailable);
                }
            }
        }
        let fresh = self.connect().and_then(|mut conn| {
            let value = cmd.query::<redis::Value>(&mut conn)?;
            Ok((conn, value))
        });
        match fresh {
            Ok((conn, value)) => Ok(self.done(conn, value)),
            Err(e) => {
                self.shared.health.failed(operation, &e);
                Err(StoreUnavailable)
            }
        }
    }

    fn done(&self, conn: redis::Connection, value: redis::Value) -> Reply {
        self.shared.health.succeeded();
        let mut idle = self.idle();
        if idle.len() < MAX_IDLE {
            idle.push(conn);
        }
        Reply::from(value)
    }

    fn connect(&self) -> redis::RedisResult<redis::Connection> {
        let conn = self
            .shared
            .client
            .get_connection_with_timeout(self.shared.config.connect_timeout)?;
        conn.set_read_timeout(Some(self.shared.config.command_timeout))?;
        conn.set_write_timeout(Some(self.shared.config.command_timeout))?;
        Ok(conn)
    }

    fn pooled(&self) -> Option<redis::Connection> {
        self.idle().pop()
    }

    /// The pool is a plain list; a panic while it is locked leaves it valid.
    fn idle(&self) -> MutexGuard<'_, Vec<redis::Connection>> {
        self.idle.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// An unavailable store is a store that refuses to keep the session: no resumption offered.
impl ServerSessionStore for RedisStore {
    fn put(&self, id: &[u8], state: ServerSessionState, now: UnixTime) -> bool {
        self.put_state(id, &state, now).unwrap_or(false)
    }

    fn get(&self, id: &[u8], now: UnixTime) -> Option<ServerSessionState> {
        self.get_state(id, now).ok().flatten()
    }

    fn take(&self, id: &[u8], now: UnixTime) -> Option<ServerSessionState> {
        self.take_state(id, now).ok().flatten()
    }
}

/// An unavailable store refuses 0-RTT (RFC 9846 §8: a server that cannot tell a replay must
/// not accept early data); the handshake goes on with 1-RTT.
impl AntiReplay for RedisStore {
    fn check(&self, key: &[u8], valid_until: UnixTime, now: UnixTime) -> bool {
        self.check_replay(key, valid_until, now).unwrap_or(false)
    }
}
