//! The contract between the connection and a handshake state machine.

use ferrotls_record::ProtocolVersion;
use rustls_pki_types::UnixTime;

use super::output::HandshakeOutput;
use crate::deferred::{Answer, Request};
use crate::error::{ApiError, Error};
use crate::msgs::handshake::HandshakeMessage;

/// The side a [`Connection`](crate::Connection) plays:
/// [`ClientHandshake`](crate::client::ClientHandshake) or
/// [`ServerHandshake`](crate::server::ServerHandshake). Name it as a bound to write code generic
/// over both sides (`fn drive<H: Handshake>(conn: &mut Connection<H>)`).
///
/// Sealed: only this crate's two handshakes implement it.
pub trait Handshake: HandshakeMachine {}

impl<T: HandshakeMachine> Handshake for T {}

/// A side's handshake: the state machine of one side, for every version it speaks, including
/// the post-handshake messages (NewSessionTicket, KeyUpdate). Nominally `pub` but unnameable
/// outside this crate, which seals [`Handshake`].
///
/// Each call consumes the current state and stores the next; after an error the machine is left
/// in a terminal state and the connection fails with that error.
/// The machine reaches the connection only through [`HandshakeOutput`].
pub trait HandshakeMachine: core::fmt::Debug {
    /// One complete handshake message, decoded once by the connection in the forms of
    /// [`version`](Self::version) (TLS 1.3's until one is negotiated), with its encoding
    /// including the 4-byte header (what the transcript hashes).
    fn handle_message(
        &mut self,
        common: &mut dyn HandshakeOutput,
        message: HandshakeMessage,
        encoded: &[u8],
        now: UnixTime,
    ) -> Result<(), Error>;

    /// A change_cipher_spec record (its single byte already checked to be 0x01). TLS 1.3 drops
    /// it inside the middlebox-compatibility window (RFC 8446 §5) and refuses it elsewhere; TLS 1.2
    /// changes the read keys.
    fn handle_change_cipher_spec(&mut self, common: &mut dyn HandshakeOutput) -> Result<(), Error>;

    /// The application asked for a key update (TLS 1.3, RFC 8446 §4.6.3); `request_peer` asks the
    /// peer to update its keys too.
    fn update_keys(
        &mut self,
        common: &mut dyn HandshakeOutput,
        request_peer: bool,
    ) -> Result<(), ApiError>;

    /// The version, once negotiated.
    fn version(&self) -> Option<ProtocolVersion>;

    /// Which side this machine plays.
    fn is_client(&self) -> bool;

    /// The connection has failed with `error` (a call may report the same failure again).
    /// The client forgets the server's stored sessions here (RFC 5246 §7.2.2).
    fn failed(&mut self, _error: &Error) {}

    /// What the machine waits for, if it is paused ([`crate::deferred`]). While it is, the
    /// connection hands it no message and no change_cipher_spec.
    fn pending(&self) -> Option<&Request> {
        None
    }

    /// Resume with the answer to [`pending`](Self::pending). The connection has checked that
    /// something is pending and that `answer` is of the kind it takes; the machine may pause
    /// again.
    fn answer(
        &mut self,
        _common: &mut dyn HandshakeOutput,
        _answer: Answer,
        _now: UnixTime,
    ) -> Result<(), Error> {
        Err(Error::protocol(
            ferrotls_record::AlertDescription::INTERNAL_ERROR,
            "answer to a handshake that never pauses",
        ))
    }

    /// The answer the config's synchronous objects give to [`pending`](Self::pending) at once
    /// (`crate::deferred::instant`), or `None` when the application must answer.
    fn instant_answer(&self, _now: UnixTime) -> Option<Answer> {
        None
    }
}
