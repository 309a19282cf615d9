//! `ferrotls server --session-store memory|redis://HOST:PORT[/DB] [--session-prefix P]
//! [--stateful-tickets]`: where the server keeps sessions and 0-RTT records.

use ferrotls_session_cache::redis::RedisConfig;

use super::cursor::{no_value, Cursor};
use super::UsageError;

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

/// The flags as they come, checked together by [`finish`](Self::finish).
#[derive(Debug, Default)]
pub(super) struct SessionStoreFlags {
    store: Option<String>,
    prefix: Option<String>,
    pub(super) stateful_tickets: bool,
}

impl SessionStoreFlags {
    /// Takes `name` if it is one of these flags; `Ok(false)` leaves it to the caller.
    pub(super) fn take(
        &mut self,
        name: &str,
        attached: Option<String>,
        args: &mut Cursor,
    ) -> Result<bool, UsageError> {
        match name {
            "--session-store" => self.store = Some(args.value(name, attached)?),
            "--session-prefix" => self.prefix = Some(args.value(name, attached)?),
            "--stateful-tickets" => {
                no_value(name, attached)?;
                self.stateful_tickets = true;
            }
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// The store chosen; a URL or prefix that cannot work is a usage error now, not an
    /// outage later.
    pub(super) fn finish(self) -> Result<SessionStoreChoice, UsageError> {
        let choice = match self.store.as_deref() {
            None | Some("memory") => SessionStoreChoice::Memory,
            Some(url) if url.starts_with("redis://") => {
                let config = RedisConfig::from_url(url)
                    .map_err(|e| UsageError(format!("--session-store: {e}")))?;
                let config = match &self.prefix {
                    Some(prefix) => config
                        .with_prefix(prefix)
                        .map_err(|e| UsageError(format!("--session-prefix: {e}")))?,
                    None => config,
                };
                SessionStoreChoice::Redis(config)
            }
            Some(other) => {
                return Err(UsageError(format!(
                    "--session-store {other:?} is neither 'memory' nor redis://HOST:PORT[/DB]"
                )))
            }
        };
        if self.prefix.is_some() && choice == SessionStoreChoice::Memory {
            return Err(UsageError(
                "--session-prefix needs --session-store redis://...".into(),
            ));
        }
        Ok(choice)
    }
}
