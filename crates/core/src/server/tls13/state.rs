//! The server's TLS 1.3 handshake states and the one place that dispatches on
//! (state, message type).

use alloc::boxed::Box;
use alloc::sync::Arc;

use rustls_pki_types::UnixTime;

use super::client_auth::{ExpectCertificate, ExpectCertificateVerify};
use super::client_finished::ExpectFinished;
use super::connected::Connected;
use super::early_data::ExpectEndOfEarlyData;
use super::hello_retry::ExpectSecondClientHello;
use super::paused::Continuation;
use crate::config::{CertifiedKey, ServerConfig};
use crate::conn::{unexpected_message, HandshakeOutput};
use crate::deferred::{Answer, Request};
use crate::error::Error;
use crate::msgs::handshake::HandshakeMessage;
use crate::server::paused::Paused;

/// Where the server is in the handshake. Each variant owns only what is valid in it; a
/// transition consumes the state and returns the next.
#[derive(Debug)]
pub(crate) enum State {
    /// A HelloRetryRequest was sent (RFC 8446 §4.1.4).
    ExpectSecondClientHello(Box<ExpectSecondClientHello>),
    /// 0-RTT accepted: early data until EndOfEarlyData (RFC 8446 §4.2.10, §4.5).
    ExpectEndOfEarlyData(Box<ExpectEndOfEarlyData>),
    /// Our flight asked for a client certificate (RFC 8446 §4.3.2).
    ExpectCertificate(Box<ExpectCertificate>),
    /// The client sent a non-empty Certificate (RFC 8446 §4.4.3).
    ExpectCertificateVerify(Box<ExpectCertificateVerify>),
    /// Waiting for the client's Finished (RFC 8446 §4.4.4).
    ExpectFinished(Box<ExpectFinished>),
    /// Handshake done: application traffic, KeyUpdate both ways (RFC 8446 §4.6.3), tickets
    /// on request (§4.6.1).
    Connected(Box<Connected>),
    /// A ClientHello step waits for an answer ([`crate::deferred`], `server::paused`); no
    /// message is handed to it until then.
    Paused(Box<Paused<Continuation>>),
}

impl State {
    /// The single dispatch after the first ClientHello (`client_hello::handle_first` makes the
    /// first state): every (state, message) pair not listed is unexpected_message.
    pub(crate) fn handle(
        self,
        config: &Arc<ServerConfig>,
        common: &mut dyn HandshakeOutput,
        message: HandshakeMessage,
        encoded: &[u8],
        now: UnixTime,
    ) -> Result<Self, Error> {
        use HandshakeMessage as M;
        match (self, message) {
            (Self::ExpectSecondClientHello(s), M::ClientHello(ch)) => {
                s.handle(config, common, ch, encoded, now)
            }
            (Self::ExpectEndOfEarlyData(s), M::EndOfEarlyData(_)) => s.handle(common, encoded),
            (Self::ExpectCertificate(s), M::CertificateTls13(c)) => s.handle(c, encoded, now),
            (Self::ExpectCertificateVerify(s), M::CertificateVerify(cv)) => s.handle(cv, encoded),
            (Self::ExpectFinished(s), M::Finished(f)) => s.handle(config, common, f, encoded, now),
            (Self::Connected(mut connected), M::KeyUpdate(ku)) => {
                connected.handle_key_update(common, ku)?;
                Ok(Self::Connected(connected))
            }
            (state, message) => Err(unexpected_message(message.typ(), state.name())),
        }
    }

    /// Whether a client change_cipher_spec may be dropped here: after the first ClientHello and
    /// before the client's Finished (RFC 8446 §5).
    pub(crate) fn tolerates_change_cipher_spec(&self) -> bool {
        matches!(
            self,
            Self::ExpectSecondClientHello(_)
                | Self::ExpectEndOfEarlyData(_)
                | Self::ExpectCertificate(_)
                | Self::ExpectCertificateVerify(_)
                | Self::ExpectFinished(_)
        )
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
            Self::ExpectSecondClientHello(_) => "ExpectSecondClientHello",
            Self::ExpectEndOfEarlyData(_) => "ExpectEndOfEarlyData",
            Self::ExpectCertificate(_) => "ExpectCertificate",
            Self::ExpectCertificateVerify(_) => "ExpectCertificateVerify",
            Self::ExpectFinished(_) => "ExpectFinished",
            Self::Connected(_) => "Connected",
            Self::Paused(_) => "Paused",
        }
    }
}
