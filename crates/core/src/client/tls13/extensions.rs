//! Checks on the server's extensions that do not depend on the message carrying them.

use ferrotls_record::AlertDescription;

use crate::error::Error;
use crate::msgs::enums::ExtensionType;
use crate::msgs::extensions::ExtensionCodec;
use crate::msgs::handshake::ClientHello;

/// Both versions (RFC 5246 §7.4.1.4 says the same for TLS 1.2). RFC 8446 §4.2: "Implementations MUST NOT send extension responses if the remote endpoint did
/// not send the corresponding extension requests, with the exception of the "cookie" extension
/// in the HelloRetryRequest. Upon receiving such an extension, an endpoint MUST abort the
/// handshake with an "unsupported_extension" alert." We never send an extension we do not know,
/// so this also refuses every unknown one.
pub(crate) fn check_solicited<E: ExtensionCodec>(
    hello: &ClientHello,
    extensions: &[E],
    exempt: Option<ExtensionType>,
) -> Result<(), Error> {
    let unsolicited = extensions
        .iter()
        .map(ExtensionCodec::ext_type)
        .any(|t| Some(t) != exempt && !hello.has_extension(t));
    if unsolicited {
        return Err(Error::protocol(
            AlertDescription::UNSUPPORTED_EXTENSION,
            "extension the ClientHello did not offer (RFC 8446 §4.2; RFC 5246 §7.4.1.4)",
        ));
    }
    Ok(())
}
