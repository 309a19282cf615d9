//! The TLS record layer: framing, protection, sequence numbers and handshake reassembly.
//!
//! It knows nothing about handshakes: the core hands it keys ([`RecordProtection`]) and gets
//! records back. Received bytes are deframed and decrypted in the caller's buffer
//! ([`RecordReader`]); outgoing payloads are fragmented, padded and sealed onto a `Vec`
//! ([`RecordWriter`]); handshake record payloads are joined into messages ([`HandshakeJoiner`]).
//! Every failure is a [`RecordError`] that names the alert to send.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod deframer;
pub mod error;
pub mod framer;
pub mod header;
pub mod joiner;
pub mod limits;
mod nonce;
pub mod padding;
pub mod protection;
pub mod reader;
pub mod sequence;
#[cfg(test)]
mod test_support;
mod tls12;
mod tls13;
pub mod types;
pub mod usage_limit;
pub mod writer;

pub use deframer::{deframe, Deframed};
pub use error::RecordError;
pub use header::RecordHeader;
pub use joiner::{HandshakeJoiner, HandshakeMessage};
pub use padding::Padding;
pub use protection::{ProtectionKind, RecordProtection};
pub use reader::{Record, RecordReader};
pub use types::{AlertDescription, AlertLevel, ContentType, ProtocolVersion};
pub use usage_limit::KeyUsageLimit;
pub use writer::RecordWriter;
