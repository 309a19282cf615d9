//! Certificate and CertificateVerify messages (RFC 8446 §4.4.2, §4.4.3), for either side.

use alloc::vec::Vec;

use ferrotls_crypto::{HashOutput, SignatureScheme};
use ferrotls_record::AlertDescription;
use rustls_pki_types::CertificateDer;

use super::encode;
use crate::certificate_chain::CertificateChain;
use crate::config::CertifiedKey;
use crate::error::Error;
use crate::msgs::handshake::{self, CertificateTls13, CertificateVerify, HandshakeMessage};
use crate::verify::{construct_tls13_verify_message, SignatureContext};

/// An encoded TLS 1.3 Certificate message for `chain` (empty: the client has no certificate),
/// written straight from the chain in one allocation.
pub(crate) fn certificate_message(
    context: &[u8],
    chain: &[CertificateDer<'static>],
) -> Result<Vec<u8>, Error> {
    handshake::certificate_message(Some(context), chain).map_err(|_| unencodable())
}

/// The TLS 1.2 Certificate message (RFC 5246 §7.4.2) for `chain`, both sides' TLS 1.2 flights
/// (empty: a client without a suitable certificate, §7.4.6), likewise in one allocation.
pub(crate) fn tls12_certificate_message(
    chain: &[CertificateDer<'static>],
) -> Result<Vec<u8>, Error> {
    handshake::certificate_message(None, chain).map_err(|_| unencodable())
}

/// A chain we could not encode (a certificate of zero or 2^24 bytes): our configuration's
/// fault, internal_error as in `encode`.
fn unencodable() -> Error {
    Error::protocol(
        AlertDescription::INTERNAL_ERROR,
        "could not encode our own certificate chain",
    )
}

/// The received chain as the verifier's type, end entity first: the certificates move out of
/// the message (the transcript hashed its encoding) into one shared allocation.
pub(crate) fn peer_chain(cert: CertificateTls13) -> CertificateChain {
    cert.entries
        .into_iter()
        .map(|e| CertificateDer::from(e.cert.0))
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
    let scheme = tls13_scheme(key, offered).ok_or(Error::protocol(
        AlertDescription::HANDSHAKE_FAILURE,
        "no signature scheme in common with the peer (RFC 8446 §4.4.3)",
    ))?;
    let message = construct_tls13_verify_message(context, transcript_hash.as_bytes());
    Ok((scheme, message))
}

/// The scheme `key` signs a TLS 1.3 CertificateVerify with: its choice among the `offered`
/// schemes that TLS 1.3 allows (RFC 9846 §4.5.2: no PKCS#1 v1.5, no SHA-1). The key's choice
/// among all offered schemes is nearly always usable already, and then nothing is allocated.
pub(crate) fn tls13_scheme(
    key: &CertifiedKey,
    offered: &[SignatureScheme],
) -> Option<SignatureScheme> {
    match key.key.choose_scheme(offered) {
        Some(scheme) if scheme.usable_in_tls13() => Some(scheme),
        None => None,
        Some(_) => {
            let usable: Vec<SignatureScheme> = offered
                .iter()
                .copied()
                .filter(|s| s.usable_in_tls13())
                .collect();
            key.key.choose_scheme(&usable)
        }
    }
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
