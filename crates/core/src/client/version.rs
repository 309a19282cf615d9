//! Which version the server's first ServerHello selects (RFC 8446 §4.1.3, §4.2.1, §D; RFC 5246
//! §7.4.1.3, §E.1), before either version's state machine looks at the rest of it.

use ferrotls_record::{AlertDescription, ProtocolVersion};

use super::hello::offered_versions;
use crate::config::ClientConfig;
use crate::error::Error;
use crate::msgs::handshake::ServerHello;

/// The version `sh` selects, if we offered it; otherwise the error with the alert the RFCs
/// prescribe.
pub(crate) fn selected_version(
    config: &ClientConfig,
    sh: &ServerHello,
) -> Result<ProtocolVersion, Error> {
    let offered = offered_versions(config);
    let tls13 = offered.contains(&ProtocolVersion::TLS1_3);
    let tls12 = offered.contains(&ProtocolVersion::TLS1_2);
    match sh.selected_version() {
        Some(ProtocolVersion::TLS1_3) if tls13 => Ok(ProtocolVersion::TLS1_3),
        // RFC 8446 §4.2.1: "If the "supported_versions" extension in the ServerHello contains a
        // version not offered by the client or contains a version prior to TLS 1.3, the client
        // MUST abort the handshake with an "illegal_parameter" alert."
        Some(_) if tls13 => Err(illegal(
            "supported_versions selects a version we did not offer (RFC 8446 §4.2.1)",
        )),
        // Without TLS 1.3 we sent no supported_versions. RFC 5246 §7.4.1.4: "If a client
        // receives an extension type in ServerHello that it did not request in the associated
        // ClientHello, it MUST abort the handshake with an unsupported_extension fatal alert."
        Some(_) => Err(Error::protocol(
            AlertDescription::UNSUPPORTED_EXTENSION,
            "supported_versions in a ServerHello to a TLS 1.2-only ClientHello \
             (RFC 5246 §7.4.1.4)",
        )),
        None => legacy_version(sh, tls13, tls12),
    }
}

/// A ServerHello without supported_versions: TLS 1.2 or older, by legacy_version.
fn legacy_version(sh: &ServerHello, tls13: bool, tls12: bool) -> Result<ProtocolVersion, Error> {
    // RFC 8446 §4.1.3: "TLS 1.3 clients receiving a ServerHello indicating TLS 1.2 or below MUST
    // check that the last 8 bytes are not equal to either of these values. [...] If a match is
    // found, the client MUST abort the handshake with an "illegal_parameter" alert." Checked
    // first: a server that wrote the sentinel speaks TLS 1.3, so someone downgraded us.
    if tls13 && sh.downgrade_sentinel().is_some() {
        return Err(illegal(
            "downgrade sentinel in a TLS 1.2-or-below ServerHello (RFC 8446 §4.1.3)",
        ));
    }
    // SSL 3.0, TLS 1.0 and TLS 1.1 are never offered (RFC 8996 §5: "TLS 1.0 MUST NOT be used",
    // §6 likewise for TLS 1.1); RFC 5246 §E.1: a client that does not accept the server's
    // version sends protocol_version. A legacy_version above 0x0303 without supported_versions
    // is no version we offered either.
    if sh.legacy_version != ProtocolVersion::TLS1_2 {
        return Err(Error::protocol(
            AlertDescription::PROTOCOL_VERSION,
            "server chose a version other than TLS 1.2 without supported_versions \
             (RFC 5246 §E.1, RFC 8996)",
        ));
    }
    if !tls12 {
        return Err(Error::protocol(
            AlertDescription::PROTOCOL_VERSION,
            "server chose TLS 1.2, which we did not offer (RFC 8446 §4.2.1, §D.1)",
        ));
    }
    Ok(ProtocolVersion::TLS1_2)
}

fn illegal(rule: &'static str) -> Error {
    Error::protocol(AlertDescription::ILLEGAL_PARAMETER, rule)
}
