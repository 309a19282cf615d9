//! The client's Finished (RFC 8446 §4.4.4): the end of the handshake.

use alloc::boxed::Box;

use ferrotls_crypto::SignatureScheme;
use ferrotls_record::{AlertDescription, ProtocolVersion};
use rustls_pki_types::UnixTime;

use super::connected::Connected;
use super::key_schedule_error;
use super::pending::PendingTraffic;
use super::state::State;
use crate::certificate_chain::CertificateChain;
use crate::config::ServerConfig;
use crate::conn::{DirectionKeys, HandshakeOutput, Level, NegotiatedValue};
use crate::error::Error;
use crate::msgs::handshake::Finished;
use crate::tls13::ApplicationTraffic;
use crate::transcript::Transcript;

/// A client that proved its certificate's key.
#[derive(Debug)]
pub(super) struct ClientIdentity {
    pub(super) chain: CertificateChain,
    pub(super) scheme: SignatureScheme,
}

/// Waiting for the client's Finished.
#[derive(Debug)]
pub(crate) struct ExpectFinished {
    traffic: PendingTraffic,
    transcript: Transcript,
    client: Option<ClientIdentity>,
}

impl ExpectFinished {
    pub(super) fn new(
        traffic: PendingTraffic,
        transcript: Transcript,
        client: Option<ClientIdentity>,
    ) -> Self {
        Self {
            traffic,
            transcript,
            client,
        }
    }

    /// The client's Finished: the handshake is complete, and the session's tickets go out
    /// (RFC 8446 §4.6.1) before any application data we hold.
    pub(super) fn handle(
        mut self,
        config: &ServerConfig,
        common: &mut dyn HandshakeOutput,
        finished: Finished,
        encoded: &[u8],
        now: UnixTime,
    ) -> Result<State, Error> {
        let key = self
            .traffic
            .client_handshake
            .finished_key()
            .map_err(key_schedule_error)?;
        // Constant-time comparison inside `verify`; a mismatch is decrypt_error (RFC 8446
        // §4.4.4), a wrong length decode_error.
        let expected_hash = self.transcript.current();
        crate::tls13::check_finished_len(&finished.verify_data, expected_hash.as_bytes().len())?;
        if !key.verify(&expected_hash, &finished.verify_data) {
            return Err(Error::protocol(
                AlertDescription::DECRYPT_ERROR,
                "client Finished does not verify (RFC 8446 §4.4.4)",
            ));
        }
        // RFC 8446 §7.1: resumption_master_secret covers ClientHello...client Finished.
        self.transcript.add(encoded);
        let PendingTraffic {
            suite,
            client_application,
            server_application,
            master,
            session,
            ..
        } = self.traffic;
        let resumption = master
            .resumption_master_secret(&self.transcript.current())
            .map_err(key_schedule_error)?;
        // install_read_keys refuses a Finished that does not end its record (RFC 8446 §5.1).
        common.install_read_keys(
            Level::Application,
            DirectionKeys::Tls13 {
                suite,
                secret: &client_application,
            },
        )?;
        let mut client_chain = CertificateChain::empty();
        if let Some(client) = self.client {
            common.record(NegotiatedValue::PeerCertificates(client.chain.clone()));
            common.record(NegotiatedValue::PeerSignatureScheme(client.scheme));
            common.record(NegotiatedValue::ClientAuthenticated(true));
            client_chain = client.chain;
        }
        let count = session.tickets;
        let mut tickets = session.into_issuer(common, suite, resumption, client_chain)?;
        tickets.issue(config, common, count, now)?;
        common.complete_handshake(ProtocolVersion::TLS1_3)?;
        Ok(State::Connected(Box::new(Connected::new(
            ApplicationTraffic::new(suite, client_application, server_application),
            tickets,
        ))))
    }
}
