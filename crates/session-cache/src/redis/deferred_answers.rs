//! Both stores as answerers of the core's deferred requests (`ferrotls_core::deferred`): the
//! session lookups, single-use takes and 0-RTT checks a paused handshake waits for, and the
//! session writes (`Event::StoreSession`) it reports without waiting.
//!
//! Every outcome is an answer: a Redis that cannot answer is `SessionLookup::Unavailable` or
//! `ReplayVerdict::Unavailable`, which the handshake turns into a full handshake or a refused
//! 0-RTT flight (RFC 9846 §8) with the reason `StoreUnavailable`, never a failure.

use ferrotls_core::deferred::{Answer, ReplayVerdict, Request, SessionLookup, StoreWrite};
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::resumption::ServerSessionState;

use super::{AsyncRedisStore, RedisStore, StoreUnavailable};

fn session(found: Result<Option<ServerSessionState>, StoreUnavailable>) -> Answer {
    Answer::Session(match found {
        Ok(Some(state)) => SessionLookup::Found(state),
        Ok(None) => SessionLookup::NotFound,
        Err(StoreUnavailable) => SessionLookup::Unavailable,
    })
}

fn replay(fresh: Result<bool, StoreUnavailable>) -> Answer {
    Answer::Replay(match fresh {
        Ok(true) => ReplayVerdict::Fresh,
        Ok(false) => ReplayVerdict::Replayed,
        Err(StoreUnavailable) => ReplayVerdict::Unavailable,
    })
}

impl AsyncRedisStore {
    /// The answer to `request`, or `None` for a request that is not about sessions or 0-RTT
    /// (a certificate, a signature): the application answers those itself.
    pub async fn answer(&self, request: &Request, now: UnixTime) -> Option<Answer> {
        Some(match request {
            Request::LookupSession { id } => session(self.get_state(id, now).await),
            Request::TakeSession { id } => session(self.take_state(id, now).await),
            Request::CheckReplay { key, valid_until } => {
                replay(self.check_replay(key, *valid_until, now).await)
            }
            _ => return None,
        })
    }

    /// Stores a session a handshake reported. Whether it was stored matters to no one waiting
    /// (the client simply cannot resume if not); a failure is counted and logged.
    pub async fn store(&self, write: &StoreWrite, now: UnixTime) -> bool {
        self.put_state(&write.id, &write.state, now)
            .await
            .unwrap_or(false)
    }
}

impl RedisStore {
    /// As [`AsyncRedisStore::answer`], blocking the calling thread for the round trip (for an
    /// application that answers deferred requests from a thread pool).
    pub fn answer(&self, request: &Request, now: UnixTime) -> Option<Answer> {
        Some(match request {
            Request::LookupSession { id } => session(self.get_state(id, now)),
            Request::TakeSession { id } => session(self.take_state(id, now)),
            Request::CheckReplay { key, valid_until } => {
                replay(self.check_replay(key, *valid_until, now))
            }
            _ => return None,
        })
    }

    /// As [`AsyncRedisStore::store`].
    pub fn store(&self, write: &StoreWrite, now: UnixTime) -> bool {
        self.put_state(&write.id, &write.state, now)
            .unwrap_or(false)
    }
}
