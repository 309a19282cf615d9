//! Server configuration.

use alloc::sync::Arc;
use alloc::vec::Vec;

use ferrotls_crypto::{CryptoProvider, NamedGroup};
use ferrotls_record::ProtocolVersion;

use super::{Limits, ResolvesServerCert, DEFAULT_GROUPS};
use crate::suites::{SupportedCipherSuite, ALL_CIPHER_SUITES};
use crate::verify::ClientCertVerifier;

/// Everything a server needs to accept connections. Shared between connections.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    pub provider: Arc<CryptoProvider>,
    /// Versions to accept.
    pub versions: Vec<ProtocolVersion>,
    /// Suites to accept, in the server's preference order.
    pub cipher_suites: Vec<&'static SupportedCipherSuite>,
    /// Groups to accept, in preference order; a client whose key shares name none of them but
    /// whose supported_groups list one gets a HelloRetryRequest.
    pub groups: Vec<NamedGroup>,
    /// How a TLS 1.3 group is chosen. `false` (default): the first of `groups` the client sent a
    /// key share for, with a HelloRetryRequest only when it sent none we accept (saves a round
    /// trip). `true`: the first of `groups` in the client's supported_groups, asking for its
    /// share by HelloRetryRequest if needed (RFC 8446 §4.1.1 lets the server choose either way;
    /// the RFC 8448 §5 server behaves like this).
    pub retry_for_preferred_group: bool,
    pub cert_resolver: Arc<dyn ResolvesServerCert>,
    /// `Some`: request client certificates and verify them.
    pub client_verifier: Option<Arc<dyn ClientCertVerifier>>,
    /// ALPN protocols, in the server's preference order. A client offering ALPN with no protocol
    /// in common is refused with no_application_protocol (RFC 7301 §3.2).
    pub alpn_protocols: Vec<Vec<u8>>,
    /// Choose the suite by our order (true) or the client's (false).
    pub prefer_server_order: bool,
    /// Length of the random cookie sent in a HelloRetryRequest (RFC 8446 §4.2.2); 0 sends none.
    pub hrr_cookie_len: usize,
    /// TLS 1.2: refuse clients that do not offer the extended master secret (RFC 7627 §5.2).
    pub require_ems: bool,
    pub limits: Limits,
}

impl ServerConfig {
    pub fn new(provider: Arc<CryptoProvider>, cert_resolver: Arc<dyn ResolvesServerCert>) -> Self {
        Self {
            provider,
            versions: alloc::vec![ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2],
            cipher_suites: ALL_CIPHER_SUITES.to_vec(),
            groups: DEFAULT_GROUPS.to_vec(),
            retry_for_preferred_group: false,
            cert_resolver,
            client_verifier: None,
            alpn_protocols: Vec::new(),
            prefer_server_order: true,
            hrr_cookie_len: 32,
            require_ems: true,
            limits: Limits::default(),
        }
    }
}
