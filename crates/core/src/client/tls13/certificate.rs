//! The server's authentication: CertificateRequest (RFC 8446 §4.3.2), Certificate (§4.4.2) and
//! CertificateVerify (§4.4.3).

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec::Vec;

use ferrotls_crypto::SignatureScheme;
use ferrotls_record::AlertDescription;
use rustls_pki_types::{CertificateDer, UnixTime};

use super::client_auth::ChooseClientCertificate;
use super::finished::ExpectFinished;
use super::{Negotiated, State};
use crate::client::ClientContext;
use crate::config::CertifiedKey;
use crate::conn::{HandshakeOutput, NegotiatedValue};
use crate::error::{Cause, Error};
use crate::msgs::handshake::{CertificateRequestTls13, CertificateTls13, CertificateVerify};
use crate::tls13::peer_chain;
use crate::verify::{SignatureContext, VerifyMessage};

/// The server asked for our certificate, and what we answer it with.
#[derive(Debug)]
pub(crate) struct ClientAuthRequest {
    /// certificate_request_context, echoed in our Certificate.
    pub(crate) context: Vec<u8>,
    /// The schemes our CertificateVerify may use.
    pub(crate) schemes: Vec<SignatureScheme>,
    /// The certificate chosen for it (`Request::ChooseClientCertificate`), if it has one and
    /// its key can sign with one of `schemes`; `None` sends an empty Certificate.
    pub(crate) key: Option<Arc<CertifiedKey>>,
}

/// After EncryptedExtensions: without a PSK, the server authenticates with a certificate, and
/// may first ask for ours.
#[derive(Debug)]
pub(crate) struct ExpectCertificateOrCertificateRequest {
    pub(crate) negotiated: Negotiated,
}

/// Expecting the server's Certificate.
#[derive(Debug)]
pub(crate) struct ExpectCertificate {
    negotiated: Negotiated,
    client_auth: Option<ClientAuthRequest>,
}

/// Expecting the server's CertificateVerify.
#[derive(Debug)]
pub(crate) struct ExpectCertificateVerify {
    negotiated: Negotiated,
    client_auth: Option<ClientAuthRequest>,
    end_entity: CertificateDer<'static>,
}

impl ExpectCertificateOrCertificateRequest {
    /// The certificate to answer with is the application's choice: the handshake pauses with
    /// `Request::ChooseClientCertificate` (answered at once from `client_auth` unless
    /// `defer.certificate`).
    pub(crate) fn handle_certificate_request(
        self: Box<Self>,
        request: CertificateRequestTls13,
        encoded: &[u8],
    ) -> Result<State, Error> {
        // RFC 8446 §4.3.2: the context "SHALL be zero length unless used for the post-handshake
        // authentication exchanges".
        if !request.context.is_empty() {
            return Err(Error::protocol(
                AlertDescription::ILLEGAL_PARAMETER,
                "certificate_request_context not empty in the handshake (RFC 8446 §4.3.2)",
            ));
        }
        // "The "signature_algorithms" extension MUST be specified"; unknown extensions
        // (certificate_authorities, oid_filters) are ignored.
        let Some(schemes) = request.signature_algorithms() else {
            return Err(Error::protocol(
                AlertDescription::MISSING_EXTENSION,
                "CertificateRequest without signature_algorithms (RFC 8446 §4.3.2)",
            ));
        };
        let schemes = schemes.to_vec();
        // RFC 9846 §4.3.4: the authorities whose certificates the server accepts; a hint for
        // the choice, passed on as DER names.
        let authorities = request
            .certificate_authorities()?
            .into_iter()
            .map(|name| name.0)
            .collect();
        let mut negotiated = self.negotiated;
        negotiated.transcript.add(encoded);
        Ok(State::ChooseClientCertificate(Box::new(
            ChooseClientCertificate::new(negotiated, request.context, schemes, authorities),
        )))
    }

    pub(crate) fn handle_certificate(
        self: Box<Self>,
        cx: &mut ClientContext,
        common: &mut dyn HandshakeOutput,
        certificate: CertificateTls13,
        encoded: &[u8],
        now: UnixTime,
    ) -> Result<State, Error> {
        Box::new(ExpectCertificate {
            negotiated: self.negotiated,
            client_auth: None,
        })
        .handle(cx, common, certificate, encoded, now)
    }
}

impl ExpectCertificate {
    /// After a CertificateRequest and the choice of our answer to it.
    pub(crate) fn after_request(negotiated: Negotiated, client_auth: ClientAuthRequest) -> Self {
        Self {
            negotiated,
            client_auth: Some(client_auth),
        }
    }

    pub(crate) fn handle(
        self: Box<Self>,
        cx: &mut ClientContext,
        common: &mut dyn HandshakeOutput,
        certificate: CertificateTls13,
        encoded: &[u8],
        now: UnixTime,
    ) -> Result<State, Error> {
        // RFC 8446 §4.4.2: "Otherwise (in the case of server authentication), this field SHALL
        // be zero length."
        if !certificate.context.is_empty() {
            return Err(Error::protocol(
                AlertDescription::ILLEGAL_PARAMETER,
                "server Certificate with a request context (RFC 8446 §4.4.2)",
            ));
        }
        // RFC 8446 §4.4.2: entry extensions "MUST correspond to ones from the ClientHello
        // message"; we ask for none (no status_request, no signed_certificate_timestamp).
        if certificate.entries.iter().any(|e| !e.extensions.is_empty()) {
            return Err(Error::protocol(
                AlertDescription::UNSUPPORTED_EXTENSION,
                "CertificateEntry extension we did not request (RFC 8446 §4.4.2)",
            ));
        }
        let chain = peer_chain(certificate);
        // RFC 8446 §4.4.2.4: "If the server supplies an empty Certificate message, the client
        // MUST abort the handshake with a "decode_error" alert."
        let Some((end_entity, intermediates)) = chain.split_first() else {
            return Err(Error::protocol(
                AlertDescription::DECODE_ERROR,
                "server sent an empty Certificate (RFC 8446 §4.4.2.4)",
            ));
        };
        cx.config
            .verifier
            .verify_server_cert(end_entity, intermediates, &cx.server_name, now)?;
        let end_entity = end_entity.clone();
        common.record(NegotiatedValue::PeerCertificates(chain));
        let mut negotiated = self.negotiated;
        negotiated.transcript.add(encoded);
        Ok(State::ExpectCertificateVerify(Box::new(
            ExpectCertificateVerify {
                negotiated,
                client_auth: self.client_auth,
                end_entity,
            },
        )))
    }
}

impl ExpectCertificateVerify {
    pub(crate) fn handle(
        self: Box<Self>,
        cx: &mut ClientContext,
        common: &mut dyn HandshakeOutput,
        verify: CertificateVerify,
        encoded: &[u8],
    ) -> Result<State, Error> {
        let Self {
            mut negotiated,
            client_auth,
            end_entity,
        } = *self;
        // RFC 8446 §4.4.3: the server's scheme "MUST be one offered in the client's
        // "signature_algorithms" extension", and TLS 1.3 forbids PKCS#1 v1.5 and SHA-1 here.
        if !negotiated.offered_schemes.contains(&verify.scheme) || !verify.scheme.usable_in_tls13()
        {
            return Err(Error::protocol(
                AlertDescription::ILLEGAL_PARAMETER,
                "CertificateVerify scheme we did not offer or TLS 1.3 forbids (RFC 8446 §4.4.3)",
            ));
        }
        let message =
            VerifyMessage::new(SignatureContext::Server, &negotiated.transcript.current());
        // "If the verification fails, the receiver MUST terminate the handshake with a
        // "decrypt_error" alert." The verifier's reason is kept as the cause.
        cx.config
            .verifier
            .verify_signature(
                &end_entity,
                verify.scheme,
                message.as_bytes(),
                &verify.signature,
            )
            .map_err(|e| Error::fatal(AlertDescription::DECRYPT_ERROR, Cause::Certificate(e)))?;
        common.record(NegotiatedValue::PeerSignatureScheme(verify.scheme));
        negotiated.transcript.add(encoded);
        Ok(State::ExpectFinished(Box::new(ExpectFinished {
            negotiated,
            client_auth,
            end_early_data: false,
        })))
    }
}
