//! Certificate and CertificateVerify messages (RFC 8446 §4.4.2, §4.4.3), for either side.

use alloc::vec::Vec;

use ferrotls_crypto::{HashOutput, SignatureScheme};
use ferrotls_record::AlertDescription;
use rustls_pki_types::CertificateDer;

use super::encode;
use crate::config::CertifiedKey;
use crate::conn::HandshakeOutput;
use crate::error::Error;
use crate::msgs::handshake::{
    self, CertificateEntry, CertificateTls13, CertificateVerify, HandshakeMessage,
};
use crate::verify::{construct_tls13_verify_message, SignatureContext};

/// An encoded TLS 1.3 Certificate message for `chain` (empty: the client has no certificate).
pub(crate) fn certificate_message(
    context: &[u8],
    chain: &[CertificateDer<'static>],
) -> Result<Vec<u8>, Error> {
    let entries = chain
        .iter()
        .map(|c| CertificateEntry {
            cert: handshake::CertificateDer(c.as_ref().to_vec()),
            extensions: Vec::new(),
        })
        .collect();
    encode(&HandshakeMessage::CertificateTls13(CertificateTls13 {
        context: context.to_vec(),
        entries,
    }))
}

/// The received chain as the verifier's type, end entity first.
pub(crate) fn peer_chain(cert: &CertificateTls13) -> Vec<CertificateDer<'static>> {
    cert.entries
        .iter()
        .map(|e| CertificateDer::from(e.cert.0.clone()))
        .collect()
}

/// What our CertificateVerify signs (RFC 9846 §4.5.2): the scheme, the first of the key's
/// schemes that the peer offered and TLS 1.3 allows (none is handshake_failure), and the
/// content to sign, for `Request::Sign`.
pub(crate) fn certificate_verify_input(
    key: &CertifiedKey,
    offered: &[SignatureScheme],
    context: SignatureContext,
    transcript_hash: &HashOutput,
) -> Result<(SignatureScheme, Vec<u8>), Error> {
    let usable: Vec<SignatureScheme> = offered
        .iter()
        .copied()
        .filter(|s| s.usable_in_tls13())
        .collect();
    let scheme = key.key.choose_scheme(&usable).ok_or(Error::protocol(
        AlertDescription::HANDSHAKE_FAILURE,
        "no signature scheme in common with the peer (RFC 8446 §4.4.3)",
    ))?;
    let message = construct_tls13_verify_message(context, transcript_hash.as_bytes());
    Ok((scheme, message))
}

/// The encoded CertificateVerify carrying `signature`.
pub(crate) fn certificate_verify_message(
    scheme: SignatureScheme,
    signature: Vec<u8>,
) -> Result<Vec<u8>, Error> {
    encode(&HandshakeMessage::CertificateVerify(CertificateVerify {
        scheme,
        signature,
    }))
}

/// Sign the transcript with our (local) key and encode the CertificateVerify.
pub(crate) fn sign_certificate_verify(
    common: &dyn HandshakeOutput,
    key: &CertifiedKey,
    offered: &[SignatureScheme],
    context: SignatureContext,
    transcript_hash: &HashOutput,
) -> Result<Vec<u8>, Error> {
    let (scheme, message) = certificate_verify_input(key, offered, context, transcript_hash)?;
    let signature = key
        .key
        .sign(scheme, &message, common.provider().random.as_ref())?;
    certificate_verify_message(scheme, signature)
}
