//! The server's Finished (RFC 8446 §4.4.4) and our answering flight: [EndOfEarlyData,]
//! [Certificate, CertificateVerify,] Finished.

use alloc::boxed::Box;
use alloc::vec::Vec;

use ferrotls_record::{AlertDescription, ProtocolVersion};

use super::certificate::ClientAuthRequest;
use super::client_auth::SignCertificateVerify;
use super::connected::Connected;
use super::{Negotiated, State};
use crate::client::{schedule_error, ClientContext};
use crate::conn::{DirectionKeys, HandshakeOutput, Level, NegotiatedValue};
use crate::error::Error;
use crate::key_log::KeyLogLabel;
use crate::key_schedule::{MasterSecret, TrafficSecret};
use crate::msgs::handshake::{EndOfEarlyData, Finished, HandshakeMessage};
use crate::suites::SupportedCipherSuite;
use crate::tls13::finished_message;
use crate::tls13::{certificate_message, certificate_verify_input, encode, ApplicationTraffic};
use crate::transcript::Transcript;
use crate::verify::SignatureContext;

#[derive(Debug)]
pub(crate) struct ExpectFinished {
    pub(crate) negotiated: Negotiated,
    pub(crate) client_auth: Option<ClientAuthRequest>,
    /// The server accepted our 0-RTT data: EndOfEarlyData is owed, under the early keys our
    /// writes are still on (RFC 8446 §4.5).
    pub(crate) end_early_data: bool,
}

impl ExpectFinished {
    pub(crate) fn handle(
        self: Box<Self>,
        cx: &mut ClientContext,
        common: &mut dyn HandshakeOutput,
        finished: Finished,
        encoded: &[u8],
    ) -> Result<State, Error> {
        let Self {
            negotiated,
            client_auth,
            end_early_data,
        } = *self;
        let Negotiated {
            keys,
            mut transcript,
            ..
        } = negotiated;
        // RFC 8446 §4.4.4: "Recipients of Finished messages MUST verify that the contents are
        // correct and if incorrect MUST terminate the connection with a "decrypt_error" alert."
        // The comparison is constant-time; a wrong length is decode_error first.
        let expected_hash = transcript.current();
        crate::tls13::check_finished_len(&finished.verify_data, expected_hash.as_bytes().len())?;
        let server_key = keys.server.finished_key().map_err(schedule_error)?;
        if !server_key.verify(&expected_hash, &finished.verify_data) {
            return Err(Error::protocol(
                AlertDescription::DECRYPT_ERROR,
                "server Finished does not verify (RFC 8446 §4.4.4)",
            ));
        }
        transcript.add(encoded);

        // RFC 8446 §7.1: the application secrets hash the transcript through the server
        // Finished.
        let server_finished_hash = transcript.current();
        let master = keys.secret.into_master_secret().map_err(schedule_error)?;
        let client_app = master
            .client_application_traffic_secret(&server_finished_hash)
            .map_err(schedule_error)?;
        let server_app = master
            .server_application_traffic_secret(&server_finished_hash)
            .map_err(schedule_error)?;
        common.log_secret(KeyLogLabel::ClientTrafficSecret0, client_app.secret());
        common.log_secret(KeyLogLabel::ServerTrafficSecret0, server_app.secret());
        common.tls13_exporter_secret(
            master
                .exporter_master_secret(&server_finished_hash)
                .map_err(schedule_error)?,
        );
        // Refuses a Finished that does not end its record (RFC 8446 §5.1).
        common.install_read_keys(
            Level::Application,
            DirectionKeys::Tls13 {
                suite: keys.suite,
                secret: &server_app,
            },
        )?;

        // RFC 8446 §D.4: the compatibility change_cipher_spec precedes our second flight unless
        // it already preceded a retried ClientHello (or followed the first, with early data).
        if cx.config.middlebox_compat && !cx.sent_ccs {
            common.send_change_cipher_spec()?;
            cx.sent_ccs = true;
        }
        if end_early_data {
            // RFC 8446 §4.5: "If the server sent an "early_data" extension in
            // EncryptedExtensions, the client MUST send an EndOfEarlyData message after
            // receiving the server Finished"; it is protected with the 0-RTT keys and is part
            // of the transcript our Finished covers (§4.4.1). Then the handshake keys.
            let end = encode(&HandshakeMessage::EndOfEarlyData(EndOfEarlyData))?;
            common.send_handshake(&end)?;
            transcript.add(&end);
            common.install_write_keys(
                Level::Handshake,
                DirectionKeys::Tls13 {
                    suite: keys.suite,
                    secret: &keys.client,
                },
            )?;
        }
        let mut finishing = Finishing {
            suite: keys.suite,
            client_handshake: keys.client,
            master,
            server_app,
            client_app,
            transcript,
            flight: Vec::new(),
        };
        let Some(request) = client_auth else {
            return finishing.finish(common);
        };
        // RFC 9846 §4.5.1: our Certificate, empty when we have no suitable one ("If the server
        // requests certificate-based client authentication but no suitable certificate is
        // available, the client MUST send a Certificate message containing no certificates").
        let chain = request.key.as_ref().map_or(&[][..], |k| k.chain.as_slice());
        let certificate = certificate_message(&request.context, chain)?;
        finishing.add(&certificate);
        let Some(key) = request.key else {
            common.record(NegotiatedValue::ClientAuthenticated(false));
            return finishing.finish(common);
        };
        // RFC 9846 §4.5.2: the CertificateVerify signs the transcript through our Certificate;
        // the signature is asked for (`Request::Sign`) and the flight waits for it.
        let (scheme, message) = certificate_verify_input(
            &key,
            &request.schemes,
            SignatureContext::Client,
            &finishing.transcript.current(),
        )?;
        Ok(State::SignCertificateVerify(Box::new(
            SignCertificateVerify::new(finishing, key, scheme, message),
        )))
    }
}

/// Our last flight once its Certificate (if any) is in it: [CertificateVerify,] Finished, and
/// the application keys. What it needs is kept here across a pause for the signature.
#[derive(Debug)]
pub(crate) struct Finishing {
    suite: &'static SupportedCipherSuite,
    /// client_handshake_traffic_secret: our Finished key.
    client_handshake: TrafficSecret,
    master: MasterSecret,
    server_app: TrafficSecret,
    client_app: TrafficSecret,
    pub(crate) transcript: Transcript,
    /// The flight so far, sent in one go with the Finished so it shares records as RFC 8448 §6
    /// shows.
    flight: Vec<u8>,
}

impl Finishing {
    /// Append a message of our flight.
    pub(crate) fn add(&mut self, message: &[u8]) {
        self.transcript.add(message);
        self.flight.extend_from_slice(message);
    }

    /// Our Finished (RFC 9846 §4.5.3), the flight, and the application keys.
    pub(crate) fn finish(self, common: &mut dyn HandshakeOutput) -> Result<State, Error> {
        let Self {
            suite,
            client_handshake,
            master,
            server_app,
            client_app,
            mut transcript,
            mut flight,
        } = self;
        let verify_data = client_handshake
            .finished_key()
            .and_then(|k| k.verify_data(&transcript.current()))
            .map_err(schedule_error)?;
        let finished = finished_message(verify_data.as_bytes())?;
        flight.extend_from_slice(&finished);
        transcript.add(&finished);
        // RFC 8446 §7.1: "res master" hashes the transcript through our Finished; each
        // NewSessionTicket's PSK comes from it (§4.6.1).
        let resumption = master
            .resumption_master_secret(&transcript.current())
            .map_err(schedule_error)?;
        common.send_handshake(&flight)?;
        common.install_write_keys(
            Level::Application,
            DirectionKeys::Tls13 {
                suite,
                secret: &client_app,
            },
        )?;
        common.complete_handshake(ProtocolVersion::TLS1_3)?;
        Ok(State::Connected(Box::new(Connected::new(
            ApplicationTraffic::new(suite, server_app, client_app),
            suite,
            resumption,
        ))))
    }
}
