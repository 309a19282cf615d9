//! Test doubles for the RFC 8448 traces' endpoints, whose certificates are self-signed RSA and
//! whose signatures are randomized: a server certificate verifier that pins the trace's
//! certificate but checks signatures for real ([`TraceServerVerifier`]), its client-side twin
//! ([`PinnedClientVerifier`]), a signing key that hands back the trace's RSA-PSS signature
//! ([`TraceSigner`]), and a stand-in for the groups the trace lists but the provider lacks
//! ([`PlaceholderGroup`]). [`Session`](crate::rfc8448_session::Session) builds its configs with them.

use std::sync::{Arc, Mutex};

use ferrotls_core::crypto::kx::{ActiveKx, KxGroup};
use ferrotls_core::crypto::sign::{KeyKind, SigningKey};
use ferrotls_core::crypto::verify::VerificationAlgorithms;
use ferrotls_core::crypto::{
    CryptoError, CryptoProvider, NamedGroup, SecureRandom, SignatureScheme,
};
use ferrotls_core::msgs::handshake::HandshakeMessage;
use ferrotls_core::pki_types::{CertificateDer, ServerName, UnixTime};
use ferrotls_core::verify::{
    verify_tls13_signature, CertificateError, ClientCertVerifier, ServerCertVerifier,
};

use crate::rfc8448_session::{decode, TRACE_SCHEMES, TRACE_SERVER_NAME};
use crate::vectors::Trace;

/// A group the trace's server lists but the provider does not implement. Never chosen by the
/// trace's clients; a forged ClientHello that makes the server start it gets an error.
#[derive(Debug)]
pub struct PlaceholderGroup(pub NamedGroup);

impl KxGroup for PlaceholderGroup {
    fn name(&self) -> NamedGroup {
        self.0
    }

    fn start(&self, _: &dyn SecureRandom) -> Result<Box<dyn ActiveKx>, CryptoError> {
        Err(CryptoError::KeyRejected(
            "placeholder group, not implemented",
        ))
    }
}

static P521: PlaceholderGroup = PlaceholderGroup(NamedGroup::SECP521R1);
static FFDHE2048: PlaceholderGroup = PlaceholderGroup(NamedGroup::FFDHE2048);
static FFDHE3072: PlaceholderGroup = PlaceholderGroup(NamedGroup::FFDHE3072);
static FFDHE4096: PlaceholderGroup = PlaceholderGroup(NamedGroup::FFDHE4096);
static FFDHE6144: PlaceholderGroup = PlaceholderGroup(NamedGroup::FFDHE6144);
static FFDHE8192: PlaceholderGroup = PlaceholderGroup(NamedGroup::FFDHE8192);

/// The [server provider](crate::providers::server_provider)'s real groups plus placeholders for the
/// ones RFC 8448's server lists.
pub fn server_kx_groups() -> &'static [&'static dyn KxGroup] {
    let provider = crate::providers::server_provider().os();
    let mut groups: Vec<&'static dyn KxGroup> = [
        NamedGroup::X25519,
        NamedGroup::SECP256R1,
        NamedGroup::SECP384R1,
    ]
    .into_iter()
    .map(|g| {
        provider
            .kx_group(g)
            .expect("every provider has the trace's groups")
    })
    .collect();
    groups.extend_from_slice(PLACEHOLDERS);
    // Leaked: a few pointers per scripted server, for the `'static` a provider's list has.
    Box::leak(groups.into_boxed_slice())
}

static PLACEHOLDERS: &[&dyn KxGroup] = &[
    &P521, &FFDHE2048, &FFDHE3072, &FFDHE4096, &FFDHE6144, &FFDHE8192,
];

/// Accepts exactly the trace's server certificate (self-signed, RSA-1024 era), alone and for
/// [`TRACE_SERVER_NAME`], and checks the CertificateVerify signature for real with the provider's
/// algorithms.
#[derive(Debug)]
pub struct TraceServerVerifier {
    pub certificate: Vec<u8>,
    pub algorithms: VerificationAlgorithms,
}

impl ServerCertVerifier for TraceServerVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        _now: UnixTime,
    ) -> Result<(), CertificateError> {
        if server_name.to_str() != TRACE_SERVER_NAME {
            return Err(CertificateError::NotValidForName);
        }
        if end_entity.as_ref() == self.certificate.as_slice() && intermediates.is_empty() {
            Ok(())
        } else {
            Err(CertificateError::UnknownIssuer)
        }
    }

    fn verify_signature(
        &self,
        end_entity: &CertificateDer<'_>,
        scheme: SignatureScheme,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CertificateError> {
        verify_tls13_signature(
            &self.algorithms,
            &TRACE_SCHEMES,
            end_entity,
            scheme,
            message,
            signature,
        )
    }

    fn supported_schemes(&self) -> Vec<SignatureScheme> {
        TRACE_SCHEMES.to_vec()
    }
}

/// §6's client verifier: the trace's client certificate, pinned; its signature really checked.
#[derive(Debug)]
pub struct PinnedClientVerifier {
    pub cert: CertificateDer<'static>,
    pub schemes: Vec<SignatureScheme>,
    pub provider: Arc<CryptoProvider>,
}

impl ClientCertVerifier for PinnedClientVerifier {
    fn client_auth_mandatory(&self) -> bool {
        true
    }

    fn root_hint_subjects(&self) -> &[Vec<u8>] {
        &[]
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _: UnixTime,
    ) -> Result<(), CertificateError> {
        if end_entity.as_ref() == self.cert.as_ref() && intermediates.is_empty() {
            Ok(())
        } else {
            Err(CertificateError::UnknownIssuer)
        }
    }

    fn verify_signature(
        &self,
        end_entity: &CertificateDer<'_>,
        scheme: SignatureScheme,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), CertificateError> {
        verify_tls13_signature(
            &self.provider.verification,
            &self.schemes,
            end_entity,
            scheme,
            message,
            signature,
        )
    }

    fn supported_schemes(&self) -> Vec<SignatureScheme> {
        self.schemes.clone()
    }
}

/// A signing key that returns the trace's CertificateVerify signature (RSA-PSS is randomized,
/// so it cannot be recomputed). It checks that the content it is asked to sign verifies under
/// that signature with the certificate's key: `strict` panics when it does not (a replay must
/// sign exactly the trace's transcript); otherwise the mismatch is only counted (a test that
/// forged earlier messages gets the trace's signature, which its peer will refuse).
#[derive(Debug)]
pub struct TraceSigner {
    pub kind: KeyKind,
    pub scheme: [SignatureScheme; 1],
    pub signature: Vec<u8>,
    pub cert: CertificateDer<'static>,
    pub strict: bool,
    /// Each signed content, and whether the trace's signature matches it.
    pub signed: Mutex<Vec<(Vec<u8>, bool)>>,
}

impl TraceSigner {
    /// The signer of `side` ("client" or "server") in `trace`.
    pub fn from_trace(
        trace: &Trace,
        side: &str,
        cert: CertificateDer<'static>,
        strict: bool,
    ) -> Self {
        let HandshakeMessage::CertificateVerify(cv) = decode(
            &trace
                .step(&format!("{{{side}}} construct a CertificateVerify"))
                .hex("CertificateVerify"),
        ) else {
            panic!("not a CertificateVerify");
        };
        let kind = if cv.scheme == SignatureScheme::ECDSA_NISTP256_SHA256 {
            KeyKind::EcdsaP256
        } else {
            KeyKind::Rsa
        };
        Self {
            kind,
            scheme: [cv.scheme],
            signature: cv.signature,
            cert,
            strict,
            signed: Mutex::new(Vec::new()),
        }
    }
}

impl SigningKey for TraceSigner {
    fn kind(&self) -> KeyKind {
        self.kind
    }

    fn schemes(&self) -> &[SignatureScheme] {
        &self.scheme
    }

    fn sign(
        &self,
        scheme: SignatureScheme,
        message: &[u8],
        _: &dyn SecureRandom,
    ) -> Result<Vec<u8>, CryptoError> {
        if scheme != self.scheme[0] {
            return Err(CryptoError::UnsupportedScheme);
        }
        let provider = crate::providers::client_provider().scripted(Vec::new());
        let matches = verify_tls13_signature(
            &provider.verification,
            &self.scheme,
            &self.cert,
            scheme,
            message,
            &self.signature,
        )
        .is_ok();
        assert!(
            matches || !self.strict,
            "the content signed must be what the trace's endpoint signed"
        );
        self.signed
            .lock()
            .expect("not poisoned")
            .push((message.to_vec(), matches));
        Ok(self.signature.clone())
    }
}
