//! The server's Certificate (RFC 5246 §7.4.2).

use alloc::boxed::Box;

use ferrotls_record::AlertDescription;
use rustls_pki_types::{CertificateDer, UnixTime};

use super::key_type::check_key_type;
use super::server_key_exchange::ExpectServerKeyExchange;
use super::{Negotiated, State};
use crate::certificate_chain::CertificateChain;
use crate::client::ClientContext;
use crate::conn::{HandshakeOutput, NegotiatedValue};
use crate::error::Error;
use crate::msgs::handshake::CertificateTls12;

/// After the ServerHello: every suite we offer authenticates the server with a certificate.
#[derive(Debug)]
pub(crate) struct ExpectCertificate {
    pub(crate) negotiated: Negotiated,
}

impl ExpectCertificate {
    pub(crate) fn handle(
        self: Box<Self>,
        cx: &mut ClientContext,
        common: &mut dyn HandshakeOutput,
        certificate: CertificateTls12,
        encoded: &[u8],
        now: UnixTime,
    ) -> Result<State, Error> {
        let mut negotiated = self.negotiated;
        // The certificates move out of the message (the handshake log keeps its encoding).
        let chain: CertificateChain = certificate
            .chain
            .into_iter()
            .map(|c| CertificateDer::from(c.0))
            .collect();
        // RFC 5246 §7.4.2: "The sender's certificate MUST come first in the list"; an empty
        // list has no sender's certificate (the same rule as RFC 8446 §4.4.2.4's decode_error).
        let Some((end_entity, intermediates)) = chain.split_first() else {
            return Err(Error::protocol(
                AlertDescription::DECODE_ERROR,
                "server sent an empty Certificate (RFC 5246 §7.4.2)",
            ));
        };
        cx.config
            .verifier
            .verify_server_cert(end_entity, intermediates, &cx.server_name, now)?;
        let auth = negotiated.suite.tls12_auth.ok_or(Error::protocol(
            AlertDescription::INTERNAL_ERROR,
            "a TLS 1.2 suite without its authentication kind",
        ))?;
        check_key_type(end_entity, auth)?;
        let end_entity = end_entity.clone();
        common.record(NegotiatedValue::PeerCertificates(chain));
        negotiated.log.add(encoded);
        Ok(State::ExpectServerKeyExchange(Box::new(
            ExpectServerKeyExchange {
                negotiated,
                end_entity,
            },
        )))
    }
}
