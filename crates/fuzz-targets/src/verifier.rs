//! Certificate verifiers that accept every chain and every signature, so fuzzed handshakes get
//! past authentication. They exist only in this crate, for fuzzing: the library has none on
//! purpose (see `ferrotls_core::verify`).

use ferrotls_core::crypto::SignatureScheme;
use ferrotls_core::pki_types::{CertificateDer, ServerName, UnixTime};
use ferrotls_core::verify::{CertificateError, ClientCertVerifier, ServerCertVerifier};

/// The schemes both verifiers claim to support.
const SCHEMES: [SignatureScheme; 9] = [
    SignatureScheme::ECDSA_NISTP256_SHA256,
    SignatureScheme::ECDSA_NISTP384_SHA384,
    SignatureScheme::ED25519,
    SignatureScheme::RSA_PSS_RSAE_SHA256,
    SignatureScheme::RSA_PSS_RSAE_SHA384,
    SignatureScheme::RSA_PSS_RSAE_SHA512,
    SignatureScheme::RSA_PKCS1_SHA256,
    SignatureScheme::RSA_PKCS1_SHA384,
    SignatureScheme::RSA_PKCS1_SHA512,
];

/// Accepts any server certificate and any signature. FUZZING ONLY.
#[derive(Debug, Default)]
pub struct AcceptAnyServerCert;

impl ServerCertVerifier for AcceptAnyServerCert {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _now: UnixTime,
    ) -> Result<(), CertificateError> {
        Ok(())
    }

    fn verify_signature(
        &self,
        _end_entity: &CertificateDer<'_>,
        _scheme: SignatureScheme,
        _message: &[u8],
        _signature: &[u8],
    ) -> Result<(), CertificateError> {
        Ok(())
    }

    fn verify_tls12_signature(
        &self,
        _end_entity: &CertificateDer<'_>,
        _scheme: SignatureScheme,
        _message: &[u8],
        _signature: &[u8],
    ) -> Result<(), CertificateError> {
        Ok(())
    }

    fn supported_schemes(&self) -> Vec<SignatureScheme> {
        SCHEMES.to_vec()
    }
}

/// Requires (or, if not `mandatory`, accepts the absence of) a client certificate, and accepts
/// any certificate and any signature. FUZZING ONLY.
#[derive(Debug, Default)]
pub struct AcceptAnyClientCert {
    pub mandatory: bool,
}

impl ClientCertVerifier for AcceptAnyClientCert {
    fn client_auth_mandatory(&self) -> bool {
        self.mandatory
    }

    fn root_hint_subjects(&self) -> &[Vec<u8>] {
        &[]
    }

    fn verify_client_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<(), CertificateError> {
        Ok(())
    }

    fn verify_signature(
        &self,
        _end_entity: &CertificateDer<'_>,
        _scheme: SignatureScheme,
        _message: &[u8],
        _signature: &[u8],
    ) -> Result<(), CertificateError> {
        Ok(())
    }

    fn verify_tls12_signature(
        &self,
        _end_entity: &CertificateDer<'_>,
        _scheme: SignatureScheme,
        _message: &[u8],
        _signature: &[u8],
    ) -> Result<(), CertificateError> {
        Ok(())
    }

    fn supported_schemes(&self) -> Vec<SignatureScheme> {
        SCHEMES.to_vec()
    }
}
