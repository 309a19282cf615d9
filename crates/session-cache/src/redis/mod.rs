//! The Redis fleet store (feature `redis`): sessions and 0-RTT anti-replay records that every
//! server of a fleet shares through one Redis.
//!
//! Map:
//! - [`config`]: [`RedisConfig`], the URL, key prefix and timeouts.
//! - [`keys`]: the key layout and expiry of the records (shared by both flavours, so a fleet
//!   may mix them).
//! - `commands`: the commands (`SET .. PX`, `GET`, `GETDEL`, `SET .. NX PX`) and their replies.
//! - `operations`: what both flavours share (configuration, client, outage state) and each
//!   store operation written once: its command, or its answer without Redis, and what the
//!   reply means, counted. A flavour only carries commands to Redis and back.
//! - `health`: outage detection, the store-error count, the log line per outage, the pause
//!   before reconnecting.
//! - [`blocking`]: [`RedisStore`], the core's synchronous traits for thread-per-connection
//!   drivers.
//! - [`nonblocking`]: [`AsyncRedisStore`], the same operations as futures for tokio drivers.
//! - `deferred_answers`: both stores answering the core's deferred requests (`answer`,
//!   `store`), so that a Redis round trip pauses one handshake and blocks nothing else.
//!
//! Redis holds session secrets (TLS 1.2 master secrets, TLS 1.3 PSKs) for their lifetime:
//! give it the protection of the servers' private keys (loopback or a private network, no
//! persistence to shared disks).

pub mod blocking;
mod commands;
pub mod config;
mod deferred_answers;
mod health;
pub mod keys;
pub mod nonblocking;
mod operations;

use std::fmt;

pub use blocking::RedisStore;
pub use config::{RedisConfig, RedisUrlError, DEFAULT_PREFIX};
pub use nonblocking::AsyncRedisStore;

/// Redis could not answer (unreachable, too slow, or an unexpected reply): the operation is
/// counted as a store error and the handshake goes on without it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoreUnavailable;

impl fmt::Display for StoreUnavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("session store unavailable")
    }
}

impl std::error::Error for StoreUnavailable {}
