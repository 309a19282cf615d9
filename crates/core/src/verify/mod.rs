//! Certificate and handshake-signature verification.
//!
//! The handshake calls a [`ServerCertVerifier`] (client side) or a [`ClientCertVerifier`] (server
//! side). The default implementations use rustls-webpki for path building, validity at `now` and
//! name checks, with the crypto provider's signature algorithms. There is deliberately no
//! "accept anything" verifier: tests that need one write it themselves.

mod client;
mod error;
mod server;
mod signature;
mod webpki;

pub use client::{ClientCertVerifier, WebPkiClientVerifier};
pub use error::CertificateError;
pub use server::{ServerCertVerifier, WebPkiServerVerifier};
pub use signature::{
    construct_tls13_verify_message, verify_tls12_signature, verify_tls13_signature,
    SignatureContext,
};
pub(crate) use signature::{verify_supported_signature, VerifyMessage};

use alloc::vec::Vec;
use rustls_pki_types::{CertificateDer, TrustAnchor};

/// A set of trust anchors, built from DER certificates: what a client verifies servers against
/// ([`ClientConfig::new`](crate::ClientConfig::new)) and a server verifies client certificates
/// against ([`WebPkiClientVerifier`]). Load a PEM bundle with
/// [`pem::load_root_store`](crate::pem::load_root_store) (feature `std`).
///
/// ```
/// use ferrotls_core::RootStore;
///
/// let roots = RootStore::new();
/// assert!(roots.is_empty());
/// ```
#[derive(Clone, Debug, Default)]
pub struct RootStore {
    anchors: Vec<TrustAnchor<'static>>,
    /// The DER subjects of the anchors, sent as certificate_authorities hints by a server that
    /// asks for client certificates.
    subjects: Vec<Vec<u8>>,
}

impl RootStore {
    /// An empty store, trusting nothing: add roots with [`add`](Self::add).
    pub fn new() -> Self {
        Self::default()
    }

    /// Add one trusted root certificate (DER). Only its subject, public key and name
    /// constraints are kept (RFC 5280 §6.1.1: a trust anchor is not itself validated).
    ///
    /// Errors: [`CertificateError::BadEncoding`] (or `Other`) when the certificate cannot be
    /// parsed; the store is unchanged.
    pub fn add(&mut self, cert: &CertificateDer<'_>) -> Result<(), CertificateError> {
        let anchor = ::webpki::anchor_from_trusted_cert(cert).map_err(CertificateError::from)?;
        self.subjects.push(anchor.subject.as_ref().to_vec());
        self.anchors.push(anchor.to_owned());
        Ok(())
    }

    /// The trust anchors, in the order they were added (what rustls-webpki verifies against).
    pub fn anchors(&self) -> &[TrustAnchor<'static>] {
        &self.anchors
    }

    /// DER-encoded subject names (the contents of each Name SEQUENCE) of the anchors.
    pub fn subjects(&self) -> &[Vec<u8>] {
        &self.subjects
    }

    /// Whether no root was added.
    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }

    /// How many roots were added.
    pub fn len(&self) -> usize {
        self.anchors.len()
    }
}

#[cfg(test)]
mod tests;
