//! The wire codec: one type per message and extension.
//!
//! Every type implements [`codec::Codec`] (`read`/`decode` and `encode`); handshake messages are
//! framed by [`handshake::HandshakeMessage`], which needs the negotiated
//! [`handshake::Version`] for the forms that differ between TLS 1.2 and 1.3. Decoding never
//! panics, allocates only in proportion to the bytes present, refuses trailing bytes at every
//! level, and reports failures as a [`DecodeError`] naming the alert to send. Encoding
//! reproduces decoded input byte for byte, with one documented exception: a ClientHello or
//! ServerHello that arrives with an empty extensions block (`00 00`) re-encodes with the block
//! absent, the two forms RFC 5246 §7.4.1.2 allows for "no extensions". Handshakes never
//! re-encode a received message: transcripts and binders hash the bytes as received.

pub mod alert;
pub mod change_cipher_spec;
pub mod codec;
pub mod enums;
pub mod error;
pub mod extensions;
pub mod handshake;

pub use alert::Alert;
pub use change_cipher_spec::ChangeCipherSpec;
pub use codec::{Codec, Reader};
pub use error::{DecodeError, EncodeError};
pub use handshake::{HandshakeMessage, Version};
