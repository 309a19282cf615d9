//! What the server chooses from a ClientHello the same way in TLS 1.2 and TLS 1.3: the SNI host
//! name (RFC 6066 §3), which picks the certificate, and the ALPN protocol (RFC 7301 §3.2).

use alloc::string::String;
use alloc::vec::Vec;

use ferrotls_record::AlertDescription;
use rustls_pki_types::DnsName;

use crate::config::ServerConfig;
use crate::error::Error;
use crate::msgs::enums::ServerNameType;
use crate::msgs::handshake::ClientHello;

/// The SNI host name, lower-cased. RFC 6066 §3: at most one name per type, and a HostName is a
/// DNS name ("Literal IPv4 and IPv6 addresses are not permitted").
pub(super) fn server_name(ch: &ClientHello) -> Result<Option<String>, Error> {
    let Some(list) = ch.server_name() else {
        return Ok(None);
    };
    let host_names = list
        .0
        .iter()
        .filter(|n| n.name_type == ServerNameType::HOST_NAME)
        .count();
    if host_names > 1 {
        return Err(Error::protocol(
            AlertDescription::ILLEGAL_PARAMETER,
            "server_name lists two host names (RFC 6066 §3)",
        ));
    }
    let Some(name) = list.first_host_name() else {
        return Ok(None);
    };
    let name = core::str::from_utf8(name)
        .ok()
        .filter(|n| DnsName::try_from(*n).is_ok())
        .ok_or(Error::protocol(
            AlertDescription::ILLEGAL_PARAMETER,
            "server_name is not a DNS host name (RFC 6066 §3)",
        ))?;
    Ok(Some(name.to_ascii_lowercase()))
}

/// The client's ALPN protocol names in its order (RFC 7301 §3.1), for `ChooseCertificate`;
/// empty without the extension.
pub(super) fn offered_alpn(ch: &ClientHello) -> Vec<Vec<u8>> {
    ch.alpn()
        .map(|names| names.0.iter().map(|n| n.0.clone()).collect())
        .unwrap_or_default()
}

/// RFC 7301 §3.2: our first protocol the client also offers; none in common is
/// no_application_protocol. Without a list on either side, no ALPN.
pub(super) fn choose_alpn(
    config: &ServerConfig,
    ch: &ClientHello,
) -> Result<Option<Vec<u8>>, Error> {
    let Some(offered) = ch.alpn() else {
        return Ok(None);
    };
    if config.alpn_protocols.is_empty() {
        return Ok(None);
    }
    config
        .alpn_protocols
        .iter()
        .find(|p| offered.0.iter().any(|o| o.0 == **p))
        .cloned()
        .map(Some)
        .ok_or(Error::protocol(
            AlertDescription::NO_APPLICATION_PROTOCOL,
            "no ALPN protocol in common (RFC 7301 §3.2)",
        ))
}

/// Whether every client must present a certificate: then a session that authenticated none
/// cannot be resumed (either version), since resumption skips client authentication.
pub(super) fn requires_client_auth(config: &ServerConfig) -> bool {
    config
        .client_verifier
        .as_ref()
        .is_some_and(|v| v.client_auth_mandatory())
}
