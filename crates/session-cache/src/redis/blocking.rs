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

use super::commands::{self, Reply};
use super::config::{RedisConfig, RedisUrlError};
use super::health::Health;
use super::StoreUnavailable;
use crate::metrics::Counters;

/// Idle connections kept for reuse; more are opened under load and closed after use.
const MAX_IDLE: usize = 32;

/// A Redis session store and anti-replay record for blocking drivers. See the module
/// documentation; the records it writes are described in [`keys`](super::keys).
pub struct RedisStore {
    config: RedisConfig,
    client: redis::Client,
    idle: Mutex<Vec<redis::Connection>>,
    health: Health,
}

impl std::fmt::Debug for RedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisStore")
            .field("url", &self.config.url())
            .field("prefix", &self.config.prefix)
            .field("down", &self.health.is_down())
            .finish_non_exhaustive()
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
        let client = commands::client(&config)?;
        let health = Health::new(
            counters,
            config.retry_after,
            config.replay_blackout,
            config.url(),
        );
        Ok(Self {
            config,
            client,
            idle: Mutex::new(Vec::new()),
            health,
        })
    }

    /// The counters this store reports into.
    pub fn counters(&self) -> &Counters {
        self.health.counters()
    }

    /// Where the store connects, and how (timeouts, key prefix).
    pub fn config(&self) -> &RedisConfig {
        &self.config
    }

    /// Whether Redis answers a `PING` now (a start-up check; a failure is counted like any).
    pub fn ping(&self) -> Result<(), StoreUnavailable> {
        match self.run("ping", &redis::cmd("PING"))? {
            Reply::Status(s) if s == "PONG" => Ok(()),
            _ => Err(StoreUnavailable),
        }
    }

    /// Stores `state` under `id` until it expires (`SET key state PX ttl`). `Ok(false)`: not
    /// stored, because it has expired or `id` cannot be a key.
    pub fn put_state(
        &self,
        id: &[u8],
        state: &ServerSessionState,
        now: UnixTime,
    ) -> Result<bool, StoreUnavailable> {
        let Some(cmd) = commands::put(&self.config.prefix, id, state, now) else {
            return Ok(false);
        };
        let reply = self.run("put", &cmd)?;
        commands::stored(reply).map_err(|e| self.unexpected("put", e))
    }

    /// The state stored under `id`, left in place (`GET`).
    pub fn get_state(
        &self,
        id: &[u8],
        now: UnixTime,
    ) -> Result<Option<ServerSessionState>, StoreUnavailable> {
        self.lookup("get", commands::get(&self.config.prefix, id), now)
    }

    /// The state stored under `id`, removed in the same step (`GETDEL`): of a fleet's servers,
    /// one gets it.
    pub fn take_state(
        &self,
        id: &[u8],
        now: UnixTime,
    ) -> Result<Option<ServerSessionState>, StoreUnavailable> {
        self.lookup("take", commands::take(&self.config.prefix, id), now)
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
        let Some(cmd) = commands::record(&self.config, key, valid_until, now) else {
            // A key we cannot record is refused 0-RTT (the AntiReplay contract: fail safe).
            self.health.counters().zero_rtt_rejected();
            return Ok(false);
        };
        if !self.health.replay_records_trusted() {
            return Err(StoreUnavailable);
        }
        let verdict = self.run("check_replay", &cmd).and_then(|reply| {
            commands::fresh(reply).map_err(|e| self.unexpected("check_replay", e))
        });
        // The connection this took may have found Redis restarted, without its records.
        if verdict == Ok(true) && !self.health.replay_records_trusted() {
            return Err(StoreUnavailable);
        }
        commands::count_verdict(&verdict, self.health.counters());
        verdict
    }

    fn lookup(
        &self,
        operation: &str,
        cmd: Option<redis::Cmd>,
        now: UnixTime,
    ) -> Result<Option<ServerSessionState>, StoreUnavailable> {
        let Some(cmd) = cmd else {
            return Ok(None);
        };
        let reply = self.run(operation, &cmd)?;
        commands::state(reply, now, self.health.counters())
            .map_err(|e| self.unexpected(operation, e))
    }

    /// A reply of the wrong type: a store error like an outage (someone else's data under our
    /// prefix, or not Redis at all).
    fn unexpected(&self, operation: &str, what: String) -> StoreUnavailable {
        self.health.failed(operation, &what);
        StoreUnavailable
    }

    /// Runs `cmd` on a pooled connection: the reply, or unavailable (counted and logged).
    fn run(&self, operation: &str, cmd: &redis::Cmd) -> Result<Reply, StoreUnavailable> {
        if !self.health.may_try() {
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
                    self.health.connection_lost();
                }
                Err(e) => {
                    self.health.failed(operation, &e);
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
                self.health.failed(operation, &e);
                Err(StoreUnavailable)
            }
        }
    }

    fn done(&self, conn: redis::Connection, value: redis::Value) -> Reply {
        self.health.succeeded();
        let mut idle = self.idle();
        if idle.len() < MAX_IDLE {
            idle.push(conn);
        }
        Reply::from(value)
    }

    fn connect(&self) -> redis::RedisResult<redis::Connection> {
        let conn = self
            .client
            .get_connection_with_timeout(self.config.connect_timeout)?;
        conn.set_read_timeout(Some(self.config.command_timeout))?;
        conn.set_write_timeout(Some(self.config.command_timeout))?;
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
