//! What every resumable session has, whichever side keeps it and however it is found again.

use alloc::string::String;
use alloc::vec::Vec;

use ferrotls_crypto::Secret;
use ferrotls_record::ProtocolVersion;

use super::errors::FieldError;
use super::fields::{check_alpn, check_chain, check_secret_len, check_server_name, check_suite};
use crate::certificate_chain::CertificateChain;
use crate::msgs::enums::CipherSuite;

/// The parameters of a session that a resumption must reproduce, shared by the client's
/// [`ResumptionData`](super::ResumptionData) and the server's
/// [`ServerSessionState`](super::ServerSessionState).
///
/// The protocol version is not a field: the cipher suite implies it (TLS 1.2 and TLS 1.3 suites
/// are disjoint), so the two can never disagree. `Debug` does not show the secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionParams {
    /// The negotiated cipher suite.
    pub cipher_suite: CipherSuite,
    /// TLS 1.2: the 48-byte master secret (RFC 5246 §8.1). TLS 1.3: the PSK derived from the
    /// resumption master secret and the ticket nonce (RFC 8446 §4.6.1), as long as the suite's
    /// hash.
    pub secret: Secret,
    /// The server name (SNI, RFC 6066 §3) the session was made for; `None` when the client sent
    /// none (e.g. it connected to an IP address).
    pub server_name: Option<String>,
    /// The ALPN protocol (RFC 7301) the session negotiated, if any.
    pub alpn: Option<Vec<u8>>,
    /// Whether the master secret is bound to the handshake transcript: the extended master
    /// secret of RFC 7627 for TLS 1.2; always true for TLS 1.3, whose key schedule does this by
    /// construction (RFC 8446 §7.1), and the constructors force it so.
    pub extended_master_secret: bool,
    /// The peer's certificate chain (DER, end entity first): who the session authenticated.
    /// Empty when the peer sent none (a client without a certificate). Shared: cloning the
    /// parameters (one per ticket, and into the connection that resumes the session) does not
    /// copy the certificates.
    pub peer_certificates: CertificateChain,
}

impl SessionParams {
    /// Checks every field against the limits both encodings share and returns the protocol
    /// version the suite implies. TLS 1.3 sessions get the EMS flag set here, not checked,
    /// because for them it is a fact rather than a negotiation outcome.
    pub(super) fn validate(&mut self) -> Result<ProtocolVersion, FieldError> {
        let suite = check_suite(self.cipher_suite, None)?;
        check_secret_len(self.secret.len(), suite)?;
        if let Some(name) = &self.server_name {
            check_server_name(name.as_bytes())?;
        }
        if let Some(alpn) = &self.alpn {
            check_alpn(alpn)?;
        }
        check_chain(&self.peer_certificates)?;
        if suite.version == ProtocolVersion::TLS1_3 {
            self.extended_master_secret = true;
        }
        Ok(suite.version)
    }
}
