//! Handshake signatures: what is signed (RFC 8446 §4.4.3) and checking a signature against the
//! peer's end-entity certificate.

use alloc::vec::Vec;

use ferrotls_crypto::verify::VerificationAlgorithms;
use ferrotls_crypto::{HashOutput, SignatureScheme};
use rustls_pki_types::{CertificateDer, SignatureVerificationAlgorithm};

use super::CertificateError;

/// Which side made a TLS 1.3 CertificateVerify: the context string differs (RFC 8446 §4.4.3), so a
/// server signature can never be replayed as a client one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignatureContext {
    /// "TLS 1.3, server CertificateVerify".
    Server,
    /// "TLS 1.3, client CertificateVerify".
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

/// [`construct_tls13_verify_message`] on the stack, for the verifying side, which only reads it:
/// 64 spaces, the 33-byte context string, a zero byte and a hash of at most 64 bytes.
pub(crate) struct VerifyMessage {
    buf: [u8; VerifyMessage::MAX_LEN],
    len: usize,
}

impl VerifyMessage {
    const MAX_LEN: usize = 64 + 33 + 1 + ferrotls_crypto::secret::MAX_OUTPUT_LEN;

    pub(crate) fn new(context: SignatureContext, transcript_hash: &HashOutput) -> Self {
        let label = context.label();
        let hash = transcript_hash.as_bytes();
        let mut buf = [0x20; Self::MAX_LEN];
        buf[64..64 + label.len()].copy_from_slice(label);
        buf[64 + label.len()] = 0;
        let start = 64 + label.len() + 1;
        buf[start..start + hash.len()].copy_from_slice(hash);
        Self {
            buf,
            len: start + hash.len(),
        }
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// Verify a TLS 1.3 handshake signature (CertificateVerify) over `message` with the public key
/// of `end_entity`. `offered` is what we sent in signature_algorithms: a scheme outside it, or one
/// TLS 1.3 forbids (PKCS#1 v1.5, SHA-1), is refused (RFC 8446 §4.4.3). ECDSA schemes are bound to
/// their curve in TLS 1.3 (RFC 8446 §4.2.3), so only the provider's first, curve-exact algorithm
/// for the scheme is used.
pub fn verify_tls13_signature(
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
    verify_supported_signature(algorithms, end_entity, scheme, message, signature)
}

/// [`verify_tls13_signature`] once `scheme` is known to be one we offered, or where every scheme
/// the provider supports counts as offered (what the default verifiers offer in
/// signature_algorithms): a scheme the provider maps is one of those, so no list of them is
/// collected.
pub(crate) fn verify_supported_signature(
    algorithms: &VerificationAlgorithms,
    end_entity: &CertificateDer<'_>,
    scheme: SignatureScheme,
    message: &[u8],
    signature: &[u8],
) -> Result<(), CertificateError> {
    if !scheme.usable_in_tls13() {
        return Err(CertificateError::UnsupportedSignatureScheme);
    }
    let candidates = algorithms
        .for_scheme(scheme)
        .ok_or(CertificateError::UnsupportedSignatureScheme)?;
    let exact = candidates.get(..1).unwrap_or_default();
    verify_with_any(exact, end_entity, message, signature)
}

/// Verify a TLS 1.2 handshake signature (ServerKeyExchange, CertificateVerify). A TLS 1.2
/// (hash, signature) pair does not fix the curve (RFC 5246 §7.4.1.4.1, RFC 8422 §5.10), so every
/// algorithm the provider maps to the scheme is tried; the certificate's key decides.
pub fn verify_tls12_signature(
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
    verify_supported_tls12_signature(algorithms, end_entity, scheme, message, signature)
}

/// [`verify_tls12_signature`] once `scheme` is known to be one we offered, or where every scheme
/// the provider supports counts as offered.
pub(crate) fn verify_supported_tls12_signature(
    algorithms: &VerificationAlgorithms,
    end_entity: &CertificateDer<'_>,
    scheme: SignatureScheme,
    message: &[u8],
    signature: &[u8],
) -> Result<(), CertificateError> {
    let candidates = algorithms
        .for_scheme(scheme)
        .ok_or(CertificateError::UnsupportedSignatureScheme)?;
    verify_with_any(candidates, end_entity, message, signature)
}

/// Ok if one algorithm verifies. Otherwise `BadSignature` if some algorithm fitted the key but the
/// signature was wrong, else why the key fits none (usually an unsupported scheme for this key).
fn verify_with_any(
    algorithms: &[&'static dyn SignatureVerificationAlgorithm],
    end_entity: &CertificateDer<'_>,
    message: &[u8],
    signature: &[u8],
) -> Result<(), CertificateError> {
    let cert = webpki::EndEntityCert::try_from(end_entity)?;
    let mut refusal = CertificateError::UnsupportedSignatureScheme;
    for alg in algorithms {
        match cert
            .verify_signature(*alg, message, signature)
            .map_err(CertificateError::from)
        {
            Ok(()) => return Ok(()),
            Err(CertificateError::BadSignature) => refusal = CertificateError::BadSignature,
            Err(e) if refusal != CertificateError::BadSignature => refusal = e,
            Err(_) => {}
        }
    }
    Err(refusal)
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

    #[test]
    fn the_stack_message_is_the_constructed_one() {
        for context in [SignatureContext::Server, SignatureContext::Client] {
            for len in [32, 48, 64] {
                let hash: alloc::vec::Vec<u8> = (0..len as u8).collect();
                assert_eq!(
                    VerifyMessage::new(context, &HashOutput::new(&hash)).as_bytes(),
                    construct_tls13_verify_message(context, &hash)
                );
            }
        }
    }
}
