//! Signature verification, in the shape rustls-webpki consumes: a set of
//! `SignatureVerificationAlgorithm`s, and for each TLS `SignatureScheme` the algorithms that may
//! verify it (several where the certificate's key may be encoded in more than one way).

use rustls_pki_types::SignatureVerificationAlgorithm;

use crate::{CryptoError, SignatureScheme};

/// The verification algorithms a provider offers.
#[derive(Clone, Copy)]
pub struct VerificationAlgorithms {
    /// Every algorithm, for certificate-chain signatures (webpki tries them by AlgorithmIdentifier).
    pub all: &'static [&'static dyn SignatureVerificationAlgorithm],
    /// Per TLS scheme, the algorithms for a handshake signature (CertificateVerify,
    /// ServerKeyExchange), in order of preference.
    pub mapping: &'static [(
        SignatureScheme,
        &'static [&'static dyn SignatureVerificationAlgorithm],
    )],
}

impl VerificationAlgorithms {
    /// The algorithms that verify `scheme`, or `None` if it is not supported.
    pub fn for_scheme(
        &self,
        scheme: SignatureScheme,
    ) -> Option<&'static [&'static dyn SignatureVerificationAlgorithm]> {
        self.mapping
            .iter()
            .find(|(s, _)| *s == scheme)
            .map(|(_, algs)| *algs)
    }

    /// Verify a handshake signature (TLS 1.3 CertificateVerify, TLS 1.2 ServerKeyExchange) made
    /// with `scheme` by the key whose subjectPublicKey BIT STRING content is `public_key`.
    ///
    /// Fails with `UnsupportedScheme` if no algorithm handles `scheme`, and with `BadSignature` if
    /// none of them accepts the signature (including when the key is of the wrong type).
    pub fn verify_signature(
        &self,
        scheme: SignatureScheme,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CryptoError> {
        let algs = self
            .for_scheme(scheme)
            .ok_or(CryptoError::UnsupportedScheme)?;
        if algs
            .iter()
            .any(|alg| alg.verify_signature(public_key, message, signature).is_ok())
        {
            Ok(())
        } else {
            Err(CryptoError::BadSignature)
        }
    }

    /// The supported schemes, in preference order (what signature_algorithms should offer).
    pub fn schemes(&self) -> impl Iterator<Item = SignatureScheme> + '_ {
        self.mapping.iter().map(|(s, _)| *s)
    }
}

impl core::fmt::Debug for VerificationAlgorithms {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list().entries(self.schemes()).finish()
    }
}
