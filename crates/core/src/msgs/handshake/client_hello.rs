//! ClientHello (RFC 8446 §4.1.2; RFC 5246 §7.4.1.2 for the TLS 1.2 form, whose extensions may be
//! absent altogether).

use alloc::vec::Vec;

use ferrotls_crypto::{NamedGroup, SignatureScheme};
use ferrotls_record::ProtocolVersion;

use crate::msgs::codec::{put_list, put_opaque, read_list, Bounds, Codec, Output, Reader};
use crate::msgs::enums::{
    CipherSuite, CompressionMethod, ExtensionType, HandshakeType, PskKeyExchangeMode,
};
use crate::msgs::error::{DecodeError, EncodeError};
use crate::msgs::extensions::{
    put_extensions, read_extensions, ClientExtension, Cookie, ExtensionCodec, KeyShareEntry,
    OfferedPsks, ProtocolNameList, ServerNameList,
};

/// `opaque legacy_session_id<0..32>`.
pub(crate) const SESSION_ID: Bounds = Bounds::u8(0, 32);
/// `CipherSuite cipher_suites<2..2^16-2>`.
const CIPHER_SUITES: Bounds = Bounds::u16(2, 0xfffe);
/// `opaque legacy_compression_methods<1..2^8-1>`.
const COMPRESSION_METHODS: Bounds = Bounds::u8(1, 0xff);
/// `Extension extensions<7..2^16-1>` in TLS 1.3 (RFC 9846 §4.2.2 corrected RFC 8446's 8),
/// `<0..2^16-1>` in TLS 1.2 (RFC 5246 §7.4.1.2); the codec takes the wider one since it cannot
/// know yet which version is spoken.
const EXTENSIONS: Bounds = Bounds::u16(0, 0xffff);

/// A ClientHello.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientHello {
    /// `legacy_version` (0x0303 for TLS 1.2 and 1.3).
    pub legacy_version: ProtocolVersion,
    /// 32 random bytes.
    pub random: [u8; 32],
    /// `legacy_session_id`, 0 to 32 bytes.
    pub session_id: Vec<u8>,
    /// The offered cipher suites, in preference order.
    pub cipher_suites: Vec<CipherSuite>,
    /// `legacy_compression_methods` (just null in practice).
    pub compression_methods: Vec<CompressionMethod>,
    /// The extensions, in wire order. An empty list is encoded as an absent extensions field,
    /// the RFC 5246 form.
    pub extensions: Vec<ClientExtension>,
}

impl Codec for ClientHello {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let legacy_version = ProtocolVersion::read(r)?;
        let random = r.array()?;
        let session_id = r.opaque(SESSION_ID)?.to_vec();
        let cipher_suites = read_list(r, CIPHER_SUITES)?;
        let compression_methods = read_list(r, COMPRESSION_METHODS)?;
        // RFC 5246 §7.4.1.2: "the presence of extensions can be detected by determining whether
        // there are bytes following the compression_methods".
        let extensions = if r.is_empty() {
            Vec::new()
        } else {
            read_extensions(r, EXTENSIONS)?
        };
        Ok(Self {
            legacy_version,
            random,
            session_id,
            cipher_suites,
            compression_methods,
            extensions,
        })
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        self.legacy_version.encode(out)?;
        out.extend_from_slice(&self.random);
        put_opaque(out, SESSION_ID, &self.session_id)?;
        put_list(out, CIPHER_SUITES, &self.cipher_suites)?;
        put_list(out, COMPRESSION_METHODS, &self.compression_methods)?;
        if self.extensions.is_empty() {
            return Ok(());
        }
        put_extensions(out, EXTENSIONS, &self.extensions)
    }
}

impl ClientHello {
    /// The longest legal ClientHello body: version, random, a 32-byte session id, 32,767
    /// cipher suites, 255 compression methods and a full extension block; 131,396 bytes, about
    /// twice the general handshake message limit.
    pub const MAX_BODY_LEN: usize = 2 + 32 + (1 + 32) + (2 + 0xfffe) + (1 + 0xff) + (2 + 0xffff);

    /// The extension of type `typ`, if present.
    pub fn extension(&self, typ: ExtensionType) -> Option<&ClientExtension> {
        self.extensions.iter().find(|e| e.ext_type() == typ)
    }

    /// Whether an extension of type `typ` is present.
    pub fn has_extension(&self, typ: ExtensionType) -> bool {
        self.extension(typ).is_some()
    }

    /// supported_versions, if present.
    pub fn supported_versions(&self) -> Option<&[ProtocolVersion]> {
        self.extensions.iter().find_map(|e| match e {
            ClientExtension::SupportedVersions(v) => Some(v.0.as_slice()),
            _ => None,
        })
    }

    /// key_share's entries, if present.
    pub fn key_shares(&self) -> Option<&[KeyShareEntry]> {
        self.extensions.iter().find_map(|e| match e {
            ClientExtension::KeyShare(k) => Some(k.0.as_slice()),
            _ => None,
        })
    }

    /// supported_groups, if present.
    pub fn supported_groups(&self) -> Option<&[NamedGroup]> {
        self.extensions.iter().find_map(|e| match e {
            ClientExtension::SupportedGroups(g) => Some(g.0.as_slice()),
            _ => None,
        })
    }

    /// signature_algorithms, if present.
    pub fn signature_algorithms(&self) -> Option<&[SignatureScheme]> {
        self.extensions.iter().find_map(|e| match e {
            ClientExtension::SignatureAlgorithms(s) => Some(s.0.as_slice()),
            _ => None,
        })
    }

    /// signature_algorithms_cert, if present.
    pub fn signature_algorithms_cert(&self) -> Option<&[SignatureScheme]> {
        self.extensions.iter().find_map(|e| match e {
            ClientExtension::SignatureAlgorithmsCert(s) => Some(s.0.as_slice()),
            _ => None,
        })
    }

    /// server_name, if present.
    pub fn server_name(&self) -> Option<&ServerNameList> {
        self.extensions.iter().find_map(|e| match e {
            ClientExtension::ServerName(n) => Some(n),
            _ => None,
        })
    }

    /// ALPN's offered protocols, if present.
    pub fn alpn(&self) -> Option<&ProtocolNameList> {
        self.extensions.iter().find_map(|e| match e {
            ClientExtension::Alpn(p) => Some(p),
            _ => None,
        })
    }

    /// psk_key_exchange_modes, if present.
    pub fn psk_modes(&self) -> Option<&[PskKeyExchangeMode]> {
        self.extensions.iter().find_map(|e| match e {
            ClientExtension::PskKeyExchangeModes(m) => Some(m.0.as_slice()),
            _ => None,
        })
    }

    /// pre_shared_key's offer, if present.
    pub fn psk(&self) -> Option<&OfferedPsks> {
        self.extensions.iter().find_map(|e| match e {
            ClientExtension::PreSharedKey(p) => Some(p),
            _ => None,
        })
    }

    /// The HelloRetryRequest cookie echoed back, if present.
    pub fn cookie(&self) -> Option<&Cookie> {
        self.extensions.iter().find_map(|e| match e {
            ClientExtension::Cookie(c) => Some(c),
            _ => None,
        })
    }

    /// Whether the client offers 0-RTT data (RFC 8446 §4.2.10).
    pub fn early_data_offered(&self) -> bool {
        self.has_extension(ExtensionType::EARLY_DATA)
    }

    /// The length of the trailing binders list when a PSK is offered: the encoded ClientHello
    /// minus this many bytes is the partial ClientHello that binders are computed over
    /// (RFC 8446 §4.2.11.2). Valid because decoding (and [`ClientHello::encode_partial`])
    /// require pre_shared_key to be the last extension.
    pub fn binders_len(&self) -> Option<usize> {
        self.psk().map(OfferedPsks::binders_len)
    }

    /// The length of the whole handshake message, header included.
    pub fn message_len(&self) -> Result<usize, EncodeError> {
        Ok(super::HandshakeHeader::LEN + self.encoded_len()?)
    }

    /// The whole handshake message, header included, in a vector of exactly its size: what
    /// `HandshakeMessage::ClientHello(hello).to_bytes()` gives, without moving the hello.
    pub fn message_bytes(&self) -> Result<Vec<u8>, EncodeError> {
        let mut out = Vec::with_capacity(self.message_len()?);
        super::put_handshake(&mut out, HandshakeType::CLIENT_HELLO, self)?;
        Ok(out)
    }

    /// The handshake message (header included) up to and including the PSK identities — the
    /// input to the binder transcript hash (RFC 8446 §4.2.11.2) — or the whole message when no
    /// PSK is offered. The header's length covers the complete message, binders included.
    pub fn encode_partial(&self) -> Result<Vec<u8>, EncodeError> {
        if self.binders_len().is_some()
            && !matches!(
                self.extensions.last(),
                Some(ClientExtension::PreSharedKey(_))
            )
        {
            return Err(EncodeError::BinderMismatch);
        }
        let mut out = Vec::with_capacity(self.message_len()?);
        super::put_handshake(&mut out, HandshakeType::CLIENT_HELLO, self)?;
        let keep = out.len().saturating_sub(self.binders_len().unwrap_or(0));
        out.truncate(keep);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msgs::extensions::{PskBinder, PskIdentity};
    use alloc::vec;

    fn hello(extensions: Vec<ClientExtension>) -> ClientHello {
        ClientHello {
            legacy_version: ProtocolVersion::TLS1_2,
            random: [7; 32],
            session_id: vec![],
            cipher_suites: vec![CipherSuite::TLS_AES_128_GCM_SHA256],
            compression_methods: vec![CompressionMethod::NULL],
            extensions,
        }
    }

    #[test]
    fn extensions_may_be_absent() {
        let ch = hello(vec![]);
        let bytes = ch.to_bytes().unwrap();
        assert_eq!(bytes.len(), 2 + 32 + 1 + 4 + 2);
        assert_eq!(ClientHello::decode(&bytes), Ok(ch.clone()));
        // An explicit empty block decodes to the same value.
        let mut with_empty = bytes.clone();
        with_empty.extend_from_slice(&[0, 0]);
        assert_eq!(ClientHello::decode(&with_empty), Ok(ch));
        with_empty.push(0);
        assert_eq!(
            ClientHello::decode(&with_empty),
            Err(DecodeError::TrailingBytes)
        );
    }

    #[test]
    fn field_bounds() {
        let mut ch = hello(vec![]);
        ch.session_id = vec![0; 33];
        assert!(ch.to_bytes().is_err());
        ch.session_id = vec![0; 32];
        let mut bytes = ch.to_bytes().unwrap();
        bytes[34] = 33;
        assert_eq!(
            ClientHello::decode(&bytes),
            Err(DecodeError::LengthOutOfRange)
        );
        let ch = hello(vec![]);
        let mut bytes = ch.to_bytes().unwrap();
        bytes[35..37].copy_from_slice(&[0, 0]);
        assert_eq!(
            ClientHello::decode(&bytes),
            Err(DecodeError::LengthOutOfRange)
        );
        assert!(ClientHello {
            compression_methods: vec![],
            ..hello(vec![])
        }
        .to_bytes()
        .is_err());
    }

    #[test]
    fn partial_encoding_drops_the_binders() {
        let psk = OfferedPsks {
            identities: vec![PskIdentity {
                identity: vec![1, 2],
                obfuscated_ticket_age: 3,
            }],
            binders: vec![PskBinder(vec![0xbb; 32])],
        };
        let ch = hello(vec![
            ClientExtension::EarlyData,
            ClientExtension::PreSharedKey(psk),
        ]);
        let full = super::super::HandshakeMessage::ClientHello(ch.clone())
            .to_bytes()
            .unwrap();
        let partial = ch.encode_partial().unwrap();
        assert_eq!(ch.binders_len(), Some(35));
        assert_eq!(partial.len(), full.len() - 35);
        assert_eq!(partial[..], full[..partial.len()]);
        assert!(ch.early_data_offered());
        let mut misplaced = ch.clone();
        misplaced.extensions.reverse();
        assert_eq!(misplaced.encode_partial(), Err(EncodeError::BinderMismatch));
        assert_eq!(
            ClientHello::decode(&misplaced.to_bytes().unwrap()),
            Err(DecodeError::PreSharedKeyNotLast)
        );
    }

    #[test]
    fn without_psk_partial_is_whole() {
        let ch = hello(vec![ClientExtension::tls13_only()]);
        assert_eq!(ch.binders_len(), None);
        let full = super::super::HandshakeMessage::ClientHello(ch.clone())
            .to_bytes()
            .unwrap();
        assert_eq!(ch.encode_partial().unwrap(), full);
        assert_eq!(
            ch.supported_versions(),
            Some(&[ProtocolVersion::TLS1_3][..])
        );
        assert_eq!(ch.key_shares(), None);
    }
}
