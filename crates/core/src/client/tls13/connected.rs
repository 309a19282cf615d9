//! After the handshake: NewSessionTicket (RFC 8446 §4.6.1) and KeyUpdate (§4.6.3).
//!
//! Post-handshake client authentication (§4.6.2) is never offered (no post_handshake_auth in our
//! ClientHello), so a CertificateRequest here has no dispatch arm: unexpected_message.

use alloc::boxed::Box;

use rustls_pki_types::UnixTime;

use super::State;
use crate::client::schedule_error;
use crate::client::ClientContext;
use crate::conn::HandshakeOutput;
use crate::error::{ApiError, Error};
use crate::key_schedule::ResumptionMasterSecret;
use crate::msgs::handshake::{KeyUpdate, NewSessionTicketTls13};
use crate::resumption::{ResumptionData, SessionParams, MAX_TLS13_TICKET_LIFETIME};
use crate::suites::SupportedCipherSuite;
use crate::tls13::ApplicationTraffic;

#[derive(Debug)]
pub(crate) struct Connected {
    traffic: ApplicationTraffic,
    /// The negotiated suite, which every ticket of this connection is bound to (§4.6.1).
    suite: &'static SupportedCipherSuite,
    /// What each ticket's PSK is derived from.
    resumption: ResumptionMasterSecret,
}

impl Connected {
    pub(crate) fn new(
        traffic: ApplicationTraffic,
        suite: &'static SupportedCipherSuite,
        resumption: ResumptionMasterSecret,
    ) -> Self {
        Self {
            traffic,
            suite,
            resumption,
        }
    }

    /// A ticket is decoded strictly (a malformed one fails the connection: decode_error, and
    /// the codec's rules on extensions) and, if usable, handed to the application as
    /// `Event::TicketReceived`. Unknown ticket extensions are ignored, as §4.6.1 requires.
    pub(crate) fn handle_new_session_ticket(
        self: Box<Self>,
        cx: &mut ClientContext,
        common: &mut dyn HandshakeOutput,
        ticket: NewSessionTicketTls13,
        now: UnixTime,
    ) -> Result<State, Error> {
        if let Some(data) = self.resumption_data(common, ticket, now)? {
            cx.session_received(common, data);
        }
        Ok(State::Connected(self))
    }

    /// The session a ticket resumes: its PSK, `HKDF-Expand-Label(resumption_master_secret,
    /// "resumption", ticket_nonce, Hash.length)` (RFC 8446 §4.6.1), and what the connection
    /// negotiated and authenticated. `None` for a ticket that cannot be used.
    fn resumption_data(
        &self,
        common: &dyn HandshakeOutput,
        ticket: NewSessionTicketTls13,
        now: UnixTime,
    ) -> Result<Option<ResumptionData>, Error> {
        // "The value of zero indicates that the ticket should be discarded immediately."
        if ticket.lifetime == 0 {
            return Ok(None);
        }
        // "Servers MUST NOT use any value greater than 604800 seconds"; a longer one is kept
        // for the longest a client may (§4.6.1: "Clients MUST NOT cache tickets for longer
        // than 7 days").
        let lifetime = ticket.lifetime.min(MAX_TLS13_TICKET_LIFETIME);
        let psk = self
            .resumption
            .ticket_psk(&ticket.nonce)
            .map_err(schedule_error)?;
        let params = SessionParams {
            cipher_suite: self.suite.suite,
            secret: psk,
            // The name we sent (§4.6.1: the ticket is for the SNI of this connection); on a
            // resumed connection the certificates are the original session's.
            server_name: common.info().server_name.clone(),
            alpn: common.info().alpn.clone(),
            extended_master_secret: true,
            peer_certificates: common.info().peer_certificates.clone(),
        };
        // ResumptionData refuses what its encoding cannot hold (a certificate chain over
        // 2^24-1 bytes, say): such a ticket is unusable, not a protocol error, so it is dropped.
        let max_early_data_size = ticket.max_early_data_size().unwrap_or(0);
        Ok(ResumptionData::tls13_ticket(
            params,
            ticket.ticket,
            now,
            lifetime,
            ticket.age_add,
            max_early_data_size,
        )
        .ok())
    }

    pub(crate) fn handle_key_update(
        mut self: Box<Self>,
        common: &mut dyn HandshakeOutput,
        ku: KeyUpdate,
    ) -> Result<State, Error> {
        self.traffic.handle_key_update(common, ku)?;
        Ok(State::Connected(self))
    }

    /// The application's KeyUpdate request.
    pub(crate) fn send_key_update(
        &mut self,
        common: &mut dyn HandshakeOutput,
        request_peer: bool,
    ) -> Result<(), ApiError> {
        self.traffic.request_key_update(common, request_peer)
    }
}
