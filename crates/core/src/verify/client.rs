//! Verifying a client's certificate (server side).

use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;

use ferrotls_crypto::verify::VerificationAlgorithms;
use ferrotls_crypto::SignatureScheme;
use rustls_pki_types::{CertificateDer, UnixTime};

use super::webpki::WebPki;
use super::{CertificateError, RootStore};

/// Decides whether client certificates are requested, required, and acceptable.
pub trait ClientCertVerifier: Send + Sync + fmt::Debug {
    /// If true, a client that sends no certificate is refused with certificate_required
    /// (RFC 8446 §4.4.2.4) or handshake_failure (TLS 1.2, RFC 5246 §7.4.6).
    fn client_auth_mandatory(&self) -> bool;

    /// DER subjects sent in certificate_authorities (TLS 1.3) / certificate_authorities list
    /// (TLS 1.2 CertificateRequest) to help the client pick a certificate.
    fn root_hint_subjects(&self) -> &[Vec<u8>];

    /// Verify the client's chain, valid at `now`, for the clientAuth usage.
    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> Result<(), CertificateError>;

    /// Verify the client's TLS 1.3 CertificateVerify signature (RFC 8446 §4.4.3).
    fn verify_signature(
        &self,
        end_entity: &CertificateDer<'_>,
        scheme: SignatureScheme,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CertificateError>;

    /// Verify a TLS 1.2 handshake signature (ServerKeyExchange or CertificateVerify) made with
    /// `end_entity`'s key (RFC 5246 §7.4.3, §7.4.8; RFC 8422 §5.4). The default refuses, so a
    /// verifier written for TLS 1.3 cannot accept TLS 1.2 signatures by accident.
    fn verify_tls12_signature(
        &self,
        end_entity: &CertificateDer<'_>,
        scheme: SignatureScheme,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CertificateError> {
        let _ = (end_entity, scheme, message, signature);
        Err(CertificateError::UnsupportedSignatureScheme)
    }

    /// The schemes to list in CertificateRequest's signature_algorithms.
    fn supported_schemes(&self) -> Vec<SignatureScheme>;
}

/// The default: requires (or, with `optional()`, accepts) a client certificate chaining to
/// `roots`, valid at `now`, with the clientAuth EKU when EKUs are listed.
#[derive(Clone)]
pub struct WebPkiClientVerifier {
    webpki: WebPki,
    mandatory: bool,
}

impl WebPkiClientVerifier {
    /// A verifier that requires a certificate.
    pub fn new(roots: Arc<RootStore>, algorithms: VerificationAlgorithms) -> Self {
        Self {
            webpki: WebPki { roots, algorithms },
            mandatory: true,
        }
    }

    /// Accept clients without a certificate too (those that send one must still pass).
    pub fn optional(mut self) -> Self {
        self.mandatory = false;
        self
    }
}

impl fmt::Debug for WebPkiClientVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.webpki
            .debug_struct(f, "WebPkiClientVerifier")
            .field("mandatory", &self.mandatory)
            .finish()
    }
}

impl ClientCertVerifier for WebPkiClientVerifier {
    fn client_auth_mandatory(&self) -> bool {
        self.mandatory
    }

    fn root_hint_subjects(&self) -> &[Vec<u8>] {
        self.webpki.roots.subjects()
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
    ) -> Result<(), CertificateError> {
        self.webpki.build_path(
            end_entity,
            intermediates,
            now,
            webpki::KeyUsage::client_auth(),
        )?;
        Ok(())
    }

    fn verify_signature(
        &self,
        end_entity: &CertificateDer<'_>,
        scheme: SignatureScheme,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CertificateError> {
        self.webpki
            .verify_tls13(end_entity, scheme, message, signature)
    }

    fn verify_tls12_signature(
        &self,
        end_entity: &CertificateDer<'_>,
        scheme: SignatureScheme,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CertificateError> {
        self.webpki
            .verify_tls12(end_entity, scheme, message, signature)
    }

    fn supported_schemes(&self) -> Vec<SignatureScheme> {
        self.webpki.schemes()
    }
}
