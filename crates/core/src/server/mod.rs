//! The server side: `ServerConnection` and its handshake state machine.
//!
//! TLS 1.3 only for now (`tls13/`); a client that cannot speak it is refused with
//! protocol_version.

mod tls13;

use alloc::sync::Arc;

use ferrotls_record::ProtocolVersion;
use rustls_pki_types::UnixTime;

use crate::config::ServerConfig;
use crate::conn::{Common, Connection, Handshake};
use crate::error::{ApiError, Error};
use crate::msgs::enums::HandshakeType;
use crate::msgs::extensions::RecordSizeLimit;

use tls13::State;

/// A server connection.
pub type ServerConnection = Connection<ServerHandshake>;

/// The server's handshake state machine (opaque).
#[derive(Debug)]
pub struct ServerHandshake {
    config: Arc<ServerConfig>,
    state: State,
    /// Whether the client's one middlebox-compatibility change_cipher_spec has been dropped
    /// already (RFC 8446 §5, §D.4). It spans several states, so it lives beside them.
    ccs_seen: bool,
}

impl Connection<ServerHandshake> {
    /// Accept a connection: waits for the ClientHello in `handle_tls`.
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
        let common = Common::new(Arc::clone(&config.provider), config.limits);
        Ok(Self {
            common,
            hs: ServerHandshake {
                config,
                state: State::ExpectClientHello,
                ccs_seen: false,
            },
        })
    }
}

impl Handshake for ServerHandshake {
    fn handle_message(
        &mut self,
        common: &mut Common,
        typ: HandshakeType,
        encoded: &[u8],
        now: UnixTime,
    ) -> Result<(), Error> {
        // The state is moved out for the transition; if it fails, the machine stays terminal.
        let state = core::mem::replace(&mut self.state, State::Failed);
        self.state = state.handle(&self.config, common, typ, encoded, now)?;
        Ok(())
    }

    fn handle_change_cipher_spec(&mut self, _: &mut Common) -> Result<(), Error> {
        // RFC 8446 §5: dropped between the first ClientHello and the client's Finished; before
        // or after that window it is unexpected_message. D.4 has the client send it once.
        if self.ccs_seen || !self.state.tolerates_change_cipher_spec() {
            return Err(Error::unexpected(
                "change_cipher_spec outside the compatibility window (RFC 8446 §5)",
            ));
        }
        self.ccs_seen = true;
        Ok(())
    }

    fn update_keys(&mut self, common: &mut Common, request_peer: bool) -> Result<(), ApiError> {
        match &mut self.state {
            State::Connected(traffic) => traffic
                .send_key_update(common, request_peer)
                .map_err(|e| ApiError::Failed(common.fail(e))),
            _ => Err(ApiError::HandshakeNotComplete),
        }
    }

    fn version(&self) -> Option<ProtocolVersion> {
        self.state.version()
    }
}
