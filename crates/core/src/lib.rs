//! The ferrotls protocol core: message codec, key schedules and handshake state machines. No I/O:
//! bytes, time and randomness go in; bytes and events come out.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod client;
pub mod config;
pub mod conn;
pub mod deferred;
pub mod error;
pub mod events;
pub mod key_log;
pub mod key_schedule;
pub mod msgs;
#[cfg(feature = "std")]
pub mod pem;
pub mod resumption;
pub mod server;
pub mod suites;
mod tls12;
mod tls13;
mod transcript;
pub mod verify;

pub use client::ClientConnection;
pub use config::{CertResolver, CertifiedKey, ClientConfig, Limits, ServerConfig};
pub use conn::{
    AppData, Connection, ConnectionInfo, EarlyDataStatus, InPlace, ResumptionUnavailable,
    SessionFlags,
};
pub use error::{ApiError, Error};
pub use events::Event;
pub use ferrotls_crypto as crypto;
pub use ferrotls_record::{AlertDescription, ProtocolVersion};
pub use key_log::{KeyLog, KeyLogLabel};
pub use resumption::{DeclineReason, ResumptionData};
pub use rustls_pki_types as pki_types;
pub use server::ServerConnection;
pub use verify::RootStore;
/// `TicketSealer::open` returns `zeroize::Zeroizing`: re-exported so implementations outside
/// this crate can name it.
pub use zeroize;
