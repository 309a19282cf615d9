//! Session resumption groundwork: the client's [`ResumptionData`], the server's
//! [`ServerSessionState`], the storage traits ([`TicketSealer`], [`ServerSessionStore`],
//! [`ClientSessionStore`], [`AntiReplay`]) and simple real implementations of them.
//!
//! Everything here is sans-IO: time comes in as [`UnixTime`](rustls_pki_types::UnixTime)
//! arguments, randomness from the provider. The in-memory stores need `std` (a mutex); the rest
//! is `no_std` + `alloc`.
//!
//! # The `ResumptionData` format, version 1
//!
//! A public, stable format: an application may keep these bytes on disk and hand them to a
//! later version of ferrotls, which reads them as long as it knows the format version (and
//! refuses them with [`ResumptionDataError::UnknownFormatVersion`] otherwise). The bytes contain
//! the session's secret: store them like a private key. All integers are big-endian:
//!
//! | offset | size | field |
//! |-------:|-----:|-------|
//! | 0  | 4 | magic: `46 54 52 44` ("FTRD") |
//! | 4  | 1 | format version: `01` |
//! | 5  | 1 | kind: `01` TLS 1.2 session ID, `02` TLS 1.2 ticket, `03` TLS 1.3 ticket |
//! | 6  | 2 | protocol version: `0303` for kinds 1 and 2, `0304` for kind 3 |
//! | 8  | 2 | cipher suite: one ferrotls implements, of that protocol version |
//! | 10 | 1 | flags: bit 0 extended master secret (always set for TLS 1.3); other bits 0 |
//! | 11 | 8 | receive time: seconds since the Unix epoch |
//! | 19 | 4 | lifetime: seconds from the receive time (at most 604800 for TLS 1.3) |
//! | 23 | 4 | `ticket_age_add` (0 for TLS 1.2) |
//! | 27 | 4 | `max_early_data_size` (0 for TLS 1.2) |
//! | 31 | 1+n | secret: 1-byte length, then the bytes; 48 (TLS 1.2 master secret) or the suite's hash length (TLS 1.3 PSK) |
//! |    | 1+n | session ID: 1-byte length (kind 1: 1..32; kind 2: 0..32; kind 3: 0), bytes |
//! |    | 2+n | ticket: 2-byte length (kind 1: 0; kinds 2 and 3: 1..65535), bytes |
//! |    | 1+n | server name: 1-byte length (0 = no SNI), printable ASCII (`0x21..=0x7e`) |
//! |    | 1+n | ALPN protocol: 1-byte length (0 = none), bytes |
//! |    | 3+n | peer certificate chain: 3-byte length of the list, then per certificate a 3-byte length (≥ 1) and the DER, end entity first |
//!
//! Nothing may follow the chain. Decoding checks, in order: magic ([`BadMagic`]), format
//! version, kind, then every field (a [`Malformed`] naming it, or [`UnsupportedCipherSuite`]),
//! and last the clock ([`Expired`]): expired when `receive time + lifetime <= now`, or when the
//! receive time is more than [`CLOCK_SKEW_ALLOWANCE_SECS`] (60 s) after `now`.
//! `vectors/resumption/resumption-data-v1.txt` pins the format with examples.
//!
//! The server's [`ServerSessionState`] has its own format, documented in [`server_state_codec`].
//!
//! [`BadMagic`]: ResumptionDataError::BadMagic
//! [`Malformed`]: ResumptionDataError::Malformed
//! [`UnsupportedCipherSuite`]: ResumptionDataError::UnsupportedCipherSuite
//! [`Expired`]: ResumptionDataError::Expired

mod data;
mod data_codec;
mod decline;
mod errors;
mod fields;
mod freshness;
mod params;
mod sealer;
mod server_state;
pub mod server_state_codec;
mod stores;

#[cfg(feature = "std")]
mod anti_replay;
#[cfg(feature = "std")]
mod client_store;
#[cfg(feature = "std")]
mod memory_store;

#[cfg(test)]
mod tests;

pub use data::{ResumptionData, ResumptionKind};
pub use data_codec::{RESUMPTION_DATA_FORMAT_VERSION, RESUMPTION_DATA_MAGIC};
pub use decline::DeclineReason;
pub use errors::{ResumptionDataError, SealError, ServerStateError};
pub use fields::{CLOCK_SKEW_ALLOWANCE_SECS, MAX_SESSION_ID_LEN, MAX_TLS13_TICKET_LIFETIME};
pub use freshness::{replay_window_end, ticket_age_is_fresh};
pub use params::SessionParams;
pub use sealer::{AeadTicketSealer, TICKET_KEY_LEN, TICKET_KEY_NAME_LEN, TICKET_OVERHEAD};
pub use server_state::ServerSessionState;
pub use server_state_codec::SERVER_STATE_FORMAT_VERSION;
pub use stores::{AntiReplay, ClientSessionStore, ServerSessionStore, TicketSealer};

#[cfg(feature = "std")]
pub use anti_replay::{SingleUseAntiReplay, MAX_ANTI_REPLAY_KEY_LEN};
#[cfg(feature = "std")]
pub use client_store::InMemoryClientSessionStore;
#[cfg(feature = "std")]
pub use memory_store::InMemorySessionStore;
