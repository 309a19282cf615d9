//! The synchronous objects of a config as instant answerers: the degenerate case of a deferred
//! answer. After every handshake message and every answer, the connection asks the config here
//! first; only what comes back `None` pauses the handshake for the application. So a server
//! with an in-memory `ServerSessionStore` runs exactly the code a server with a remote store
//! runs, with the answer arriving before the call returns.
//!
//! | Request                    | synchronous object            | deferred by         |
//! |----------------------------|-------------------------------|---------------------|
//! | `LookupSession`            | `ServerSessionStore::get`     | `Defer::sessions`   |
//! | `TakeSession`              | `ServerSessionStore::take`    | `Defer::sessions`   |
//! | `CheckReplay`              | `AntiReplay::check`           | `Defer::anti_replay`|
//! | `ChooseCertificate`        | `ResolvesServerCert::resolve` | `Defer::certificate`|
//! | `ChooseClientCertificate`  | `ClientConfig::client_auth`   | `Defer::certificate`|
//! | `Sign`                     | the handshake's own local key | `SigningKey::is_external` |
//!
//! `Sign` is not answered here: the key is the chosen certificate's, which only the paused
//! handshake holds.

use rustls_pki_types::UnixTime;

use super::answer::{Answer, ReplayVerdict, SessionLookup};
use super::request::Request;
use crate::config::{ClientConfig, ServerConfig};

/// What `config`'s synchronous objects answer to `request`, unless `config.defer` leaves it to
/// the application: `None` then, and `None` when the config has no object for it.
pub fn server_answer_now(
    config: &ServerConfig,
    request: &Request,
    now: UnixTime,
) -> Option<Answer> {
    let deferred = match request {
        Request::LookupSession { .. } | Request::TakeSession { .. } => config.defer.sessions,
        Request::CheckReplay { .. } => config.defer.anti_replay,
        Request::ChooseCertificate(_) => config.defer.certificate,
        _ => false,
    };
    if deferred {
        return None;
    }
    server_answer(config, request, now)
}

/// What `config`'s synchronous objects answer to `request`, whatever `config.defer` says (an
/// application may answer from them late, as the tests' deferring driver does). `None` when the
/// config has no object for it.
pub fn server_answer(config: &ServerConfig, request: &Request, now: UnixTime) -> Option<Answer> {
    let found = |state: Option<_>| {
        Answer::Session(state.map_or(SessionLookup::NotFound, SessionLookup::Found))
    };
    match request {
        Request::LookupSession { id } => {
            let store = config.session_store.as_ref()?;
            Some(found(store.get(id, now)))
        }
        Request::TakeSession { id } => {
            let store = config.session_store.as_ref()?;
            Some(found(store.take(id, now)))
        }
        Request::CheckReplay { key, valid_until } => {
            let anti_replay = config.anti_replay.as_ref()?;
            Some(Answer::Replay(
                if anti_replay.check(key, *valid_until, now) {
                    ReplayVerdict::Fresh
                } else {
                    ReplayVerdict::Replayed
                },
            ))
        }
        Request::ChooseCertificate(query) => Some(Answer::Certificate(
            config
                .cert_resolver
                .resolve(query.server_name.as_deref(), &query.schemes),
        )),
        Request::ChooseClientCertificate(_) | Request::Sign { .. } => None,
    }
}

/// The client's flavour of [`server_answer_now`].
pub fn client_answer_now(
    config: &ClientConfig,
    request: &Request,
    now: UnixTime,
) -> Option<Answer> {
    match request {
        Request::ChooseClientCertificate(_) if config.defer.certificate => None,
        _ => client_answer(config, request, now),
    }
}

/// The client's flavour of [`server_answer`]: the configured client certificate.
pub fn client_answer(config: &ClientConfig, request: &Request, _now: UnixTime) -> Option<Answer> {
    match request {
        Request::ChooseClientCertificate(_) => {
            Some(Answer::Certificate(config.client_auth.clone()))
        }
        _ => None,
    }
}
