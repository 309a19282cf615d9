//! What the default verifiers of both sides share: trust anchors, the provider's signature
//! algorithms, path building with rustls-webpki, and the handshake signature checks.

use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;

use ferrotls_crypto::verify::VerificationAlgorithms;
use ferrotls_crypto::SignatureScheme;
use rustls_pki_types::{CertificateDer, UnixTime};

use super::signature::verify_supported_tls12_signature;
use super::{verify_supported_signature, CertificateError, RootStore};

/// Roots and algorithms of a WebPKI verifier, with the checks that do not depend on the side.
#[derive(Clone)]
pub(super) struct WebPki {
    pub(super) roots: Arc<RootStore>,
    pub(super) algorithms: VerificationAlgorithms,
}

impl WebPki {
    /// The end-entity certificate, once a path from it through `intermediates` to one of the
    /// roots is valid at `now` for `usage`.
    pub(super) fn build_path<'a>(
        &self,
        end_entity: &'a CertificateDer<'a>,
        intermediates: &[CertificateDer<'_>],
        now: UnixTime,
        usage: webpki::KeyUsage,
    ) -> Result<webpki::EndEntityCert<'a>, CertificateError> {
        let cert = webpki::EndEntityCert::try_from(end_entity)?;
        cert.verify_for_usage(
            self.algorithms.all,
            self.roots.anchors(),
            intermediates,
            now,
            usage,
            None,
            None,
        )?;
        Ok(cert)
    }

    /// A TLS 1.3 handshake signature, with any scheme the algorithms support.
    pub(super) fn verify_tls13(
        &self,
        end_entity: &CertificateDer<'_>,
        scheme: SignatureScheme,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CertificateError> {
        verify_supported_signature(&self.algorithms, end_entity, scheme, message, signature)
    }

    /// A TLS 1.2 handshake signature, with any scheme the algorithms support.
    pub(super) fn verify_tls12(
        &self,
        end_entity: &CertificateDer<'_>,
        scheme: SignatureScheme,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CertificateError> {
        verify_supported_tls12_signature(&self.algorithms, end_entity, scheme, message, signature)
    }

    /// The schemes the algorithms support, in their order.
    pub(super) fn schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.schemes().collect()
    }

    /// A `Debug` builder for a verifier named `name`, with the roots counted; the verifier adds
    /// its own fields.
    pub(super) fn debug_struct<'a, 'b>(
        &self,
        f: &'a mut fmt::Formatter<'b>,
        name: &str,
    ) -> fmt::DebugStruct<'a, 'b> {
        let mut d = f.debug_struct(name);
        d.field("roots", &self.roots.len());
        d
    }
}
