//! Where a paused TLS 1.2 ClientHello step goes on (`server::paused` has the map).

use alloc::vec::Vec;

use rustls_pki_types::UnixTime;

use super::client_hello::{self, Agreed};
use super::state::State;
use super::{internal, resume};
use crate::config::ServerConfig;
use crate::conn::HandshakeOutput;
use crate::deferred::Answer;
use crate::error::Error;
use crate::msgs::handshake::ClientHello;

/// A point of the ClientHello step that waits for an answer.
#[derive(Debug)]
pub(crate) enum Continuation {
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
            _ => Err(internal("an answer of another kind than the request takes")),
        }
    }
}
