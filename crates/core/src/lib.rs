//! The ferrotls protocol core: message codec, key schedules and handshake state machines. No I/O:
//! bytes, time and randomness go in; bytes and events come out.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

/// A module that is ferrotls' internals: `pub` (and hidden from the docs) with the `internals`
/// feature, which exists for ferrotls' own tests, fuzzers and benchmarks and carries no semver
/// promise; crate-private without it.
macro_rules! internal_mod {
    ($name:ident) => {
        #[cfg(feature = "internals")]
        #[doc(hidden)]
        pub mod $name;
        #[cfg(not(feature = "internals"))]
        #[allow(dead_code, unused_imports)]
        pub(crate) mod $name;
    };
}

pub mod client;
pub mod config;
pub mod conn;
pub mod deferred;
pub mod error;
pub mod events;
pub mod key_log;
internal_mod!(key_schedule);
internal_mod!(msgs);
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
/// Code points of the handshake that appear in the public API (configs, resumption data,
/// errors); open newtypes, so unknown values are representable.
pub use msgs::enums::{CipherSuite, ExtensionType, HandshakeType, PskKeyExchangeMode};
pub use resumption::{DeclineReason, ResumptionData};
pub use rustls_pki_types as pki_types;
pub use server::ServerConnection;
pub use verify::RootStore;
/// `TicketSealer::open` returns `zeroize::Zeroizing`: re-exported so implementations outside
/// this crate can name it.
pub use zeroize;
