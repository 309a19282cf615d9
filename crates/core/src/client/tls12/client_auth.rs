//! The two pauses of TLS 1.2 client authentication: which certificate answers the server's
//! CertificateRequest (RFC 5246 §7.4.4, §7.4.6), and the CertificateVerify signature (§7.4.8).
//! Each state holds its [`Request`] and what the handshake continues with once it is answered.

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec::Vec;

use ferrotls_crypto::sign::KeyKind;
use ferrotls_crypto::SignatureScheme;
use ferrotls_record::ProtocolVersion;

use super::flight::FlightEnd;
use super::server_hello_done::{ClientAuth, ExpectServerHelloDone};
use super::server_key_exchange::KeyExchange;
use super::{Negotiated, State};
use crate::client::sign_failed;
use crate::config::CertifiedKey;
use crate::conn::{HandshakeOutput, NegotiatedValue};
use crate::deferred::{ClientCertificateQuery, Request, SignFailed};
use crate::error::Error;
use crate::msgs::enums::ClientCertificateType;
use crate::msgs::handshake::{CertificateRequestTls12, CertificateVerify, HandshakeMessage};
use crate::tls13::encode;

/// Paused after the server's CertificateRequest: which certificate we answer with.
#[derive(Debug)]
pub(crate) struct ChooseClientCertificate {
    negotiated: Negotiated,
    kx: KeyExchange,
    /// The key types the server accepts (RFC 5246 §7.4.4; RFC 8422 §5.5 adds ecdsa_sign,
    /// which also covers EdDSA keys).
    types: Vec<ClientCertificateType>,
    request: Request,
}

impl ChooseClientCertificate {
    pub(crate) fn new(
        negotiated: Negotiated,
        kx: KeyExchange,
        request: CertificateRequestTls12,
    ) -> Self {
        let CertificateRequestTls12 {
            certificate_types,
            signature_schemes,
            authorities,
        } = request;
        Self {
            negotiated,
            kx,
            types: certificate_types,
            request: Request::ChooseClientCertificate(ClientCertificateQuery {
                schemes: signature_schemes,
                authorities: authorities.into_iter().map(|name| name.0).collect(),
                version: ProtocolVersion::TLS1_2,
            }),
        }
    }

    pub(crate) fn request(&self) -> &Request {
        &self.request
    }

    /// The chosen certificate is used if its key is of a type the server accepts and can sign
    /// with one of its schemes (RFC 5246 §7.4.4, §7.4.6; RFC 8422 §5.5); otherwise we send an
    /// empty Certificate.
    pub(crate) fn answer(self: Box<Self>, chosen: Option<Arc<CertifiedKey>>) -> State {
        let Self {
            negotiated,
            kx,
            types,
            request,
        } = *self;
        // Always the ChooseClientCertificate built in `new`.
        let schemes = match request {
            Request::ChooseClientCertificate(query) => query.schemes,
            _ => Vec::new(),
        };
        let signer = chosen.and_then(|key| {
            let scheme = usable_scheme(&key, &types, &schemes)?;
            Some((key, scheme))
        });
        State::ExpectServerHelloDone(Box::new(ExpectServerHelloDone::new(
            negotiated,
            kx,
            ClientAuth { signer },
        )))
    }
}

/// The scheme `key` signs our CertificateVerify with, if its certificate suits the request.
fn usable_scheme(
    key: &CertifiedKey,
    types: &[ClientCertificateType],
    schemes: &[SignatureScheme],
) -> Option<SignatureScheme> {
    if key.chain.is_empty() {
        return None;
    }
    let needed = match key.key.kind() {
        KeyKind::Rsa => ClientCertificateType::RSA_SIGN,
        KeyKind::EcdsaP256 | KeyKind::EcdsaP384 | KeyKind::Ed25519 => {
            ClientCertificateType::ECDSA_SIGN
        }
        _ => return None,
    };
    if !types.contains(&needed) {
        return None;
    }
    key.key.choose_scheme(schemes)
}

/// Paused in our flight, after the ClientKeyExchange: the signature of our CertificateVerify,
/// over "all handshake messages sent or received, starting at client hello and up to, but not
/// including, this message" (RFC 5246 §7.4.8).
#[derive(Debug)]
pub(crate) struct SignCertificateVerify {
    end: FlightEnd,
    key: Arc<CertifiedKey>,
    scheme: SignatureScheme,
    request: Request,
}

impl SignCertificateVerify {
    pub(crate) fn new(end: FlightEnd, key: Arc<CertifiedKey>, scheme: SignatureScheme) -> Self {
        let message = end.log.messages().to_vec();
        Self {
            end,
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

    /// A failed signature is internal_error (RFC 5246 §7.2.2).
    pub(crate) fn answer(
        self: Box<Self>,
        common: &mut dyn HandshakeOutput,
        signature: Result<Vec<u8>, SignFailed>,
    ) -> Result<State, Error> {
        let Self {
            mut end, scheme, ..
        } = *self;
        let signature = signature.map_err(sign_failed)?;
        let verify = encode(&HandshakeMessage::CertificateVerify(CertificateVerify {
            scheme,
            signature,
        }))?;
        end.add(&verify);
        common.record(NegotiatedValue::ClientAuthenticated(true));
        end.finish(common)
    }
}
