//! A certificate chain with its private key, and choosing one on the server by SNI.

use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;

use ferrotls_crypto::sign::SigningKey;
use ferrotls_crypto::SignatureScheme;
use rustls_pki_types::CertificateDer;

/// A certificate chain (end entity first) and the key for its end-entity certificate.
#[derive(Clone)]
pub struct CertifiedKey {
    /// The chain sent in the Certificate message, end entity first, each certificate
    /// certifying the one before it (RFC 9846 §4.4.2); the trust anchor may be left out.
    pub chain: Vec<CertificateDer<'static>>,
    /// The end entity's private key, which signs CertificateVerify (TLS 1.3) or
    /// ServerKeyExchange (TLS 1.2); loaded by the provider's
    /// [`KeyLoader`](ferrotls_crypto::sign::KeyLoader).
    pub key: Arc<dyn SigningKey>,
}

impl CertifiedKey {
    /// Pairs `chain` (end entity first) with the end entity's `key`, as they are: nothing is
    /// checked here. [`ServerConfig::builder`](crate::ServerConfig::builder) and
    /// [`ClientConfig::builder`](crate::ClientConfig::builder) check that the key matches the
    /// certificate (by signing and verifying a probe) and refuse an empty chain.
    pub fn new(chain: Vec<CertificateDer<'static>>, key: Arc<dyn SigningKey>) -> Self {
        Self { chain, key }
    }

    /// The end-entity certificate (the first of the chain); `None` for an empty chain.
    pub fn end_entity(&self) -> Option<&CertificateDer<'static>> {
        self.chain.first()
    }
}

impl fmt::Debug for CertifiedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CertifiedKey")
            .field("chain_len", &self.chain.len())
            .field("key", &self.key.kind())
            .finish()
    }
}

/// Chooses the server's certificate for a ClientHello.
pub trait ResolvesServerCert: Send + Sync + fmt::Debug {
    /// `server_name` is the SNI host name (lower-cased ASCII), if the client sent one;
    /// `schemes` are the client's signature_algorithms. `None` fails the handshake with
    /// handshake_failure (or unrecognized_name when a name was given and nothing matched).
    fn resolve(
        &self,
        server_name: Option<&str>,
        schemes: &[SignatureScheme],
    ) -> Option<Arc<CertifiedKey>>;
}

/// The default resolver: certificates by exact host name, plus a default for clients that send no
/// SNI or a name with no entry. Among entries for the same name, the first whose key can sign
/// with one of the client's schemes wins, so one name can carry an ECDSA and an RSA certificate.
#[derive(Clone, Debug, Default)]
pub struct CertResolver {
    by_name: Vec<(alloc::string::String, Arc<CertifiedKey>)>,
    default: Vec<Arc<CertifiedKey>>,
}

impl CertResolver {
    /// A resolver with no certificate: every handshake fails until [`add`](Self::add) or
    /// [`add_default`](Self::add_default) gives it one.
    pub fn new() -> Self {
        Self::default()
    }

    /// Serve `key` to clients asking for `name` (compared case-insensitively).
    pub fn add(&mut self, name: &str, key: Arc<CertifiedKey>) {
        self.by_name.push((name.to_ascii_lowercase(), key));
    }

    /// Serve `key` to clients whose SNI matches no entry, or who send none.
    pub fn add_default(&mut self, key: Arc<CertifiedKey>) {
        self.default.push(key);
    }

    fn pick<'a>(
        candidates: impl Iterator<Item = &'a Arc<CertifiedKey>>,
        schemes: &[SignatureScheme],
    ) -> Option<Arc<CertifiedKey>> {
        let candidates: Vec<_> = candidates.collect();
        candidates
            .iter()
            .find(|k| k.key.choose_scheme(schemes).is_some())
            .or_else(|| candidates.first())
            .map(|k| Arc::clone(k))
    }
}

impl ResolvesServerCert for CertResolver {
    fn resolve(
        &self,
        server_name: Option<&str>,
        schemes: &[SignatureScheme],
    ) -> Option<Arc<CertifiedKey>> {
        if let Some(name) = server_name {
            let name = name.to_ascii_lowercase();
            let named = Self::pick(
                self.by_name
                    .iter()
                    .filter(|(n, _)| *n == name)
                    .map(|(_, k)| k),
                schemes,
            );
            if named.is_some() {
                return named;
            }
        }
        Self::pick(self.default.iter(), schemes)
    }
}
