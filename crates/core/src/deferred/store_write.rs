//! A session for the application's store: a write the handshake does not wait for.

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec::Vec;

use rustls_pki_types::UnixTime;

use crate::config::ServerConfig;
use crate::conn::HandshakeOutput;
use crate::events::Event;
use crate::resumption::{ServerSessionState, ServerSessionStore};

/// Server: store `state` under `id` (a TLS 1.2 session ID after a full handshake, RFC 5246
/// §7.4.1.3; a stateful TLS 1.3 ticket, RFC 9846 §4.7.1). Reported as
/// [`Event::StoreSession`](crate::Event::StoreSession) when `Defer::sessions` is set; the
/// handshake goes on without waiting, and the event stays queued until polled. With a
/// synchronous store the connection calls its `put` instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreWrite {
    /// The key to store it under (the session ID or the ticket's identity).
    pub id: Vec<u8>,
    /// What resumption needs of the session.
    pub state: ServerSessionState,
}

/// Where a handshake's new sessions go: the config's synchronous store, or the application
/// (`Defer::sessions`, as `Event::StoreSession`). One path for both: the handshake makes a
/// [`StoreWrite`] and hands it here.
#[derive(Clone, Debug)]
pub(crate) enum SessionSink {
    Store(Arc<dyn ServerSessionStore>),
    Application,
}

impl SessionSink {
    /// The config's sink, if it keeps sessions by ID at all.
    pub(crate) fn of(config: &ServerConfig) -> Option<Self> {
        if config.defer.sessions {
            return Some(Self::Application);
        }
        config
            .session_store
            .as_ref()
            .map(|s| Self::Store(Arc::clone(s)))
    }

    /// Keep `write`; returns whether it is kept. The application is told and trusted (it may
    /// store it whenever it polls); a synchronous store may refuse (full, policy), and then the
    /// session is not announced.
    pub(crate) fn keep(
        &self,
        common: &mut dyn HandshakeOutput,
        write: StoreWrite,
        now: UnixTime,
    ) -> bool {
        match self {
            Self::Store(store) => store.put(&write.id, write.state, now),
            Self::Application => {
                common.emit(Event::StoreSession(Box::new(write)));
                true
            }
        }
    }
}
