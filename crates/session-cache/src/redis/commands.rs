//! The four commands both flavours send, and what their replies mean. Everything Redis-specific
//! that is not about connections lives here, so the blocking and the async store cannot drift
//! apart.

use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::resumption::{ServerSessionState, ServerStateError};

use super::config::{RedisConfig, RedisUrlError};
use super::keys;
use super::StoreUnavailable;
use crate::metrics::Counters;

/// The `redis` crate's client for `config` (nothing connects yet).
pub(crate) fn client(config: &RedisConfig) -> Result<redis::Client, RedisUrlError> {
    redis::Client::open(config.connection_info())
        .map_err(|e| RedisUrlError::new(format!("{}: {e}", config.url())))
}

/// `SET key state PX ttl`, or `None` when there is nothing to store (expired, or an ID that
/// cannot be a key).
pub(crate) fn put(
    prefix: &str,
    id: &[u8],
    state: &ServerSessionState,
    now: UnixTime,
) -> Option<redis::Cmd> {
    let key = keys::session_key(prefix, id)?;
    let ttl = keys::session_ttl_ms(state, now)?;
    let value = state.to_bytes();
    let mut cmd = redis::cmd("SET");
    cmd.arg(key).arg(&value[..]).arg("PX").arg(ttl);
    Some(cmd)
}

/// `GET key`.
pub(crate) fn get(prefix: &str, id: &[u8]) -> Option<redis::Cmd> {
    let mut cmd = redis::cmd("GET");
    cmd.arg(keys::session_key(prefix, id)?);
    Some(cmd)
}

/// `GETDEL key` (Redis 6.2): the read and the removal are one step, so two servers taking the
/// same single-use ticket at once cannot both get it.
pub(crate) fn take(prefix: &str, id: &[u8]) -> Option<redis::Cmd> {
    let mut cmd = redis::cmd("GETDEL");
    cmd.arg(keys::session_key(prefix, id)?);
    Some(cmd)
}

/// `SET key 1 NX PX ttl`: sets the record only if absent, in one step, so that of any number
/// of servers checking the same key at once exactly one is told it is fresh.
pub(crate) fn record(
    config: &RedisConfig,
    key: &[u8],
    valid_until: UnixTime,
    now: UnixTime,
) -> Option<redis::Cmd> {
    let key = keys::replay_key(&config.prefix, key)?;
    let ttl = keys::replay_ttl_ms(valid_until, now, config.replay_margin);
    let mut cmd = redis::cmd("SET");
    cmd.arg(key).arg(1).arg("NX").arg("PX").arg(ttl);
    Some(cmd)
}

/// The reply shapes these commands produce; anything else is someone else's data or not
/// Redis.
#[derive(Debug)]
pub(crate) enum Reply {
    Ok,
    Nil,
    Bytes(Vec<u8>),
    Status(String),
    Other(String),
}

impl From<redis::Value> for Reply {
    fn from(value: redis::Value) -> Self {
        match value {
            redis::Value::Okay => Self::Ok,
            redis::Value::Nil => Self::Nil,
            redis::Value::BulkString(bytes) => Self::Bytes(bytes),
            redis::Value::SimpleString(s) => Self::Status(s),
            other => Self::Other(format!("{other:?}")),
        }
    }
}

impl std::fmt::Display for Reply {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Ok => f.write_str("OK"),
            Self::Nil => f.write_str("nil"),
            Self::Bytes(b) => write!(f, "{} bytes", b.len()),
            Self::Status(s) => write!(f, "+{s}"),
            Self::Other(s) => f.write_str(s),
        }
    }
}

/// The reply to [`put`]: `OK`.
pub(crate) fn stored(reply: Reply) -> Result<bool, String> {
    match reply {
        Reply::Ok => Ok(true),
        other => Err(format!("SET answered {other}")),
    }
}

/// The reply to [`record`]: `OK` if set (fresh), nil if the key was there (a replay).
pub(crate) fn fresh(reply: Reply) -> Result<bool, String> {
    match reply {
        Reply::Ok => Ok(true),
        Reply::Nil => Ok(false),
        other => Err(format!("SET NX answered {other}")),
    }
}

/// The reply to [`get`] or [`take`], counted as a hit or a miss. A value that does not decode
/// (expired by our clock though Redis still had it, or written by a newer format) is a miss.
pub(crate) fn state(
    reply: Reply,
    now: UnixTime,
    counters: &Counters,
) -> Result<Option<ServerSessionState>, String> {
    let bytes = match reply {
        Reply::Nil => {
            counters.miss();
            return Ok(None);
        }
        Reply::Bytes(bytes) => ferrotls_core::zeroize::Zeroizing::new(bytes),
        other => return Err(format!("GET answered {other}")),
    };
    match ServerSessionState::from_bytes(&bytes, now) {
        Ok(state) => {
            counters.hit();
            Ok(Some(state))
        }
        Err(ServerStateError::Expired) => {
            counters.expiry();
            counters.miss();
            Ok(None)
        }
        Err(_) => {
            counters.miss();
            Ok(None)
        }
    }
}

/// Counts an anti-replay answer: accepted, a replay refused, or refused for want of a store.
pub(crate) fn count_verdict(verdict: &Result<bool, StoreUnavailable>, counters: &Counters) {
    match verdict {
        Ok(true) => counters.zero_rtt_accepted(),
        Ok(false) => counters.replay_refused(),
        Err(StoreUnavailable) => counters.zero_rtt_rejected(),
    }
}
