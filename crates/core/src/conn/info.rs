//! What was negotiated, for the application and the CLI's `handshake:` line.

use alloc::string::String;
use alloc::vec::Vec;

use ferrotls_crypto::{NamedGroup, SignatureScheme};
use ferrotls_record::ProtocolVersion;
use rustls_pki_types::CertificateDer;

use crate::suites::SupportedCipherSuite;

/// The parameters of a connection, filled in as the handshake learns them.
#[derive(Clone, Debug, Default)]
pub struct ConnectionInfo {
    pub version: Option<ProtocolVersion>,
    pub suite: Option<&'static SupportedCipherSuite>,
    /// The key-exchange group (None for a psk_ke resumption).
    pub group: Option<NamedGroup>,
    /// The ALPN protocol both sides agreed on.
    pub alpn: Option<Vec<u8>>,
    /// The SNI host name: the one we sent (client) or received (server).
    pub server_name: Option<String>,
    /// The peer's certificate chain, end entity first (empty if it sent none).
    pub peer_certificates: Vec<CertificateDer<'static>>,
    /// The scheme the peer signed its CertificateVerify / ServerKeyExchange with.
    pub peer_signature_scheme: Option<SignatureScheme>,
    /// Whether the server sent a HelloRetryRequest.
    pub hello_retry: bool,
    /// Whether we authenticated with a certificate (client) / the client did (server).
    pub client_authenticated: bool,
    /// Whether the master secret is bound to the handshake: the extended master secret in
    /// TLS 1.2 (RFC 7627), always in TLS 1.3.
    pub extended_master_secret: bool,
}

impl ConnectionInfo {
    /// The version as the CLI prints it ("TLSv1.3").
    pub fn version_name(&self) -> &'static str {
        self.version.and_then(|v| v.name()).unwrap_or("-")
    }
}
