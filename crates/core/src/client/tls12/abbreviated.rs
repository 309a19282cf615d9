//! The abbreviated handshake (RFC 5246 §7.3 Figure 2; RFC 5077 §3.1 with a renewed ticket):
//! the server resumed the session we offered, so no certificate and no key exchange follow,
//! only [NewSessionTicket], ChangeCipherSpec and Finished; we answer with ours.
//!
//! The keys come from the session's master secret and the two new randoms (RFC 5246 §6.3),
//! derived at the server's ChangeCipherSpec with both Finished (finished.rs).

use ferrotls_record::AlertDescription;

use super::finished::{AwaitServerFinished, Ending};
use super::{primitives, Negotiated, State};
use crate::conn::{HandshakeOutput, NegotiatedValue};
use crate::error::Error;
use crate::key_schedule::Tls12MasterSecret;
use crate::resumption::ResumptionData;

/// After the ServerHello that resumed `session` (its suite and EMS state already checked).
pub(crate) fn start(
    common: &mut dyn HandshakeOutput,
    negotiated: Negotiated,
    session: ResumptionData,
) -> Result<State, Error> {
    let Negotiated {
        hello,
        suite,
        server_random,
        ticket_expected,
        mut log,
        ..
    } = negotiated;
    let prims = primitives(common, suite)?;
    let master =
        Tls12MasterSecret::from_bytes(prims, session.secret().as_bytes()).map_err(|_| {
            Error::protocol(
                AlertDescription::INTERNAL_ERROR,
                "a TLS 1.2 session without a 48-byte master secret",
            )
        })?;
    common.tls12_master_secret(&master, &hello.random, &server_random);
    // No CertificateVerify in an abbreviated handshake: only the hash is needed.
    log.stop_keeping();

    common.record(NegotiatedValue::Resumed);
    // Whom the session authenticated at its full handshake.
    common.record(NegotiatedValue::PeerCertificates(
        session.peer_certificates().clone(),
    ));

    // The keys are derived at the server's ChangeCipherSpec, with both Finished.
    let awaiting = AwaitServerFinished {
        master,
        log,
        ending: Ending::Abbreviated {
            aead: suite.aead,
            client_random: hello.random,
            server_random,
            session,
        },
        ticket: None,
    };
    Ok(awaiting.into_state(ticket_expected))
}
