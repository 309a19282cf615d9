//! EncryptedExtensions (RFC 8446 §4.3.1): the server's answers to our requests that are not
//! needed to derive keys, among them whether it accepted our 0-RTT data.

use alloc::boxed::Box;

use ferrotls_record::AlertDescription;

use super::certificate::ExpectCertificateOrCertificateRequest;
use super::early_data::EarlyDataOffer;
use super::extensions::check_solicited;
use super::finished::ExpectFinished;
use super::psk::ticket_suite;
use super::{HandshakeKeys, Negotiated, State};
use crate::client::ClientContext;
use crate::conn::{DirectionKeys, HandshakeOutput, Level, NegotiatedValue};
use crate::error::Error;
use crate::msgs::extensions::{ClientExtension, EncryptedExtension};
use crate::msgs::handshake::ClientHello;
use crate::msgs::handshake::EncryptedExtensions;
use crate::resumption::DeclineReason;
use crate::transcript::Transcript;

#[derive(Debug)]
pub(crate) struct ExpectEncryptedExtensions {
    /// What we offered, to check the answers against.
    pub(crate) hello: ClientHello,
    pub(crate) keys: HandshakeKeys,
    pub(crate) transcript: Transcript,
    /// The server selected our PSK: it authenticates with it, not a certificate (RFC 8446
    /// §2.2).
    pub(crate) resumed: bool,
    /// 0-RTT data sent under the PSK, which the server may still accept here. While it is
    /// pending our writes are under the early traffic keys.
    pub(crate) early_data: Option<EarlyDataOffer>,
}

impl ExpectEncryptedExtensions {
    pub(crate) fn handle(
        self: Box<Self>,
        cx: &ClientContext,
        common: &mut dyn HandshakeOutput,
        ee: EncryptedExtensions,
        encoded: &[u8],
    ) -> Result<State, Error> {
        let Self {
            hello,
            keys,
            mut transcript,
            resumed,
            early_data,
        } = *self;
        // Known extensions that EncryptedExtensions may not carry were refused by the codec
        // (illegal_parameter, RFC 8446 §4.2); here the rest must answer something we asked.
        check_solicited(&hello, &ee.extensions, None)?;
        for extension in &ee.extensions {
            match extension {
                EncryptedExtension::Alpn(selected) => {
                    // RFC 7301 §3.1: the server selects one of the client's protocols. The
                    // codec already refused a list of more than one name.
                    let offered = hello
                        .alpn()
                        .is_some_and(|list| list.0.contains(&selected.0));
                    if !offered {
                        return Err(Error::protocol(
                            AlertDescription::ILLEGAL_PARAMETER,
                            "server selected an ALPN protocol we did not offer (RFC 7301 §3.1)",
                        ));
                    }
                    common.record(NegotiatedValue::Alpn(Some(selected.0 .0.clone())));
                }
                EncryptedExtension::RecordSizeLimit(limit) => {
                    // RFC 8449 §4: negotiated now. The server's records to us must fit what we
                    // advertised; ours to it must fit its value (clamped to the protocol's
                    // maximum by the record layer). Values below 64 were refused when decoding.
                    common.set_write_record_size_limit(limit.0)?;
                    let ours = hello.extensions.iter().find_map(|e| match e {
                        ClientExtension::RecordSizeLimit(ours) => Some(ours.0),
                        _ => None,
                    });
                    if let Some(ours) = ours {
                        common.set_read_record_size_limit(ours)?;
                    }
                }
                // server_name and supported_groups are informational acknowledgements;
                // early_data is handled below; max_fragment_length was never offered, so
                // check_solicited refused it.
                _ => {}
            }
        }
        let accepted = ee
            .extensions
            .iter()
            .any(|e| matches!(e, EncryptedExtension::EarlyData));
        let end_early_data = early_data_answer(cx, common, &keys, early_data, accepted)?;
        transcript.add(encoded);
        let offered_schemes = hello.signature_algorithms().unwrap_or_default().to_vec();
        let negotiated = Negotiated {
            keys,
            transcript,
            offered_schemes,
        };
        if resumed {
            // RFC 8446 §2.2: "As the server is authenticating via a PSK, it does not send a
            // Certificate or a CertificateVerify message";
            // §4.3.2: "Servers which are authenticating with a PSK MUST NOT send the
            // CertificateRequest message in the main handshake". Finished comes next, and
            // anything else is unexpected_message.
            return Ok(State::ExpectFinished(Box::new(ExpectFinished {
                negotiated,
                client_auth: None,
                end_early_data,
            })));
        }
        Ok(State::ExpectCertificateOrCertificateRequest(Box::new(
            ExpectCertificateOrCertificateRequest { negotiated },
        )))
    }
}

/// The server's answer to our 0-RTT data: early_data in EncryptedExtensions accepts it (RFC 8446
/// §4.2.10). Returns whether EndOfEarlyData is owed. A refusal hands the data back and moves our
/// writes from the early keys to the handshake keys now.
fn early_data_answer(
    cx: &ClientContext,
    common: &mut dyn HandshakeOutput,
    keys: &HandshakeKeys,
    early_data: Option<EarlyDataOffer>,
    accepted: bool,
) -> Result<bool, Error> {
    match (early_data, accepted) {
        (Some(offer), true) => {
            // The server must have checked that the suite and ALPN protocol are the
            // session's (RFC 8446 §4.2.10); the 0-RTT data meant them, so a server that says
            // otherwise cannot have read it as we meant it.
            let data = cx.offered.as_ref().ok_or_else(inconsistent)?;
            if ticket_suite(data)?.suite != keys.suite.suite {
                return Err(inconsistent());
            }
            if data.alpn() != common.info().alpn.as_deref() {
                return Err(inconsistent());
            }
            offer.accept(common);
            Ok(true)
        }
        (Some(offer), false) => {
            offer.reject(common, DeclineReason::DeclinedByServer);
            common.install_write_keys(
                Level::Handshake,
                DirectionKeys::Tls13 {
                    suite: keys.suite,
                    secret: &keys.client,
                },
            )?;
            Ok(false)
        }
        // Offered, but the ServerHello did not select the PSK the data was sent under (or
        // there was a HelloRetryRequest, after which early_data is not in the ClientHello and
        // check_solicited refused the answer).
        (None, true) => Err(inconsistent()),
        (None, false) => Ok(false),
    }
}

fn inconsistent() -> Error {
    Error::protocol(
        AlertDescription::ILLEGAL_PARAMETER,
        "early_data accepted without the PSK, suite or ALPN protocol it was sent under \
         (RFC 8446 §4.2.10)",
    )
}
