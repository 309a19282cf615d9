//! A signing key held outside the config: the config's [`CertifiedKey`] carries an
//! [`ExternalKey`] (kind, schemes, public key: all the handshake may know), while the private key
//! stays here, with the test driver, which signs when the connection asks with
//! `Request::Sign` — the shape of a key server or an HSM. The keys of the test PKI are ECDSA
//! P-256, whose signatures are deterministic (RFC 6979), so transcripts with an external
//! signer are reproducible and byte-identical to those signed locally.

use std::sync::Arc;

use ferrotls_core::crypto::random::SeededRandom;
use ferrotls_core::crypto::sign::{ExternalKey, SigningKey};
use ferrotls_core::crypto::SignatureScheme;
use ferrotls_core::deferred::{Answer, Request, SignFailed};
use ferrotls_core::CertifiedKey;

/// The private half of an external key, and the certificate that names its public half.
#[derive(Clone, Debug)]
pub struct ExternalSigner {
    private: Arc<dyn SigningKey>,
    /// What goes into the config: the chain with an [`ExternalKey`].
    pub certified: Arc<CertifiedKey>,
}

impl ExternalSigner {
    /// Keep `local`'s private key here and give the config an external key in its place.
    pub fn new(local: &CertifiedKey) -> Self {
        let external = ExternalKey::new(
            local.key.kind(),
            local.key.schemes().to_vec(),
            local.key.public_key_spki(),
        );
        Self {
            private: Arc::clone(&local.key),
            certified: Arc::new(CertifiedKey::new(local.chain.clone(), Arc::new(external))),
        }
    }

    /// Sign `message` with `scheme`, as a key server would.
    pub fn sign(&self, scheme: SignatureScheme, message: &[u8]) -> Result<Vec<u8>, SignFailed> {
        // Only RSA-PSS draws randomness (its salt); a fixed seed keeps even that reproducible.
        let rng = SeededRandom::new([0x5e; 32]);
        self.private
            .sign(scheme, message, &rng)
            .map_err(|_| SignFailed)
    }

    /// The answer to `request` if it is a `Request::Sign`.
    pub fn answer(&self, request: &Request) -> Option<Answer> {
        match request {
            Request::Sign { scheme, message } => {
                Some(Answer::Signature(self.sign(*scheme, message)))
            }
            _ => None,
        }
    }

    /// Whether `key` is this signer's certificate (the same end-entity certificate).
    pub fn owns(&self, key: &CertifiedKey) -> bool {
        key.end_entity() == self.certified.end_entity()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certs::{self, KeyKind};

    #[test]
    fn the_config_sees_only_the_public_half() {
        let local = certs::server_key(KeyKind::EcdsaP256);
        let signer = ExternalSigner::new(&local);
        assert!(signer.certified.key.is_external());
        assert!(!local.key.is_external());
        assert_eq!(signer.certified.key.schemes(), local.key.schemes());
        assert!(signer.owns(&local));
        let scheme = SignatureScheme::ECDSA_NISTP256_SHA256;
        // The config's key refuses to sign; the signer signs as the local key does (RFC 6979:
        // the same signature for the same message).
        let rng = SeededRandom::new([1; 32]);
        assert!(signer.certified.key.sign(scheme, b"m", &rng).is_err());
        let local_signature = local.key.sign(scheme, b"m", &rng).unwrap();
        assert_eq!(signer.sign(scheme, b"m"), Ok(local_signature));
        let request = Request::Sign {
            scheme,
            message: b"m".to_vec(),
        };
        assert!(matches!(
            signer.answer(&request),
            Some(Answer::Signature(Ok(_)))
        ));
    }
}
