//! After the handshake: NewSessionTicket (RFC 8446 §4.6.1) and KeyUpdate (§4.6.3).
//!
//! Post-handshake client authentication (§4.6.2) is never offered (no post_handshake_auth in our
//! ClientHello), so a CertificateRequest here has no dispatch arm: unexpected_message.

use alloc::boxed::Box;

use super::{decode, wrong_variant, State};
use crate::conn::Common;
use crate::error::Error;
use crate::msgs::handshake::HandshakeMessage;
use crate::tls13::ApplicationTraffic;

#[derive(Debug)]
pub(crate) struct Connected {
    traffic: ApplicationTraffic,
}

impl Connected {
    pub(crate) fn new(traffic: ApplicationTraffic) -> Self {
        Self { traffic }
    }

    /// A ticket is decoded strictly (a malformed one fails the connection) but not kept: this
    /// client does not resume yet. Unknown ticket extensions are ignored, as §4.6.1 requires.
    pub(crate) fn handle_new_session_ticket(
        self: Box<Self>,
        encoded: &[u8],
    ) -> Result<State, Error> {
        let HandshakeMessage::NewSessionTicketTls13(_) = decode(encoded)? else {
            return Err(wrong_variant());
        };
        Ok(State::Connected(self))
    }

    pub(crate) fn handle_key_update(
        mut self: Box<Self>,
        common: &mut Common,
        encoded: &[u8],
    ) -> Result<State, Error> {
        self.traffic.handle_key_update(common, encoded)?;
        Ok(State::Connected(self))
    }

    /// The application's KeyUpdate request.
    pub(crate) fn send_key_update(
        &mut self,
        common: &mut Common,
        request_peer: bool,
    ) -> Result<(), Error> {
        self.traffic.send_key_update(common, request_peer)
    }
}
