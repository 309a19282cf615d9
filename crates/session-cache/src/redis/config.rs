//! [`RedisConfig`]: where the Redis store connects, under which key prefix, and how long it
//! waits before it calls Redis unavailable.

use std::fmt;
use std::time::Duration;

/// The key prefix without `--session-prefix`: every key the store writes starts with it, so
/// several services (or fleets) can share one Redis.
pub const DEFAULT_PREFIX: &str = "ferrotls:";

/// The longest prefix accepted: it is repeated in every key.
pub const MAX_PREFIX_LEN: usize = 128;

/// How the Redis store reaches Redis and how patient it is.
///
/// The timeouts bound what a handshake can lose to Redis: a lookup that takes longer is
/// abandoned, counted as a store error, and the handshake goes on without the session (a full
/// handshake) or without 0-RTT. After a failure the store makes no new attempt for
/// [`retry_after`](Self::retry_after), so that an outage costs each handshake nothing, then
/// reconnects by itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RedisConfig {
    /// Host name or IP address (an IPv6 address without brackets).
    pub host: String,
    /// TCP port (the URL must name it; Redis listens on 6379 by default).
    pub port: u16,
    /// The database number (`SELECT`), 0 by default.
    pub db: u32,
    /// Prepended to every key (default [`DEFAULT_PREFIX`]).
    pub prefix: String,
    /// The most a connection attempt (TCP connect and the connection's setup) may take.
    pub connect_timeout: Duration,
    /// The most one command may take, from sending it to its reply.
    pub command_timeout: Duration,
    /// After a failure, how long operations answer "unavailable" without trying.
    pub retry_after: Duration,
    /// Added to every 0-RTT anti-replay record's lifetime: the clocks of a fleet's servers
    /// differ, and a server whose clock is behind still finds a ClientHello fresh when the
    /// record made by a server ahead of it would already be gone (RFC 9846 §8.3 bounds the
    /// window by the servers' clocks).
    pub replay_margin: Duration,
    /// After Redis was away (or a connection to it was found closed), how long 0-RTT is
    /// refused: Redis may have restarted without the records of ClientHellos that can still be
    /// fresh. At least the freshness window the server applies plus `replay_margin`.
    pub replay_blackout: Duration,
}

impl RedisConfig {
    /// `redis://HOST:PORT[/DB]` with the default prefix and timeouts: 250 ms to connect,
    /// 100 ms per command, 100 ms before a retry after a failure, a 10 s anti-replay margin,
    /// no 0-RTT for 30 s after an outage.
    pub fn from_url(url: &str) -> Result<Self, RedisUrlError> {
        let (host, port, db) = parse_url(url)?;
        Ok(Self {
            host,
            port,
            db,
            prefix: DEFAULT_PREFIX.to_string(),
            connect_timeout: Duration::from_millis(250),
            command_timeout: Duration::from_millis(100),
            retry_after: Duration::from_millis(100),
            replay_margin: Duration::from_secs(10),
            replay_blackout: Duration::from_secs(30),
        })
    }

    /// The same with `prefix` (at most [`MAX_PREFIX_LEN`] bytes of printable ASCII, no space).
    pub fn with_prefix(mut self, prefix: &str) -> Result<Self, RedisUrlError> {
        let printable = prefix.bytes().all(|b| b.is_ascii_graphic());
        if prefix.is_empty() || prefix.len() > MAX_PREFIX_LEN || !printable {
            return Err(RedisUrlError(format!(
                "the key prefix {prefix:?} is not 1 to {MAX_PREFIX_LEN} printable ASCII characters"
            )));
        }
        prefix.clone_into(&mut self.prefix);
        Ok(self)
    }

    /// The address in the URL form it was given in (`redis://HOST:PORT/DB`), for messages.
    pub fn url(&self) -> String {
        if self.host.contains(':') {
            format!("redis://[{}]:{}/{}", self.host, self.port, self.db)
        } else {
            format!("redis://{}:{}/{}", self.host, self.port, self.db)
        }
    }

    /// What the `redis` crate connects to.
    pub(crate) fn connection_info(&self) -> redis::ConnectionInfo {
        redis::ConnectionInfo {
            addr: redis::ConnectionAddr::Tcp(self.host.clone(), self.port),
            redis: redis::RedisConnectionInfo {
                db: i64::from(self.db),
                ..redis::RedisConnectionInfo::default()
            },
        }
    }
}

/// A `--session-store` URL or prefix that cannot be used, with the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RedisUrlError(String);

impl fmt::Display for RedisUrlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RedisUrlError {}

impl RedisUrlError {
    pub(crate) fn new(text: String) -> Self {
        Self(text)
    }
}

/// `redis://HOST:PORT[/DB]`: only what a session store needs (no credentials, no TLS, no
/// socket paths), each part checked so that a typo is reported at start-up, not as an outage.
fn parse_url(url: &str) -> Result<(String, u16, u32), RedisUrlError> {
    let bad = |why: &str| RedisUrlError(format!("{url:?} is not redis://HOST:PORT[/DB]: {why}"));
    let rest = url
        .strip_prefix("redis://")
        .ok_or_else(|| bad("it must start with redis://"))?;
    let (authority, db) = match rest.split_once('/') {
        Some((authority, "")) => (authority, 0),
        Some((authority, db)) => {
            let db = db
                .parse()
                .map_err(|_| bad("the database is not a number"))?;
            (authority, db)
        }
        None => (rest, 0),
    };
    let (host, port) = authority
        .rsplit_once(':')
        .ok_or_else(|| bad("the port is missing"))?;
    let port: u16 = port
        .parse()
        .ok()
        .filter(|p| *p != 0)
        .ok_or_else(|| bad("the port is not a number from 1 to 65535"))?;
    let host = match host.strip_prefix('[') {
        Some(v6) => v6
            .strip_suffix(']')
            .filter(|h| h.parse::<std::net::Ipv6Addr>().is_ok())
            .ok_or_else(|| bad("the bracketed host is not an IPv6 address"))?,
        None => host,
    };
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:_".contains(&b));
    if !host_ok || (host.contains(':') && !authority.starts_with('[')) {
        return Err(bad("the host is not a name or an IP address"));
    }
    if host.contains('@') {
        return Err(bad("credentials are not supported"));
    }
    Ok((host.to_string(), port, db))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_with_and_without_a_database() {
        let c = RedisConfig::from_url("redis://127.0.0.1:6379").unwrap();
        assert_eq!((c.host.as_str(), c.port, c.db), ("127.0.0.1", 6379, 0));
        assert_eq!(c.prefix, DEFAULT_PREFIX);
        let c = RedisConfig::from_url("redis://cache.internal:7000/3").unwrap();
        assert_eq!((c.host.as_str(), c.port, c.db), ("cache.internal", 7000, 3));
        assert_eq!(c.url(), "redis://cache.internal:7000/3");
        let c = RedisConfig::from_url("redis://[::1]:6379/").unwrap();
        assert_eq!((c.host.as_str(), c.port, c.db), ("::1", 6379, 0));
        assert_eq!(c.url(), "redis://[::1]:6379/0");
    }

    #[test]
    fn malformed_urls_say_why() {
        for (url, why) in [
            ("127.0.0.1:6379", "redis://"),
            ("rediss://h:1", "redis://"),
            ("redis://h", "port is missing"),
            ("redis://h:0", "1 to 65535"),
            ("redis://h:65536", "1 to 65535"),
            ("redis://h:x", "1 to 65535"),
            ("redis://:6379", "host"),
            ("redis://user:pw@h:6379", "host"),
            ("redis://::1:6379", "host"),
            ("redis://[nope]:6379", "IPv6"),
            ("redis://h:1/zero", "database"),
            ("redis://h:1/-1", "database"),
        ] {
            let e = RedisConfig::from_url(url).unwrap_err().to_string();
            assert!(e.contains(why), "{url}: {e}");
        }
    }

    #[test]
    fn prefixes_are_printable_and_bounded() {
        let c = RedisConfig::from_url("redis://h:1").unwrap();
        assert_eq!(
            c.clone().with_prefix("fleet-a:").unwrap().prefix,
            "fleet-a:"
        );
        for bad in [
            "",
            "has space",
            "tab\t",
            &"p".repeat(MAX_PREFIX_LEN + 1),
            "é",
        ] {
            assert!(c.clone().with_prefix(bad).is_err(), "{bad:?}");
        }
    }
}
