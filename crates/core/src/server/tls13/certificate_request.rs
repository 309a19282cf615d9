//! The server's CertificateRequest (RFC 8446 §4.3.2).

use alloc::vec;
use alloc::vec::Vec;

use ferrotls_crypto::SignatureScheme;

use crate::error::Error;
use crate::msgs::codec::{put_list, Bounds};
use crate::msgs::enums::ExtensionType;
use crate::msgs::extensions::{CertificateRequestExtension, SignatureSchemeList, UnknownExtension};
use crate::msgs::handshake::{CertificateRequestTls13, DistinguishedName, HandshakeMessage};
use crate::tls13::encode;
use crate::verify::ClientCertVerifier;

/// `DistinguishedName authorities<3..2^16-1>` (RFC 8446 §4.2.4).
const AUTHORITIES: Bounds = Bounds::u16(3, 0xffff);

/// The encoded CertificateRequest and the schemes it offers (the client's CertificateVerify
/// must use one of them, RFC 8446 §4.4.3). The context is empty: this is the handshake's
/// request, not a post-handshake one (§4.3.2).
pub(super) fn certificate_request(
    verifier: &dyn ClientCertVerifier,
) -> Result<(Vec<u8>, Vec<SignatureScheme>), Error> {
    let schemes = verifier.supported_schemes();
    let mut extensions = vec![CertificateRequestExtension::SignatureAlgorithms(
        SignatureSchemeList(schemes.clone()),
    )];
    let hints = verifier.root_hint_subjects();
    if !hints.is_empty() {
        // The codec keeps certificate_authorities opaque, so it is encoded here.
        extensions.push(CertificateRequestExtension::Unknown(UnknownExtension {
            typ: ExtensionType::CERTIFICATE_AUTHORITIES,
            data: certificate_authorities(hints)?,
        }));
    }
    let message = encode(&HandshakeMessage::CertificateRequestTls13(
        CertificateRequestTls13 {
            context: Vec::new(),
            extensions,
        },
    ))?;
    Ok((message, schemes))
}

/// The body of certificate_authorities (RFC 8446 §4.2.4). Each entry is a DER `Name`; the
/// verifier's subjects are the contents of that SEQUENCE, so each is wrapped in one here.
fn certificate_authorities(subjects: &[Vec<u8>]) -> Result<Vec<u8>, Error> {
    let names = subjects
        .iter()
        .map(|s| der_sequence(s).map(DistinguishedName))
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = Vec::new();
    put_list(&mut out, AUTHORITIES, &names)
        .map_err(|_| Error::internal("certificate_authorities too long"))?;
    Ok(out)
}

/// `contents` as a DER SEQUENCE (X.690 §8.9, definite length §8.1.3). The TLS 1.2 request
/// wraps its authorities the same way.
pub(in crate::server) fn der_sequence(contents: &[u8]) -> Result<Vec<u8>, Error> {
    let len = contents.len();
    let mut out = Vec::with_capacity(len + 4);
    out.push(0x30);
    match u16::try_from(len) {
        Ok(short) if short < 0x80 => out.push(short as u8),
        Ok(long) if long <= 0xff => out.extend_from_slice(&[0x81, long as u8]),
        Ok(long) => {
            out.push(0x82);
            out.extend_from_slice(&long.to_be_bytes());
        }
        Err(_) => {
            return Err(Error::internal(
                "CA subject too long for certificate_authorities",
            ))
        }
    }
    out.extend_from_slice(contents);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn der_lengths_use_the_shortest_form() {
        assert_eq!(der_sequence(&[5; 3]).unwrap()[..2], [0x30, 3]);
        assert_eq!(der_sequence(&[5; 0x80]).unwrap()[..3], [0x30, 0x81, 0x80]);
        assert_eq!(
            der_sequence(&[5; 0x100]).unwrap()[..4],
            [0x30, 0x82, 0x01, 0x00]
        );
    }

    #[test]
    fn authorities_are_a_u16_list_of_u16_names() {
        let body = certificate_authorities(&[vec![1, 2]]).unwrap();
        assert_eq!(body, [0, 6, 0, 4, 0x30, 2, 1, 2]);
    }
}
