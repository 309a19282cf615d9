//! Connections: the sans-IO API over a handshake state machine and the record layer.
//!
//! [`Connection`] is the whole API of both sides (`ClientConnection`, `ServerConnection`);
//! [`Handshake`] names the side in generic code. The crate docs walk through a handshake.

#[cfg(test)]
mod closure_alert_tests;
mod common;
mod connection;
mod exporter;
mod handshake;
mod in_place;
mod info;
mod limits;
mod message_limits;
mod output;
mod plaintext;
mod receive;
#[cfg(test)]
mod received_tests;
mod send;
mod send_buffer;
mod send_in_place;
mod session;
#[cfg(test)]
mod tests;

pub(crate) use common::unexpected_message;
pub(crate) use common::Common;
pub use connection::Connection;
pub use handshake::Handshake;
pub(crate) use handshake::HandshakeMachine;
pub use in_place::{AppData, InPlace};
pub use info::ConnectionInfo;
pub(crate) use limits::EarlyDataSkip;
pub(crate) use output::{DirectionKeys, HandshakeOutput, Level, NegotiatedValue};
pub use send_in_place::SendLayout;
pub use session::{EarlyDataStatus, ResumptionUnavailable, SessionFlags};
