//! The client's TLS 1.3 states and the one place that decides which message each accepts.

use alloc::boxed::Box;
use alloc::sync::Arc;

use ferrotls_record::ProtocolVersion;
use rustls_pki_types::UnixTime;

use super::certificate::{
    ExpectCertificate, ExpectCertificateOrCertificateRequest, ExpectCertificateVerify,
};
use super::client_auth::{ChooseClientCertificate, SignCertificateVerify};
use super::connected::Connected;
use super::encrypted::ExpectEncryptedExtensions;
use super::finished::ExpectFinished;
use super::server_hello::{ExpectServerHello, ExpectServerHelloAfterRetry};
use crate::client::{not_awaited, ClientContext, ClientState};
use crate::config::CertifiedKey;
use crate::conn::{unexpected_message, HandshakeOutput};
use crate::deferred::{Answer, Request};
use crate::error::Error;
use crate::msgs::enums::HandshakeType;
use crate::msgs::handshake::HandshakeMessage;

/// Where the client's handshake is. Each variant owns exactly the data valid in it; a
/// transition consumes the state and returns the next.
#[derive(Debug)]
pub(crate) enum State {
    /// The first ClientHello is out; a ServerHello or one HelloRetryRequest may come.
    ExpectServerHello(Box<ExpectServerHello>),
    /// The retried ClientHello is out; only a ServerHello may come (RFC 8446 §4.1.4).
    ExpectServerHelloAfterRetry(Box<ExpectServerHelloAfterRetry>),
    ExpectEncryptedExtensions(Box<ExpectEncryptedExtensions>),
    ExpectCertificateOrCertificateRequest(Box<ExpectCertificateOrCertificateRequest>),
    /// Paused after a CertificateRequest: `Request::ChooseClientCertificate`.
    ChooseClientCertificate(Box<ChooseClientCertificate>),
    /// After a CertificateRequest.
    ExpectCertificate(Box<ExpectCertificate>),
    ExpectCertificateVerify(Box<ExpectCertificateVerify>),
    ExpectFinished(Box<ExpectFinished>),
    /// Paused in our last flight, after the server's Finished: `Request::Sign` for our
    /// CertificateVerify.
    SignCertificateVerify(Box<SignCertificateVerify>),
    /// The handshake is complete: post-handshake messages only.
    Connected(Box<Connected>),
    /// A transition failed and the connection with it; nothing is accepted any more.
    Failed,
}

impl State {
    /// The single dispatch point: every (state, message type) pair not listed is
    /// unexpected_message (RFC 8446 §4: the handshake messages "MUST be sent in the order
    /// defined in Section 4.4.1 and shown in the diagrams in Section 2"; §6.2).
    pub(crate) fn handle(
        self,
        cx: &mut ClientContext,
        common: &mut dyn HandshakeOutput,
        message: HandshakeMessage,
        encoded: &[u8],
        now: UnixTime,
    ) -> Result<ClientState, Error> {
        use HandshakeMessage as M;
        let next = match (self, message) {
            // The first ServerHello may also select TLS 1.2, and so leave this machine.
            (Self::ExpectServerHello(s), M::ServerHello(sh)) => {
                return s.handle_server_hello(cx, common, sh, encoded)
            }
            (Self::ExpectServerHello(s), M::HelloRetryRequest(hrr)) => {
                s.handle_hello_retry_request(cx, common, hrr, encoded)
            }
            (Self::ExpectServerHelloAfterRetry(s), M::ServerHello(sh)) => {
                s.handle(cx, common, sh, encoded)
            }
            // RFC 8446 §4.1.4: "If a client receives a second HelloRetryRequest in the same
            // connection [...], it MUST abort the handshake with an "unexpected_message" alert."
            (Self::ExpectServerHelloAfterRetry(_), M::HelloRetryRequest(_)) => {
                Err(unexpected_message(
                    HandshakeType::SERVER_HELLO,
                    "ExpectServerHelloAfterRetry (a second HelloRetryRequest)",
                ))
            }
            (Self::ExpectEncryptedExtensions(s), M::EncryptedExtensions(ee)) => {
                s.handle(cx, common, ee, encoded)
            }
            (Self::ExpectCertificateOrCertificateRequest(s), M::CertificateRequestTls13(cr)) => {
                s.handle_certificate_request(cr, encoded)
            }
            (Self::ExpectCertificateOrCertificateRequest(s), M::CertificateTls13(c)) => {
                s.handle_certificate(cx, common, c, encoded, now)
            }
            (Self::ExpectCertificate(s), M::CertificateTls13(c)) => {
                s.handle(cx, common, c, encoded, now)
            }
            (Self::ExpectCertificateVerify(s), M::CertificateVerify(cv)) => {
                s.handle(cx, common, cv, encoded)
            }
            (Self::ExpectFinished(s), M::Finished(f)) => s.handle(cx, common, f, encoded),
            (Self::Connected(s), M::NewSessionTicketTls13(t)) => {
                s.handle_new_session_ticket(cx, common, t, now)
            }
            (Self::Connected(s), M::KeyUpdate(ku)) => s.handle_key_update(common, ku),
            (state, message) => Err(unexpected_message(message.typ(), state.name())),
        };
        next.map(ClientState::Tls13)
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
    ) -> Result<ClientState, Error> {
        let next = match (self, answer) {
            (Self::ChooseClientCertificate(s), Answer::Certificate(chosen)) => Ok(s.answer(chosen)),
            (Self::SignCertificateVerify(s), Answer::Signature(signature)) => {
                s.answer(common, signature)
            }
            _ => Err(not_awaited()),
        };
        next.map(ClientState::Tls13)
    }

    /// Whether the server's compatibility change_cipher_spec may arrive now: after our first
    /// ClientHello and before the server's Finished (RFC 8446 §5).
    pub(crate) fn accepts_compat_ccs(&self) -> bool {
        matches!(
            self,
            Self::ExpectServerHello(_)
                | Self::ExpectServerHelloAfterRetry(_)
                | Self::ExpectEncryptedExtensions(_)
                | Self::ExpectCertificateOrCertificateRequest(_)
                | Self::ChooseClientCertificate(_)
                | Self::ExpectCertificate(_)
                | Self::ExpectCertificateVerify(_)
                | Self::ExpectFinished(_)
        )
    }

    /// The negotiated version: TLS 1.3 once the machine is past its first ServerHello (a TLS 1.2
    /// ServerHello moves the handshake to the TLS 1.2 machine instead).
    pub(crate) fn version(&self) -> Option<ProtocolVersion> {
        match self {
            Self::ExpectServerHello(_) | Self::Failed => None,
            _ => Some(ProtocolVersion::TLS1_3),
        }
    }

    pub(crate) fn name(&self) -> &'static str {
        match self {
            Self::ExpectServerHello(_) => "ExpectServerHello",
            Self::ExpectServerHelloAfterRetry(_) => "ExpectServerHelloAfterRetry",
            Self::ExpectEncryptedExtensions(_) => "ExpectEncryptedExtensions",
            Self::ExpectCertificateOrCertificateRequest(_) => {
                "ExpectCertificateOrCertificateRequest"
            }
            Self::ChooseClientCertificate(_) => "ChooseClientCertificate (paused)",
            Self::ExpectCertificate(_) => "ExpectCertificate",
            Self::ExpectCertificateVerify(_) => "ExpectCertificateVerify",
            Self::ExpectFinished(_) => "ExpectFinished",
            Self::SignCertificateVerify(_) => "SignCertificateVerify (paused)",
            Self::Connected(_) => "Connected",
            Self::Failed => "Failed",
        }
    }
}
