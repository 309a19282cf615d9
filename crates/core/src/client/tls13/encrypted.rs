//! EncryptedExtensions (RFC 8446 §4.3.1): the server's answers to our requests that are not
//! needed to derive keys.

use alloc::boxed::Box;

use ferrotls_record::AlertDescription;

use super::certificate::ExpectCertificateOrCertificateRequest;
use super::extensions::check_solicited;
use super::{decode, wrong_variant, HandshakeKeys, Negotiated, State};
use crate::conn::Common;
use crate::error::Error;
use crate::msgs::extensions::{ClientExtension, EncryptedExtension};
use crate::msgs::handshake::{ClientHello, HandshakeMessage};
use crate::transcript::Transcript;

#[derive(Debug)]
pub(crate) struct ExpectEncryptedExtensions {
    /// What we offered, to check the answers against.
    pub(crate) hello: ClientHello,
    pub(crate) keys: HandshakeKeys,
    pub(crate) transcript: Transcript,
}

impl ExpectEncryptedExtensions {
    pub(crate) fn handle(
        self: Box<Self>,
        common: &mut Common,
        encoded: &[u8],
    ) -> Result<State, Error> {
        let HandshakeMessage::EncryptedExtensions(ee) = decode(encoded)? else {
            return Err(wrong_variant());
        };
        let Self {
            hello,
            keys,
            mut transcript,
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
                    common.info.alpn = Some(selected.0 .0.clone());
                }
                EncryptedExtension::RecordSizeLimit(limit) => {
                    // RFC 8449 §4: negotiated now. The server's records to us must fit what we
                    // advertised; ours to it must fit its value (clamped to the protocol's
                    // maximum by the record layer). Values below 64 were refused when decoding.
                    common.writer.set_record_size_limit(limit.0)?;
                    let ours = hello.extensions.iter().find_map(|e| match e {
                        ClientExtension::RecordSizeLimit(ours) => Some(ours.0),
                        _ => None,
                    });
                    if let Some(ours) = ours {
                        common.reader.set_record_size_limit(ours)?;
                    }
                }
                // server_name and supported_groups are informational acknowledgements; early
                // data and max_fragment_length were never offered, so check_solicited refused
                // them.
                _ => {}
            }
        }
        transcript.add(encoded);
        let offered_schemes = hello.signature_algorithms().unwrap_or_default().to_vec();
        Ok(State::ExpectCertificateOrCertificateRequest(Box::new(
            ExpectCertificateOrCertificateRequest {
                negotiated: Negotiated {
                    keys,
                    transcript,
                    offered_schemes,
                },
            },
        )))
    }
}
