//! CertificateRequest: the TLS 1.2 form (RFC 5246 §7.4.4) and the TLS 1.3 form (RFC 8446
//! §4.3.2).

use alloc::vec::Vec;

use ferrotls_crypto::SignatureScheme;

use crate::msgs::codec::{put_list, put_opaque, read_list, Bounds, Codec, Output, Reader};
use crate::msgs::enums::{ClientCertificateType, ExtensionType};
use crate::msgs::error::{DecodeError, EncodeError};
use crate::msgs::extensions::{put_extensions, read_extensions, CertificateRequestExtension};

use super::certificate::REQUEST_CONTEXT;

/// `ClientCertificateType certificate_types<1..2^8-1>`.
const CERTIFICATE_TYPES: Bounds = Bounds::u8(1, 0xff);
/// `SignatureAndHashAlgorithm supported_signature_algorithms<2..2^16-2>` (RFC 5246 §7.4.4 as
/// corrected by the definition it refers to, §7.4.1.4.1).
const SIGNATURE_ALGORITHMS: Bounds = Bounds::u16(2, 0xfffe);
/// `DistinguishedName certificate_authorities<0..2^16-1>`.
const AUTHORITIES: Bounds = Bounds::u16(0, 0xffff);
/// `Extension extensions<0..2^16-1>` (TLS 1.3). RFC 9846 §4.4.2 corrected RFC 8446's lower bound
/// of 2; the mandatory signature_algorithms is checked by the client (missing_extension).
const EXTENSIONS: Bounds = Bounds::u16(0, 0xffff);

/// `opaque DistinguishedName<1..2^16-1>`: a DER X.501 name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DistinguishedName(pub Vec<u8>);

impl Codec for DistinguishedName {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.opaque(Bounds::u16(1, 0xffff)).map(|b| Self(b.to_vec()))
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        put_opaque(out, Bounds::u16(1, 0xffff), &self.0)
    }
}

/// The TLS 1.2 CertificateRequest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateRequestTls12 {
    /// Acceptable certificate key types.
    pub certificate_types: Vec<ClientCertificateType>,
    /// Acceptable signature algorithms.
    pub signature_schemes: Vec<SignatureScheme>,
    /// Acceptable issuers (empty: any).
    pub authorities: Vec<DistinguishedName>,
}

impl Codec for CertificateRequestTls12 {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Self {
            certificate_types: read_list(r, CERTIFICATE_TYPES)?,
            signature_schemes: read_list(r, SIGNATURE_ALGORITHMS)?,
            authorities: read_list(r, AUTHORITIES)?,
        })
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        put_list(out, CERTIFICATE_TYPES, &self.certificate_types)?;
        put_list(out, SIGNATURE_ALGORITHMS, &self.signature_schemes)?;
        put_list(out, AUTHORITIES, &self.authorities)
    }
}

/// The TLS 1.3 CertificateRequest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateRequestTls13 {
    /// `certificate_request_context`, echoed in the client's Certificate.
    pub context: Vec<u8>,
    /// The extensions, in wire order.
    pub extensions: Vec<CertificateRequestExtension>,
}

impl Codec for CertificateRequestTls13 {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let context = r.opaque(REQUEST_CONTEXT)?.to_vec();
        let extensions = read_extensions(r, EXTENSIONS)?;
        Ok(Self {
            context,
            extensions,
        })
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        put_opaque(out, REQUEST_CONTEXT, &self.context)?;
        put_extensions(out, EXTENSIONS, &self.extensions)
    }
}

impl CertificateRequestTls13 {
    /// signature_algorithms, if present (RFC 8446 §4.3.2 makes it mandatory).
    pub fn signature_algorithms(&self) -> Option<&[SignatureScheme]> {
        self.extensions.iter().find_map(|e| match e {
            CertificateRequestExtension::SignatureAlgorithms(s) => Some(s.0.as_slice()),
            _ => None,
        })
    }

    /// certificate_authorities (RFC 9846 §4.3.4: `DistinguishedName authorities<3..2^16-1>`),
    /// empty if absent. The extension is kept opaque when decoding the message, so a malformed
    /// one is found here.
    pub fn certificate_authorities(&self) -> Result<Vec<DistinguishedName>, DecodeError> {
        let data = self.extensions.iter().find_map(|e| match e {
            CertificateRequestExtension::Unknown(u)
                if u.typ == ExtensionType::CERTIFICATE_AUTHORITIES =>
            {
                Some(u.data.as_slice())
            }
            _ => None,
        });
        let Some(data) = data else {
            return Ok(Vec::new());
        };
        let mut r = Reader::new(data);
        let names = read_list(&mut r, Bounds::u16(3, 0xffff))?;
        r.expect_empty()?;
        Ok(names)
    }

    /// signature_algorithms_cert, if present.
    pub fn signature_algorithms_cert(&self) -> Option<&[SignatureScheme]> {
        self.extensions.iter().find_map(|e| match e {
            CertificateRequestExtension::SignatureAlgorithmsCert(s) => Some(s.0.as_slice()),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn tls12_form_round_trips() {
        let cr = CertificateRequestTls12 {
            certificate_types: vec![
                ClientCertificateType::ECDSA_SIGN,
                ClientCertificateType::RSA_SIGN,
            ],
            signature_schemes: vec![SignatureScheme::ECDSA_NISTP256_SHA256],
            authorities: vec![DistinguishedName(vec![0x30, 0])],
        };
        let bytes = cr.to_bytes().unwrap();
        assert_eq!(bytes, [2, 64, 1, 0, 2, 4, 3, 0, 4, 0, 2, 0x30, 0]);
        assert_eq!(CertificateRequestTls12::decode(&bytes), Ok(cr));
    }

    #[test]
    fn tls12_lists_have_minimums() {
        assert_eq!(
            CertificateRequestTls12::decode(&[0, 0, 2, 4, 3, 0, 0]),
            Err(DecodeError::LengthOutOfRange)
        );
        assert_eq!(
            CertificateRequestTls12::decode(&[1, 64, 0, 0, 0, 0]),
            Err(DecodeError::LengthOutOfRange)
        );
        assert_eq!(
            CertificateRequestTls12::decode(&[1, 64, 0, 2, 4, 3, 0, 2, 0, 0]),
            Err(DecodeError::LengthOutOfRange)
        );
    }

    #[test]
    fn tls13_form_needs_extensions() {
        // RFC 9846 §4.4.2 corrects the bound to `extensions<0..2^16-1>`: an empty block is
        // well formed (the missing signature_algorithms is the client's missing_extension).
        let empty = CertificateRequestTls13::decode(&[0, 0, 0]).unwrap();
        assert!(empty.extensions.is_empty() && empty.context.is_empty());
        assert_eq!(empty.to_bytes().unwrap(), [0, 0, 0]);
        // A block claiming more bytes than follow is still refused.
        assert_eq!(
            CertificateRequestTls13::decode(&[0, 0, 1, 0]),
            Err(DecodeError::Truncated)
        );
        let bytes = [0, 0, 8, 0, 13, 0, 4, 0, 2, 4, 3];
        let cr = CertificateRequestTls13::decode(&bytes).unwrap();
        assert_eq!(
            cr.signature_algorithms(),
            Some(&[SignatureScheme::ECDSA_NISTP256_SHA256][..])
        );
        assert_eq!(cr.signature_algorithms_cert(), None);
        assert_eq!(cr.to_bytes().unwrap(), bytes);
    }

    #[test]
    fn tls13_certificate_authorities_are_read_when_asked() {
        // context 0, extensions: signature_algorithms (ecdsa_secp256r1_sha256), then
        // certificate_authorities (47) holding one DistinguishedName of 2 bytes.
        let bytes = [
            0, 0, 18, 0, 13, 0, 4, 0, 2, 4, 3, 0, 47, 0, 6, 0, 4, 0, 2, 0x30, 0,
        ];
        let cr = CertificateRequestTls13::decode(&bytes).unwrap();
        assert_eq!(
            cr.certificate_authorities(),
            Ok(vec![DistinguishedName(vec![0x30, 0])])
        );
        // Absent: no names. An empty list is below the minimum of 3 bytes; a trailing byte
        // after the list is refused.
        let none = CertificateRequestTls13::decode(&[0, 0, 8, 0, 13, 0, 4, 0, 2, 4, 3]).unwrap();
        assert_eq!(none.certificate_authorities(), Ok(Vec::new()));
        let empty = CertificateRequestTls13::decode(&[0, 0, 6, 0, 47, 0, 2, 0, 0]).unwrap();
        assert_eq!(
            empty.certificate_authorities(),
            Err(DecodeError::LengthOutOfRange)
        );
        let trailing =
            CertificateRequestTls13::decode(&[0, 0, 11, 0, 47, 0, 7, 0, 4, 0, 2, 0x30, 0, 9])
                .unwrap();
        assert!(trailing.certificate_authorities().is_err());
    }
}
