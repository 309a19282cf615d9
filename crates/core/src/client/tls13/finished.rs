//! The server's Finished (RFC 8446 §4.4.4) and our answering flight: [EndOfEarlyData,]
//! [Certificate, CertificateVerify,] Finished.

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec::Vec;

use ferrotls_crypto::SignatureScheme;
use ferrotls_record::{AlertDescription, ProtocolVersion};

use super::certificate::ClientAuthRequest;
use super::connected::Connected;
use super::{Negotiated, State};
use crate::client::{schedule_error, ClientContext};
use crate::config::CertifiedKey;
use crate::conn::{DirectionKeys, HandshakeOutput, Level, NegotiatedValue};
use crate::error::Error;
use crate::key_log::KeyLogLabel;
use crate::msgs::handshake::{EndOfEarlyData, Finished, HandshakeMessage};
use crate::tls13::{certificate_message, encode, sign_certificate_verify, ApplicationTraffic};
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
        let mut flight = Vec::new();
        if let Some(request) = client_auth {
            let authenticated = client_certificate(
                common,
                cx.config.client_auth.as_ref(),
                &request,
                &mut transcript,
                &mut flight,
            )?;
            common.record(NegotiatedValue::ClientAuthenticated(authenticated));
        }
        let verify_data = keys
            .client
            .finished_key()
            .and_then(|k| k.verify_data(&transcript.current()))
            .map_err(schedule_error)?;
        let finished = encode(&HandshakeMessage::Finished(Finished {
            verify_data: verify_data.as_bytes().to_vec(),
        }))?;
        flight.extend_from_slice(&finished);
        transcript.add(&finished);
        // RFC 8446 §7.1: "res master" hashes the transcript through our Finished; each
        // NewSessionTicket's PSK comes from it (§4.6.1).
        let resumption = master
            .resumption_master_secret(&transcript.current())
            .map_err(schedule_error)?;
        // The whole flight in one go, so it shares records as RFC 8448 §6 shows.
        common.send_handshake(&flight)?;
        common.install_write_keys(
            Level::Application,
            DirectionKeys::Tls13 {
                suite: keys.suite,
                secret: &client_app,
            },
        )?;
        common.complete_handshake(ProtocolVersion::TLS1_3)?;
        Ok(State::Connected(Box::new(Connected::new(
            ApplicationTraffic::new(keys.suite, server_app, client_app),
            keys.suite,
            resumption,
        ))))
    }
}

/// Append our Certificate and, if we have a usable key, CertificateVerify to `flight` (RFC 8446
/// §4.4.2, §4.4.3), adding each to the transcript. Returns whether we sent a certificate.
///
/// "If no suitable certificate is available, the client MUST send a Certificate message
/// containing no certificates" (§4.4.2.4): that is the case without a configured key, and when
/// the key can sign with none of the schemes the server accepts.
fn client_certificate(
    common: &dyn HandshakeOutput,
    configured: Option<&Arc<CertifiedKey>>,
    request: &ClientAuthRequest,
    transcript: &mut Transcript,
    flight: &mut Vec<u8>,
) -> Result<bool, Error> {
    let usable: Vec<SignatureScheme> = request
        .schemes
        .iter()
        .copied()
        .filter(|s| s.usable_in_tls13())
        .collect();
    let key = configured.filter(|k| !k.chain.is_empty() && k.key.choose_scheme(&usable).is_some());
    let chain = key.map_or(&[][..], |k| k.chain.as_slice());
    let certificate = certificate_message(&request.context, chain)?;
    transcript.add(&certificate);
    flight.extend_from_slice(&certificate);
    let Some(key) = key else {
        return Ok(false);
    };
    let verify = sign_certificate_verify(
        common,
        key,
        &request.schemes,
        SignatureContext::Client,
        &transcript.current(),
    )?;
    transcript.add(&verify);
    flight.extend_from_slice(&verify);
    Ok(true)
}
