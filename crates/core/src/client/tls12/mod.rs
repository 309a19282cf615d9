//! The TLS 1.2 client handshake (RFC 5246 §7.3 Figures 1 and 2, with the ECDHE key exchange of
//! RFC 8422 §2): one type per state, each owning only what is valid in it, and the single
//! dispatch in [`state`]. The TLS 1.3 machine's first ServerHello state hands over here when the
//! server selects TLS 1.2 (see [`crate::client::version`]).
//!
//! ```text
//! (TLS 1.3 ExpectServerHello) ──TLS 1.2 ServerHello──> ExpectCertificate
//!        │ (echo of the session we offered: abbreviated handshake, abbreviated.rs)
//!        │                                   v Certificate
//!        │                           ExpectServerKeyExchange
//!        │                                   v ServerKeyExchange
//!        │                           ExpectCertificateRequestOrDone ──CertificateRequest──> ChooseClientCertificate*
//!        │                                   │ ServerHelloDone                                  │ answer
//!        │                                   │                                                  v
//!        │                                   │                                         ExpectServerHelloDone
//!        │                                   │                                                  │ ServerHelloDone
//!        │                                   v                                                  v
//!        │     (our flight: [Certificate,] ClientKeyExchange, [CertificateVerify,] ChangeCipherSpec, Finished)
//!        │                                   │            └─ with a certificate: SignCertificateVerify* ─answer─┘
//!        │                                   │
//!        ├──(session_ticket in the ServerHello)──> ExpectNewSessionTicket
//!        v                                              │ NewSessionTicket
//! ExpectChangeCipherSpec <──────────────────────────────┘
//!        v ChangeCipherSpec (read keys change)
//! ExpectFinished ──Finished──> Connected   (abbreviated: then our ChangeCipherSpec, Finished)
//! ```
//!
//! `*`: paused states ([`client_auth`]), which wait for the application's answer to their
//! `Request` (answered at once from `client_auth` and a local key unless deferred).
//!
//! At the end the session is reported once as `TicketReceived` (`session.rs`). A HelloRequest
//! is ignored while the handshake runs (RFC 5246 §7.4.1.1) and answered with a warning
//! no_renegotiation afterwards: this client never renegotiates.

mod abbreviated;
mod certificate;
mod client_auth;
mod connected;
mod finished;
mod flight;
mod key_type;
mod server_hello;
mod server_hello_done;
mod server_key_exchange;
mod session;
mod state;
mod transcript;

pub(crate) use server_hello::start;
#[cfg(test)]
pub(crate) use session::DEFAULT_TLS12_SESSION_LIFETIME;
pub(crate) use state::State;

use ferrotls_record::AlertDescription;

use crate::conn::HandshakeOutput;
use crate::error::Error;
use crate::key_schedule::HashPrimitives;
use crate::msgs::handshake::ClientHello;
use crate::suites::SupportedCipherSuite;
use transcript::HandshakeLog;

/// What the ServerHello settled, carried by every state up to our flight.
#[derive(Debug)]
pub(crate) struct Negotiated {
    /// What we offered: groups and signature schemes to hold the server to.
    pub(crate) hello: ClientHello,
    pub(crate) suite: &'static SupportedCipherSuite,
    pub(crate) server_random: [u8; 32],
    /// Both hellos carried extended_master_secret (RFC 7627 §5.2).
    pub(crate) ems: bool,
    /// The ServerHello carried session_ticket: a NewSessionTicket precedes the server's
    /// ChangeCipherSpec (RFC 5077 §3.3).
    pub(crate) ticket_expected: bool,
    pub(crate) log: HandshakeLog,
}

impl Negotiated {
    pub(crate) fn client_random(&self) -> &[u8; 32] {
        &self.hello.random
    }
}

/// The PRF hash of `suite` (RFC 5246 §5: SHA-256 unless the suite names another, RFC 5288 §3).
pub(crate) fn primitives(
    common: &dyn HandshakeOutput,
    suite: &SupportedCipherSuite,
) -> Result<HashPrimitives, Error> {
    HashPrimitives::from_provider(common.provider(), suite.hash).map_err(|_| {
        Error::protocol(
            AlertDescription::INTERNAL_ERROR,
            "provider lacks the suite's PRF hash",
        )
    })
}

pub(crate) fn illegal(rule: &'static str) -> Error {
    Error::protocol(AlertDescription::ILLEGAL_PARAMETER, rule)
}
