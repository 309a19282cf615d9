//! CertificateRequest (RFC 5246 §7.4.4) and ServerHelloDone (§7.4.5): the end of the server's
//! first flight, which our flight answers.

use alloc::boxed::Box;
use alloc::sync::Arc;

use ferrotls_crypto::SignatureScheme;

use super::client_auth::ChooseClientCertificate;
use super::flight::send_flight;
use super::server_key_exchange::KeyExchange;
use super::{Negotiated, State};
use crate::config::CertifiedKey;
use crate::conn::HandshakeOutput;
use crate::error::Error;
use crate::msgs::handshake::CertificateRequestTls12;

/// The server asked for our certificate; this is what we answer with.
#[derive(Debug)]
pub(crate) struct ClientAuth {
    /// The chosen certificate and the scheme its CertificateVerify uses, if it suits the
    /// request; `None` sends an empty Certificate (RFC 5246 §7.4.6).
    pub(crate) signer: Option<(Arc<CertifiedKey>, SignatureScheme)>,
}

/// After ServerKeyExchange: the server may ask for our certificate, then ends its flight.
#[derive(Debug)]
pub(crate) struct ExpectCertificateRequestOrDone {
    pub(crate) negotiated: Negotiated,
    pub(crate) kx: KeyExchange,
}

/// After a CertificateRequest and the choice of our answer to it.
#[derive(Debug)]
pub(crate) struct ExpectServerHelloDone {
    negotiated: Negotiated,
    kx: KeyExchange,
    client_auth: ClientAuth,
}

impl ExpectCertificateRequestOrDone {
    /// The certificate to answer with is the application's choice: the handshake pauses with
    /// `Request::ChooseClientCertificate` (answered at once from `client_auth` unless
    /// `defer.certificate`), which carries the request's schemes and certificate_authorities.
    pub(crate) fn handle_certificate_request(
        self: Box<Self>,
        request: CertificateRequestTls12,
        encoded: &[u8],
    ) -> Result<State, Error> {
        let Self { mut negotiated, kx } = *self;
        negotiated.log.add(encoded);
        Ok(State::ChooseClientCertificate(Box::new(
            ChooseClientCertificate::new(negotiated, kx, request),
        )))
    }

    pub(crate) fn handle_server_hello_done(
        self: Box<Self>,
        common: &mut dyn HandshakeOutput,
        encoded: &[u8],
    ) -> Result<State, Error> {
        let Self { negotiated, kx } = *self;
        server_hello_done(common, negotiated, kx, None, encoded)
    }
}

impl ExpectServerHelloDone {
    pub(crate) fn new(negotiated: Negotiated, kx: KeyExchange, client_auth: ClientAuth) -> Self {
        Self {
            negotiated,
            kx,
            client_auth,
        }
    }

    pub(crate) fn handle(
        self: Box<Self>,
        common: &mut dyn HandshakeOutput,
        encoded: &[u8],
    ) -> Result<State, Error> {
        let Self {
            negotiated,
            kx,
            client_auth,
        } = *self;
        server_hello_done(common, negotiated, kx, Some(client_auth), encoded)
    }
}

fn server_hello_done(
    common: &mut dyn HandshakeOutput,
    mut negotiated: Negotiated,
    kx: KeyExchange,
    client_auth: Option<ClientAuth>,
    encoded: &[u8],
) -> Result<State, Error> {
    // RFC 5246 §7.4.5: `struct { } ServerHelloDone;` The codec refused a non-empty body at
    // dispatch (decode_error).
    negotiated.log.add(encoded);
    send_flight(common, negotiated, kx, client_auth)
}
