//! The protocol version a handshake message is decoded under.

/// The negotiated protocol version, which selects the wire form of the messages that differ
/// between TLS 1.2 and TLS 1.3 (Certificate, CertificateRequest, NewSessionTicket) and which
/// message types may appear at all. ClientHello and ServerHello decode the same under both,
/// since they are read before a version is agreed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Version {
    /// TLS 1.2 (RFC 5246).
    Tls12,
    /// TLS 1.3 (RFC 8446).
    Tls13,
}
