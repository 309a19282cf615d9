//! Verifying the server's certificate (client side).

use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;

use ferrotls_crypto::verify::VerificationAlgorithms;
use ferrotls_crypto::SignatureScheme;
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};

use super::webpki::WebPki;
use super::{CertificateError, RootStore};

/// Decides whether a server's certificate chain is acceptable for the name the client connected
/// to, and checks the server's handshake signatures.
pub trait ServerCertVerifier: Send + Sync + fmt::Debug {
    /// Verify `end_entity` (with `intermediates` as sent) for `server_name`, valid at `now`.
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        now: UnixTime,
    ) -> Result<(), CertificateError>;

    /// Verify a TLS 1.3 handshake signature made with `end_entity`'s key (RFC 8446 §4.4.3:
    /// ECDSA schemes bound to their curve, no PKCS#1 v1.5).
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

    /// The schemes to offer in signature_algorithms, in preference order.
    fn supported_schemes(&self) -> Vec<SignatureScheme>;
}

/// The default: a path to one of `roots` (rustls-webpki), validity at `now`, the serverAuth EKU
/// (when the certificate lists EKUs), and the server name in the subjectAltName.
#[derive(Clone)]
pub struct WebPkiServerVerifier {
    webpki: WebPki,
}

impl WebPkiServerVerifier {
    /// A verifier trusting `roots`, checking signatures with `algorithms` (the provider's
    /// [`CryptoProvider::verification`](ferrotls_crypto::CryptoProvider::verification)).
    pub fn new(roots: Arc<RootStore>, algorithms: VerificationAlgorithms) -> Self {
        Self {
            webpki: WebPki { roots, algorithms },
        }
    }
}

impl fmt::Debug for WebPkiServerVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.webpki
            .debug_struct(f, "WebPkiServerVerifier")
            .field("algorithms", &self.webpki.algorithms)
            .finish()
    }
}

impl ServerCertVerifier for WebPkiServerVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        now: UnixTime,
    ) -> Result<(), CertificateError> {
        let cert = self.webpki.build_path(
            end_entity,
            intermediates,
            now,
            webpki::KeyUsage::server_auth(),
        )?;
        cert.verify_is_valid_for_subject_name(server_name)?;
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
