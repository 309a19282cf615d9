//! Why a message could not be decoded or encoded, and which alert a decode failure calls for.

use core::fmt;

use ferrotls_record::AlertDescription;

use super::enums::{ExtensionType, HandshakeType};

/// A malformed or semantically invalid message from the peer. Every variant names the alert the
/// handshake must send ([`DecodeError::alert`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// The input ended before a field was complete (decode_error, RFC 8446 §6.2).
    Truncated,
    /// Bytes were left over after a complete structure (decode_error).
    TrailingBytes,
    /// A vector's length lies outside the bounds its presentation-language definition gives it,
    /// e.g. an empty `<2..2^16-2>` list (decode_error, RFC 8446 §3.4).
    LengthOutOfRange,
    /// The same extension type appeared twice in one block (illegal_parameter, RFC 8446 §4.2).
    DuplicateExtension(ExtensionType),
    /// A known extension appeared in a message that may not carry it (illegal_parameter,
    /// RFC 8446 §4.2).
    ExtensionNotAllowed(ExtensionType),
    /// pre_shared_key was not the last extension of a ClientHello (illegal_parameter,
    /// RFC 8446 §4.2.11).
    PreSharedKeyNotLast,
    /// A field holds a value the RFC forbids; the text names the field (illegal_parameter).
    IllegalValue(&'static str),
    /// A handshake message type that is unknown, never sent on the wire (message_hash), or not
    /// part of the protocol version being decoded (unexpected_message).
    UnexpectedMessage(HandshakeType),
    /// A change_cipher_spec record whose byte is not 0x01 (unexpected_message, RFC 8446 §5).
    InvalidChangeCipherSpec,
}

impl DecodeError {
    /// The alert to send for this error.
    pub fn alert(&self) -> AlertDescription {
        match self {
            Self::Truncated | Self::TrailingBytes | Self::LengthOutOfRange => {
                AlertDescription::DECODE_ERROR
            }
            Self::DuplicateExtension(_)
            | Self::ExtensionNotAllowed(_)
            | Self::PreSharedKeyNotLast
            | Self::IllegalValue(_) => AlertDescription::ILLEGAL_PARAMETER,
            Self::UnexpectedMessage(_) | Self::InvalidChangeCipherSpec => {
                AlertDescription::UNEXPECTED_MESSAGE
            }
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Truncated => f.write_str("message truncated"),
            Self::TrailingBytes => f.write_str("trailing bytes after message"),
            Self::LengthOutOfRange => f.write_str("vector length out of range"),
            Self::DuplicateExtension(t) => write!(f, "duplicate extension {t:?}"),
            Self::ExtensionNotAllowed(t) => write!(f, "extension {t:?} not allowed here"),
            Self::PreSharedKeyNotLast => f.write_str("pre_shared_key is not the last extension"),
            Self::IllegalValue(what) => write!(f, "illegal value for {what}"),
            Self::UnexpectedMessage(t) => write!(f, "unexpected handshake message {t:?}"),
            Self::InvalidChangeCipherSpec => f.write_str("change_cipher_spec value is not 1"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for DecodeError {}

/// A value that cannot be put on the wire. This is a bug in the caller (every decoded value fits
/// its field by construction); the handshake answers it with internal_error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodeError {
    /// A vector's length lies outside the bounds of its field.
    LengthOutOfRange {
        /// The length that was to be written.
        len: usize,
        /// The smallest length the field allows.
        min: usize,
        /// The largest length the field allows.
        max: usize,
    },
    /// PSK binders that do not match the placeholders of the encoded ClientHello they are
    /// written into (count, lengths, or a message that does not end in a binders list).
    BinderMismatch,
}

impl EncodeError {
    /// The alert to send if an encoding failure aborts the handshake.
    pub fn alert(&self) -> AlertDescription {
        AlertDescription::INTERNAL_ERROR
    }
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::LengthOutOfRange { len, min, max } => {
                write!(f, "vector length {len} outside {min}..={max}")
            }
            Self::BinderMismatch => f.write_str("binders do not match the encoded ClientHello"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for EncodeError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alerts_follow_the_rfc_categories() {
        assert_eq!(
            DecodeError::Truncated.alert(),
            AlertDescription::DECODE_ERROR
        );
        assert_eq!(
            DecodeError::TrailingBytes.alert(),
            AlertDescription::DECODE_ERROR
        );
        assert_eq!(
            DecodeError::LengthOutOfRange.alert(),
            AlertDescription::DECODE_ERROR
        );
        assert_eq!(
            DecodeError::DuplicateExtension(ExtensionType::KEY_SHARE).alert(),
            AlertDescription::ILLEGAL_PARAMETER
        );
        assert_eq!(
            DecodeError::PreSharedKeyNotLast.alert(),
            AlertDescription::ILLEGAL_PARAMETER
        );
        assert_eq!(
            DecodeError::UnexpectedMessage(HandshakeType(99)).alert(),
            AlertDescription::UNEXPECTED_MESSAGE
        );
        assert_eq!(
            DecodeError::InvalidChangeCipherSpec.alert(),
            AlertDescription::UNEXPECTED_MESSAGE
        );
        let e = EncodeError::LengthOutOfRange {
            len: 0,
            min: 2,
            max: 4,
        };
        assert_eq!(e.alert(), AlertDescription::INTERNAL_ERROR);
    }
}
