//! Where a paused TLS 1.3 ClientHello step goes on (`server::paused` has the map).

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec::Vec;

use ferrotls_crypto::NamedGroup;
use rustls_pki_types::UnixTime;

use super::client_hello::{self, FirstHello, HelloInProgress};
use super::early_data::{self, EarlyDecision};
use super::flight::SignedFlight;
use super::psk::{PskChoice, PskSearch};
use super::state::State;
use crate::config::{CertifiedKey, ServerConfig};
use crate::conn::HandshakeOutput;
use crate::deferred::{Answer, Request};
use crate::error::Error;

/// A point of the ClientHello step (first or second) that waits for an answer. It lives in
/// the box of `Paused`, so its variants are not boxed again (one allocation per pause).
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
pub(crate) enum Continuation {
    /// The first ClientHello is checked; `client_hello.rs` asked which certificate answers it
    /// (`ChooseCertificate`); the group, the PSK and the flight follow.
    CertificateChosen {
        hello: FirstHello,
        /// The ClientHello as received: the transcript starts with it.
        encoded: Vec<u8>,
    },
    /// The client offered a PSK, which is declined: `client_hello.rs` asked which certificate
    /// the full handshake presents (`ChooseCertificate`); the flight follows.
    FullHandshakeCertificateChosen {
        hello: Box<HelloInProgress>,
        encoded: Vec<u8>,
        psk: PskChoice,
        /// The chosen group and the index of the client's share.
        share: Option<(NamedGroup, usize)>,
        early_data: EarlyDecision,
    },
    /// A full handshake's flight is built through our Certificate; `flight.rs` asked for the
    /// CertificateVerify signature (`Sign`); the signature, Finished and the keys follow.
    Signed(SignedFlight),
    /// `psk.rs` asked to take the stateful ticket of the identity `search` stands at
    /// (`TakeSession`, RFC 9846 §8.1); the search goes on with the answer, then the flight.
    TicketTaken {
        hello: Box<HelloInProgress>,
        /// The ClientHello as received: the binders and the transcript cover it.
        encoded: Vec<u8>,
        search: PskSearch,
    },
    /// `early_data.rs` asked the anti-replay record about the accepted PSK's binder
    /// (`CheckReplay`, RFC 9846 §8); the flight follows, 0-RTT accepted only if fresh.
    ReplayChecked {
        hello: Box<HelloInProgress>,
        encoded: Vec<u8>,
        psk: PskChoice,
        /// The chosen group and the index of the client's share (`None`: psk_ke).
        share: Option<(NamedGroup, usize)>,
        /// The bytes of 0-RTT data accepted if the verdict is fresh.
        budget: u32,
    },
}

impl Continuation {
    /// The key a `Sign` request is for (a local key answers it at once).
    pub(crate) fn signing_key(&self) -> Option<&Arc<CertifiedKey>> {
        match self {
            Self::Signed(flight) => flight.key(),
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
            (Self::CertificateChosen { hello, encoded }, Answer::Certificate(chosen)) => {
                let Request::ChooseCertificate(query) = request else {
                    return Err(Error::internal(
                        "a certificate for a request of another kind",
                    ));
                };
                client_hello::certificate_chosen(
                    config, common, hello, &encoded, query, chosen, now,
                )
            }
            (
                Self::FullHandshakeCertificateChosen {
                    hello,
                    encoded,
                    psk,
                    share,
                    early_data,
                },
                Answer::Certificate(chosen),
            ) => {
                let Request::ChooseCertificate(query) = request else {
                    return Err(Error::internal(
                        "a certificate for a request of another kind",
                    ));
                };
                client_hello::full_handshake_certificate_chosen(
                    config, common, *hello, &encoded, psk, share, early_data, query, chosen,
                )
            }
            (Self::Signed(flight), Answer::Signature(signature)) => {
                flight.signed(config, common, signature)
            }
            (
                Self::TicketTaken {
                    hello,
                    encoded,
                    search,
                },
                Answer::Session(lookup),
            ) => client_hello::search_psk(
                config,
                common,
                *hello,
                &encoded,
                search,
                Some(lookup),
                now,
            ),
            (
                Self::ReplayChecked {
                    hello,
                    encoded,
                    psk,
                    share,
                    budget,
                },
                Answer::Replay(verdict),
            ) => {
                let early = early_data::replay_verdict(verdict, budget);
                client_hello::send_flight(config, common, *hello, &encoded, psk, share, early)
            }
            _ => Err(Error::internal(
                "an answer of another kind than the request takes",
            )),
        }
    }
}
