//! The server after its handshake: application traffic with KeyUpdate (RFC 8446 §4.6.3), and
//! more NewSessionTickets on request (§4.6.1).

use rustls_pki_types::UnixTime;

use super::tickets::TicketIssuer;
use crate::config::ServerConfig;
use crate::conn::HandshakeOutput;
use crate::error::{ApiError, Error};
use crate::msgs::handshake::KeyUpdate;
use crate::tls13::ApplicationTraffic;

#[derive(Debug)]
pub(crate) struct Connected {
    traffic: ApplicationTraffic,
    tickets: TicketIssuer,
}

impl Connected {
    pub(super) fn new(traffic: ApplicationTraffic, tickets: TicketIssuer) -> Self {
        Self { traffic, tickets }
    }

    pub(super) fn handle_key_update(
        &mut self,
        common: &mut dyn HandshakeOutput,
        ku: KeyUpdate,
    ) -> Result<(), Error> {
        self.traffic.handle_key_update(common, ku)
    }

    pub(crate) fn send_key_update(
        &mut self,
        common: &mut dyn HandshakeOutput,
        request_peer: bool,
    ) -> Result<(), ApiError> {
        self.traffic.request_key_update(common, request_peer)
    }

    /// Up to `n` more tickets for this session (see `TicketIssuer::issue`).
    pub(crate) fn send_tickets(
        &mut self,
        config: &ServerConfig,
        common: &mut dyn HandshakeOutput,
        n: usize,
        now: UnixTime,
    ) -> Result<(), Error> {
        self.tickets.issue(config, common, n, now)
    }
}
