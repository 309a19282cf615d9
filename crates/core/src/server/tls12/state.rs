//! The server's TLS 1.2 handshake states and the one place that dispatches on (state, input):
//! a handshake message or the client's ChangeCipherSpec, which TLS 1.2 orders among the
//! messages (RFC 5246 §7.3).

use alloc::boxed::Box;
use alloc::sync::Arc;

use rustls_pki_types::UnixTime;

use super::abbreviated::ExpectResumedChangeCipherSpec;
use super::client_auth::{ExpectCertificate, ExpectCertificateVerify};
use super::connected::Connected;
use super::finished::{ExpectChangeCipherSpec, ExpectFinished};
use super::key_exchange::ExpectClientKeyExchange;
use super::paused::Continuation;
use crate::config::{CertifiedKey, ServerConfig};
use crate::conn::{unexpected_message, HandshakeOutput};
use crate::deferred::{Answer, Request};
use crate::error::Error;
use crate::msgs::handshake::HandshakeMessage;
use crate::server::paused::Paused;

/// Where the server is in the handshake. Each variant owns only what is valid in it; a
/// transition consumes the state and returns the next. The first state is made by
/// `client_hello::handle_client_hello`: ExpectCertificate or ExpectClientKeyExchange for a
/// full handshake, ExpectResumedChangeCipherSpec for an abbreviated one.
#[derive(Debug)]
pub(crate) enum State {
    /// Our flight asked for a client certificate (RFC 5246 §7.4.6).
    ExpectCertificate(Box<ExpectCertificate>),
    /// Waiting for the client's ECDHE share (RFC 8422 §5.7).
    ExpectClientKeyExchange(Box<ExpectClientKeyExchange>),
    /// The client sent a certificate, so it must prove its key (RFC 5246 §7.4.8).
    ExpectCertificateVerify(Box<ExpectCertificateVerify>),
    /// Keys derived; the client's ChangeCipherSpec switches its direction (RFC 5246 §7.1).
    ExpectChangeCipherSpec(Box<ExpectChangeCipherSpec>),
    /// Waiting for the client's Finished (RFC 5246 §7.4.9).
    ExpectFinished(Box<ExpectFinished>),
    /// Abbreviated handshake: our Finished is out; the client's ChangeCipherSpec comes next
    /// (RFC 5246 §7.3 Figure 2).
    ExpectResumedChangeCipherSpec(Box<ExpectResumedChangeCipherSpec>),
    /// Abbreviated handshake: the client's Finished ends it.
    ExpectResumedFinished(Box<ExpectResumedChangeCipherSpec>),
    /// Handshake done (a flag: held inline, no allocation).
    Connected(Connected),
    /// The ClientHello step waits for an answer ([`crate::deferred`], `server::paused`); no
    /// message is handed to it until then.
    Paused(Box<Paused<Continuation>>),
}

/// What the record layer hands the handshake: a message (with its 4-byte header, and the time
/// for certificate checks) or a ChangeCipherSpec.
enum Input<'a> {
    Handshake(HandshakeMessage, &'a [u8], UnixTime),
    ChangeCipherSpec,
}

impl State {
    pub(crate) fn handle_message(
        self,
        common: &mut dyn HandshakeOutput,
        message: HandshakeMessage,
        encoded: &[u8],
        now: UnixTime,
    ) -> Result<Self, Error> {
        self.handle(common, Input::Handshake(message, encoded, now))
    }

    pub(crate) fn handle_change_cipher_spec(
        self,
        common: &mut dyn HandshakeOutput,
    ) -> Result<Self, Error> {
        self.handle(common, Input::ChangeCipherSpec)
    }

    /// The single dispatch: every (state, input) pair not listed is unexpected_message
    /// (RFC 5246 §7.4: "Sending handshake messages in an unexpected order results in a fatal
    /// error"; §7.1 for a ChangeCipherSpec out of place).
    fn handle(self, common: &mut dyn HandshakeOutput, input: Input<'_>) -> Result<Self, Error> {
        use HandshakeMessage as M;
        match (self, input) {
            (Self::ExpectCertificate(s), Input::Handshake(M::CertificateTls12(c), m, now)) => {
                s.handle(c, m, now)
            }
            (Self::ExpectClientKeyExchange(s), Input::Handshake(M::ClientKeyExchange(c), m, _)) => {
                s.handle(common, c, m)
            }
            (Self::ExpectCertificateVerify(s), Input::Handshake(M::CertificateVerify(v), m, _)) => {
                s.handle(v, m)
            }
            (Self::ExpectChangeCipherSpec(s), Input::ChangeCipherSpec) => {
                s.handle_change_cipher_spec(common)
            }
            (Self::ExpectFinished(s), Input::Handshake(M::Finished(f), m, now)) => {
                s.handle(common, f, m, now)
            }
            (Self::ExpectResumedChangeCipherSpec(s), Input::ChangeCipherSpec) => {
                s.handle_change_cipher_spec(common)
            }
            (Self::ExpectResumedFinished(s), Input::Handshake(M::Finished(f), ..)) => {
                s.handle_finished(common, f)
            }
            (Self::Connected(s), Input::Handshake(M::ClientHello(_), ..)) => {
                Ok(Self::Connected(s.refuse_renegotiation(common)?))
            }
            // KeyUpdate (and every other message) does not exist after a TLS 1.2 handshake.
            (Self::Connected(s), Input::Handshake(message, ..)) => Err(s
                .other_handshake_message()
                .unwrap_or(unexpected_message(message.typ(), "Connected"))),
            (state, Input::Handshake(message, ..)) => {
                Err(unexpected_message(message.typ(), state.name()))
            }
            (_, Input::ChangeCipherSpec) => Err(Error::unexpected(
                "change_cipher_spec out of place (RFC 5246 §7.1)",
            )),
        }
    }

    /// What a paused state waits for.
    /// The key a pending `Request::Sign` is for (a local key answers it at once).
    pub(crate) fn signing_key(&self) -> Option<&Arc<CertifiedKey>> {
        match self {
            Self::Paused(paused) => paused.at.signing_key(),
            _ => None,
        }
    }

    pub(crate) fn pending(&self) -> Option<&Request> {
        match self {
            Self::Paused(paused) => Some(paused.request()),
            _ => None,
        }
    }

    /// Resume a paused state with `answer`.
    pub(crate) fn answer(
        self,
        config: &ServerConfig,
        common: &mut dyn HandshakeOutput,
        answer: Answer,
        now: UnixTime,
    ) -> Result<Self, Error> {
        match self {
            Self::Paused(paused) => {
                let (request, at) = paused.into_parts();
                at.resume(config, common, request, answer, now)
            }
            _ => Err(Error::internal("an answer with nothing pending")),
        }
    }

    pub(crate) fn name(&self) -> &'static str {
        match self {
            Self::ExpectCertificate(_) => "ExpectCertificate",
            Self::ExpectClientKeyExchange(_) => "ExpectClientKeyExchange",
            Self::ExpectCertificateVerify(_) => "ExpectCertificateVerify",
            Self::ExpectChangeCipherSpec(_) => "ExpectChangeCipherSpec",
            Self::ExpectFinished(_) => "ExpectFinished",
            Self::ExpectResumedChangeCipherSpec(_) => "ExpectResumedChangeCipherSpec",
            Self::ExpectResumedFinished(_) => "ExpectResumedFinished",
            Self::Connected(_) => "Connected",
            Self::Paused(_) => "Paused",
        }
    }
}
