//! The client's TLS 1.2 states and the one place that decides which message each accepts.

use alloc::boxed::Box;
use alloc::sync::Arc;

use ferrotls_record::ProtocolVersion;
use rustls_pki_types::UnixTime;

use super::certificate::ExpectCertificate;
use super::client_auth::{ChooseClientCertificate, SignCertificateVerify};
use super::connected::{ignore_hello_request, refuse_renegotiation};
use super::finished::{AwaitServerFinished, ExpectFinished};
use super::server_hello_done::{ExpectCertificateRequestOrDone, ExpectServerHelloDone};
use super::server_key_exchange::ExpectServerKeyExchange;
use crate::client::{not_awaited, ClientContext};
use crate::config::CertifiedKey;
use crate::conn::{unexpected_message, HandshakeOutput};
use crate::deferred::{Answer, Request};
use crate::error::Error;
use crate::msgs::handshake::HandshakeMessage;

/// Where the client's TLS 1.2 handshake is. Each variant owns exactly the data valid in it; a
/// transition consumes the state and returns the next.
#[derive(Debug)]
pub(crate) enum State {
    ExpectCertificate(Box<ExpectCertificate>),
    ExpectServerKeyExchange(Box<ExpectServerKeyExchange>),
    ExpectCertificateRequestOrDone(Box<ExpectCertificateRequestOrDone>),
    /// Paused after a CertificateRequest: `Request::ChooseClientCertificate`.
    ChooseClientCertificate(Box<ChooseClientCertificate>),
    /// After a CertificateRequest.
    ExpectServerHelloDone(Box<ExpectServerHelloDone>),
    /// Paused in our flight after the ClientKeyExchange: `Request::Sign` for our
    /// CertificateVerify.
    SignCertificateVerify(Box<SignCertificateVerify>),
    /// The server promised a ticket: after our flight, or right after its ServerHello in an
    /// abbreviated handshake.
    ExpectNewSessionTicket(Box<AwaitServerFinished>),
    /// The server's ChangeCipherSpec comes next: after our flight (and any ticket), or in an
    /// abbreviated handshake after the ServerHello (and any ticket).
    ExpectChangeCipherSpec(Box<AwaitServerFinished>),
    ExpectFinished(Box<ExpectFinished>),
    /// The handshake is complete: only HelloRequest remains, and it is refused.
    Connected,
}

impl State {
    /// The single dispatch point: every (state, message type) pair not listed is
    /// unexpected_message (RFC 5246 §7.3: the messages "MUST be sent in the order" of Figure 1;
    /// §7.2.2: "An inappropriate message was received"). This covers KeyUpdate, which TLS 1.2
    /// does not have, and a NewSessionTicket without the ServerHello's session_ticket
    /// (RFC 5077 §3.3: "This message MUST NOT be sent if the server did not include a
    /// SessionTicket extension in the ServerHello").
    pub(crate) fn handle(
        self,
        cx: &mut ClientContext,
        common: &mut dyn HandshakeOutput,
        message: HandshakeMessage,
        encoded: &[u8],
        now: UnixTime,
    ) -> Result<Self, Error> {
        use HandshakeMessage as M;
        match (self, message) {
            (Self::Connected, M::HelloRequest(_)) => {
                refuse_renegotiation(common)?;
                Ok(Self::Connected)
            }
            (state, M::HelloRequest(_)) => {
                ignore_hello_request();
                Ok(state)
            }
            (Self::ExpectCertificate(s), M::CertificateTls12(c)) => {
                s.handle(cx, common, c, encoded, now)
            }
            (Self::ExpectServerKeyExchange(s), M::ServerKeyExchange(ske)) => {
                s.handle(cx, common, ske, encoded)
            }
            (Self::ExpectCertificateRequestOrDone(s), M::CertificateRequestTls12(cr)) => {
                s.handle_certificate_request(cr, encoded)
            }
            (Self::ExpectCertificateRequestOrDone(s), M::ServerHelloDone(_)) => {
                s.handle_server_hello_done(common, encoded)
            }
            (Self::ExpectServerHelloDone(s), M::ServerHelloDone(_)) => s.handle(common, encoded),
            (Self::ExpectNewSessionTicket(s), M::NewSessionTicketTls12(t)) => {
                s.handle_new_session_ticket(t, encoded, now)
            }
            (Self::ExpectFinished(s), M::Finished(f)) => s.handle(cx, common, f, now),
            (state, message) => Err(unexpected_message(message.typ(), state.name())),
        }
    }

    /// RFC 5246 §7.1: the server's ChangeCipherSpec comes after our Finished in a full
    /// handshake, after its ServerHello in an abbreviated one (§7.3 Figure 2), and once;
    /// anywhere else it is unexpected_message (§7.2.2).
    pub(crate) fn handle_change_cipher_spec(
        self,
        common: &mut dyn HandshakeOutput,
    ) -> Result<Self, Error> {
        match self {
            Self::ExpectChangeCipherSpec(s) => s.handle_change_cipher_spec(common),
            _ => Err(Error::unexpected(
                "change_cipher_spec before our Finished, before the promised NewSessionTicket, \
                 or a second one (RFC 5246 §7.1, RFC 5077 §3.3)",
            )),
        }
    }

    /// What the handshake waits for, if it is paused.
    pub(crate) fn pending(&self) -> Option<&Request> {
        match self {
            Self::ChooseClientCertificate(s) => Some(s.request()),
            Self::SignCertificateVerify(s) => Some(s.request()),
            _ => None,
        }
    }

    /// The key a pending `Request::Sign` is for.
    pub(crate) fn signing_key(&self) -> Option<&Arc<CertifiedKey>> {
        match self {
            Self::SignCertificateVerify(s) => Some(s.key()),
            _ => None,
        }
    }

    /// Resume a paused state with `answer`, whose kind the caller has checked
    /// (`Request::accepts`).
    pub(crate) fn answer(
        self,
        common: &mut dyn HandshakeOutput,
        answer: Answer,
    ) -> Result<Self, Error> {
        match (self, answer) {
            (Self::ChooseClientCertificate(s), Answer::Certificate(chosen)) => Ok(s.answer(chosen)),
            (Self::SignCertificateVerify(s), Answer::Signature(signature)) => {
                s.answer(common, signature)
            }
            _ => Err(not_awaited()),
        }
    }

    pub(crate) fn version(&self) -> Option<ProtocolVersion> {
        Some(ProtocolVersion::TLS1_2)
    }

    pub(crate) fn name(&self) -> &'static str {
        match self {
            Self::ExpectCertificate(_) => "Tls12ExpectCertificate",
            Self::ExpectServerKeyExchange(_) => "Tls12ExpectServerKeyExchange",
            Self::ExpectCertificateRequestOrDone(_) => "Tls12ExpectCertificateRequestOrDone",
            Self::ChooseClientCertificate(_) => "Tls12ChooseClientCertificate (paused)",
            Self::ExpectServerHelloDone(_) => "Tls12ExpectServerHelloDone",
            Self::SignCertificateVerify(_) => "Tls12SignCertificateVerify (paused)",
            Self::ExpectNewSessionTicket(_) => "Tls12ExpectNewSessionTicket",
            Self::ExpectChangeCipherSpec(_) => "Tls12ExpectChangeCipherSpec",
            Self::ExpectFinished(_) => "Tls12ExpectFinished",
            Self::Connected => "Tls12Connected",
        }
    }
}
