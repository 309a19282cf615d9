//! The two pauses of client authentication (RFC 9846 §4.4.2, §4.5.1, §4.5.2): which
//! certificate answers the server's CertificateRequest, and the CertificateVerify signature.
//! Each state holds its [`Request`] and what the handshake continues with once it is answered.

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec::Vec;

use ferrotls_crypto::SignatureScheme;
use ferrotls_record::ProtocolVersion;

use super::certificate::{ClientAuthRequest, ExpectCertificate};
use super::finished::Finishing;
use super::{Negotiated, State};
use crate::client::sign_failed;
use crate::config::CertifiedKey;
use crate::conn::{HandshakeOutput, NegotiatedValue};
use crate::deferred::{ClientCertificateQuery, Request, SignFailed};
use crate::error::Error;
use crate::tls13::certificate_verify_message;

/// Paused after the server's CertificateRequest: which certificate we answer with.
#[derive(Debug)]
pub(crate) struct ChooseClientCertificate {
    negotiated: Negotiated,
    context: Vec<u8>,
    request: Request,
}

impl ChooseClientCertificate {
    pub(crate) fn new(
        negotiated: Negotiated,
        context: Vec<u8>,
        schemes: Vec<SignatureScheme>,
        authorities: Vec<Vec<u8>>,
    ) -> Self {
        Self {
            negotiated,
            context,
            request: Request::ChooseClientCertificate(ClientCertificateQuery {
                schemes,
                authorities,
                version: ProtocolVersion::TLS1_3,
            }),
        }
    }

    pub(crate) fn request(&self) -> &Request {
        &self.request
    }

    /// The chosen certificate is used if it has one and its key can sign with a scheme the
    /// server offered that TLS 1.3 allows (RFC 9846 §4.5.2); otherwise we send an empty
    /// Certificate (§4.5.1), and the server decides whether to go on without one.
    pub(crate) fn answer(self: Box<Self>, chosen: Option<Arc<CertifiedKey>>) -> State {
        let Self {
            negotiated,
            context,
            request,
        } = *self;
        // Always the ChooseClientCertificate built in `new`.
        let schemes = match request {
            Request::ChooseClientCertificate(query) => query.schemes,
            _ => Vec::new(),
        };
        let usable: Vec<SignatureScheme> = schemes
            .iter()
            .copied()
            .filter(|s| s.usable_in_tls13())
            .collect();
        let key = chosen.filter(|k| !k.chain.is_empty() && k.key.choose_scheme(&usable).is_some());
        State::ExpectCertificate(Box::new(ExpectCertificate::after_request(
            negotiated,
            ClientAuthRequest {
                context,
                schemes,
                key,
            },
        )))
    }
}

/// Paused in our last flight, after the server's Finished: the signature of our
/// CertificateVerify.
#[derive(Debug)]
pub(crate) struct SignCertificateVerify {
    finishing: Finishing,
    key: Arc<CertifiedKey>,
    scheme: SignatureScheme,
    request: Request,
}

impl SignCertificateVerify {
    pub(crate) fn new(
        finishing: Finishing,
        key: Arc<CertifiedKey>,
        scheme: SignatureScheme,
        message: Vec<u8>,
    ) -> Self {
        Self {
            finishing,
            key,
            scheme,
            request: Request::Sign { scheme, message },
        }
    }

    pub(crate) fn request(&self) -> &Request {
        &self.request
    }

    /// The key the signature is asked of.
    pub(crate) fn key(&self) -> &Arc<CertifiedKey> {
        &self.key
    }

    /// A failed signature is internal_error (RFC 9846 §6.2).
    pub(crate) fn answer(
        self: Box<Self>,
        common: &mut dyn HandshakeOutput,
        signature: Result<Vec<u8>, SignFailed>,
    ) -> Result<State, Error> {
        let Self {
            mut finishing,
            scheme,
            ..
        } = *self;
        let signature = signature.map_err(sign_failed)?;
        finishing.add(&certificate_verify_message(scheme, signature)?);
        common.record(NegotiatedValue::ClientAuthenticated(true));
        finishing.finish(common)
    }
}
