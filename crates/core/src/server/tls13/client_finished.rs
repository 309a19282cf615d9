//! The client's Finished (RFC 8446 §4.4.4): the end of the handshake.

use alloc::boxed::Box;
use alloc::vec::Vec;

use ferrotls_crypto::SignatureScheme;
use ferrotls_record::{AlertDescription, ProtocolVersion};
use rustls_pki_types::CertificateDer;

use super::key_schedule_error;
use super::pending::PendingTraffic;
use super::state::State;
use crate::conn::{unexpected_message, Common};
use crate::error::Error;
use crate::msgs::enums::HandshakeType;
use crate::msgs::handshake::{HandshakeMessage, Version};
use crate::tls13::ApplicationTraffic;
use crate::transcript::Transcript;

/// A client that proved its certificate's key.
#[derive(Debug)]
pub(super) struct ClientIdentity {
    pub(super) chain: Vec<CertificateDer<'static>>,
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

    pub(super) fn handle(self, common: &mut Common, encoded: &[u8]) -> Result<State, Error> {
        let HandshakeMessage::Finished(finished) =
            HandshakeMessage::decode(encoded, Version::Tls13)?
        else {
            return Err(unexpected_message(
                HandshakeType::FINISHED,
                "ExpectFinished",
            ));
        };
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
        // The transcript ends here until session tickets need the resumption secret.
        let PendingTraffic {
            suite,
            client_application,
            server_application,
            ..
        } = self.traffic;
        // install_tls13_read refuses a Finished that does not end its record (RFC 8446 §5.1).
        common.install_tls13_read(suite, &client_application)?;
        if let Some(client) = self.client {
            common.info.peer_certificates = client.chain;
            common.info.peer_signature_scheme = Some(client.scheme);
            common.info.client_authenticated = true;
        }
        common.complete_handshake(ProtocolVersion::TLS1_3)?;
        Ok(State::Connected(Box::new(ApplicationTraffic::new(
            suite,
            client_application,
            server_application,
        ))))
    }
}
