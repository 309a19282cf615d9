//! HelloRequest (RFC 5246 §7.4.1.1), the only handshake message a TLS 1.2 server may send on its
//! own: this client never renegotiates.

use ferrotls_record::AlertDescription;

use crate::conn::HandshakeOutput;
use crate::error::Error;

// A HelloRequest reaches these only well-formed (empty: the dispatch decoded it). RFC 5246
// §7.4.9: it is "omitted from handshake hashes", so no state adds it to the log.

/// During the handshake: RFC 5246 §7.4.1.1: "This message will be ignored by the client if the
/// client is currently negotiating a session."
pub(crate) fn ignore_hello_request() {}

/// After the handshake: RFC 5246 §7.4.1.1: "if the client does not wish to renegotiate a
/// session [...] the client may, if it wishes, respond with a no_renegotiation alert"; RFC 5246
/// §7.2.2 makes that alert "always a warning". Renegotiation is never needed (and RFC 5746 §1
/// shows what it risks), so every request gets this answer and the connection goes on.
pub(crate) fn refuse_renegotiation(common: &mut dyn HandshakeOutput) -> Result<(), Error> {
    common.send_warning_alert(AlertDescription::NO_RENEGOTIATION)
}
