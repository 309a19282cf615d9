//! Where a paused TLS 1.3 ClientHello step goes on (`server::paused` has the map).

use alloc::boxed::Box;
use alloc::vec::Vec;

use ferrotls_crypto::NamedGroup;
use rustls_pki_types::UnixTime;

use super::client_hello::{self, internal, HelloInProgress};
use super::early_data;
use super::psk::{PskChoice, PskSearch};
use super::state::State;
use crate::config::ServerConfig;
use crate::conn::HandshakeOutput;
use crate::deferred::Answer;
use crate::error::Error;

/// A point of the ClientHello step (first or second) that waits for an answer.
#[derive(Debug)]
pub(crate) enum Continuation {
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
    /// Go on with `answer` (of the kind the request takes, checked by the connection).
    pub(super) fn resume(
        self,
        config: &ServerConfig,
        common: &mut dyn HandshakeOutput,
        answer: Answer,
        now: UnixTime,
    ) -> Result<State, Error> {
        match (self, answer) {
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
            _ => Err(internal("an answer of another kind than the request takes")),
        }
    }
}
