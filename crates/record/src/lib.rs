//! The TLS record layer: framing, protection, sequence numbers and handshake reassembly.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod types;

pub use types::{AlertDescription, AlertLevel, ContentType, ProtocolVersion};
