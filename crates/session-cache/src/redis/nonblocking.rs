//! [`AsyncRedisStore`]: the async (tokio) flavour, for drivers that serve many connections on
//! one executor. Its calls await Redis without blocking a thread, so a slow Redis delays only
//! the handshakes that wait for it; they answer the core's deferred requests (see
//! `deferred_answers`), which pause one connection while the others go on.
//!
//! One multiplexed connection carries every request (Redis answers in order; the `redis` crate
//! matches replies to callers), so 64 concurrent lookups are 64 commands in flight on one
//! socket, not 64 sockets. A command that times out is abandoned without harming the others
//! (its late reply is dropped); a connection that fails is forgotten and the next operation
//! connects again, after the pause every outage gets (see `health`).

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::resumption::ServerSessionState;
use redis::aio::MultiplexedConnection;

use super::commands::Reply;
use super::config::{RedisConfig, RedisUrlError};
use super::operations::{CheckReplay, Lookup, Operation, Ping, Put, Shared};
use super::StoreUnavailable;
use crate::metrics::Counters;

/// The Redis store for async drivers; needs a tokio runtime with the time driver.
pub struct AsyncRedisStore {
    shared: Shared,
    conn: Mutex<Option<MultiplexedConnection>>,
    /// One connection attempt at a time: the others wait for it instead of each opening one.
    connecting: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for AsyncRedisStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.shared.debug("AsyncRedisStore", f)
    }
}

impl AsyncRedisStore {
    /// A store for `config` that counts into its own [`Counters`]. Nothing connects yet.
    pub fn new(config: RedisConfig) -> Result<Self, RedisUrlError> {
        Self::with_counters(config, Arc::new(Counters::new()))
    }

    /// A store for `config` that counts into `counters`.
    pub fn with_counters(
        config: RedisConfig,
        counters: Arc<Counters>,
    ) -> Result<Self, RedisUrlError> {
        Ok(Self {
            shared: Shared::new(config, counters)?,
            conn: Mutex::new(None),
            connecting: tokio::sync::Mutex::new(()),
        })
    }

    /// Where the store connects, and how (timeouts, key prefix).
    pub fn config(&self) -> &RedisConfig {
        &self.shared.config
    }

    /// The counters this store reports into.
    pub fn counters(&self) -> &Counters {
        self.shared.health.counters()
    }

    /// Whether Redis answers a `PING` now.
    pub async fn ping(&self) -> Result<(), StoreUnavailable> {
        self.execute(&Ping).await
    }

    /// As [`RedisStore::put_state`](super::RedisStore::put_state).
    pub async fn put_state(
        &self,
        id: &[u8],
        state: &ServerSessionState,
        now: UnixTime,
    ) -> Result<bool, StoreUnavailable> {
        self.execute(&Put { id, state, now }).await
    }

    /// As [`RedisStore::get_state`](super::RedisStore::get_state).
    pub async fn get_state(
        &self,
        id: &[u8],
        now: UnixTime,
    ) -> Result<Option<ServerSessionState>, StoreUnavailable> {
        self.execute(&Lookup::get(id, now)).await
    }

    /// As [`RedisStore::take_state`](super::RedisStore::take_state): `GETDEL`, single use
    /// across the fleet.
    pub async fn take_state(
        &self,
        id: &[u8],
        now: UnixTime,
    ) -> Result<Option<ServerSessionState>, StoreUnavailable> {
        self.execute(&Lookup::take(id, now)).await
    }

    /// As [`RedisStore::check_replay`](super::RedisStore::check_replay), counted alike.
    pub async fn check_replay(
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
        .await
    }

    /// `op`'s command carried to Redis and back on the shared connection.
    async fn execute<O: Operation>(&self, op: &O) -> Result<O::Output, StoreUnavailable> {
        let cmd = match op.command(&self.shared) {
            Ok(cmd) => cmd,
            Err(answer) => return answer,
        };
        let reply = self.run(op.name(), cmd).await;
        op.answer(&self.shared, reply)
    }

    async fn run(&self, operation: &str, cmd: redis::Cmd) -> Result<Reply, StoreUnavailable> {
        if !self.shared.health.may_try() {
            return Err(StoreUnavailable);
        }
        if let Some(conn) = self.current() {
            match self.query(conn, &cmd).await {
                Ok(value) => return Ok(self.done(value)),
                // Closed since its last use (Redis restarted): a fresh connection decides.
                Err(Failure::Broken(_)) => {
                    self.forget();
                    self.shared.health.connection_lost();
                }
                Err(failure) => {
                    self.shared.health.failed(operation, &failure);
                    return Err(StoreUnavailable);
                }
            }
        }
        let conn = match self.connect().await {
            Ok(conn) => conn,
            Err(failure) => {
                self.shared.health.failed(operation, &failure);
                return Err(StoreUnavailable);
            }
        };
        match self.query(conn, &cmd).await {
            Ok(value) => Ok(self.done(value)),
            Err(failure) => {
                if matches!(failure, Failure::Broken(_)) {
                    self.forget();
                }
                self.shared.health.failed(operation, &failure);
                Err(StoreUnavailable)
            }
        }
    }

    fn done(&self, value: redis::Value) -> Reply {
        self.shared.health.succeeded();
        Reply::from(value)
    }

    async fn query(
        &self,
        mut conn: MultiplexedConnection,
        cmd: &redis::Cmd,
    ) -> Result<redis::Value, Failure> {
        let reply = tokio::time::timeout(
            self.shared.config.command_timeout,
            cmd.query_async::<redis::Value>(&mut conn),
        )
        .await;
        match reply {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(e)) if e.is_io_error() || e.is_unrecoverable_error() => Err(Failure::Broken(e)),
            Ok(Err(e)) => Err(Failure::Refused(e)),
            Err(_) => Err(Failure::TimedOut),
        }
    }

    /// The shared connection, opening it if there is none.
    async fn connect(&self) -> Result<MultiplexedConnection, Failure> {
        let _one_at_a_time = self.connecting.lock().await;
        if let Some(conn) = self.current() {
            return Ok(conn);
        }
        // No response timeout of the crate's: it would close the shared connection under
        // every other request; `query` times out one command alone.
        let settings = redis::AsyncConnectionConfig::new()
            .set_connection_timeout(self.shared.config.connect_timeout);
        let connecting = self
            .shared
            .client
            .get_multiplexed_async_connection_with_config(&settings);
        let conn = match tokio::time::timeout(self.shared.config.connect_timeout, connecting).await
        {
            Ok(Ok(conn)) => conn,
            Ok(Err(e)) => return Err(Failure::Broken(e)),
            Err(_) => return Err(Failure::TimedOut),
        };
        *self.slot() = Some(conn.clone());
        Ok(conn)
    }

    fn current(&self) -> Option<MultiplexedConnection> {
        self.slot().clone()
    }

    fn forget(&self) {
        *self.slot() = None;
    }

    /// A panic while the slot is locked leaves a connection or none: both valid.
    fn slot(&self) -> MutexGuard<'_, Option<MultiplexedConnection>> {
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Why a command got no reply.
#[derive(Debug)]
enum Failure {
    /// The connection is unusable (closed, refused, reset): forget it.
    Broken(redis::RedisError),
    /// Redis answered with an error: the connection is fine.
    Refused(redis::RedisError),
    /// No reply in time: the multiplexer drops the late one, the connection stays.
    TimedOut,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Broken(e) | Self::Refused(e) => write!(f, "{e}"),
            Self::TimedOut => f.write_str("timed out"),
        }
    }
}
