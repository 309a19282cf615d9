//! The server's session store as `--session-store` chose it: the library's in-memory one, or
//! the Redis fleet store, which then also keeps the 0-RTT anti-replay records so that a flight
//! accepted by one server of the fleet is refused by all the others.

use std::sync::Arc;

use ferrotls_core::ServerConfig;
use ferrotls_session_cache::redis::RedisStore;
use ferrotls_session_cache::Counters;

use crate::options::{ServerOptions, SessionStoreChoice};

/// Put the chosen store into `config`; the Redis store counts into `counters`. Redis being
/// away at start-up is reported (by the store's log line) and is no reason not to serve: the
/// store reconnects by itself.
pub(crate) fn apply(
    opts: &ServerOptions,
    config: &mut ServerConfig,
    counters: &Arc<Counters>,
) -> Result<(), String> {
    if opts.stateful_tickets {
        // Without a sealer the TLS 1.3 server keeps ticket states in the session store.
        config.ticket_sealer = None;
    }
    let SessionStoreChoice::Redis(redis) = &opts.session_store else {
        return Ok(());
    };
    let store = RedisStore::with_counters(redis.clone(), Arc::clone(counters))
        .map_err(|e| format!("--session-store: {e}"))?;
    let store = Arc::new(store);
    let _ = store.ping();
    if opts.session_cache {
        config.session_store = Some(Arc::clone(&store) as _);
    }
    if opts.max_early_data > 0 {
        config.anti_replay = Some(store);
    }
    Ok(())
}
