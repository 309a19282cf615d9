//! Choosing the protocol version from the first ClientHello (RFC 8446 §4.2.1, §D.2; RFC 5246
//! §7.4.1.2, Appendix E.1; RFC 7507 §3 for TLS_FALLBACK_SCSV).

use ferrotls_record::{AlertDescription, ProtocolVersion};

use crate::config::ServerConfig;
use crate::error::Error;
use crate::msgs::enums::CipherSuite;
use crate::msgs::handshake::ClientHello;

/// The versions this implementation can speak, highest first.
const IMPLEMENTED: [ProtocolVersion; 2] = [ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2];

/// The version to answer `ch` with: TLS 1.3 or TLS 1.2.
pub(super) fn select(config: &ServerConfig, ch: &ClientHello) -> Result<ProtocolVersion, Error> {
    let enabled = |v: &ProtocolVersion| config.versions.contains(v);
    let chosen = match ch.supported_versions() {
        // RFC 8446 §4.2.1: "If this extension is present in the ClientHello, servers MUST NOT use
        // the ClientHello.legacy_version value for version negotiation and MUST use only the
        // "supported_versions" extension to determine client preferences." The highest version
        // both sides have wins, whatever the client's order.
        Some(offered) => IMPLEMENTED
            .iter()
            .copied()
            .find(|v| enabled(v) && offered.contains(v)),
        // RFC 8446 §4.2.1: without it, the client speaks TLS 1.2 or below, named by
        // legacy_version. RFC 5246 Appendix E.1: a client_version above ours is answered with
        // our highest (TLS 1.2 here); below TLS 1.2 (SSL 3.0, TLS 1.0, TLS 1.1) we have nothing
        // to offer.
        None => (ch.legacy_version >= ProtocolVersion::TLS1_2 && enabled(&ProtocolVersion::TLS1_2))
            .then_some(ProtocolVersion::TLS1_2),
    };
    // RFC 8446 §D.2 / RFC 5246 Appendix E.1: no version in common is protocol_version.
    let chosen = chosen.ok_or(Error::protocol(
        AlertDescription::PROTOCOL_VERSION,
        "no protocol version in common (RFC 8446 §4.2.1, RFC 5246 Appendix E.1)",
    ))?;
    // RFC 7507 §3: "If TLS_FALLBACK_SCSV appears in ClientHello.cipher_suites and the highest
    // protocol version supported by the server is higher than the version indicated in
    // ClientHello.client_version, the server MUST respond with a fatal inappropriate_fallback
    // alert". A client that sent supported_versions told us all it has, so only the legacy
    // negotiation can be a fallback.
    let highest = IMPLEMENTED.iter().copied().find(enabled);
    if ch.supported_versions().is_none()
        && ch.cipher_suites.contains(&CipherSuite::TLS_FALLBACK_SCSV)
        && highest.is_some_and(|h| h > ch.legacy_version)
    {
        return Err(Error::protocol(
            AlertDescription::INAPPROPRIATE_FALLBACK,
            "TLS_FALLBACK_SCSV below our highest version (RFC 7507 §3)",
        ));
    }
    Ok(chosen)
}
