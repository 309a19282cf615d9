//! Handshake signatures: what is signed (RFC 8446 §4.4.3) and checking a signature against the
//! peer's end-entity certificate.

use alloc::vec::Vec;

use ferrotls_crypto::verify::VerificationAlgorithms;
use ferrotls_crypto::SignatureScheme;
use rustls_pki_types::CertificateDer;

use super::CertificateError;

/// Which side made a TLS 1.3 CertificateVerify: the context string differs (RFC 8446 §4.4.3), so a
/// server signature can never be replayed as a client one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureContext {
    Server,
    Client,
}

impl SignatureContext {
    fn label(self) -> &'static [u8] {
        match self {
            Self::Server => b"TLS 1.3, server CertificateVerify",
            Self::Client => b"TLS 1.3, client CertificateVerify",
        }
    }
}

/// The content covered by a TLS 1.3 CertificateVerify: 64 spaces, the context string, a zero
/// byte, then the transcript hash (RFC 8446 §4.4.3).
pub fn construct_tls13_verify_message(
    context: SignatureContext,
    transcript_hash: &[u8],
) -> Vec<u8> {
    let label = context.label();
    let mut m = Vec::with_capacity(64 + label.len() + 1 + transcript_hash.len());
    m.resize(64, 0x20);
    m.extend_from_slice(label);
    m.push(0);
    m.extend_from_slice(transcript_hash);
    m
}

/// Verify `signature` over `message` with the public key of `end_entity`, using the algorithms
/// the provider maps to `scheme`. `offered` is the list we sent in signature_algorithms: a scheme
/// outside it is refused (RFC 8446 §4.4.3, RFC 5246 §7.4.1.4.1).
pub fn verify_handshake_signature(
    algorithms: &VerificationAlgorithms,
    offered: &[SignatureScheme],
    end_entity: &CertificateDer<'_>,
    scheme: SignatureScheme,
    message: &[u8],
    signature: &[u8],
) -> Result<(), CertificateError> {
    if !offered.contains(&scheme) {
        return Err(CertificateError::UnsupportedSignatureScheme);
    }
    let candidates = algorithms
        .for_scheme(scheme)
        .ok_or(CertificateError::UnsupportedSignatureScheme)?;
    let cert = webpki::EndEntityCert::try_from(end_entity).map_err(CertificateError::from)?;
    let mut last = CertificateError::UnsupportedSignatureScheme;
    // One scheme may map to several algorithms (e.g. ECDSA with SHA-256 on P-256 or P-384 keys in
    // TLS 1.2); the key in the certificate decides which one applies.
    for alg in candidates {
        match cert.verify_signature(*alg, message, signature) {
            Ok(()) => return Ok(()),
            Err(e) => last = CertificateError::from(e),
        }
    }
    Err(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tls13_verify_message_layout() {
        let m = construct_tls13_verify_message(SignatureContext::Server, &[0xaa; 32]);
        assert_eq!(m.len(), 64 + 33 + 1 + 32);
        assert!(m[..64].iter().all(|&b| b == 0x20));
        assert_eq!(&m[64..97], b"TLS 1.3, server CertificateVerify");
        assert_eq!(m[97], 0);
        assert!(m[98..].iter().all(|&b| b == 0xaa));
        let c = construct_tls13_verify_message(SignatureContext::Client, &[]);
        assert_eq!(&c[64..97], b"TLS 1.3, client CertificateVerify");
    }
}
