//! The server side: `ServerConnection` and its handshake state machines.
//!
//! The first ClientHello chooses the version (`version.rs`); from then on the TLS 1.3 machine
//! (`tls13/`) or the TLS 1.2 machine (`tls12/`) runs the connection, each with its own single
//! dispatch on (state, message type).

mod choices;
mod paused;
mod record_size_limit;
mod tls12;
mod tls13;
mod version;

use alloc::sync::Arc;

use ferrotls_record::ProtocolVersion;
use rustls_pki_types::UnixTime;

use crate::config::ServerConfig;
use crate::conn::{unexpected_message, Common, Connection, HandshakeMachine, HandshakeOutput};
use crate::deferred::{instant, local_signature, Answer, Request};
use crate::error::{ApiError, Error};
use crate::msgs::extensions::RecordSizeLimit;
use crate::msgs::handshake::{ClientHello, HandshakeMessage};
use crate::trace::{self, Input};

/// A server connection.
pub type ServerConnection = Connection<ServerHandshake>;

/// The server's handshake state machine (opaque).
#[derive(Debug)]
pub struct ServerHandshake {
    config: Arc<ServerConfig>,
    state: State,
}

/// The version-level state: which machine runs the connection.
#[derive(Debug)]
enum State {
    /// Nothing received yet: the ClientHello will choose the version.
    ExpectClientHello,
    Tls13(tls13::State),
    Tls12(tls12::State),
    /// A transition failed; the connection has failed with it.
    Failed,
}

impl Connection<ServerHandshake> {
    /// Accept a connection: waits for the ClientHello in `handle_tls`.
    ///
    /// Every random byte comes from `config.provider`. TLS 1.3 draws, in order: a
    /// HelloRetryRequest cookie, the ServerHello random, the ephemeral key (none in psk_ke
    /// mode), a full handshake's signature randomness; after the client's Finished, a full
    /// handshake's 32-byte persistent session id; then per NewSessionTicket its
    /// `ticket_age_add` and the sealer's draws (or a stateful ticket's 32-byte id). See
    /// `server::tls13` and `server::tls12` for the details of each version.
    ///
    /// Errors: [`ApiError::InvalidConfig`] when `config.limits.record_size_limit` is below 64
    /// (RFC 8449 §4). Everything else is checked by [`ServerConfig::builder`].
    pub fn new(config: Arc<ServerConfig>) -> Result<Self, ApiError> {
        if config
            .limits
            .record_size_limit
            .is_some_and(|l| l < RecordSizeLimit::MIN)
        {
            return Err(ApiError::InvalidConfig(
                "record_size_limit below 64 (RFC 8449 §4)",
            ));
        }
        let mut common = Common::new(Arc::clone(&config.provider), config.limits);
        common.trace_side(false);
        common.set_key_log(config.key_log.clone());
        // Any legal ClientHello is accepted (RFC 9846 §4.2.2); other messages keep the limit.
        common.allow_longer_message(
            crate::msgs::enums::HandshakeType::CLIENT_HELLO,
            ClientHello::MAX_BODY_LEN,
        );
        Ok(Self {
            common,
            hs: ServerHandshake {
                config,
                state: State::ExpectClientHello,
            },
        })
    }
}

impl Connection<ServerHandshake> {
    /// Send up to `n` more TLS 1.3 NewSessionTickets for this connection's session (RFC 8446
    /// §4.6.1: a server may send tickets at any time after the client's Finished), each with
    /// its own PSK and `ticket_age_add`, and never outliving the session. Fewer are sent when
    /// the config cannot keep tickets or the session's lifetime is over, and none when the
    /// client's psk_key_exchange_modes share no mode with `ServerConfig::psk_modes` or it sent
    /// none (it could not resume with them, RFC 9846 §4.3.9).
    ///
    /// Errors: [`ApiError::HandshakeNotComplete`] before the handshake has completed,
    /// [`ApiError::Unsupported`] on a TLS 1.2 connection (its ticket goes out within the
    /// handshake, RFC 5077 §3.3), [`ApiError::Failed`] on a failed connection,
    /// [`ApiError::Closed`] after `close()`.
    pub fn send_tickets(&mut self, n: usize, now: UnixTime) -> Result<(), ApiError> {
        // Failed, or closed: nothing may follow our close_notify (RFC 8446 §6.1).
        self.common.check_writable()?;
        let _entered = self.common.enter_span();
        match &mut self.hs.state {
            State::Tls13(tls13::State::Connected(connected)) => connected
                .send_tickets(&self.hs.config, &mut self.common.output(), n, now)
                .map_err(|e| ApiError::Failed(self.common.fail(e))),
            State::Tls12(tls12::State::Connected(_)) => Err(ApiError::Unsupported(
                "TLS 1.2 tickets are sent in the handshake",
            )),
            _ => Err(ApiError::HandshakeNotComplete),
        }
    }
}

impl State {
    /// The state's name, for traces: the version machine's state (the version is traced when
    /// it is negotiated).
    fn name(&self) -> &'static str {
        match self {
            Self::ExpectClientHello => "ExpectClientHello",
            Self::Tls13(state) => state.name(),
            Self::Tls12(state) => state.name(),
            Self::Failed => "Failed",
        }
    }
}

impl ServerHandshake {
    /// The first ClientHello: choose the version and start that version's machine.
    fn first_hello(
        &self,
        common: &mut dyn HandshakeOutput,
        ch: ClientHello,
        encoded: &[u8],
        now: UnixTime,
    ) -> Result<State, Error> {
        common.client_hello_random(&ch.random);
        if version::select(&self.config, &ch)? == ProtocolVersion::TLS1_3 {
            tls13::handle_first(&self.config, common, ch, encoded, now).map(State::Tls13)
        } else {
            tls12::handle_client_hello(&self.config, common, ch, encoded, now).map(State::Tls12)
        }
    }
}

impl HandshakeMachine for ServerHandshake {
    fn handle_message(
        &mut self,
        common: &mut dyn HandshakeOutput,
        message: HandshakeMessage,
        encoded: &[u8],
        now: UnixTime,
    ) -> Result<(), Error> {
        // The state is moved out for the transition; if it fails, the machine stays terminal.
        let state = core::mem::replace(&mut self.state, State::Failed);
        let (from, input) = (state.name(), Input::Message(message.typ()));
        let next = match (state, message) {
            (State::ExpectClientHello, HandshakeMessage::ClientHello(ch)) => {
                self.first_hello(common, ch, encoded, now)
            }
            (State::Tls13(state), message) => state
                .handle(&self.config, common, message, encoded, now)
                .map(State::Tls13),
            (State::Tls12(state), message) => state
                .handle_message(common, message, encoded, now)
                .map(State::Tls12),
            (State::ExpectClientHello, message) => {
                Err(unexpected_message(message.typ(), "ExpectClientHello"))
            }
            (State::Failed, message) => Err(unexpected_message(message.typ(), "Failed")),
        };
        self.state = trace::step(from, input, next, State::name)?;
        Ok(())
    }

    fn handle_change_cipher_spec(&mut self, common: &mut dyn HandshakeOutput) -> Result<(), Error> {
        match core::mem::replace(&mut self.state, State::Failed) {
            State::Tls13(state) => {
                // RFC 9846 §5: dropped between the first ClientHello and the client's Finished
                // however many arrive (Common counts them like empty records); before or after
                // that window it is unexpected_message.
                if !state.tolerates_change_cipher_spec() {
                    return Err(Error::unexpected(
                        "change_cipher_spec outside the compatibility window (RFC 9846 §5)",
                    ));
                }
                self.state = State::Tls13(state);
                Ok(())
            }
            // TLS 1.2: the client's keys take effect (RFC 5246 §7.1).
            State::Tls12(state) => {
                let from = state.name();
                let next = state.handle_change_cipher_spec(common);
                let next = trace::step(from, Input::ChangeCipherSpec, next, tls12::State::name)?;
                self.state = State::Tls12(next);
                Ok(())
            }
            State::ExpectClientHello | State::Failed => Err(Error::unexpected(
                "change_cipher_spec before the ClientHello (RFC 8446 §5, RFC 5246 §7.1)",
            )),
        }
    }

    fn update_keys(
        &mut self,
        common: &mut dyn HandshakeOutput,
        request_peer: bool,
    ) -> Result<(), ApiError> {
        match &mut self.state {
            State::Tls13(tls13::State::Connected(connected)) => {
                connected.send_key_update(common, request_peer)
            }
            // TLS 1.2 has no KeyUpdate (RFC 8446 §4.6.3 is TLS 1.3 only); a TLS 1.2 connection
            // that needs fresh keys must be closed and reopened.
            State::Tls12(tls12::State::Connected(_)) => Err(ApiError::Unsupported(
                "key updates exist only in TLS 1.3 (RFC 8446 §4.6.3)",
            )),
            _ => Err(ApiError::HandshakeNotComplete),
        }
    }

    fn version(&self) -> Option<ProtocolVersion> {
        match self.state {
            State::Tls13(_) => Some(ProtocolVersion::TLS1_3),
            State::Tls12(_) => Some(ProtocolVersion::TLS1_2),
            State::ExpectClientHello | State::Failed => None,
        }
    }

    fn is_client(&self) -> bool {
        false
    }

    fn pending(&self) -> Option<&Request> {
        match &self.state {
            State::Tls13(state) => state.pending(),
            State::Tls12(state) => state.pending(),
            State::ExpectClientHello | State::Failed => None,
        }
    }

    fn answer(
        &mut self,
        common: &mut dyn HandshakeOutput,
        answer: Answer,
        now: UnixTime,
    ) -> Result<(), Error> {
        // As in handle_message: if the transition fails, the machine stays terminal.
        let state = core::mem::replace(&mut self.state, State::Failed);
        let from = state.name();
        let next = match state {
            State::Tls13(state) => state
                .answer(&self.config, common, answer, now)
                .map(State::Tls13),
            State::Tls12(state) => state
                .answer(&self.config, common, answer, now)
                .map(State::Tls12),
            State::ExpectClientHello | State::Failed => Err(Error::protocol(
                ferrotls_record::AlertDescription::INTERNAL_ERROR,
                "an answer with nothing pending",
            )),
        };
        self.state = trace::step(from, Input::Answer, next, State::name)?;
        Ok(())
    }

    /// The config's synchronous objects; for `Sign`, a local key of the chosen certificate
    /// (an external one leaves it to the application).
    fn instant_answer(&self, now: UnixTime) -> Option<Answer> {
        let request = self.pending()?;
        let key = match &self.state {
            State::Tls13(state) => state.signing_key(),
            State::Tls12(state) => state.signing_key(),
            State::ExpectClientHello | State::Failed => None,
        };
        if let Some(key) = key {
            return local_signature(key, request, self.config.provider.random.as_ref());
        }
        instant::server_answer_now(&self.config, request, now)
    }
}
