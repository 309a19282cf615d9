//! HelloRetryRequest (RFC 8446 §4.1.4): a ServerHello whose random is a fixed value.

use alloc::vec::Vec;

use ferrotls_crypto::NamedGroup;
use ferrotls_record::ProtocolVersion;

use crate::msgs::codec::{Bounds, Codec, Output, Reader};
use crate::msgs::enums::{CipherSuite, CompressionMethod};
use crate::msgs::error::{DecodeError, EncodeError};
use crate::msgs::extensions::{put_extensions, read_extensions, Cookie, HelloRetryExtension};

use super::server_hello::{is_hello_retry_request, HelloHead};

/// SHA-256("HelloRetryRequest"), the random that marks a ServerHello as a HelloRetryRequest
/// (RFC 8446 §4.1.3).
pub const HELLO_RETRY_REQUEST_RANDOM: [u8; 32] = [
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
];

/// `Extension extensions<6..2^16-1>`: TLS 1.3 only, so always present (it must at least carry
/// supported_versions).
const EXTENSIONS: Bounds = Bounds::u16(6, 0xffff);

/// A HelloRetryRequest. Its random is implied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelloRetryRequest {
    /// `legacy_version` (0x0303).
    pub legacy_version: ProtocolVersion,
    /// `legacy_session_id_echo`.
    pub session_id: Vec<u8>,
    /// The cipher suite the server will use.
    pub cipher_suite: CipherSuite,
    /// `legacy_compression_method`.
    pub compression_method: CompressionMethod,
    /// The extensions, in wire order.
    pub extensions: Vec<HelloRetryExtension>,
}

impl Codec for HelloRetryRequest {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        if !is_hello_retry_request(r) {
            // Too short to hold the random is a truncation; a different random is a ServerHello.
            return Err(match r.remaining() {
                0..=33 => DecodeError::Truncated,
                _ => DecodeError::IllegalValue("HelloRetryRequest random"),
            });
        }
        let head = HelloHead::read(r)?;
        let extensions = read_extensions(r, EXTENSIONS)?;
        Ok(Self {
            legacy_version: head.legacy_version,
            session_id: head.session_id,
            cipher_suite: head.cipher_suite,
            compression_method: head.compression_method,
            extensions,
        })
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        HelloHead::encode_fields(
            out,
            self.legacy_version,
            &HELLO_RETRY_REQUEST_RANDOM,
            &self.session_id,
            self.cipher_suite,
            self.compression_method,
        )?;
        put_extensions(out, EXTENSIONS, &self.extensions)
    }
}

impl HelloRetryRequest {
    /// The group the client must send a share for, if the server named one.
    pub fn selected_group(&self) -> Option<NamedGroup> {
        self.extensions.iter().find_map(|e| match e {
            HelloRetryExtension::KeyShare(g) => Some(*g),
            _ => None,
        })
    }

    /// The cookie to echo, if any.
    pub fn cookie(&self) -> Option<&Cookie> {
        self.extensions.iter().find_map(|e| match e {
            HelloRetryExtension::Cookie(c) => Some(c),
            _ => None,
        })
    }

    /// supported_versions' selected version, if present.
    pub fn selected_version(&self) -> Option<ProtocolVersion> {
        self.extensions.iter().find_map(|e| match e {
            HelloRetryExtension::SupportedVersions(v) => Some(*v),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msgs::handshake::ServerHello;
    use alloc::vec;

    #[test]
    fn round_trips_with_the_fixed_random() {
        let hrr = HelloRetryRequest {
            legacy_version: ProtocolVersion::TLS1_2,
            session_id: vec![],
            cipher_suite: CipherSuite::TLS_AES_256_GCM_SHA384,
            compression_method: CompressionMethod::NULL,
            extensions: vec![
                HelloRetryExtension::SupportedVersions(ProtocolVersion::TLS1_3),
                HelloRetryExtension::KeyShare(NamedGroup::SECP384R1),
            ],
        };
        let bytes = hrr.to_bytes().unwrap();
        assert_eq!(bytes[2..34], HELLO_RETRY_REQUEST_RANDOM);
        assert_eq!(HelloRetryRequest::decode(&bytes), Ok(hrr.clone()));
        assert_eq!(hrr.selected_group(), Some(NamedGroup::SECP384R1));
        assert_eq!(hrr.cookie(), None);
        assert_eq!(hrr.selected_version(), Some(ProtocolVersion::TLS1_3));
    }

    #[test]
    fn needs_the_random_and_extensions() {
        assert_eq!(
            HelloRetryRequest::decode(&[3, 3]),
            Err(DecodeError::Truncated)
        );
        let sh = ServerHello {
            legacy_version: ProtocolVersion::TLS1_2,
            random: [0; 32],
            session_id: vec![],
            cipher_suite: CipherSuite::TLS_AES_128_GCM_SHA256,
            compression_method: CompressionMethod::NULL,
            extensions: vec![],
        };
        let bytes = sh.to_bytes().unwrap();
        assert!(matches!(
            HelloRetryRequest::decode(&bytes),
            Err(DecodeError::IllegalValue(_))
        ));
        let mut no_extensions = bytes.clone();
        no_extensions[2..34].copy_from_slice(&HELLO_RETRY_REQUEST_RANDOM);
        assert_eq!(
            HelloRetryRequest::decode(&no_extensions),
            Err(DecodeError::Truncated)
        );
        no_extensions.extend_from_slice(&[0, 0]);
        assert_eq!(
            HelloRetryRequest::decode(&no_extensions),
            Err(DecodeError::LengthOutOfRange)
        );
    }
}
