//! What both flavours share: [`Shared`] (the configuration, the `redis` crate's client, the
//! outage state) and each store operation as an [`Operation`]: the command it sends (from
//! `commands`), or its answer when Redis need not be asked, and what the reply, or the failure
//! to get one, means, counted. A flavour only carries a command to Redis and back
//! (`RedisStore::run` on a pooled blocking connection, `AsyncRedisStore::run` on the multiplexed
//! one), so the two cannot drift apart in what they write, count or refuse.

use std::sync::Arc;

use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::resumption::ServerSessionState;

use super::commands::{self, Reply};
use super::config::{RedisConfig, RedisUrlError};
use super::health::Health;
use super::StoreUnavailable;
use crate::metrics::Counters;

/// The part of a store that is not its connections.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) config: RedisConfig,
    pub(crate) client: redis::Client,
    pub(crate) health: Health,
}

impl Shared {
    /// For `config`, counting into `counters`. Nothing connects yet.
    pub(crate) fn new(config: RedisConfig, counters: Arc<Counters>) -> Result<Self, RedisUrlError> {
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
            health,
        })
    }

    /// A flavour's `Debug`: where it connects and whether Redis is down, never a session.
    pub(crate) fn debug(&self, name: &str, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct(name)
            .field("url", &self.config.url())
            .field("prefix", &self.config.prefix)
            .field("down", &self.health.is_down())
            .finish_non_exhaustive()
    }

    /// A reply of the wrong type: a store error like an outage (someone else's data under our
    /// prefix, or not Redis at all).
    fn unexpected(&self, operation: &str, what: String) -> StoreUnavailable {
        self.health.failed(operation, &what);
        StoreUnavailable
    }
}

/// One store operation, whichever flavour carries its command.
pub(crate) trait Operation {
    type Output;
    /// Its name in the log line of an outage.
    fn name(&self) -> &'static str;

    /// The command to send, or (`Err`) the answer given without asking Redis.
    #[allow(clippy::result_large_err)]
    fn command(
        &self,
        shared: &Shared,
    ) -> Result<redis::Cmd, Result<Self::Output, StoreUnavailable>>;

    /// The answer, from Redis's reply or from the failure to get one (which the flavour has
    /// counted and logged already).
    fn answer(
        &self,
        shared: &Shared,
        reply: Result<Reply, StoreUnavailable>,
    ) -> Result<Self::Output, StoreUnavailable>;
}

/// `PING`: whether Redis answers (a start-up check).
pub(crate) struct Ping;

impl Operation for Ping {
    type Output = ();
    fn name(&self) -> &'static str {
        "ping"
    }

    fn command(&self, _: &Shared) -> Result<redis::Cmd, Result<(), StoreUnavailable>> {
        Ok(redis::cmd("PING"))
    }

    fn answer(
        &self,
        _: &Shared,
        reply: Result<Reply, StoreUnavailable>,
    ) -> Result<(), StoreUnavailable> {
        match reply? {
            Reply::Status(s) if s == "PONG" => Ok(()),
            _ => Err(StoreUnavailable),
        }
    }
}

/// `SET key state PX ttl`: `false` if not stored because it has expired or `id` cannot be a
/// key.
pub(crate) struct Put<'a> {
    pub(crate) id: &'a [u8],
    pub(crate) state: &'a ServerSessionState,
    pub(crate) now: UnixTime,
}

impl Operation for Put<'_> {
    type Output = bool;
    fn name(&self) -> &'static str {
        "put"
    }

    fn command(&self, shared: &Shared) -> Result<redis::Cmd, Result<bool, StoreUnavailable>> {
        commands::put(&shared.config.prefix, self.id, self.state, self.now).ok_or(Ok(false))
    }

    fn answer(
        &self,
        shared: &Shared,
        reply: Result<Reply, StoreUnavailable>,
    ) -> Result<bool, StoreUnavailable> {
        commands::stored(reply?).map_err(|e| shared.unexpected(self.name(), e))
    }
}

/// `GET` (`take: false`, the state left in place) or `GETDEL` (`take: true`, removed in the
/// same step: of a fleet's servers, one gets it); counted as a hit or a miss.
pub(crate) struct Lookup<'a> {
    pub(crate) id: &'a [u8],
    pub(crate) take: bool,
    pub(crate) now: UnixTime,
}

impl<'a> Lookup<'a> {
    pub(crate) fn get(id: &'a [u8], now: UnixTime) -> Self {
        Self {
            id,
            take: false,
            now,
        }
    }

    pub(crate) fn take(id: &'a [u8], now: UnixTime) -> Self {
        Self {
            id,
            take: true,
            now,
        }
    }
}

impl Operation for Lookup<'_> {
    type Output = Option<ServerSessionState>;
    fn name(&self) -> &'static str {
        if self.take {
            "take"
        } else {
            "get"
        }
    }

    fn command(
        &self,
        shared: &Shared,
    ) -> Result<redis::Cmd, Result<Option<ServerSessionState>, StoreUnavailable>> {
        let prefix = &shared.config.prefix;
        let cmd = if self.take {
            commands::take(prefix, self.id)
        } else {
            commands::get(prefix, self.id)
        };
        // An ID that cannot be a key was never stored.
        cmd.ok_or(Ok(None))
    }

    fn answer(
        &self,
        shared: &Shared,
        reply: Result<Reply, StoreUnavailable>,
    ) -> Result<Option<ServerSessionState>, StoreUnavailable> {
        commands::state(reply?, self.now, shared.health.counters())
            .map_err(|e| shared.unexpected(self.name(), e))
    }
}

/// `SET key 1 NX PX ttl`: `true` if no server of the fleet had recorded `key`. Counted as
/// accepted, a replay refused, or rejected for want of a store.
pub(crate) struct CheckReplay<'a> {
    pub(crate) key: &'a [u8],
    pub(crate) valid_until: UnixTime,
    pub(crate) now: UnixTime,
}

impl Operation for CheckReplay<'_> {
    type Output = bool;
    fn name(&self) -> &'static str {
        "check_replay"
    }

    fn command(&self, shared: &Shared) -> Result<redis::Cmd, Result<bool, StoreUnavailable>> {
        let Some(cmd) = commands::record(&shared.config, self.key, self.valid_until, self.now)
        else {
            // A key we cannot record is refused 0-RTT (the AntiReplay contract: fail safe).
            shared.health.counters().zero_rtt_rejected();
            return Err(Ok(false));
        };
        if !shared.health.replay_records_trusted() {
            return Err(Err(StoreUnavailable));
        }
        Ok(cmd)
    }

    fn answer(
        &self,
        shared: &Shared,
        reply: Result<Reply, StoreUnavailable>,
    ) -> Result<bool, StoreUnavailable> {
        let verdict =
            reply.and_then(|r| commands::fresh(r).map_err(|e| shared.unexpected(self.name(), e)));
        // The connection this took may have found Redis restarted, without its records.
        if verdict == Ok(true) && !shared.health.replay_records_trusted() {
            return Err(StoreUnavailable);
        }
        commands::count_verdict(&verdict, shared.health.counters());
        verdict
    }
}
