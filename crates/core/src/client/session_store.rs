//! Automatic resumption through `ClientConfig::session_store`:
//!
//! - [`stored_offer`]: what `ClientConnection::new` offers — the newest stored session for the
//!   server name that is unexpired and that `resume` would offer with this config
//!   (`ClientSessionStore::take_for_resumption`: a TLS 1.3 ticket is taken and so never offered
//!   twice, RFC 8446 §C.4; a TLS 1.2 session is copied, RFC 5246 §7.4.1.2);
//! - [`ClientContext::session_received`]: every session the server makes resumable is stored as
//!   well as reported (`Event::TicketReceived`);
//! - [`ClientContext::declined_by_server`] and [`ClientContext::connection_failed`]: the server's
//!   sessions are forgotten (`remove_all`) when it declines the one taken from the store (its
//!   ticket key or cache has moved on, and a declined TLS 1.2 session would otherwise be offered
//!   again and again), and when a connection that offered or stored a session fails with a
//!   fatal alert, sent or received (RFC 5246 §7.2.2: the session "MUST be invalidated"). A
//!   transport that ends without close_notify does not count (RFC 5246 §7.2.1 dropped that
//!   rule in TLS 1.1). The store keys by server name, so the whole name's sessions go.
//!
//! A connection made with an explicit `ClientConnection::resume` offers that session, never a
//! stored one, and the store is forgotten for it only if the connection stored something.

use alloc::string::String;
use core::time::Duration;

use rustls_pki_types::{ServerName, UnixTime};

use super::hello::sni_host_name;
use super::resume::usable;
use super::{ClientContext, Offer};
use crate::config::ClientConfig;
use crate::conn::HandshakeOutput;
use crate::error::Error;
use crate::resumption::{DeclineReason, ResumptionData};

/// How one connection used the config's session store.
#[derive(Debug, Default)]
pub(crate) struct StoreLink {
    /// The offered session came from the store.
    pub(crate) offered: bool,
    /// The connection put a session into the store.
    stored: bool,
    /// The server's sessions were forgotten and nothing was stored since: a failure that is
    /// reported again (every later call returns it) does not remove what other connections
    /// stored meanwhile.
    forgotten: bool,
}

/// The session `ClientConnection::new` offers, taken from the config's store.
pub(super) fn stored_offer(
    config: &ClientConfig,
    server_name: &ServerName<'_>,
    now: UnixTime,
) -> Option<Offer> {
    let store = config.session_store.as_ref()?;
    let sni = store_key(config, server_name);
    let sni = sni.as_deref();
    let data = store.take_for_resumption(sni, now, &|d| usable(config, sni, d, now).is_ok())?;
    // Checked again: the store is the application's code, and this decides what goes out.
    let early_data = usable(config, sni, &data, now).ok()?;
    let age = now.as_secs().saturating_sub(data.received().as_secs());
    Some(Offer::new(data, early_data, Duration::from_secs(age), true))
}

/// The name sessions for `server_name` are filed under: the SNI we send (what the sessions'
/// `server_name()` holds), `None` without it.
fn store_key(config: &ClientConfig, server_name: &ServerName<'_>) -> Option<String> {
    sni_host_name(server_name).filter(|_| config.send_sni)
}

impl ClientContext {
    /// The server made a session resumable: store it (with a store configured) and report it.
    pub(crate) fn session_received(
        &mut self,
        common: &mut dyn HandshakeOutput,
        data: ResumptionData,
    ) {
        if let Some(store) = &self.config.session_store {
            // An abbreviated TLS 1.2 handshake without a new ticket reports the session it
            // resumed again, unchanged; taken from the store, it is still there.
            let still_stored = self.store.offered && self.offered.as_ref() == Some(&data);
            if !still_stored {
                store.insert(data.clone());
                self.store.stored = true;
                self.store.forgotten = false;
            }
        }
        common.ticket_received(data);
    }

    /// The server answered the offered session with a full handshake.
    pub(crate) fn declined_by_server(&mut self, common: &mut dyn HandshakeOutput) {
        common.resumption_declined(DeclineReason::DeclinedByServer);
        if self.store.offered {
            self.forget_server();
        }
    }

    /// The connection failed with `error`.
    pub(crate) fn connection_failed(&mut self, error: &Error) {
        let fatal_alert = matches!(error, Error::AlertSent { .. } | Error::AlertReceived(_));
        if fatal_alert && (self.store.offered || self.store.stored) {
            self.forget_server();
        }
    }

    fn forget_server(&mut self) {
        if self.store.forgotten {
            return;
        }
        if let Some(store) = &self.config.session_store {
            store.remove_all(store_key(&self.config, &self.server_name).as_deref());
        }
        self.store.forgotten = true;
    }
}
