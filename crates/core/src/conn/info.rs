//! What was negotiated, for the application and the CLI's `handshake:` line.

use alloc::string::String;
use alloc::vec::Vec;

use ferrotls_crypto::{NamedGroup, SignatureScheme};
use ferrotls_record::ProtocolVersion;

use super::output::NegotiatedValue;
use super::session::EarlyDataStatus;
use crate::certificate_chain::CertificateChain;
use crate::suites::SupportedCipherSuite;

/// The parameters of a connection, filled in as the handshake learns them.
#[derive(Clone, Debug, Default)]
pub struct ConnectionInfo {
    /// The negotiated version (from ServerHello, RFC 9846 §4.3.1); `None` until known.
    pub version: Option<ProtocolVersion>,
    /// The negotiated cipher suite; `None` until ServerHello.
    pub suite: Option<&'static SupportedCipherSuite>,
    /// The key-exchange group (None for a psk_ke resumption).
    pub group: Option<NamedGroup>,
    /// The ALPN protocol both sides agreed on.
    pub alpn: Option<Vec<u8>>,
    /// The SNI host name: the one we sent (client) or received (server).
    pub server_name: Option<String>,
    /// The peer's certificate chain, end entity first (empty if it sent none); shared with the
    /// sessions the connection issues or resumed, not a copy of them.
    pub peer_certificates: CertificateChain,
    /// The scheme the peer signed its CertificateVerify / ServerKeyExchange with.
    pub peer_signature_scheme: Option<SignatureScheme>,
    /// Whether the server sent a HelloRetryRequest.
    pub hello_retry: bool,
    /// Whether we authenticated with a certificate (client) / the client did (server).
    pub client_authenticated: bool,
    /// Whether the master secret is bound to the handshake: the extended master secret in
    /// TLS 1.2 (RFC 7627), always in TLS 1.3.
    pub extended_master_secret: bool,
    /// The handshake resumed an earlier session (abbreviated TLS 1.2 handshake, or a TLS 1.3
    /// PSK the server selected).
    pub resumed: bool,
    /// Client: the session ID in the server's ServerHello (TLS 1.3: the echo of ours). Server:
    /// the persistent identifier of the session, made at its full handshake and the same in
    /// every resumption of it (at most 32 bytes). Empty until known.
    pub session_id: Vec<u8>,
    /// What happened to 0-RTT data (TLS 1.3 only, RFC 9846 §4.3.10).
    pub early_data: EarlyDataStatus,
    /// Client: we offered a session. Server: the client offered one (a PSK, a session ID we
    /// could look up, or a ticket).
    pub resumption_offered: bool,
    /// Client: at least one `TicketReceived` event fired.
    pub ticket_received: bool,
    /// TLS 1.2: both sides sent renegotiation_info (RFC 5746). False for TLS 1.3, which has no
    /// renegotiation.
    pub safe_renegotiation: bool,
}

impl ConnectionInfo {
    /// The version as the CLI prints it ("TLSv1.3").
    pub fn version_name(&self) -> &'static str {
        self.version.and_then(|v| v.name()).unwrap_or("-")
    }
}

impl ConnectionInfo {
    /// Where each value a handshake records ([`HandshakeOutput::record`](super::HandshakeOutput::record)) lands.
    pub(crate) fn record(&mut self, value: NegotiatedValue) {
        use NegotiatedValue as V;
        match value {
            V::Version(v) => self.version = Some(v),
            V::Suite(s) => self.suite = Some(s),
            V::Group(g) => self.group = g,
            V::Alpn(a) => self.alpn = a,
            V::ServerName(n) => self.server_name = n,
            V::PeerCertificates(c) => self.peer_certificates = c,
            V::PeerSignatureScheme(s) => self.peer_signature_scheme = Some(s),
            V::HelloRetry => self.hello_retry = true,
            V::ClientAuthenticated(a) => self.client_authenticated = a,
            V::ExtendedMasterSecret(e) => self.extended_master_secret = e,
            V::SafeRenegotiation(r) => self.safe_renegotiation = r,
            V::Resumed => self.resumed = true,
            V::SessionId(id) => self.session_id = id,
            V::EarlyData(status) => self.early_data = status,
            V::ResumptionOffered => self.resumption_offered = true,
        }
    }
}
