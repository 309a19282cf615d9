//! The list limits of [`Limits`] (extensions per block, certificates per chain, chain bytes),
//! checked on a handshake message's bytes before it is decoded (every message but the
//! ClientHello, which may carry any legal number of extensions): the decoder allocates one value
//! per list element, so counting first is what keeps a long list of tiny elements from costing
//! memory. The walk allocates nothing and stops quietly at anything malformed, leaving the
//! error to the decoder, which knows the exact rule.

use ferrotls_record::{AlertDescription, ProtocolVersion};

use crate::config::Limits;
use crate::error::{Cause, Error};
use crate::msgs::codec::{Bounds, Reader};
use crate::msgs::enums::HandshakeType;
use crate::msgs::DecodeError;

/// Why the walk stopped early.
enum Stop {
    /// The bytes do not have the message's shape; the decoder will say why.
    Malformed,
    /// A limit was exceeded.
    Limit(Error),
}

impl From<DecodeError> for Stop {
    fn from(_: DecodeError) -> Self {
        Self::Malformed
    }
}

/// Any vector with a one-, two- or three-byte length prefix; the decoder checks the real bounds.
const U8: Bounds = Bounds::u8(0, 0xff);
const U16: Bounds = Bounds::u16(0, 0xffff);
const U24: Bounds = Bounds::u24(0, 0xff_ffff);

/// Checks the handshake message `typ` with body `body` against the list limits. `version` is
/// the negotiated one (the Certificate, CertificateRequest and NewSessionTicket forms differ);
/// before negotiation those messages are refused by the state machine anyway.
pub(crate) fn check_message(
    limits: &Limits,
    typ: HandshakeType,
    body: &[u8],
    version: Option<ProtocolVersion>,
) -> Result<(), Error> {
    let tls13 = version == Some(ProtocolVersion::TLS1_3);
    let mut r = Reader::new(body);
    let walked = match typ {
        // RFC 9846 §4.2.2, §9.3: a server must ignore extensions it does not know, and a legal
        // ClientHello may carry as many as its 2^16-1 byte block holds (16,383); decoding them
        // costs time and memory linear in the message (see `read_extensions`).
        HandshakeType::CLIENT_HELLO => Ok(()),
        HandshakeType::SERVER_HELLO => server_hello(&mut r, limits),
        HandshakeType::ENCRYPTED_EXTENSIONS => extensions(&mut r, limits),
        HandshakeType::CERTIFICATE if version.is_some() => certificate(&mut r, limits, tls13),
        HandshakeType::CERTIFICATE_REQUEST if tls13 => certificate_request(&mut r, limits),
        HandshakeType::NEW_SESSION_TICKET if tls13 => new_session_ticket(&mut r, limits),
        _ => Ok(()),
    };
    match walked {
        Err(Stop::Limit(e)) => Err(e),
        Ok(()) | Err(Stop::Malformed) => Ok(()),
    }
}

/// ServerHello and HelloRetryRequest: legacy_version, random, legacy_session_id_echo,
/// cipher_suite, legacy_compression_method, then the (TLS 1.2: optional) extensions.
fn server_hello(r: &mut Reader<'_>, limits: &Limits) -> Result<(), Stop> {
    r.take(2 + 32)?;
    r.opaque(U8)?;
    r.take(2 + 1)?;
    optional_extensions(r, limits)
}

fn optional_extensions(r: &mut Reader<'_>, limits: &Limits) -> Result<(), Stop> {
    if r.is_empty() {
        return Ok(());
    }
    extensions(r, limits)
}

/// TLS 1.3: a certificate_request_context before the list (RFC 8446 §4.4.2).
fn certificate(r: &mut Reader<'_>, limits: &Limits, tls13: bool) -> Result<(), Stop> {
    if tls13 {
        r.opaque(U8)?;
    }
    certificates(r, limits, tls13)
}

/// TLS 1.3: certificate_request_context, extensions (RFC 8446 §4.3.2).
fn certificate_request(r: &mut Reader<'_>, limits: &Limits) -> Result<(), Stop> {
    r.opaque(U8)?;
    extensions(r, limits)
}

/// TLS 1.3: ticket_lifetime, ticket_age_add, ticket_nonce, ticket, extensions (RFC 8446 §4.6.1).
fn new_session_ticket(r: &mut Reader<'_>, limits: &Limits) -> Result<(), Stop> {
    r.take(4 + 4)?;
    r.opaque(U8)?;
    r.opaque(U16)?;
    extensions(r, limits)
}

/// One extension block: `Extension extensions<..>`, each a type and `opaque data<..2^16-1>`.
fn extensions(r: &mut Reader<'_>, limits: &Limits) -> Result<(), Stop> {
    let mut block = r.vector(U16)?;
    let mut count = 0usize;
    while !block.is_empty() {
        block.u16()?;
        block.opaque(U16)?;
        count += 1;
        if count > limits.max_extensions {
            // decode_error: the block is longer than the range we accept (RFC 8446 §6.2).
            return Err(Stop::Limit(Error::fatal(
                AlertDescription::DECODE_ERROR,
                Cause::Limit("max_extensions"),
            )));
        }
    }
    Ok(())
}

/// `certificate_list<0..2^24-1>`: TLS 1.2 bare `opaque ASN.1Cert<1..2^24-1>`s, TLS 1.3
/// entries with `cert_data` and an extension block each.
fn certificates(r: &mut Reader<'_>, limits: &Limits, tls13: bool) -> Result<(), Stop> {
    let mut list = r.vector(U24)?;
    if list.remaining() > limits.max_certificate_chain_bytes {
        return Err(Stop::Limit(bad_chain("max_certificate_chain_bytes")));
    }
    let mut count = 0usize;
    while !list.is_empty() {
        list.opaque(U24)?;
        if tls13 {
            extensions(&mut list, limits)?;
        }
        count += 1;
        if count > limits.max_certificate_chain_len {
            return Err(Stop::Limit(bad_chain("max_certificate_chain_len")));
        }
    }
    Ok(())
}

/// bad_certificate: the message is well formed; it is the chain we refuse (RFC 8446 §6.2,
/// RFC 5246 §7.2.2), and that is what the peer's operator needs to learn.
fn bad_chain(limit: &'static str) -> Error {
    Error::fatal(AlertDescription::BAD_CERTIFICATE, Cause::Limit(limit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;
    use alloc::vec::Vec;

    const TLS12: Option<ProtocolVersion> = Some(ProtocolVersion::TLS1_2);
    const TLS13: Option<ProtocolVersion> = Some(ProtocolVersion::TLS1_3);

    fn u16_prefixed(body: &[u8]) -> Vec<u8> {
        let mut v = u16::try_from(body.len()).unwrap().to_be_bytes().to_vec();
        v.extend_from_slice(body);
        v
    }

    fn u24_prefixed(body: &[u8]) -> Vec<u8> {
        let mut v = u32::try_from(body.len()).unwrap().to_be_bytes()[1..].to_vec();
        v.extend_from_slice(body);
        v
    }

    /// An extension block of `n` empty extensions with distinct unknown types.
    fn block(n: u16) -> Vec<u8> {
        let body: Vec<u8> = (0..n)
            .flat_map(|i| {
                let [a, b] = 0xfa00u16.wrapping_add(i).to_be_bytes();
                [a, b, 0, 0]
            })
            .collect();
        u16_prefixed(&body)
    }

    /// A Certificate body of `n` certificates of `len` bytes each.
    fn chain(n: usize, len: usize, tls13: bool) -> Vec<u8> {
        let mut list = Vec::new();
        for _ in 0..n {
            list.extend(u24_prefixed(&vec![0x30; len]));
            if tls13 {
                list.extend([0, 0]);
            }
        }
        let mut body = if tls13 { vec![0] } else { vec![] };
        body.extend(u24_prefixed(&list));
        body
    }

    fn client_hello(extensions: &[u8]) -> Vec<u8> {
        let mut body = vec![3, 3];
        body.extend([7; 32]);
        body.extend([0, 0, 2, 0x13, 0x01, 1, 0]);
        body.extend_from_slice(extensions);
        body
    }

    fn cause(r: Result<(), Error>) -> Option<(AlertDescription, Cause)> {
        match r {
            Ok(()) => None,
            Err(Error::AlertSent { alert, cause }) => Some((alert, cause)),
            Err(other) => panic!("{other:?}"),
        }
    }

    #[test]
    fn certificate_count_is_limited_in_both_forms() {
        let l = Limits::default();
        for (version, tls13) in [(TLS12, false), (TLS13, true)] {
            let ok = chain(10, 1, tls13);
            assert_eq!(
                check_message(&l, HandshakeType::CERTIFICATE, &ok, version),
                Ok(())
            );
            let long = chain(11, 1, tls13);
            assert_eq!(
                cause(check_message(
                    &l,
                    HandshakeType::CERTIFICATE,
                    &long,
                    version
                )),
                Some((
                    AlertDescription::BAD_CERTIFICATE,
                    Cause::Limit("max_certificate_chain_len")
                ))
            );
        }
    }

    #[test]
    fn certificate_bytes_are_limited() {
        let l = Limits {
            max_certificate_chain_bytes: 1000,
            ..Limits::default()
        };
        // Two 497-byte certificates: 2 * (3 + 497) = 1000 bytes of list, the limit exactly.
        let at = chain(2, 497, false);
        assert_eq!(
            check_message(&l, HandshakeType::CERTIFICATE, &at, TLS12),
            Ok(())
        );
        let over = chain(2, 498, false);
        assert_eq!(
            cause(check_message(&l, HandshakeType::CERTIFICATE, &over, TLS12)),
            Some((
                AlertDescription::BAD_CERTIFICATE,
                Cause::Limit("max_certificate_chain_bytes")
            ))
        );
    }

    #[test]
    fn extension_blocks_are_limited_in_every_message() {
        let l = Limits::default();
        let too_many = Some((
            AlertDescription::DECODE_ERROR,
            Cause::Limit("max_extensions"),
        ));
        let ee = HandshakeType::ENCRYPTED_EXTENSIONS;
        assert_eq!(check_message(&l, ee, &block(64), TLS13), Ok(()));
        assert_eq!(cause(check_message(&l, ee, &block(65), TLS13)), too_many);
        // The ClientHello is the exception: any legal number (RFC 9846 §4.2.2, §9.3).
        let ch = HandshakeType::CLIENT_HELLO;
        assert_eq!(
            check_message(&l, ch, &client_hello(&block(64)), None),
            Ok(())
        );
        assert_eq!(check_message(&l, ch, &client_hello(&[]), None), Ok(()));
        assert_eq!(
            check_message(&l, ch, &client_hello(&block(16_383)), None),
            Ok(())
        );
        // Other messages keep the limit: a ServerHello.
        let mut server_hello = vec![3, 3];
        server_hello.extend([7; 32]);
        server_hello.extend([0, 0x13, 0x01, 0]);
        server_hello.extend(block(65));
        assert_eq!(
            cause(check_message(
                &l,
                HandshakeType::SERVER_HELLO,
                &server_hello,
                None
            )),
            too_many
        );
        // Each TLS 1.3 CertificateEntry's block counts on its own.
        let mut entry = vec![0];
        let mut list = u24_prefixed(&[0x30]);
        list.extend(block(65));
        entry.extend(u24_prefixed(&list));
        assert_eq!(
            cause(check_message(&l, HandshakeType::CERTIFICATE, &entry, TLS13)),
            too_many
        );
        let mut ticket = vec![0; 8];
        ticket.extend([0, 0, 1, 9]);
        ticket.extend(block(65));
        assert_eq!(
            cause(check_message(
                &l,
                HandshakeType::NEW_SESSION_TICKET,
                &ticket,
                TLS13
            )),
            too_many
        );
    }

    #[test]
    fn malformed_messages_are_left_to_the_decoder() {
        let l = Limits::default();
        let mut cut = block(65);
        cut.truncate(100);
        assert_eq!(
            check_message(&l, HandshakeType::ENCRYPTED_EXTENSIONS, &cut, TLS13),
            Ok(())
        );
        assert_eq!(
            check_message(&l, HandshakeType::CLIENT_HELLO, &[3], None),
            Ok(())
        );
    }
}
