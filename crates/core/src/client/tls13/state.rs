//! The client's TLS 1.3 states and the one place that decides which message each accepts.

use alloc::boxed::Box;

use ferrotls_record::ProtocolVersion;
use rustls_pki_types::UnixTime;

use super::certificate::{
    ExpectCertificate, ExpectCertificateOrCertificateRequest, ExpectCertificateVerify,
};
use super::connected::Connected;
use super::encrypted::ExpectEncryptedExtensions;
use super::finished::ExpectFinished;
use super::server_hello::{ExpectServerHello, ExpectServerHelloAfterRetry};
use crate::client::{ClientContext, ClientState};
use crate::conn::{unexpected_message, Common};
use crate::error::Error;
use crate::msgs::enums::HandshakeType;

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
    /// After a CertificateRequest.
    ExpectCertificate(Box<ExpectCertificate>),
    ExpectCertificateVerify(Box<ExpectCertificateVerify>),
    ExpectFinished(Box<ExpectFinished>),
    /// The handshake is complete: post-handshake messages only.
    Connected(Box<Connected>),
    /// A transition failed and the connection with it; nothing is accepted any more.
    Failed,
}

impl State {
    /// The single dispatch point: every (state, message type) pair not listed is
    /// unexpected_message (RFC 8446 §4: the handshake messages "MUST be sent in the order
    /// specified"; §6.2).
    pub(crate) fn handle(
        self,
        cx: &mut ClientContext,
        common: &mut Common,
        typ: HandshakeType,
        encoded: &[u8],
        now: UnixTime,
    ) -> Result<ClientState, Error> {
        use HandshakeType as T;
        let next = match (self, typ) {
            // The first ServerHello may also select TLS 1.2, and so leave this machine.
            (Self::ExpectServerHello(s), T::SERVER_HELLO) => return s.handle(cx, common, encoded),
            (Self::ExpectServerHelloAfterRetry(s), T::SERVER_HELLO) => {
                s.handle(cx, common, encoded)
            }
            (Self::ExpectEncryptedExtensions(s), T::ENCRYPTED_EXTENSIONS) => {
                s.handle(cx, common, encoded)
            }
            (Self::ExpectCertificateOrCertificateRequest(s), T::CERTIFICATE_REQUEST) => {
                s.handle_certificate_request(encoded)
            }
            (Self::ExpectCertificateOrCertificateRequest(s), T::CERTIFICATE) => {
                s.handle_certificate(cx, common, encoded, now)
            }
            (Self::ExpectCertificate(s), T::CERTIFICATE) => s.handle(cx, common, encoded, now),
            (Self::ExpectCertificateVerify(s), T::CERTIFICATE_VERIFY) => {
                s.handle(cx, common, encoded)
            }
            (Self::ExpectFinished(s), T::FINISHED) => s.handle(cx, common, encoded),
            (Self::Connected(s), T::NEW_SESSION_TICKET) => {
                s.handle_new_session_ticket(common, encoded, now)
            }
            (Self::Connected(s), T::KEY_UPDATE) => s.handle_key_update(common, encoded),
            (state, typ) => Err(unexpected_message(typ, state.name())),
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

    fn name(&self) -> &'static str {
        match self {
            Self::ExpectServerHello(_) => "ExpectServerHello",
            Self::ExpectServerHelloAfterRetry(_) => "ExpectServerHelloAfterRetry",
            Self::ExpectEncryptedExtensions(_) => "ExpectEncryptedExtensions",
            Self::ExpectCertificateOrCertificateRequest(_) => {
                "ExpectCertificateOrCertificateRequest"
            }
            Self::ExpectCertificate(_) => "ExpectCertificate",
            Self::ExpectCertificateVerify(_) => "ExpectCertificateVerify",
            Self::ExpectFinished(_) => "ExpectFinished",
            Self::Connected(_) => "Connected",
            Self::Failed => "Failed",
        }
    }
}
