//! The client's Certificate (RFC 5246 §7.4.6) and CertificateVerify (§7.4.8), after our
//! CertificateRequest.

use alloc::boxed::Box;
use alloc::sync::Arc;
use alloc::vec::Vec;

use ferrotls_crypto::SignatureScheme;
use rustls_pki_types::{CertificateDer, UnixTime};

use super::client_hello::usable_in_tls12;
use super::finished::ExpectChangeCipherSpec;
use super::handshake_failure;
use super::key_exchange::{EphemeralKey, ExpectClientKeyExchange, Keys};
use super::progress::Progress;
use super::state::State;
use crate::certificate_chain::CertificateChain;
use crate::error::Error;
use crate::msgs::handshake::{CertificateTls12, CertificateVerify};
use crate::verify::{CertificateError, ClientCertVerifier};

/// What our CertificateRequest asked for.
#[derive(Debug)]
pub(super) struct ClientAuth {
    pub(super) verifier: Arc<dyn ClientCertVerifier>,
    /// The schemes the request listed.
    pub(super) offered: Vec<SignatureScheme>,
}

/// A client chain that verified; its key is proven by the CertificateVerify to come.
#[derive(Debug)]
pub(super) struct ClientCertificate {
    auth: ClientAuth,
    /// Not empty: end entity first.
    chain: CertificateChain,
}

/// A client that proved its certificate's key.
#[derive(Debug)]
pub(super) struct ClientIdentity {
    pub(super) chain: CertificateChain,
    pub(super) scheme: SignatureScheme,
}

/// Waiting for the client's Certificate, which RFC 5246 §7.4.6 makes the first message after
/// our ServerHelloDone when we asked for one.
#[derive(Debug)]
pub(crate) struct ExpectCertificate {
    progress: Progress,
    kx: EphemeralKey,
    auth: ClientAuth,
}

impl ExpectCertificate {
    pub(super) fn new(progress: Progress, kx: EphemeralKey, auth: ClientAuth) -> Self {
        Self { progress, kx, auth }
    }

    pub(super) fn handle(
        mut self,
        certificate: CertificateTls12,
        encoded: &[u8],
        now: UnixTime,
    ) -> Result<State, Error> {
        self.progress.add(encoded);
        let chain: CertificateChain = certificate
            .chain
            .into_iter()
            .map(|c| CertificateDer::from(c.0))
            .collect();
        let Some((end_entity, intermediates)) = chain.split_first() else {
            // RFC 5246 §7.4.6: "If the client does not send any certificates, the server MAY at
            // its discretion either continue the handshake without client authentication, or
            // respond with a fatal handshake_failure alert." (TLS 1.3's certificate_required
            // does not exist in TLS 1.2.)
            if self.auth.verifier.client_auth_mandatory() {
                return Err(handshake_failure(
                    "client sent no certificate (RFC 5246 §7.4.6)",
                ));
            }
            // No CertificateVerify can follow an empty Certificate (§7.4.8).
            self.progress.forget_messages();
            return Ok(State::ExpectClientKeyExchange(Box::new(
                ExpectClientKeyExchange::new(self.progress, self.kx, None),
            )));
        };
        self.auth
            .verifier
            .verify_client_cert(end_entity, intermediates, now)?;
        let certificate = ClientCertificate {
            auth: self.auth,
            chain,
        };
        Ok(State::ExpectClientKeyExchange(Box::new(
            ExpectClientKeyExchange::new(self.progress, self.kx, Some(certificate)),
        )))
    }
}

/// After ClientKeyExchange, waiting for the proof of the client certificate's key.
#[derive(Debug)]
pub(crate) struct ExpectCertificateVerify {
    progress: Progress,
    keys: Keys,
    certificate: ClientCertificate,
}

impl ExpectCertificateVerify {
    pub(super) fn new(progress: Progress, keys: Keys, certificate: ClientCertificate) -> Self {
        Self {
            progress,
            keys,
            certificate,
        }
    }

    pub(super) fn handle(
        mut self,
        verify: CertificateVerify,
        encoded: &[u8],
    ) -> Result<State, Error> {
        // RFC 5246 §7.4.8: "The hash and signature algorithms used in the signature MUST be one
        // of those present in the supported_signature_algorithms field of the
        // CertificateRequest message."
        let auth = &self.certificate.auth;
        if !auth.offered.contains(&verify.scheme) || !usable_in_tls12(verify.scheme) {
            return Err(CertificateError::UnsupportedSignatureScheme.into());
        }
        let end_entity = self
            .certificate
            .chain
            .first()
            .ok_or(Error::internal("client chain emptied"))?;
        // RFC 5246 §7.4.8: the signature covers handshake_messages, "All handshake messages
        // sent or received, starting at client hello and up to, but not including, this
        // message". One that does not verify is decrypt_error (§7.2.2), as the verifier's
        // BadSignature maps to.
        let messages = self
            .progress
            .messages()
            .ok_or(Error::internal("handshake messages were not kept"))?;
        auth.verifier.verify_tls12_signature(
            end_entity,
            verify.scheme,
            messages,
            &verify.signature,
        )?;
        self.progress.add(encoded);
        self.progress.forget_messages();
        Ok(State::ExpectChangeCipherSpec(Box::new(
            ExpectChangeCipherSpec::new(
                self.progress,
                self.keys,
                Some(ClientIdentity {
                    chain: self.certificate.chain,
                    scheme: verify.scheme,
                }),
            ),
        )))
    }
}
