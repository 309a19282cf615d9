//! NewSessionTicket (RFC 8446 §4.6.1): what the server issues after the client's Finished, and
//! later on request (`ServerConnection::send_tickets`).
//!
//! Each ticket carries a [`ServerSessionState`]: its own PSK, derived from the resumption master
//! secret and the ticket's nonce, plus the session's persistent identifier, suite, SNI, ALPN
//! and client certificates. The state is sealed into the ticket when the config has a
//! `ticket_sealer`; otherwise it is put in the `session_store` under a random ticket id, to be
//! taken once, or with `Defer::sessions` handed to the application as `Event::StoreSession`
//! (a write the connection does not wait for, `crate::deferred`); with none of these, no
//! tickets are issued.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use rustls_pki_types::UnixTime;

use super::key_schedule_error;
use super::psk::TicketSource;
use crate::certificate_chain::CertificateChain;
use crate::config::ServerConfig;
use crate::conn::{HandshakeOutput, NegotiatedValue};
use crate::deferred::{SessionSink, StoreWrite};
use crate::error::Error;
use crate::key_schedule::{ResumptionMasterSecret, TicketPsks};
use crate::msgs::extensions::{MaxEarlyDataSize, NewSessionTicketExtension, TicketRequest};
use crate::msgs::handshake::{HandshakeMessage, NewSessionTicketTls13};
use crate::resumption::{
    ServerSessionState, SessionParams, MAX_SESSION_ID_LEN, MAX_TLS13_TICKET_LIFETIME,
};
use crate::suites::SupportedCipherSuite;
use crate::tls13::encode;

/// Bytes of the random id a stateful ticket is stored under: as unguessable as a sealed ticket.
const STATEFUL_TICKET_ID_LEN: usize = 32;

/// How many NewSessionTickets follow the handshake. RFC 9149 §3: a client's ticket_request
/// asks for `new_session_count` tickets when the server makes a new session and
/// `resumption_count` when it resumes one offered in that ClientHello; it gets that many, up
/// to `max_requested_tickets` (the RFC leaves the limit to the server). A client that does
/// not ask gets `tls13_tickets`. A config that cannot keep tickets sends none, and so does a
/// connection whose client cannot resume with any of our `psk_modes` (`ticket_modes` false: no
/// psk_key_exchange_modes, or none we accept). RFC 9846 §4.3.9: "Servers SHOULD NOT send
/// NewSessionTicket with tickets that are not compatible with the advertised modes"; such a
/// ticket would only be declined (and a stateful one would sit in the store unused).
pub(super) fn tickets_to_send(
    config: &ServerConfig,
    request: Option<TicketRequest>,
    ticket_modes: bool,
    resumed: bool,
) -> usize {
    if !ticket_modes || matches!(TicketSource::of(config), TicketSource::None) {
        return 0;
    }
    match request {
        Some(r) => {
            let asked = if resumed {
                r.resumption_count
            } else {
                r.new_session_count
            };
            usize::from(asked.min(config.max_requested_tickets))
        }
        None => config.tls13_tickets,
    }
}

/// What the tickets of a connection describe, gathered during the handshake.
#[derive(Debug)]
pub(super) struct SessionContext {
    /// The SNI host name (lower case), if any.
    pub(super) server_name: Option<String>,
    /// The ALPN protocol this connection negotiated.
    pub(super) alpn: Option<Vec<u8>>,
    /// NewSessionTickets to send once the client's Finished verified ([`tickets_to_send`]).
    pub(super) tickets: usize,
    /// The client can resume with one of our modes; without, `send_tickets` sends none
    /// either ([`tickets_to_send`]).
    pub(super) ticket_modes: bool,
    /// Set when this connection resumed a session.
    pub(super) resumed: Option<ResumedSession>,
}

/// The parts of a resumed session its new tickets inherit.
#[derive(Debug)]
pub(super) struct ResumedSession {
    /// The persistent identifier made at the session's full handshake.
    pub(super) session_id: Vec<u8>,
    /// The resumed ticket's expiry: no ticket issued now may outlive it (RFC 8446 §4.6.1).
    pub(super) not_after: UnixTime,
    pub(super) client_certificates: CertificateChain,
}

impl SessionContext {
    /// Fix the session's identity once the client's Finished verified: a resumption keeps the
    /// resumed session's id; a full handshake draws a new random one (the last random draw of
    /// the handshake, see the module docs of `server::tls13`).
    pub(super) fn into_issuer(
        self,
        common: &mut dyn HandshakeOutput,
        suite: &'static SupportedCipherSuite,
        resumption: ResumptionMasterSecret,
        full_handshake_client_certs: CertificateChain,
    ) -> Result<TicketIssuer, Error> {
        let (session_id, not_after, client_certificates) = match self.resumed {
            // Recorded when the resumption was accepted (`flight`).
            Some(r) => (r.session_id, Some(r.not_after), r.client_certificates),
            None => {
                let mut id = vec![0u8; MAX_SESSION_ID_LEN];
                common.fill_random(&mut id)?;
                common.record(NegotiatedValue::SessionId(id.clone()));
                (id, None, full_handshake_client_certs)
            }
        };
        Ok(TicketIssuer {
            resumption,
            issue: Issuing {
                suite,
                session_id,
                server_name: self.server_name,
                alpn: self.alpn,
                client_certificates,
                not_after,
                issued: 0,
                ticket_modes: self.ticket_modes,
            },
        })
    }
}

/// Issues the tickets of one connection.
#[derive(Debug)]
pub(crate) struct TicketIssuer {
    resumption: ResumptionMasterSecret,
    issue: Issuing,
}

/// What each ticket of the connection carries, and how many went out.
#[derive(Debug)]
struct Issuing {
    suite: &'static SupportedCipherSuite,
    session_id: Vec<u8>,
    server_name: Option<String>,
    alpn: Option<Vec<u8>>,
    client_certificates: CertificateChain,
    not_after: Option<UnixTime>,
    /// Tickets issued so far: the next ticket's nonce.
    issued: u32,
    /// The client's psk_key_exchange_modes share one with ours (RFC 9846 §4.3.9): otherwise
    /// no ticket goes out, not even on `send_tickets`.
    ticket_modes: bool,
}

impl TicketIssuer {
    /// Send up to `n` NewSessionTickets. Fewer go out when the session has no lifetime left,
    /// the config cannot keep tickets, the client cannot resume with any of our PSK modes
    /// ([`tickets_to_send`]), the sealer refuses (e.g. its key is retired), the store
    /// refuses, or 65536 tickets were issued on this connection already (the nonce is two
    /// bytes). A random-source failure is an error.
    pub(super) fn issue(
        &mut self,
        config: &ServerConfig,
        common: &mut dyn HandshakeOutput,
        n: usize,
        now: UnixTime,
    ) -> Result<(), Error> {
        if n == 0 || !self.issue.ticket_modes {
            return Ok(());
        }
        // The resumption master secret is keyed into HMAC once for all the tickets' PSKs.
        let Self { resumption, issue } = self;
        let mut outcome = Ok(());
        resumption
            .with_ticket_psks(|psks| {
                for _ in 0..n {
                    match issue.issue_one(config, common, now, psks) {
                        Ok(true) => {}
                        Ok(false) => break,
                        Err(e) => {
                            outcome = Err(e);
                            break;
                        }
                    }
                }
                Ok(())
            })
            .map_err(key_schedule_error)?;
        outcome
    }
}

impl Issuing {
    /// RFC 8446 §4.6.1: "Servers MUST NOT use any value greater than 604800 seconds", and a
    /// ticket issued on a resumption "MUST NOT" outlive the original session. Also no longer
    /// than the config's session lifetime and the sealer's hint.
    fn lifetime(&self, config: &ServerConfig, now: UnixTime) -> u32 {
        let mut lifetime = config.session_lifetime.min(MAX_TLS13_TICKET_LIFETIME);
        if let Some(sealer) = &config.ticket_sealer {
            lifetime = lifetime.min(sealer.lifetime_hint());
        }
        if let Some(end) = self.not_after {
            let left = end.as_secs().saturating_sub(now.as_secs());
            lifetime = lifetime.min(u32::try_from(left).unwrap_or(u32::MAX));
        }
        lifetime
    }

    fn issue_one(
        &mut self,
        config: &ServerConfig,
        common: &mut dyn HandshakeOutput,
        now: UnixTime,
        psks: &TicketPsks<'_>,
    ) -> Result<bool, Error> {
        let lifetime = self.lifetime(config, now);
        if lifetime == 0 || matches!(TicketSource::of(config), TicketSource::None) {
            return Ok(false);
        }
        // The nonce only has to be unique per connection (§4.6.1): a big-endian counter, two
        // bytes as in RFC 8448 §3 (whose first ticket has the nonce 00 00).
        let Ok(counter) = u16::try_from(self.issued) else {
            return Ok(false);
        };
        let nonce = counter.to_be_bytes();
        let mut age_add = [0u8; 4];
        common.fill_random(&mut age_add)?;
        let age_add = u32::from_be_bytes(age_add);
        // §4.2.10: a ticket allows 0-RTT only if the server can accept it, which needs replay
        // protection (RFC 9846 §8), ours or the application's.
        let max_early_data = if config.anti_replay.is_some() || config.defer.anti_replay {
            config.max_early_data
        } else {
            0
        };
        let psk = psks.ticket_psk(&nonce).map_err(key_schedule_error)?;
        let params = SessionParams {
            cipher_suite: self.suite.suite,
            secret: psk,
            server_name: self.server_name.clone(),
            alpn: self.alpn.clone(),
            extended_master_secret: true,
            peer_certificates: self.client_certificates.clone(),
        };
        // A session the state format cannot hold (e.g. a client chain beyond its limits) is
        // simply not made resumable.
        let Ok(state) = ServerSessionState::tls13(
            params,
            self.session_id.clone(),
            now,
            lifetime,
            age_add,
            max_early_data,
        ) else {
            return Ok(false);
        };
        let ticket = match TicketSource::of(config) {
            TicketSource::Sealed(sealer) => {
                match sealer.seal(&state.to_bytes(), common.provider().random.as_ref(), now) {
                    Ok(ticket) => ticket,
                    Err(_) => return Ok(false),
                }
            }
            // A stateful ticket (RFC 9846 §4.7.1): its state is kept under a random id, by the
            // store or (Defer::sessions, Event::StoreSession) the application; not waited for.
            TicketSource::Stateful => {
                let mut id = vec![0u8; STATEFUL_TICKET_ID_LEN];
                common.fill_random(&mut id)?;
                let Some(sink) = SessionSink::of(config) else {
                    return Ok(false);
                };
                let write = StoreWrite {
                    id: id.clone(),
                    state,
                };
                if !sink.keep(common, write, now) {
                    return Ok(false);
                }
                id
            }
            TicketSource::None => return Ok(false),
        };
        let extensions = if max_early_data > 0 {
            vec![NewSessionTicketExtension::EarlyData(MaxEarlyDataSize(
                max_early_data,
            ))]
        } else {
            Vec::new()
        };
        let message = encode(&HandshakeMessage::NewSessionTicketTls13(
            NewSessionTicketTls13 {
                lifetime,
                age_add,
                nonce: nonce.to_vec(),
                ticket,
                extensions,
            },
        ))?;
        let kind = match TicketSource::of(config) {
            TicketSource::Stateful => "stateful ticket",
            _ => "sealed ticket",
        };
        crate::trace::session_issued(
            crate::ProtocolVersion::TLS1_3,
            kind,
            lifetime,
            max_early_data,
        );
        common.send_handshake(&message)?;
        self.issued += 1;
        Ok(true)
    }
}
