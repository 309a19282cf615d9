//! The TLS 1.2 CertificateRequest (RFC 5246 §7.4.4; RFC 8422 §5.5).

use alloc::vec;
use alloc::vec::Vec;

use ferrotls_crypto::SignatureScheme;

use super::client_hello::usable_in_tls12;
use crate::error::Error;
use crate::msgs::enums::ClientCertificateType;
use crate::msgs::handshake::{CertificateRequestTls12, DistinguishedName, HandshakeMessage};
use crate::server::tls13::der_sequence;
use crate::tls13::encode;
use crate::verify::ClientCertVerifier;

/// The encoded CertificateRequest and the schemes it offers: the client's CertificateVerify
/// must use one of them (RFC 5246 §7.4.8).
pub(super) fn certificate_request(
    verifier: &dyn ClientCertVerifier,
) -> Result<(Vec<u8>, Vec<SignatureScheme>), Error> {
    let schemes: Vec<SignatureScheme> = verifier
        .supported_schemes()
        .into_iter()
        .filter(|s| usable_in_tls12(*s))
        .collect();
    if schemes.is_empty() {
        return Err(Error::internal(
            "client verifier has no TLS 1.2 signature scheme",
        ));
    }
    // RFC 5246 §7.4.4 lists the key types we accept; RFC 8422 §5.5 adds ecdsa_sign, which
    // covers EdDSA keys too (RFC 8422 §5.5 "ECDSA- or EdDSA-capable").
    let certificate_types = vec![
        ClientCertificateType::ECDSA_SIGN,
        ClientCertificateType::RSA_SIGN,
    ];
    // RFC 5246 §7.4.4: "certificate_authorities: A list of the distinguished names [X501] of
    // acceptable certificate_authorities, represented in DER-encoded format."
    let authorities = verifier
        .root_hint_subjects()
        .iter()
        .map(|s| der_sequence(s).map(DistinguishedName))
        .collect::<Result<Vec<_>, _>>()?;
    let message = encode(&HandshakeMessage::CertificateRequestTls12(
        CertificateRequestTls12 {
            certificate_types,
            signature_schemes: schemes.clone(),
            authorities,
        },
    ))?;
    Ok((message, schemes))
}
