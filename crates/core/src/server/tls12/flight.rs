//! The server's first flight (RFC 5246 §7.3): ServerHello, Certificate, ServerKeyExchange,
//! [CertificateRequest], ServerHelloDone, all in clear.

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;

use ferrotls_crypto::NamedGroup;
use ferrotls_record::ProtocolVersion;

use super::certificate_request::certificate_request;
use super::client_auth::{ClientAuth, ExpectCertificate};
use super::client_hello::{Agreed, Negotiated};
use super::key_exchange::{EphemeralKey, ExpectClientKeyExchange};
use super::paused::Continuation;
use super::progress::Progress;
use super::server_hello::{append_server_hello, server_random, Hello};
use super::session::SessionPlan;
use super::state::State;
use crate::config::{CertifiedKey, ServerConfig};
use crate::conn::{HandshakeOutput, NegotiatedValue};
use crate::deferred::{Request, SignFailed};
use crate::error::Error;
use crate::msgs::handshake::{
    ClientHello, EcdheParams, HandshakeMessage, ServerHelloDone, ServerKeyExchange,
};
use crate::server::paused::Paused;
use crate::suites::SupportedCipherSuite;
use crate::tls13::{encode, tls12_certificate_message};

/// Length of the persistent session identifier we assign; RFC 5246 §7.4.1.3 allows session
/// IDs of up to 32 bytes, and the identifier doubles as one.
const SESSION_ID_LEN: usize = 32;

/// Send everything up to ServerHelloDone. `encoded` is the ClientHello as received.
pub(super) fn send(
    config: &ServerConfig,
    common: &mut dyn HandshakeOutput,
    ch: &ClientHello,
    negotiated: Negotiated,
    encoded: &[u8],
) -> Result<State, Error> {
    let provider = Arc::clone(common.provider());
    let random = server_random(config, common)?;
    // Drawn whether or not the session will be resumable, so the order of random draws (see
    // the module documentation) does not depend on it.
    let mut session_id = vec![0u8; SESSION_ID_LEN];
    provider.random.fill(&mut session_id)?;
    let plan = SessionPlan::new(config, &negotiated.agreed, session_id);
    let kx = provider
        .kx_group(negotiated.group)
        .ok_or(Error::internal("chosen group left the provider"))?
        .start(provider.random.as_ref())?;

    let mut progress = Progress::new(
        negotiated.suite,
        negotiated.prims,
        ch.random,
        random,
        negotiated.agreed.ems,
        config.client_verifier.is_some(),
    );
    progress.add(encoded);
    // Room for the whole flight up to the signature, so it grows once at most: the
    // certificates, and well over what ServerHello, the ServerKeyExchange's params and the
    // headers take.
    let chain_len: usize = negotiated.cert.chain.iter().map(|c| c.as_ref().len()).sum();
    let mut flight = Vec::with_capacity(chain_len + 512);
    let hello = Hello {
        suite: negotiated.suite,
        session_id: plan.server_hello_id(),
        resumed: false,
        ticket: plan.ticket_promised(),
    };
    // The ServerHello is encoded straight into the flight.
    append_server_hello(&mut flight, &negotiated.agreed, &hello, &random)?;
    progress.add(&flight);
    let mut add = |message: &[u8], progress: &mut Progress| {
        progress.add(message);
        flight.extend_from_slice(message);
    };
    add(
        &tls12_certificate_message(&negotiated.cert.chain)?,
        &mut progress,
    );
    // RFC 8422 §5.4: the signature covers ClientHello.random + ServerHello.random +
    // ServerKeyExchange.params, with the scheme chosen from the client's list (RFC 5246
    // §7.4.3). It is asked for (`Request::Sign`, answered at once by a local key); the flight,
    // sent whole, waits for it.
    let ske = ServerKeyExchange {
        params: EcdheParams {
            group: negotiated.group,
            public: kx.public_key().to_vec(),
        },
        scheme: negotiated.scheme,
        signature: Vec::new(),
    };
    let signed = ske
        .signed_message(&ch.random, &random)
        .map_err(|_| Error::internal("could not encode our ServerKeyExchange params"))?;
    let scheme = negotiated.scheme;
    let rest = SignedFlight {
        ske,
        key: negotiated.cert,
        progress,
        flight,
        kx: EphemeralKey(kx),
        plan,
        suite: negotiated.suite,
        group: negotiated.group,
        agreed: negotiated.agreed,
    };
    Ok(State::Paused(Paused::new(
        Request::Sign {
            scheme,
            message: signed,
        },
        Continuation::Signed(rest),
    )))
}

/// The flight through our Certificate and what follows it, held across the pause for the
/// ServerKeyExchange signature (`paused.rs`).
#[derive(Debug)]
pub(crate) struct SignedFlight {
    /// Our ServerKeyExchange, without its signature yet.
    ske: ServerKeyExchange,
    /// The certificate whose key signs it.
    key: Arc<CertifiedKey>,
    progress: Progress,
    /// The flight so far (ServerHello, Certificate), sent in one go once signed.
    flight: Vec<u8>,
    kx: EphemeralKey,
    plan: SessionPlan,
    suite: &'static SupportedCipherSuite,
    group: NamedGroup,
    agreed: Agreed,
}

impl SignedFlight {
    /// The key `Request::Sign` is for.
    pub(super) fn key(&self) -> &Arc<CertifiedKey> {
        &self.key
    }

    /// The answer to `Request::Sign`: the ServerKeyExchange, [CertificateRequest],
    /// ServerHelloDone. A failed signature is internal_error (RFC 5246 §7.2.2).
    pub(super) fn signed(
        self,
        config: &ServerConfig,
        common: &mut dyn HandshakeOutput,
        signature: Result<Vec<u8>, SignFailed>,
    ) -> Result<State, Error> {
        let Self {
            mut ske,
            mut progress,
            mut flight,
            kx,
            plan,
            suite,
            group,
            agreed,
            ..
        } = self;
        ske.signature = signature.map_err(|SignFailed| {
            Error::internal(
                "our ServerKeyExchange signature failed (the key or its signer refused)",
            )
        })?;
        let mut add = |message: &[u8], progress: &mut Progress| {
            progress.add(message);
            flight.extend_from_slice(message);
        };
        add(
            &encode(&HandshakeMessage::ServerKeyExchange(ske))?,
            &mut progress,
        );
        let client_auth = match &config.client_verifier {
            Some(verifier) => {
                let (request, offered) = certificate_request(verifier.as_ref())?;
                add(&request, &mut progress);
                Some(ClientAuth {
                    verifier: Arc::clone(verifier),
                    offered,
                })
            }
            None => None,
        };
        add(
            &encode(&HandshakeMessage::ServerHelloDone(ServerHelloDone))?,
            &mut progress,
        );
        common.send_handshake(&flight)?;

        common.record(NegotiatedValue::Version(ProtocolVersion::TLS1_2));
        common.record(NegotiatedValue::Suite(suite));
        common.record(NegotiatedValue::Group(Some(group)));
        common.record(NegotiatedValue::ExtendedMasterSecret(agreed.ems));
        common.record(NegotiatedValue::SafeRenegotiation(
            agreed.secure_renegotiation,
        ));
        common.record(NegotiatedValue::SessionId(plan.id.clone()));
        common.record(NegotiatedValue::Alpn(agreed.alpn));
        common.record(NegotiatedValue::ServerName(agreed.server_name));
        progress.plan = Some(plan);

        Ok(match client_auth {
            Some(auth) => {
                State::ExpectCertificate(Box::new(ExpectCertificate::new(progress, kx, auth)))
            }
            None => State::ExpectClientKeyExchange(Box::new(ExpectClientKeyExchange::new(
                progress, kx, None,
            ))),
        })
    }
}
