//! Where a paused TLS 1.2 ClientHello step goes on (`server::paused` has the map).

use alloc::sync::Arc;
use alloc::vec::Vec;

use rustls_pki_types::UnixTime;

use super::client_hello::{self, Agreed};
use super::flight::SignedFlight;
use super::resume;
use super::state::State;
use crate::config::{CertifiedKey, ServerConfig};
use crate::conn::HandshakeOutput;
use crate::deferred::{Answer, Request};
use crate::error::Error;
use crate::msgs::handshake::ClientHello;

/// A point of the ClientHello step that waits for an answer. It lives in the box of `Paused`,
/// so its variants are not boxed again (one allocation per pause).
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub(crate) enum Continuation {
    /// `client_hello.rs` asked which certificate answers the ClientHello of a full handshake
    /// (`ChooseCertificate`); the other choices and the flight follow.
    CertificateChosen {
        ch: ClientHello,
        /// The ClientHello as received: the transcript starts with it.
        encoded: Vec<u8>,
        agreed: Agreed,
    },
    /// `flight.rs` built the flight through our Certificate and asked for the
    /// ServerKeyExchange signature (`Sign`); the rest of the flight follows.
    Signed(SignedFlight),
    /// `resume.rs` asked for the state stored under the ClientHello's session ID
    /// (`LookupSession`); the abbreviated or the full handshake follows.
    SessionLookup {
        ch: ClientHello,
        /// The ClientHello as received: the transcript starts with it.
        encoded: Vec<u8>,
        agreed: Agreed,
    },
}

impl Continuation {
    /// The key a `Sign` request is for (a local key answers it at once).
    pub(crate) fn signing_key(&self) -> Option<&Arc<CertifiedKey>> {
        match self {
            Self::Signed(flight) => Some(flight.key()),
            _ => None,
        }
    }

    /// Go on with `answer` (of the kind the request takes, checked by the connection).
    pub(super) fn resume(
        self,
        config: &ServerConfig,
        common: &mut dyn HandshakeOutput,
        request: Request,
        answer: Answer,
        now: UnixTime,
    ) -> Result<State, Error> {
        match (self, answer) {
            (
                Self::CertificateChosen {
                    ch,
                    encoded,
                    agreed,
                },
                Answer::Certificate(chosen),
            ) => {
                let Request::ChooseCertificate(query) = request else {
                    return Err(Error::internal(
                        "a certificate for a request of another kind",
                    ));
                };
                client_hello::certificate_chosen(
                    config, common, ch, &encoded, agreed, query, chosen,
                )
            }
            (Self::Signed(flight), Answer::Signature(signature)) => {
                flight.signed(config, common, signature)
            }
            (
                Self::SessionLookup {
                    ch,
                    encoded,
                    agreed,
                },
                Answer::Session(lookup),
            ) => {
                let found = resume::looked_up(lookup, now);
                client_hello::after_lookup(config, common, ch, &encoded, agreed, found, now)
            }
            _ => Err(Error::internal(
                "an answer of another kind than the request takes",
            )),
        }
    }
}
