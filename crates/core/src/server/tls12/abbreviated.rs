//! The abbreviated handshake that resumes a session (RFC 5246 §7.3 Figure 2; RFC 5077 §3.1
//! Figure 2 with a renewed ticket):
//!
//! ```text
//! ClientHello        -->
//!                    <--  ServerHello, [NewSessionTicket], ChangeCipherSpec, Finished
//! ChangeCipherSpec, Finished  -->
//! ```
//!
//! The keys come from the session's master secret and the two new randoms (RFC 5246 §6.3);
//! our Finished comes first and the client's covers it.

use alloc::boxed::Box;
use alloc::vec::Vec;

use ferrotls_crypto::Secret;
use ferrotls_record::ProtocolVersion;
use rustls_pki_types::UnixTime;

use super::client_hello::Agreed;
use super::connected::Connected;
use super::drawn_ahead::DrawnAhead;
use super::finished::check_finished;
use super::server_hello::{
    append_server_hello, downgrade_sentinel, server_hello_len, server_random, Hello,
};
use super::session::{put_new_session_ticket, renew, seal_ticket, NEW_SESSION_TICKET_OVERHEAD};
use super::state::State;
use crate::config::ServerConfig;
use crate::conn::{DirectionKeys, HandshakeOutput, Level, NegotiatedValue};
use crate::error::Error;
use crate::key_schedule::{HashPrimitives, Tls12KeyBlock, Tls12MasterSecret, Tls12WriteKeys};
use crate::msgs::handshake::{ClientHello, Finished};
use crate::resumption::ServerSessionState;
use crate::suites;
use crate::tls12::{abbreviated_secrets, AbbreviatedSecrets};
use crate::transcript::Transcript;

/// The most random bytes a sealer may have drawn with the ServerHello random
/// ([`TicketSealer::seal_random_len`](crate::resumption::TicketSealer::seal_random_len));
/// a sealer that wants more draws for itself.
const MAX_DRAWN_AHEAD: usize = 32;

/// Answer `ch` (received as `encoded`) by resuming `session`, which `resume::find` checked.
pub(super) fn start(
    config: &ServerConfig,
    common: &mut dyn HandshakeOutput,
    ch: &ClientHello,
    encoded: &[u8],
    agreed: Agreed,
    mut session: ServerSessionState,
    now: UnixTime,
) -> Result<State, Error> {
    let suite = suites::lookup(session.cipher_suite())
        .ok_or(Error::internal("a checked session's suite is unknown"))?;
    let prims = HashPrimitives::from_provider(common.provider(), suite.hash)
        .map_err(|_| Error::internal("provider lacks the suite's hash"))?;
    let master = Tls12MasterSecret::from_bytes(prims, session.secret().as_bytes())
        .map_err(|_| Error::internal("a TLS 1.2 session without a 48-byte master secret"))?;
    // RFC 5077 §3.3: the renewed ticket goes "after the ServerHello in the abbreviated
    // handshake". We renew whenever the client takes tickets: the fresh one has an honest
    // lifetime (the rest of the session's), and it is never valid past the original session.
    let sealer = config
        .ticket_sealer
        .as_deref()
        .filter(|_| agreed.ticket_requested);
    // The ServerHello random and the sealer's draws in one request (they are next to each
    // other in the order of draws): one system call less for `OsRandom`. A source that
    // refuses the joint request (a script that ends sooner) is asked for the random alone,
    // and the sealer draws for itself, as it would have.
    let mut draws = [0u8; 32 + MAX_DRAWN_AHEAD];
    let joint_len = 32 + sealer.map_or(0, |s| s.seal_random_len());
    let drew_ahead = match draws.get_mut(..joint_len) {
        Some(joint) if joint_len > 32 => common.fill_random(joint).is_ok(),
        _ => false,
    };
    let (random, ahead) = match draws.get(..joint_len).and_then(<[u8]>::split_first_chunk) {
        Some((random, ahead)) if drew_ahead => (downgrade_sentinel(config, *random), ahead),
        _ => (server_random(config, common)?, &[][..]),
    };
    let mut transcript = Transcript::new(prims.hash);
    transcript.add(encoded);

    // RFC 5246 §7.4.1.3: to resume, the server "will respond with the same value as was
    // supplied by the client"; RFC 5077 §3.4 makes that the client's (possibly made-up)
    // session ID for a ticket too: "If the server accepts the ticket and the Session ID is not
    // empty, then it MUST respond with the same Session ID present in the ClientHello."
    let hello = Hello {
        suite,
        session_id: &ch.session_id,
        resumed: true,
        ticket: agreed.ticket_requested,
    };
    // The renewed ticket is sealed first, so that the flight (ServerHello, NewSessionTicket)
    // is allocated once, at its size, and encoded in place.
    let ticket = sealer.map(|sealer| {
        let renewed = renew(config, &mut session, now);
        let rng = DrawnAhead::new(ahead, common.provider().random.as_ref());
        seal_ticket(sealer, &rng, renewed.then_some(&session), now)
    });
    let ticket_len = ticket
        .as_ref()
        .map_or(0, |(_, t)| NEW_SESSION_TICKET_OVERHEAD + t.len());
    let mut flight = Vec::with_capacity(server_hello_len(&agreed, &hello, &random)? + ticket_len);
    append_server_hello(&mut flight, &agreed, &hello, &random)?;
    transcript.add(&flight);
    if let Some((lifetime_hint, ticket)) = ticket {
        let at = flight.len();
        put_new_session_ticket(&mut flight, lifetime_hint, ticket)?;
        transcript.add(&flight[at..]);
    }
    common.send_handshake(&flight)?;

    common.tls12_master_secret(&master, &ch.random, &random);
    // Everything this handshake derives, under one keying of the PRF: the key block (RFC 5246
    // §6.3), our Finished, and the client's, whose handshake_messages end with ours (§7.3
    // Figure 2, §7.4.9) and so are known now.
    let AbbreviatedSecrets {
        keys:
            Tls12KeyBlock {
                client: client_write,
                server: server_write,
            },
        server_finished: finished,
        client_verify_data: expected,
        ..
    } = abbreviated_secrets(
        &master,
        suite.aead,
        &ch.random,
        &random,
        transcript.current(),
        |more| transcript.current_with(more),
    )
    .ok_or(Error::internal("Finished derivation failed"))?;
    // RFC 5246 §7.1, §7.4.9: our ChangeCipherSpec, then our Finished under the new keys.
    common.send_change_cipher_spec()?;
    common.install_write_keys(Level::Application, DirectionKeys::Tls12(&server_write))?;
    common.send_handshake(&finished)?;

    common.record(NegotiatedValue::Version(ProtocolVersion::TLS1_2));
    common.record(NegotiatedValue::Suite(suite));
    common.record(NegotiatedValue::ExtendedMasterSecret(agreed.ems));
    common.record(NegotiatedValue::SafeRenegotiation(
        agreed.secure_renegotiation,
    ));
    common.record(NegotiatedValue::Alpn(agreed.alpn));
    common.record(NegotiatedValue::ServerName(agreed.server_name));
    common.record(NegotiatedValue::Resumed);
    let client_certificates = session.client_certificates();
    common.record(NegotiatedValue::ClientAuthenticated(
        !client_certificates.is_empty(),
    ));
    common.record(NegotiatedValue::PeerCertificates(
        client_certificates.clone(),
    ));
    // The persistent identifier, the same as at the session's full handshake.
    common.record(NegotiatedValue::SessionId(session.into_session_id()));

    Ok(State::ExpectResumedChangeCipherSpec(Box::new(
        ExpectResumedChangeCipherSpec {
            client_write,
            expected,
        },
    )))
}

/// Our Finished is out; the client's ChangeCipherSpec comes next, then its Finished. One state
/// for both steps, so the abbreviated handshake's last states share one allocation.
#[derive(Debug)]
pub(crate) struct ExpectResumedChangeCipherSpec {
    /// Installed at the client's ChangeCipherSpec (wiped when this state is dropped, at its
    /// Finished).
    client_write: Tls12WriteKeys,
    /// The client's verify_data, derived with ours.
    expected: Secret,
}

impl ExpectResumedChangeCipherSpec {
    /// RFC 5246 §7.1: the client's records are protected from here on. `install_read_keys` refuses
    /// a ChangeCipherSpec inside a fragmented handshake message.
    pub(super) fn handle_change_cipher_spec(
        self: Box<Self>,
        common: &mut dyn HandshakeOutput,
    ) -> Result<State, Error> {
        common.install_read_keys(Level::Application, DirectionKeys::Tls12(&self.client_write))?;
        Ok(State::ExpectResumedFinished(self))
    }

    /// Reading under the client's keys; its Finished ends the handshake.
    pub(super) fn handle_finished(
        self: Box<Self>,
        common: &mut dyn HandshakeOutput,
        finished: Finished,
    ) -> Result<State, Error> {
        check_finished(&self.expected, &finished)?;
        common.complete_handshake(ProtocolVersion::TLS1_2)?;
        Ok(State::Connected(Connected::new()))
    }
}
