//! Certificate: the TLS 1.2 form (RFC 5246 §7.4.2), a bare chain, and the TLS 1.3 form
//! (RFC 8446 §4.4.2), a request context and entries that each carry extensions.

use alloc::vec::Vec;

use super::BODY;
use crate::msgs::codec::{
    put_list, put_opaque, put_vector, read_list, Bounds, Codec, LenCounter, Output, Reader,
};
use crate::msgs::enums::HandshakeType;
use crate::msgs::error::{DecodeError, EncodeError};
use crate::msgs::extensions::{put_extensions, read_extensions, CertificateExtension};

/// `ASN.1Cert certificate_list<0..2^24-1>` / `CertificateEntry certificate_list<0..2^24-1>`.
const CERTIFICATE_LIST: Bounds = Bounds::u24(0, 0xff_ffff);
/// `opaque ASN.1Cert<1..2^24-1>` / `opaque cert_data<1..2^24-1>`.
const CERT_DATA: Bounds = Bounds::u24(1, 0xff_ffff);
/// `opaque certificate_request_context<0..2^8-1>`.
pub(crate) const REQUEST_CONTEXT: Bounds = Bounds::u8(0, 0xff);
/// `Extension extensions<0..2^16-1>` of a CertificateEntry.
const ENTRY_EXTENSIONS: Bounds = Bounds::u16(0, 0xffff);

/// One DER-encoded certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateDer(pub Vec<u8>);

impl Codec for CertificateDer {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.opaque(CERT_DATA).map(|b| Self(b.to_vec()))
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        put_opaque(out, CERT_DATA, &self.0)
    }
}

/// The TLS 1.2 Certificate message: the chain, end-entity first. Empty when a client has no
/// suitable certificate (RFC 5246 §7.4.6).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CertificateTls12 {
    /// The chain.
    pub chain: Vec<CertificateDer>,
}

impl Codec for CertificateTls12 {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        read_list(r, CERTIFICATE_LIST).map(|chain| Self { chain })
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        put_list(out, CERTIFICATE_LIST, &self.chain)
    }
}

/// One certificate of a TLS 1.3 chain with its extensions (X.509 only: raw public keys,
/// RFC 7250, are not negotiated by ferrotls).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateEntry {
    /// The DER certificate.
    pub cert: CertificateDer,
    /// Its extensions, in wire order.
    pub extensions: Vec<CertificateExtension>,
}

impl Codec for CertificateEntry {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let cert = CertificateDer::read(r)?;
        let extensions = read_extensions(r, ENTRY_EXTENSIONS)?;
        Ok(Self { cert, extensions })
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        self.cert.encode(out)?;
        put_extensions(out, ENTRY_EXTENSIONS, &self.extensions)
    }
}

/// The TLS 1.3 Certificate message.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CertificateTls13 {
    /// Empty in the server's Certificate; echoes the CertificateRequest's context otherwise.
    pub context: Vec<u8>,
    /// The chain, end-entity first.
    pub entries: Vec<CertificateEntry>,
}

impl Codec for CertificateTls13 {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let context = r.opaque(REQUEST_CONTEXT)?.to_vec();
        let entries = read_list(r, CERTIFICATE_LIST)?;
        Ok(Self { context, entries })
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        put_opaque(out, REQUEST_CONTEXT, &self.context)?;
        put_vector(out, CERTIFICATE_LIST, |out| {
            self.entries.iter().try_for_each(|e| e.encode(out))
        })
    }
}

/// Our own chain as a whole Certificate message (header included), encoded straight from the
/// certificates where they lie: in TLS 1.3 form with `context` and entries without extensions
/// when `tls13_context` is `Some`, else in TLS 1.2 form. The same bytes as a
/// [`CertificateTls13`] / [`CertificateTls12`] holding copies of them, in one allocation of the
/// exact size instead of one per certificate and one for the list.
pub(crate) fn certificate_message<C: AsRef<[u8]>>(
    tls13_context: Option<&[u8]>,
    chain: &[C],
) -> Result<Vec<u8>, EncodeError> {
    let mut counter = LenCounter::default();
    put_certificate_message(&mut counter, tls13_context, chain)?;
    let mut out = Vec::with_capacity(counter.0);
    put_certificate_message(&mut out, tls13_context, chain)?;
    Ok(out)
}

fn put_certificate_message<O: Output, C: AsRef<[u8]>>(
    out: &mut O,
    tls13_context: Option<&[u8]>,
    chain: &[C],
) -> Result<(), EncodeError> {
    HandshakeType::CERTIFICATE.encode(out)?;
    put_vector(out, BODY, |out| {
        if let Some(context) = tls13_context {
            put_opaque(out, REQUEST_CONTEXT, context)?;
        }
        put_vector(out, CERTIFICATE_LIST, |out| {
            chain.iter().try_for_each(|cert| {
                put_opaque(out, CERT_DATA, cert.as_ref())?;
                match tls13_context {
                    Some(_) => put_vector(out, ENTRY_EXTENSIONS, |_| Ok(())),
                    None => Ok(()),
                }
            })
        })
    })
}

impl CertificateTls13 {
    /// The end-entity certificate, if the chain is not empty.
    pub fn end_entity(&self) -> Option<&CertificateDer> {
        self.entries.first().map(|e| &e.cert)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msgs::handshake::HandshakeMessage;
    use alloc::vec;

    /// The borrowed encoder writes what the owned messages write, in both forms.
    #[test]
    fn our_chain_encodes_as_the_owned_messages_do() {
        let chains: [&[&[u8]]; 3] = [&[], &[&[0x30, 0]], &[&[0x30, 0x01, 0x05], &[1; 300]]];
        for chain in chains {
            let owned = |c: &&[u8]| CertificateDer(c.to_vec());
            let tls12 = HandshakeMessage::CertificateTls12(CertificateTls12 {
                chain: chain.iter().map(owned).collect(),
            });
            assert_eq!(certificate_message(None, chain), tls12.to_bytes(), "{chain:?}");
            for context in [&[][..], &[7, 8, 9][..]] {
                let tls13 = HandshakeMessage::CertificateTls13(CertificateTls13 {
                    context: context.to_vec(),
                    entries: chain
                        .iter()
                        .map(|c| CertificateEntry {
                            cert: owned(c),
                            extensions: Vec::new(),
                        })
                        .collect(),
                });
                let ours = certificate_message(Some(context), chain).unwrap();
                assert_eq!(Ok(&ours), tls13.to_bytes().as_ref(), "{chain:?}");
                assert_eq!(ours.capacity(), ours.len());
            }
        }
        // An empty certificate is refused, as the owned message refuses it.
        assert!(certificate_message(None, &[&[][..]]).is_err());
    }

    #[test]
    fn tls12_chain_round_trips_and_may_be_empty() {
        let c = CertificateTls12 {
            chain: vec![CertificateDer(vec![0x30, 0]), CertificateDer(vec![1])],
        };
        let bytes = c.to_bytes().unwrap();
        assert_eq!(bytes, [0, 0, 9, 0, 0, 2, 0x30, 0, 0, 0, 1, 1]);
        assert_eq!(CertificateTls12::decode(&bytes), Ok(c));
        assert_eq!(
            CertificateTls12::decode(&[0, 0, 0]),
            Ok(CertificateTls12::default())
        );
        assert_eq!(
            CertificateTls12::decode(&[0, 0, 3, 0, 0, 0]),
            Err(DecodeError::LengthOutOfRange)
        );
    }

    #[test]
    fn tls13_form_round_trips() {
        let c = CertificateTls13 {
            context: vec![7],
            entries: vec![CertificateEntry {
                cert: CertificateDer(vec![0x30]),
                extensions: vec![],
            }],
        };
        let bytes = c.to_bytes().unwrap();
        assert_eq!(bytes, [1, 7, 0, 0, 6, 0, 0, 1, 0x30, 0, 0]);
        assert_eq!(CertificateTls13::decode(&bytes), Ok(c.clone()));
        assert_eq!(c.end_entity(), Some(&CertificateDer(vec![0x30])));
        assert_eq!(
            CertificateTls13::decode(&bytes[..10]),
            Err(DecodeError::Truncated)
        );
        let mut trailing = bytes.clone();
        trailing.push(0);
        assert_eq!(
            CertificateTls13::decode(&trailing),
            Err(DecodeError::TrailingBytes)
        );
    }
}
