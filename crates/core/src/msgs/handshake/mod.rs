//! Handshake messages (RFC 8446 §4, RFC 5246 §7.4, RFC 5077 §3.3, RFC 8422 §5), one module per
//! message, and [`HandshakeMessage`], which frames them with the 4-byte header
//! (`msg_type`, `uint24 length`).

mod certificate;
mod certificate_request;
mod certificate_verify;
mod client_hello;
mod client_key_exchange;
mod empty_messages;
mod encrypted_extensions;
mod finished;
mod hello_retry_request;
mod key_update;
mod message_hash;
mod new_session_ticket;
mod server_hello;
mod server_key_exchange;
mod version;

pub(crate) use certificate::certificate_message;
pub use certificate::{CertificateDer, CertificateEntry, CertificateTls12, CertificateTls13};
pub use certificate_request::{
    CertificateRequestTls12, CertificateRequestTls13, DistinguishedName,
};
pub use certificate_verify::CertificateVerify;
pub use client_hello::ClientHello;
pub use client_key_exchange::ClientKeyExchange;
pub use empty_messages::{EndOfEarlyData, HelloRequest, ServerHelloDone};
pub use encrypted_extensions::EncryptedExtensions;
pub use finished::{Finished, VerifyData, MAX_VERIFY_DATA_LEN};
pub(crate) use finished::FinishedMessage;
pub use hello_retry_request::{HelloRetryRequest, HELLO_RETRY_REQUEST_RANDOM};
pub use key_update::KeyUpdate;
pub use message_hash::MessageHash;
pub use new_session_ticket::{NewSessionTicketTls12, NewSessionTicketTls13};
pub(crate) use server_hello::ServerHelloRef;
pub(crate) use server_hello::put_server_hello;
pub use server_hello::{ServerHello, TLS11_DOWNGRADE_SENTINEL, TLS12_DOWNGRADE_SENTINEL};
pub use server_key_exchange::{EcdheParams, ServerKeyExchange};
pub use version::Version;

use alloc::vec::Vec;

use super::codec::{put_vector, Bounds, Codec, LenCounter, Output, Reader};
use super::enums::HandshakeType;
use super::error::{DecodeError, EncodeError};

/// The body of a handshake message: `uint24 length` then the bytes.
pub(super) const BODY: Bounds = Bounds::u24(0, 0xff_ffff);

/// The 4-byte handshake header, for code that must find message boundaries before decoding
/// (reassembly of messages split across records).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HandshakeHeader {
    /// `msg_type`.
    pub typ: HandshakeType,
    /// The body length.
    pub len: usize,
}

impl HandshakeHeader {
    /// The header's size on the wire.
    pub const LEN: usize = 4;

    /// Reads a header (not the body).
    pub fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let typ = HandshakeType::read(r)?;
        let len = usize::try_from(r.u24()?).map_err(|_| DecodeError::LengthOutOfRange)?;
        Ok(Self { typ, len })
    }
}

/// Appends a whole handshake message: header, then `body`.
pub(crate) fn put_handshake<T: Codec, O: Output>(
    out: &mut O,
    typ: HandshakeType,
    body: &T,
) -> Result<(), EncodeError> {
    typ.encode(out)?;
    put_vector(out, BODY, |out| body.encode(out))
}

/// Any handshake message that can appear on the wire. Version-dependent messages have one
/// variant per form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HandshakeMessage {
    /// hello_request (TLS 1.2).
    HelloRequest(HelloRequest),
    /// client_hello.
    ClientHello(ClientHello),
    /// server_hello.
    ServerHello(ServerHello),
    /// server_hello carrying the HelloRetryRequest random (TLS 1.3).
    HelloRetryRequest(HelloRetryRequest),
    /// new_session_ticket, RFC 5077 form (TLS 1.2).
    NewSessionTicketTls12(NewSessionTicketTls12),
    /// new_session_ticket, RFC 8446 form (TLS 1.3).
    NewSessionTicketTls13(NewSessionTicketTls13),
    /// end_of_early_data (TLS 1.3).
    EndOfEarlyData(EndOfEarlyData),
    /// encrypted_extensions (TLS 1.3).
    EncryptedExtensions(EncryptedExtensions),
    /// certificate, TLS 1.2 form.
    CertificateTls12(CertificateTls12),
    /// certificate, TLS 1.3 form.
    CertificateTls13(CertificateTls13),
    /// server_key_exchange, ECDHE (TLS 1.2).
    ServerKeyExchange(ServerKeyExchange),
    /// certificate_request, TLS 1.2 form.
    CertificateRequestTls12(CertificateRequestTls12),
    /// certificate_request, TLS 1.3 form.
    CertificateRequestTls13(CertificateRequestTls13),
    /// server_hello_done (TLS 1.2).
    ServerHelloDone(ServerHelloDone),
    /// certificate_verify.
    CertificateVerify(CertificateVerify),
    /// client_key_exchange, ECDHE (TLS 1.2).
    ClientKeyExchange(ClientKeyExchange),
    /// finished.
    Finished(Finished),
    /// key_update (TLS 1.3).
    KeyUpdate(KeyUpdate),
}

impl HandshakeMessage {
    /// The `msg_type` this message is sent with.
    pub fn typ(&self) -> HandshakeType {
        match self {
            Self::HelloRequest(_) => HandshakeType::HELLO_REQUEST,
            Self::ClientHello(_) => HandshakeType::CLIENT_HELLO,
            Self::ServerHello(_) | Self::HelloRetryRequest(_) => HandshakeType::SERVER_HELLO,
            Self::NewSessionTicketTls12(_) | Self::NewSessionTicketTls13(_) => {
                HandshakeType::NEW_SESSION_TICKET
            }
            Self::EndOfEarlyData(_) => HandshakeType::END_OF_EARLY_DATA,
            Self::EncryptedExtensions(_) => HandshakeType::ENCRYPTED_EXTENSIONS,
            Self::CertificateTls12(_) | Self::CertificateTls13(_) => HandshakeType::CERTIFICATE,
            Self::ServerKeyExchange(_) => HandshakeType::SERVER_KEY_EXCHANGE,
            Self::CertificateRequestTls12(_) | Self::CertificateRequestTls13(_) => {
                HandshakeType::CERTIFICATE_REQUEST
            }
            Self::ServerHelloDone(_) => HandshakeType::SERVER_HELLO_DONE,
            Self::CertificateVerify(_) => HandshakeType::CERTIFICATE_VERIFY,
            Self::ClientKeyExchange(_) => HandshakeType::CLIENT_KEY_EXCHANGE,
            Self::Finished(_) => HandshakeType::FINISHED,
            Self::KeyUpdate(_) => HandshakeType::KEY_UPDATE,
        }
    }

    /// Reads one whole message (header and body) from `r`, with the forms of `version`. The
    /// body must be consumed exactly. A type that is unknown, that `version` does not have, or
    /// that is never sent (message_hash) is unexpected_message (RFC 8446 §6.2; RFC 5246
    /// §7.4: "Sending handshake messages in an unexpected order results in a fatal error").
    pub fn read(r: &mut Reader<'_>, version: Version) -> Result<Self, DecodeError> {
        let header = HandshakeHeader::read(r)?;
        let mut body = Reader::new(r.take(header.len)?);
        let message = Self::read_body(header.typ, &mut body, version)?;
        body.expect_empty()?;
        Ok(message)
    }

    /// Decodes `bytes` as exactly one message.
    pub fn decode(bytes: &[u8], version: Version) -> Result<Self, DecodeError> {
        let mut r = Reader::new(bytes);
        let message = Self::read(&mut r, version)?;
        r.expect_empty()?;
        Ok(message)
    }

    /// Decodes a buffer holding several whole messages back to back (e.g. one record's
    /// payload), all under `version`.
    pub fn decode_all(bytes: &[u8], version: Version) -> Result<Vec<Self>, DecodeError> {
        let mut r = Reader::new(bytes);
        // Each message takes at least its 4-byte header, which bounds this vector.
        let mut messages = Vec::new();
        while !r.is_empty() {
            messages.push(Self::read(&mut r, version)?);
        }
        Ok(messages)
    }

    fn read_body(
        typ: HandshakeType,
        body: &mut Reader<'_>,
        version: Version,
    ) -> Result<Self, DecodeError> {
        use Version::{Tls12, Tls13};
        Ok(match (typ, version) {
            (HandshakeType::CLIENT_HELLO, _) => Self::ClientHello(ClientHello::read(body)?),
            (HandshakeType::SERVER_HELLO, _) if server_hello::is_hello_retry_request(body) => {
                Self::HelloRetryRequest(HelloRetryRequest::read(body)?)
            }
            (HandshakeType::SERVER_HELLO, _) => Self::ServerHello(ServerHello::read(body)?),
            (HandshakeType::CERTIFICATE_VERIFY, _) => {
                Self::CertificateVerify(CertificateVerify::read(body)?)
            }
            (HandshakeType::FINISHED, _) => Self::Finished(Finished::read(body)?),
            (HandshakeType::HELLO_REQUEST, Tls12) => Self::HelloRequest(HelloRequest::read(body)?),
            (HandshakeType::NEW_SESSION_TICKET, Tls12) => {
                Self::NewSessionTicketTls12(NewSessionTicketTls12::read(body)?)
            }
            (HandshakeType::CERTIFICATE, Tls12) => {
                Self::CertificateTls12(CertificateTls12::read(body)?)
            }
            (HandshakeType::SERVER_KEY_EXCHANGE, Tls12) => {
                Self::ServerKeyExchange(ServerKeyExchange::read(body)?)
            }
            (HandshakeType::CERTIFICATE_REQUEST, Tls12) => {
                Self::CertificateRequestTls12(CertificateRequestTls12::read(body)?)
            }
            (HandshakeType::SERVER_HELLO_DONE, Tls12) => {
                Self::ServerHelloDone(ServerHelloDone::read(body)?)
            }
            (HandshakeType::CLIENT_KEY_EXCHANGE, Tls12) => {
                Self::ClientKeyExchange(ClientKeyExchange::read(body)?)
            }
            (HandshakeType::NEW_SESSION_TICKET, Tls13) => {
                Self::NewSessionTicketTls13(NewSessionTicketTls13::read(body)?)
            }
            (HandshakeType::END_OF_EARLY_DATA, Tls13) => {
                Self::EndOfEarlyData(EndOfEarlyData::read(body)?)
            }
            (HandshakeType::ENCRYPTED_EXTENSIONS, Tls13) => {
                Self::EncryptedExtensions(EncryptedExtensions::read(body)?)
            }
            (HandshakeType::CERTIFICATE, Tls13) => {
                Self::CertificateTls13(CertificateTls13::read(body)?)
            }
            (HandshakeType::CERTIFICATE_REQUEST, Tls13) => {
                Self::CertificateRequestTls13(CertificateRequestTls13::read(body)?)
            }
            (HandshakeType::KEY_UPDATE, Tls13) => Self::KeyUpdate(KeyUpdate::read(body)?),
            (other, _) => return Err(DecodeError::UnexpectedMessage(other)),
        })
    }

    /// Appends the whole message, header included.
    pub fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        let typ = self.typ();
        match self {
            Self::HelloRequest(m) => put_handshake(out, typ, m),
            Self::ClientHello(m) => put_handshake(out, typ, m),
            Self::ServerHello(m) => put_handshake(out, typ, m),
            Self::HelloRetryRequest(m) => put_handshake(out, typ, m),
            Self::NewSessionTicketTls12(m) => put_handshake(out, typ, m),
            Self::NewSessionTicketTls13(m) => put_handshake(out, typ, m),
            Self::EndOfEarlyData(m) => put_handshake(out, typ, m),
            Self::EncryptedExtensions(m) => put_handshake(out, typ, m),
            Self::CertificateTls12(m) => put_handshake(out, typ, m),
            Self::CertificateTls13(m) => put_handshake(out, typ, m),
            Self::ServerKeyExchange(m) => put_handshake(out, typ, m),
            Self::CertificateRequestTls12(m) => put_handshake(out, typ, m),
            Self::CertificateRequestTls13(m) => put_handshake(out, typ, m),
            Self::ServerHelloDone(m) => put_handshake(out, typ, m),
            Self::CertificateVerify(m) => put_handshake(out, typ, m),
            Self::ClientKeyExchange(m) => put_handshake(out, typ, m),
            Self::Finished(m) => put_handshake(out, typ, m),
            Self::KeyUpdate(m) => put_handshake(out, typ, m),
        }
    }

    /// The length of the whole message, header included.
    pub fn encoded_len(&self) -> Result<usize, EncodeError> {
        let mut counter = LenCounter::default();
        self.encode(&mut counter)?;
        Ok(counter.0)
    }

    /// The whole message as a new vector, allocated once at its exact size.
    pub fn to_bytes(&self) -> Result<Vec<u8>, EncodeError> {
        let mut out = Vec::with_capacity(self.encoded_len()?);
        self.encode(&mut out)?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_frames_the_body() {
        let m = HandshakeMessage::Finished(Finished::new(&[1, 2, 3]).unwrap());
        let bytes = m.to_bytes().unwrap();
        assert_eq!(bytes, [20, 0, 0, 3, 1, 2, 3]);
        assert_eq!(HandshakeMessage::decode(&bytes, Version::Tls13), Ok(m));
        assert_eq!(
            HandshakeMessage::decode(&bytes[..6], Version::Tls13),
            Err(DecodeError::Truncated)
        );
        assert_eq!(
            HandshakeMessage::decode(&[20, 0, 0], Version::Tls13),
            Err(DecodeError::Truncated)
        );
        let mut r = Reader::new(&bytes);
        assert_eq!(
            HandshakeHeader::read(&mut r),
            Ok(HandshakeHeader {
                typ: HandshakeType::FINISHED,
                len: 3
            })
        );
    }

    #[test]
    fn bytes_after_the_message_or_inside_the_body_are_refused() {
        assert_eq!(
            HandshakeMessage::decode(&[14, 0, 0, 0, 0], Version::Tls12),
            Err(DecodeError::TrailingBytes)
        );
        assert_eq!(
            HandshakeMessage::decode(&[14, 0, 0, 1, 0], Version::Tls12),
            Err(DecodeError::TrailingBytes)
        );
        assert_eq!(
            HandshakeMessage::decode(&[24, 0, 0, 2, 0, 0], Version::Tls13),
            Err(DecodeError::TrailingBytes)
        );
    }

    #[test]
    fn unknown_and_wrong_version_types_are_unexpected_message() {
        let unexpected = |t: u8| Err(DecodeError::UnexpectedMessage(HandshakeType(t)));
        assert_eq!(
            HandshakeMessage::decode(&[99, 0, 0, 0], Version::Tls13),
            unexpected(99)
        );
        assert_eq!(
            HandshakeMessage::decode(&[254, 0, 0, 0], Version::Tls13),
            unexpected(254)
        );
        // ServerHelloDone and HelloRequest do not exist in TLS 1.3, KeyUpdate and
        // EndOfEarlyData not in TLS 1.2.
        assert_eq!(
            HandshakeMessage::decode(&[14, 0, 0, 0], Version::Tls13),
            unexpected(14)
        );
        assert_eq!(
            HandshakeMessage::decode(&[0, 0, 0, 0], Version::Tls13),
            unexpected(0)
        );
        assert_eq!(
            HandshakeMessage::decode(&[24, 0, 0, 1, 0], Version::Tls12),
            unexpected(24)
        );
        assert_eq!(
            HandshakeMessage::decode(&[5, 0, 0, 0], Version::Tls12),
            unexpected(5)
        );
        assert_eq!(
            HandshakeMessage::decode(&[14, 0, 0, 0], Version::Tls12),
            Ok(HandshakeMessage::ServerHelloDone(ServerHelloDone))
        );
    }

    #[test]
    fn version_selects_the_form() {
        // An empty TLS 1.2 Certificate is three zero bytes; in TLS 1.3 it needs four.
        let tls12 = [11, 0, 0, 3, 0, 0, 0];
        assert!(matches!(
            HandshakeMessage::decode(&tls12, Version::Tls12),
            Ok(HandshakeMessage::CertificateTls12(_))
        ));
        assert_eq!(
            HandshakeMessage::decode(&tls12, Version::Tls13),
            Err(DecodeError::Truncated)
        );
        let tls13 = [11, 0, 0, 4, 0, 0, 0, 0];
        assert!(matches!(
            HandshakeMessage::decode(&tls13, Version::Tls13),
            Ok(HandshakeMessage::CertificateTls13(_))
        ));
        assert_eq!(
            HandshakeMessage::decode(&tls13, Version::Tls12),
            Err(DecodeError::TrailingBytes)
        );
    }

    #[test]
    fn decode_all_splits_coalesced_messages() {
        let bytes = [14, 0, 0, 0, 20, 0, 0, 1, 9];
        let all = HandshakeMessage::decode_all(&bytes, Version::Tls12).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].typ(), HandshakeType::FINISHED);
        assert_eq!(
            HandshakeMessage::decode_all(&bytes[..8], Version::Tls12),
            Err(DecodeError::Truncated)
        );
        assert_eq!(
            HandshakeMessage::decode_all(&[], Version::Tls12),
            Ok(Vec::new())
        );
    }
}
