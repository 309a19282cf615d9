//! The client's machine as a whole: TLS 1.3's until a ServerHello selects TLS 1.2, then TLS
//! 1.2's. Each version's module keeps its own single (state, message type) dispatch.

use alloc::sync::Arc;

use ferrotls_record::ProtocolVersion;
use rustls_pki_types::UnixTime;

use super::{tls12, tls13, ClientContext};
use crate::config::CertifiedKey;
use crate::conn::HandshakeOutput;
use crate::deferred::{Answer, Request};
use crate::error::Error;
use crate::msgs::handshake::HandshakeMessage;

#[derive(Debug)]
pub(crate) enum ClientState {
    /// Also the start, before the version is known: TLS 1.3's ExpectServerHello is where both
    /// versions' ServerHellos arrive.
    Tls13(tls13::State),
    Tls12(tls12::State),
}

impl ClientState {
    /// The state a failed transition leaves behind: it accepts nothing.
    pub(crate) fn failed() -> Self {
        Self::Tls13(tls13::State::Failed)
    }

    pub(crate) fn handle(
        self,
        cx: &mut ClientContext,
        common: &mut dyn HandshakeOutput,
        message: HandshakeMessage,
        encoded: &[u8],
        now: UnixTime,
    ) -> Result<Self, Error> {
        match self {
            Self::Tls13(s) => s.handle(cx, common, message, encoded, now),
            Self::Tls12(s) => s.handle(cx, common, message, encoded, now).map(Self::Tls12),
        }
    }

    /// What the handshake waits for, if it is paused.
    pub(crate) fn pending(&self) -> Option<&Request> {
        match self {
            Self::Tls13(s) => s.pending(),
            Self::Tls12(s) => s.pending(),
        }
    }

    /// The key a pending `Request::Sign` is for.
    pub(crate) fn signing_key(&self) -> Option<&Arc<CertifiedKey>> {
        match self {
            Self::Tls13(s) => s.signing_key(),
            Self::Tls12(s) => s.signing_key(),
        }
    }

    /// Resume a paused state with `answer` (of the kind its request accepts).
    pub(crate) fn answer(
        self,
        common: &mut dyn HandshakeOutput,
        answer: Answer,
    ) -> Result<Self, Error> {
        match self {
            Self::Tls13(s) => s.answer(common, answer),
            Self::Tls12(s) => s.answer(common, answer).map(Self::Tls12),
        }
    }

    /// The state's name, for errors and traces (TLS 1.2's start with `Tls12`).
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Self::Tls13(s) => s.name(),
            Self::Tls12(s) => s.name(),
        }
    }

    pub(crate) fn version(&self) -> Option<ProtocolVersion> {
        match self {
            Self::Tls13(s) => s.version(),
            Self::Tls12(s) => s.version(),
        }
    }
}
