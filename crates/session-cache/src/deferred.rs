//! The core's deferred requests (`ferrotls_core::deferred`) answered by a store of this crate.
//!
//! A synchronous store in the config is already answered at once by the core (its instant
//! answerer calls `get`, `take` and `check`). This is for an application that defers the
//! session requests (`Defer::sessions`, `Defer::anti_replay`) because its driver loop answers
//! every request in one place, whatever store sits behind it: [`AnswersRequests`] turns a
//! pending [`Request`] into the [`Answer`] and carries out the store writes reported as
//! `Event::StoreSession`. It also says more than a `bool` can: a 0-RTT key refused because the
//! record is full is `ReplayVerdict::Unavailable` (the early data is rejected as
//! `StoreUnavailable`), not a replay.

use ferrotls_core::deferred::{Answer, Request, SessionLookup, StoreWrite};
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::resumption::ServerSessionStore;

use crate::memory::MemoryStore;

/// A store that answers the session and anti-replay requests of a paused handshake.
pub trait AnswersRequests: Send + Sync {
    /// The answer to `request` at `now`, or `None` for a request this store has nothing to do
    /// with (certificates, signatures): the application answers those elsewhere.
    fn answer(&self, request: &Request, now: UnixTime) -> Option<Answer>;

    /// Carries out a write reported as `Event::StoreSession`; `false` if the store refused it
    /// (the session is then simply not resumable).
    fn store(&self, write: StoreWrite, now: UnixTime) -> bool;
}

fn session(found: Option<ferrotls_core::resumption::ServerSessionState>) -> Answer {
    Answer::Session(found.map_or(SessionLookup::NotFound, SessionLookup::Found))
}

impl AnswersRequests for MemoryStore {
    fn answer(&self, request: &Request, now: UnixTime) -> Option<Answer> {
        match request {
            Request::LookupSession { id } => Some(session(self.get(id, now))),
            Request::TakeSession { id } => Some(session(self.take(id, now))),
            Request::CheckReplay { key, valid_until } => {
                Some(Answer::Replay(self.replay_verdict(key, *valid_until, now)))
            }
            _ => None,
        }
    }

    fn store(&self, write: StoreWrite, now: UnixTime) -> bool {
        self.put(&write.id, write.state, now)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use ferrotls_core::crypto::Secret;
    use ferrotls_core::resumption::{ServerSessionState, SessionParams};
    use ferrotls_core::CipherSuite;

    use super::*;
    use crate::memory::MemoryOptions;
    use crate::metrics::Counters;
    use ferrotls_core::deferred::ReplayVerdict;
    use ferrotls_core::CertificateChain;

    fn at(secs: u64) -> UnixTime {
        UnixTime::since_unix_epoch(Duration::from_secs(secs))
    }

    fn state() -> ServerSessionState {
        let params = SessionParams {
            cipher_suite: CipherSuite::TLS_AES_128_GCM_SHA256,
            secret: Secret::new(&[7; 32]),
            server_name: None,
            alpn: None,
            extended_master_secret: true,
            peer_certificates: CertificateChain::empty(),
        };
        ServerSessionState::tls13(params, vec![1; 32], at(100), 600, 0, 0).unwrap()
    }

    #[test]
    fn session_requests_are_answered_from_the_store() {
        let s = MemoryStore::new(10);
        let write = StoreWrite {
            id: b"ticket".to_vec(),
            state: state(),
        };
        assert!(s.store(write, at(100)));
        let lookup = Request::LookupSession {
            id: b"ticket".to_vec(),
        };
        let take = Request::TakeSession {
            id: b"ticket".to_vec(),
        };
        assert!(matches!(
            s.answer(&lookup, at(101)),
            Some(Answer::Session(SessionLookup::Found(_)))
        ));
        assert!(matches!(
            s.answer(&take, at(101)),
            Some(Answer::Session(SessionLookup::Found(_)))
        ));
        assert!(matches!(
            s.answer(&take, at(101)),
            Some(Answer::Session(SessionLookup::NotFound))
        ));
        let sign = Request::Sign {
            scheme: ferrotls_core::crypto::SignatureScheme::ED25519,
            message: Vec::new(),
        };
        assert!(s.answer(&sign, at(101)).is_none());
    }

    #[test]
    fn replays_and_a_full_record_are_told_apart() {
        let s = MemoryStore::with_options(
            MemoryOptions {
                shards: 1,
                anti_replay_capacity: 1,
                ..MemoryOptions::default()
            },
            Arc::new(Counters::new()),
        );
        let check = |key: &[u8]| Request::CheckReplay {
            key: key.to_vec(),
            valid_until: at(200),
        };
        let verdict = |r: Option<Answer>| match r {
            Some(Answer::Replay(v)) => v,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            verdict(s.answer(&check(b"a"), at(100))),
            ReplayVerdict::Fresh
        );
        assert_eq!(
            verdict(s.answer(&check(b"a"), at(100))),
            ReplayVerdict::Replayed
        );
        assert_eq!(
            verdict(s.answer(&check(b"b"), at(100))),
            ReplayVerdict::Unavailable
        );
        let m = s.metrics();
        assert_eq!(
            (m.zero_rtt_accepted, m.replays_refused, m.zero_rtt_rejected),
            (1, 1, 1)
        );
    }
}
