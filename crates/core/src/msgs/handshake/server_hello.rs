//! ServerHello (RFC 8446 §4.1.3; RFC 5246 §7.4.1.3), and the downgrade sentinels a TLS 1.3
//! server writes into a lower version's random.

use alloc::vec::Vec;

use ferrotls_record::ProtocolVersion;

use crate::msgs::codec::{put_opaque, put_vector, Bounds, Codec, LenCounter, Output, Reader};
use crate::msgs::enums::{CipherSuite, CompressionMethod, ExtensionType, HandshakeType};
use crate::msgs::error::{DecodeError, EncodeError};
use crate::msgs::extensions::{
    put_extensions, read_extensions, ExtensionCodec, KeyShareEntry, ServerExtension,
};

use super::client_hello::SESSION_ID;
use super::hello_retry_request::HELLO_RETRY_REQUEST_RANDOM;
use super::BODY;

/// `Extension extensions<6..2^16-1>` in TLS 1.3, optional in TLS 1.2 (RFC 5246 §7.4.1.3); the
/// codec takes the wider form, as a client cannot know the version before reading this message.
const EXTENSIONS: Bounds = Bounds::u16(0, 0xffff);

/// The last 8 bytes of a TLS 1.3-capable server's random when it negotiates TLS 1.2
/// (RFC 8446 §4.1.3).
pub const TLS12_DOWNGRADE_SENTINEL: [u8; 8] = *b"DOWNGRD\x01";
/// The last 8 bytes of a TLS 1.3-capable server's random when it negotiates TLS 1.1 or below
/// (RFC 8446 §4.1.3).
pub const TLS11_DOWNGRADE_SENTINEL: [u8; 8] = *b"DOWNGRD\x00";

/// A ServerHello that is not a HelloRetryRequest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerHello {
    /// `legacy_version` (0x0303 in TLS 1.3; the negotiated version in TLS 1.2).
    pub legacy_version: ProtocolVersion,
    /// 32 random bytes.
    pub random: [u8; 32],
    /// `legacy_session_id_echo` / the TLS 1.2 session ID.
    pub session_id: Vec<u8>,
    /// The selected cipher suite.
    pub cipher_suite: CipherSuite,
    /// `legacy_compression_method`.
    pub compression_method: CompressionMethod,
    /// The extensions, in wire order; an empty list is encoded as absent (the RFC 5246 form).
    pub extensions: Vec<ServerExtension>,
}

/// The fields a ServerHello and a HelloRetryRequest share, in wire order.
pub(crate) struct HelloHead {
    pub legacy_version: ProtocolVersion,
    pub random: [u8; 32],
    pub session_id: Vec<u8>,
    pub cipher_suite: CipherSuite,
    pub compression_method: CompressionMethod,
}

impl HelloHead {
    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Self {
            legacy_version: ProtocolVersion::read(r)?,
            random: r.array()?,
            session_id: r.opaque(SESSION_ID)?.to_vec(),
            cipher_suite: CipherSuite::read(r)?,
            compression_method: CompressionMethod::read(r)?,
        })
    }

    /// Encodes the head from borrowed fields (a message encodes without copying its session
    /// ID into a `HelloHead`).
    pub(crate) fn encode_fields<O: Output>(
        out: &mut O,
        legacy_version: ProtocolVersion,
        random: &[u8; 32],
        session_id: &[u8],
        cipher_suite: CipherSuite,
        compression_method: CompressionMethod,
    ) -> Result<(), EncodeError> {
        legacy_version.encode(out)?;
        out.extend_from_slice(random);
        put_opaque(out, SESSION_ID, session_id)?;
        cipher_suite.encode(out)?;
        compression_method.encode(out)
    }
}

/// Appends a whole ServerHello (handshake header included) from its parts, the extension block
/// written by `extensions` one extension at a time (`None`: no block, the RFC 5246 form), so a
/// server encodes its hello without building the message or a list of extensions.
pub(crate) fn put_server_hello<O, F>(
    out: &mut O,
    legacy_version: ProtocolVersion,
    random: &[u8; 32],
    session_id: &[u8],
    cipher_suite: CipherSuite,
    extensions: Option<F>,
) -> Result<(), EncodeError>
where
    O: Output,
    F: FnOnce(&mut O) -> Result<(), EncodeError>,
{
    HandshakeType::SERVER_HELLO.encode(out)?;
    put_vector(out, super::BODY, |out| {
        HelloHead::encode_fields(
            out,
            legacy_version,
            random,
            session_id,
            cipher_suite,
            CompressionMethod::NULL,
        )?;
        match extensions {
            Some(extensions) => put_vector(out, EXTENSIONS, extensions),
            None => Ok(()),
        }
    })
}

/// Whether the message body in `r` (positioned at a ServerHello's start) is a
/// HelloRetryRequest: "the same structure as a ServerHello" with a special random (§4.1.3).
pub(crate) fn is_hello_retry_request(r: &Reader<'_>) -> bool {
    r.peek_rest().get(2..34) == Some(&HELLO_RETRY_REQUEST_RANDOM[..])
}

impl Codec for ServerHello {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        if is_hello_retry_request(r) {
            return Err(DecodeError::IllegalValue(
                "ServerHello random of a HelloRetryRequest",
            ));
        }
        let head = HelloHead::read(r)?;
        let extensions = if r.is_empty() {
            Vec::new()
        } else {
            read_extensions(r, EXTENSIONS)?
        };
        Ok(Self {
            legacy_version: head.legacy_version,
            random: head.random,
            session_id: head.session_id,
            cipher_suite: head.cipher_suite,
            compression_method: head.compression_method,
            extensions,
        })
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        ServerHelloRef {
            legacy_version: self.legacy_version,
            random: &self.random,
            session_id: &self.session_id,
            cipher_suite: self.cipher_suite,
            compression_method: self.compression_method,
            extensions: &self.extensions,
        }
        .encode(out)
    }
}

/// A [`ServerHello`] over borrowed fields, encoded to the same bytes: a server echoes the
/// client's legacy_session_id straight from the ClientHello it holds instead of copying it
/// into a `ServerHello` first.
pub(crate) struct ServerHelloRef<'a> {
    pub legacy_version: ProtocolVersion,
    pub random: &'a [u8; 32],
    pub session_id: &'a [u8],
    pub cipher_suite: CipherSuite,
    pub compression_method: CompressionMethod,
    pub extensions: &'a [ServerExtension],
}

impl ServerHelloRef<'_> {
    /// The body, as [`ServerHello`]'s `Codec::encode`.
    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        HelloHead::encode_fields(
            out,
            self.legacy_version,
            self.random,
            self.session_id,
            self.cipher_suite,
            self.compression_method,
        )?;
        if self.extensions.is_empty() {
            return Ok(());
        }
        put_extensions(out, EXTENSIONS, self.extensions)
    }

    fn put_message<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        HandshakeType::SERVER_HELLO.encode(out)?;
        put_vector(out, BODY, |out| self.encode(out))
    }

    /// The whole handshake message, header included, allocated once at its exact size (the
    /// bytes `HandshakeMessage::ServerHello(..).to_bytes()` gives).
    pub(crate) fn message_bytes(&self) -> Result<Vec<u8>, EncodeError> {
        let mut counter = LenCounter::default();
        self.put_message(&mut counter)?;
        let mut out = Vec::with_capacity(counter.0);
        self.put_message(&mut out)?;
        Ok(out)
    }
}

impl ServerHello {
    /// The extension of type `typ`, if present.
    pub fn extension(&self, typ: ExtensionType) -> Option<&ServerExtension> {
        self.extensions.iter().find(|e| e.ext_type() == typ)
    }

    /// supported_versions' selected version, if present.
    pub fn selected_version(&self) -> Option<ProtocolVersion> {
        self.extensions.iter().find_map(|e| match e {
            ServerExtension::SupportedVersions(v) => Some(*v),
            _ => None,
        })
    }

    /// The server's key share, if present.
    pub fn key_share(&self) -> Option<&KeyShareEntry> {
        self.extensions.iter().find_map(|e| match e {
            ServerExtension::KeyShare(k) => Some(k),
            _ => None,
        })
    }

    /// pre_shared_key's selected identity index, if present.
    pub fn selected_psk(&self) -> Option<u16> {
        self.extensions.iter().find_map(|e| match e {
            ServerExtension::PreSharedKey(i) => Some(*i),
            _ => None,
        })
    }

    /// The downgrade sentinel at the end of the random, if any (RFC 8446 §4.1.3): a TLS 1.3
    /// client that negotiated a lower version must abort with illegal_parameter on seeing one.
    pub fn downgrade_sentinel(&self) -> Option<[u8; 8]> {
        let tail: [u8; 8] = self.random[24..].try_into().ok()?;
        (tail == TLS12_DOWNGRADE_SENTINEL || tail == TLS11_DOWNGRADE_SENTINEL).then_some(tail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn hello(random: [u8; 32]) -> ServerHello {
        ServerHello {
            legacy_version: ProtocolVersion::TLS1_2,
            random,
            session_id: vec![1; 32],
            cipher_suite: CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
            compression_method: CompressionMethod::NULL,
            extensions: vec![ServerExtension::ExtendedMasterSecret],
        }
    }

    #[test]
    fn round_trips_and_finds_sentinels() {
        let mut random = [9; 32];
        assert_eq!(hello(random).downgrade_sentinel(), None);
        random[24..].copy_from_slice(&TLS12_DOWNGRADE_SENTINEL);
        let sh = hello(random);
        assert_eq!(sh.downgrade_sentinel(), Some(TLS12_DOWNGRADE_SENTINEL));
        random[24..].copy_from_slice(&TLS11_DOWNGRADE_SENTINEL);
        assert_eq!(
            hello(random).downgrade_sentinel(),
            Some(TLS11_DOWNGRADE_SENTINEL)
        );
        let bytes = sh.to_bytes().unwrap();
        assert_eq!(ServerHello::decode(&bytes), Ok(sh));
    }

    #[test]
    fn the_retry_random_is_not_a_server_hello() {
        let bytes = hello(HELLO_RETRY_REQUEST_RANDOM).to_bytes().unwrap();
        assert!(matches!(
            ServerHello::decode(&bytes),
            Err(DecodeError::IllegalValue(_))
        ));
    }

    #[test]
    fn the_borrowed_form_encodes_the_same_message() {
        for sh in [
            hello([5; 32]),
            ServerHello {
                session_id: vec![],
                extensions: vec![],
                ..hello([6; 32])
            },
        ] {
            let borrowed = ServerHelloRef {
                legacy_version: sh.legacy_version,
                random: &sh.random,
                session_id: &sh.session_id,
                cipher_suite: sh.cipher_suite,
                compression_method: sh.compression_method,
                extensions: &sh.extensions,
            };
            assert_eq!(
                borrowed.message_bytes(),
                crate::msgs::handshake::HandshakeMessage::ServerHello(sh.clone()).to_bytes()
            );
        }
    }

    #[test]
    fn extensions_may_be_absent() {
        let sh = ServerHello {
            extensions: vec![],
            ..hello([3; 32])
        };
        let bytes = sh.to_bytes().unwrap();
        assert_eq!(bytes.len(), 2 + 32 + 33 + 3);
        assert_eq!(ServerHello::decode(&bytes), Ok(sh));
    }
}
