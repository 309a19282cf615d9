//! The TLS record layer: framing, protection, sequence numbers and handshake reassembly.
//!
//! It knows nothing about handshakes: the core hands it keys ([`RecordProtection`]) and gets
//! records back. Received bytes are deframed and decrypted in the caller's buffer
//! ([`RecordReader`]); outgoing payloads are fragmented, padded and sealed onto a `Vec`
//! ([`RecordWriter`]); handshake record payloads are joined into messages ([`HandshakeJoiner`]).
//! Every failure is a [`RecordError`] that names the alert to send.
//!
//! # Who uses this crate
//!
//! The protocol core (`ferrotls-core`), and ferrotls' own tests and fuzz targets (the RFC 8448
//! records are reproduced with it). An application never needs it: a `Connection` owns its
//! record layer, and the two types an application meets, [`AlertDescription`] and
//! [`ProtocolVersion`], are re-exported by `ferrotls-core`. It is public so that the record layer
//! stays a crate of its own (`no_std`, tested on its own); its API follows the core's needs and
//! carries no stability promise of its own.
//!
//! # Example
//!
//! A TLS 1.3 record sealed by one side's writer and opened by the other side's reader, with the
//! same traffic key and IV (RFC 9846 §5.2, §5.3; the core derives them, RFC 9846 §7.3):
//!
//! ```
//! use ferrotls_crypto::rustcrypto::default_provider;
//! use ferrotls_crypto::AeadAlgorithm;
//! use ferrotls_record::{ContentType, RecordProtection, RecordReader, RecordWriter};
//!
//! let provider = default_provider();
//! let aead = provider.aead(AeadAlgorithm::Aes128Gcm).unwrap();
//! let (key, iv) = ([1u8; 16], [2u8; 12]);
//!
//! let mut writer = RecordWriter::new();
//! writer.install(RecordProtection::tls13(aead.new_key(&key)?, &iv)?);
//! let mut reader = RecordReader::new();
//! reader.install(RecordProtection::tls13(aead.new_key(&key)?, &iv)?);
//!
//! let mut wire = Vec::new();
//! writer.write(ContentType::APPLICATION_DATA, b"hello", &mut wire)?;
//! // 5-byte header, 5 bytes of data, 1 byte of inner content type, 16-byte tag.
//! assert_eq!(wire.len(), 5 + 5 + 1 + 16);
//! assert_eq!(wire[0], 23); // the outer type of every TLS 1.3 protected record
//!
//! let (record, used) = reader.read(&mut wire)?.expect("a complete record");
//! assert_eq!(record.content_type, ContentType::APPLICATION_DATA);
//! assert_eq!(record.payload, b"hello");
//! assert_eq!(used, 27);
//!
//! // A flipped bit fails the AEAD check: bad_record_mac (RFC 9846 §5.2).
//! let mut tampered = Vec::new();
//! writer.write(ContentType::APPLICATION_DATA, b"hello", &mut tampered)?;
//! tampered[7] ^= 1;
//! let err = reader.read(&mut tampered).unwrap_err();
//! assert_eq!(err.alert(), ferrotls_record::AlertDescription::BAD_RECORD_MAC);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

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
pub use protection::{KeyMaterial, ProtectionKind, RecordFormat, RecordProtection};
pub use reader::{Record, RecordReader};
pub use types::{AlertDescription, AlertLevel, ContentType, ProtocolVersion};
pub use usage_limit::KeyUsageLimit;
pub use writer::{InPlaceLayout, RecordWriter};
