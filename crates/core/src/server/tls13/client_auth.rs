//! The client's Certificate and CertificateVerify (RFC 8446 §4.4.2, §4.4.3), after our
//! CertificateRequest.

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec::Vec;

use ferrotls_crypto::SignatureScheme;
use ferrotls_record::AlertDescription;
use rustls_pki_types::UnixTime;

use super::client_finished::{ClientIdentity, ExpectFinished};
use super::client_hello::illegal;
use super::pending::PendingTraffic;
use super::state::State;
use crate::certificate_chain::CertificateChain;
use crate::error::Error;
use crate::msgs::handshake::{CertificateTls13, CertificateVerify};
use crate::tls13::peer_chain;
use crate::transcript::Transcript;
use crate::verify::{CertificateError, ClientCertVerifier, SignatureContext, VerifyMessage};

/// Waiting for the client's Certificate.
#[derive(Debug)]
pub(crate) struct ExpectCertificate {
    traffic: PendingTraffic,
    transcript: Transcript,
    verifier: Arc<dyn ClientCertVerifier>,
    /// The schemes our CertificateRequest listed.
    offered: Vec<SignatureScheme>,
}

impl ExpectCertificate {
    pub(super) fn new(
        traffic: PendingTraffic,
        transcript: Transcript,
        verifier: Arc<dyn ClientCertVerifier>,
        offered: Vec<SignatureScheme>,
    ) -> Self {
        Self {
            traffic,
            transcript,
            verifier,
            offered,
        }
    }

    pub(super) fn handle(
        mut self,
        certificate: CertificateTls13,
        encoded: &[u8],
        now: UnixTime,
    ) -> Result<State, Error> {
        // RFC 8446 §4.4.2: the context echoes the CertificateRequest's, which was empty.
        if !certificate.context.is_empty() {
            return Err(illegal(
                "client Certificate context differs from the request's (RFC 8446 §4.4.2)",
            ));
        }
        self.transcript.add(encoded);
        let chain = peer_chain(certificate);
        let Some((end_entity, intermediates)) = chain.split_first() else {
            // RFC 8446 §4.4.2.4: no certificate is certificate_required if we insist, else the
            // handshake goes on without client authentication (and without CertificateVerify).
            if self.verifier.client_auth_mandatory() {
                return Err(Error::protocol(
                    AlertDescription::CERTIFICATE_REQUIRED,
                    "client sent no certificate (RFC 8446 §4.4.2.4)",
                ));
            }
            return Ok(State::ExpectFinished(Box::new(ExpectFinished::new(
                self.traffic,
                self.transcript,
                None,
            ))));
        };
        self.verifier
            .verify_client_cert(end_entity, intermediates, now)?;
        Ok(State::ExpectCertificateVerify(Box::new(
            ExpectCertificateVerify {
                traffic: self.traffic,
                transcript: self.transcript,
                verifier: self.verifier,
                offered: self.offered,
                chain,
            },
        )))
    }
}

/// The client's chain verified; waiting for its proof of the key.
#[derive(Debug)]
pub(crate) struct ExpectCertificateVerify {
    traffic: PendingTraffic,
    transcript: Transcript,
    verifier: Arc<dyn ClientCertVerifier>,
    offered: Vec<SignatureScheme>,
    /// Not empty: end entity first.
    chain: CertificateChain,
}

impl ExpectCertificateVerify {
    pub(super) fn handle(
        mut self,
        verify: CertificateVerify,
        encoded: &[u8],
    ) -> Result<State, Error> {
        // RFC 8446 §4.4.3: a client's scheme must be one the CertificateRequest offered, and
        // one TLS 1.3 allows (no PKCS#1 v1.5, no SHA-1).
        if !self.offered.contains(&verify.scheme) || !verify.scheme.usable_in_tls13() {
            return Err(CertificateError::UnsupportedSignatureScheme.into());
        }
        let end_entity = self
            .chain
            .first()
            .ok_or(Error::internal("client chain emptied"))?;
        let message = VerifyMessage::new(SignatureContext::Client, &self.transcript.current());
        // A signature that does not verify is decrypt_error (RFC 8446 §4.4.3, §6.2): the
        // verifier reports it as BadSignature.
        self.verifier.verify_signature(
            end_entity,
            verify.scheme,
            message.as_bytes(),
            &verify.signature,
        )?;
        self.transcript.add(encoded);
        Ok(State::ExpectFinished(Box::new(ExpectFinished::new(
            self.traffic,
            self.transcript,
            Some(ClientIdentity {
                chain: self.chain,
                scheme: verify.scheme,
            }),
        ))))
    }
}
