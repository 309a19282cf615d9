//! The one error type of the record layer; every variant names the alert to send.

use core::fmt;

use crate::types::{AlertDescription, ContentType, ProtocolVersion};

/// Why the record layer refused bytes it received or an operation it was asked to do.
///
/// Errors caused by the peer map to the alert RFC 8446 / RFC 5246 prescribe; errors that can only
/// come from local misuse or exhaustion map to `internal_error`. No variant carries secret data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RecordError {
    /// A record header names a content type this implementation does not speak (RFC 8446 §5:
    /// "receives an unexpected record type ... unexpected_message"). Heartbeat is never negotiated,
    /// so it lands here too.
    UnknownContentType(u8),
    /// `legacy_record_version` does not start with the major byte 0x03: the peer is not speaking
    /// SSL 3 / TLS at all (an SSLv2 hello, or garbage). Mapped to `protocol_version` as OpenSSL
    /// does; a core may prefer to send nothing when this is the very first record.
    UnsupportedRecordVersion(ProtocolVersion),
    /// A record (or its decrypted plaintext) is longer than the protocol or the advertised
    /// `record_size_limit` allows (RFC 8446 §5.1, §5.2; RFC 5246 §6.2; RFC 8449 §4).
    RecordOverflow {
        /// The length the record claimed or decrypted to.
        len: usize,
        /// The limit it exceeded.
        limit: usize,
    },
    /// A handshake, alert or change_cipher_spec record with no content (RFC 8446 §5.1, §5.4;
    /// RFC 5246 §6.2.1).
    EmptyRecord(ContentType),
    /// A content type that cannot appear in this position: an unprotected handshake or alert
    /// record once TLS 1.3 protection is on, or a protected change_cipher_spec (RFC 8446 §5).
    UnexpectedContentType(ContentType),
    /// A TLS 1.3 change_cipher_spec record that is not the single byte 0x01 (RFC 8446 §5).
    InvalidChangeCipherSpec,
    /// AEAD authentication failed, or the record is too short to hold a tag (RFC 8446 §5.2).
    DecryptFailed,
    /// A TLS 1.3 inner plaintext that is all zeros has no content type (RFC 8446 §5.4).
    MissingInnerContentType,
    /// A sequence number would wrap (RFC 8446 §5.3: rekey or terminate).
    SequenceExhausted,
    /// The write key has protected as many records as its AEAD safely allows (RFC 8446 §5.5);
    /// the core had to update keys (TLS 1.3) or close (TLS 1.2) before this.
    KeyUsageExhausted,
    /// The AEAD refused to seal (a provider failure).
    EncryptFailed,
    /// A key, IV or salt of the wrong length or algorithm for the requested protection.
    BadKeyMaterial,
    /// A local setting out of range (e.g. a fragment length of zero or above 2^14).
    InvalidConfig(&'static str),
    /// A handshake message header claims more than the configured maximum message size.
    /// BoringSSL and OpenSSL answer this with `illegal_parameter`; so do we.
    HandshakeMessageTooLarge {
        /// The length in the 3-byte header.
        len: usize,
        /// The configured maximum.
        limit: usize,
    },
    /// A record of another content type arrived while a handshake message was only partly
    /// received (RFC 8446 §5.1: handshake messages MUST NOT be interleaved with other records).
    InterleavedContentType(ContentType),
    /// A key change was requested while handshake bytes beyond the last message were pending
    /// (RFC 8446 §5.1: messages preceding a key change must align with a record boundary).
    KeyChangeNotOnRecordBoundary,
}

impl RecordError {
    /// The alert a TLS endpoint sends when it fails with this error.
    pub fn alert(&self) -> AlertDescription {
        match self {
            Self::UnknownContentType(_)
            | Self::EmptyRecord(_)
            | Self::UnexpectedContentType(_)
            | Self::InvalidChangeCipherSpec
            | Self::MissingInnerContentType
            | Self::InterleavedContentType(_)
            | Self::KeyChangeNotOnRecordBoundary => AlertDescription::UNEXPECTED_MESSAGE,
            Self::UnsupportedRecordVersion(_) => AlertDescription::PROTOCOL_VERSION,
            Self::RecordOverflow { .. } => AlertDescription::RECORD_OVERFLOW,
            Self::DecryptFailed => AlertDescription::BAD_RECORD_MAC,
            Self::HandshakeMessageTooLarge { .. } => AlertDescription::ILLEGAL_PARAMETER,
            Self::SequenceExhausted
            | Self::KeyUsageExhausted
            | Self::EncryptFailed
            | Self::BadKeyMaterial
            | Self::InvalidConfig(_) => AlertDescription::INTERNAL_ERROR,
        }
    }
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownContentType(t) => write!(f, "unknown record content type {t}"),
            Self::UnsupportedRecordVersion(v) => write!(f, "record version {v:?} is not SSL3/TLS"),
            Self::RecordOverflow { len, limit } => {
                write!(f, "record of {len} bytes exceeds the limit of {limit}")
            }
            Self::EmptyRecord(t) => write!(f, "empty {t:?} record"),
            Self::UnexpectedContentType(t) => write!(f, "unexpected {t:?} record"),
            Self::InvalidChangeCipherSpec => f.write_str("change_cipher_spec record is not 0x01"),
            Self::DecryptFailed => f.write_str("record failed authentication"),
            Self::MissingInnerContentType => f.write_str("inner plaintext has no content type"),
            Self::SequenceExhausted => f.write_str("record sequence number would wrap"),
            Self::KeyUsageExhausted => f.write_str("AEAD usage limit reached for this key"),
            Self::EncryptFailed => f.write_str("AEAD seal failed"),
            Self::BadKeyMaterial => f.write_str("key or IV does not fit the record protection"),
            Self::InvalidConfig(why) => write!(f, "invalid record layer setting: {why}"),
            Self::HandshakeMessageTooLarge { len, limit } => {
                write!(
                    f,
                    "handshake message of {len} bytes exceeds the limit of {limit}"
                )
            }
            Self::InterleavedContentType(t) => {
                write!(f, "{t:?} record inside a fragmented handshake message")
            }
            Self::KeyChangeNotOnRecordBoundary => {
                f.write_str("key change with handshake data pending in the same record")
            }
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for RecordError {}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn alerts_follow_the_rfcs() {
        let ct = ContentType::HANDSHAKE;
        assert_eq!(
            RecordError::UnknownContentType(99).alert(),
            AlertDescription::UNEXPECTED_MESSAGE
        );
        assert_eq!(
            RecordError::UnsupportedRecordVersion(ProtocolVersion(0x0200)).alert(),
            AlertDescription::PROTOCOL_VERSION
        );
        assert_eq!(
            RecordError::RecordOverflow { len: 1, limit: 0 }.alert(),
            AlertDescription::RECORD_OVERFLOW
        );
        assert_eq!(
            RecordError::EmptyRecord(ct).alert(),
            AlertDescription::UNEXPECTED_MESSAGE
        );
        assert_eq!(
            RecordError::DecryptFailed.alert(),
            AlertDescription::BAD_RECORD_MAC
        );
        assert_eq!(
            RecordError::MissingInnerContentType.alert(),
            AlertDescription::UNEXPECTED_MESSAGE
        );
        assert_eq!(
            RecordError::HandshakeMessageTooLarge { len: 2, limit: 1 }.alert(),
            AlertDescription::ILLEGAL_PARAMETER
        );
        assert_eq!(
            RecordError::InterleavedContentType(ct).alert(),
            AlertDescription::UNEXPECTED_MESSAGE
        );
        assert_eq!(
            RecordError::KeyChangeNotOnRecordBoundary.alert(),
            AlertDescription::UNEXPECTED_MESSAGE
        );
        assert_eq!(
            RecordError::SequenceExhausted.alert(),
            AlertDescription::INTERNAL_ERROR
        );
        assert_eq!(
            RecordError::KeyUsageExhausted.alert(),
            AlertDescription::INTERNAL_ERROR
        );
    }

    #[test]
    fn display_names_the_problem() {
        let text = RecordError::RecordOverflow {
            len: 16385,
            limit: 16384,
        }
        .to_string();
        assert!(text.contains("16385") && text.contains("16384"));
    }
}
