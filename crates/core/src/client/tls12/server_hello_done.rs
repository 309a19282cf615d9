//! CertificateRequest (RFC 5246 §7.4.4) and ServerHelloDone (§7.4.5): the end of the server's
//! first flight, which our flight answers.

use alloc::boxed::Box;
use alloc::vec::Vec;

use ferrotls_crypto::SignatureScheme;

use super::flight::send_flight;
use super::server_key_exchange::KeyExchange;
use super::{Negotiated, State};
use crate::client::ClientContext;
use crate::conn::HandshakeOutput;
use crate::error::Error;
use crate::msgs::enums::ClientCertificateType;
use crate::msgs::handshake::CertificateRequestTls12;

/// The server asked for our certificate.
#[derive(Debug)]
pub(crate) struct CertificateRequest {
    /// The key types it accepts (RFC 5246 §7.4.4; RFC 8422 §5.5 adds ecdsa_sign, which also
    /// covers EdDSA keys).
    pub(crate) types: Vec<ClientCertificateType>,
    /// The schemes our CertificateVerify may use.
    pub(crate) schemes: Vec<SignatureScheme>,
}

/// After ServerKeyExchange: the server may ask for our certificate, then ends its flight.
#[derive(Debug)]
pub(crate) struct ExpectCertificateRequestOrDone {
    pub(crate) negotiated: Negotiated,
    pub(crate) kx: KeyExchange,
}

/// After a CertificateRequest.
#[derive(Debug)]
pub(crate) struct ExpectServerHelloDone {
    negotiated: Negotiated,
    kx: KeyExchange,
    request: CertificateRequest,
}

impl ExpectCertificateRequestOrDone {
    pub(crate) fn handle_certificate_request(
        self: Box<Self>,
        request: CertificateRequestTls12,
        encoded: &[u8],
    ) -> Result<State, Error> {
        // The certificate_authorities hint is not used: the configured certificate is the only
        // one we have, and the server decides whether it is acceptable.
        let Self { mut negotiated, kx } = *self;
        negotiated.log.add(encoded);
        Ok(State::ExpectServerHelloDone(Box::new(
            ExpectServerHelloDone {
                negotiated,
                kx,
                request: CertificateRequest {
                    types: request.certificate_types,
                    schemes: request.signature_schemes,
                },
            },
        )))
    }

    pub(crate) fn handle_server_hello_done(
        self: Box<Self>,
        cx: &mut ClientContext,
        common: &mut dyn HandshakeOutput,
        encoded: &[u8],
    ) -> Result<State, Error> {
        let Self { negotiated, kx } = *self;
        server_hello_done(cx, common, negotiated, kx, None, encoded)
    }
}

impl ExpectServerHelloDone {
    pub(crate) fn handle(
        self: Box<Self>,
        cx: &mut ClientContext,
        common: &mut dyn HandshakeOutput,
        encoded: &[u8],
    ) -> Result<State, Error> {
        let Self {
            negotiated,
            kx,
            request,
        } = *self;
        server_hello_done(cx, common, negotiated, kx, Some(request), encoded)
    }
}

fn server_hello_done(
    cx: &mut ClientContext,
    common: &mut dyn HandshakeOutput,
    mut negotiated: Negotiated,
    kx: KeyExchange,
    request: Option<CertificateRequest>,
    encoded: &[u8],
) -> Result<State, Error> {
    // RFC 5246 §7.4.5: `struct { } ServerHelloDone;` The codec refused a non-empty body at
    // dispatch (decode_error).
    negotiated.log.add(encoded);
    send_flight(cx, common, negotiated, kx, request)
}
