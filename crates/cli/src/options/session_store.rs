//! `ferrotls server --session-store memory|redis://HOST:PORT[/DB] [--session-prefix P]`: where
//! the server keeps sessions and 0-RTT records.

use clap::error::ErrorKind;
use clap::Args;
use ferrotls_session_cache::redis::RedisConfig;

use super::{usage_error, UsageError};

/// Where `ferrotls server` keeps its sessions (TLS 1.2 session IDs, stateful TLS 1.3 tickets)
/// and its 0-RTT anti-replay records.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum SessionStoreChoice {
    /// In this process (the default).
    #[default]
    Memory,
    /// In Redis, shared by every server given the same URL and prefix: a fleet.
    Redis(RedisConfig),
}

/// The two options as given; [`finish`](Self::finish) checks them together.
#[derive(Debug, Args)]
pub(super) struct SessionStoreArgs {
    /// Where sessions and 0-RTT records live: 'memory' (this process) or
    /// redis://HOST:PORT[/DB] (shared by a fleet) [default: memory].
    #[arg(long, value_name = "STORE", value_parser = store)]
    session_store: Option<SessionStoreChoice>,
    /// Prefix of every Redis key, so fleets can share one Redis [default: ferrotls:].
    #[arg(long, value_name = "P", requires = "session_store")]
    session_prefix: Option<String>,
}

/// `--session-store`: a URL that cannot work is a usage error now, not an outage later.
fn store(text: &str) -> Result<SessionStoreChoice, String> {
    match text {
        "memory" => Ok(SessionStoreChoice::Memory),
        url if url.starts_with("redis://") => RedisConfig::from_url(url)
            .map(SessionStoreChoice::Redis)
            .map_err(|e| e.to_string()),
        other => Err(format!(
            "{other:?} is neither 'memory' nor redis://HOST:PORT[/DB]"
        )),
    }
}

impl SessionStoreArgs {
    /// The store chosen, with the prefix if one was given for a Redis store.
    pub(super) fn finish(self) -> Result<SessionStoreChoice, UsageError> {
        let choice = self.session_store.unwrap_or_default();
        let Some(prefix) = self.session_prefix else {
            return Ok(choice);
        };
        match choice {
            SessionStoreChoice::Redis(config) => config
                .with_prefix(&prefix)
                .map(SessionStoreChoice::Redis)
                .map_err(|e| {
                    usage_error(
                        "server",
                        ErrorKind::ValueValidation,
                        format!("invalid value {prefix:?} for '--session-prefix <P>': {e}"),
                    )
                }),
            SessionStoreChoice::Memory => Err(usage_error(
                "server",
                ErrorKind::ArgumentConflict,
                "--session-prefix needs --session-store redis://...".into(),
            )),
        }
    }
}
