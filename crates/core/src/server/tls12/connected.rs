//! After the TLS 1.2 handshake: application data flows (through `Common`); a renegotiation
//! attempt is refused, never carried out.

use ferrotls_record::AlertDescription;

use super::handshake_failure;
use crate::conn::HandshakeOutput;
use crate::error::Error;

/// The handshake is complete.
#[derive(Debug)]
pub(crate) struct Connected {
    /// We declined one renegotiation already.
    renegotiation_refused: bool,
}

impl Connected {
    pub(super) fn new() -> Self {
        Self {
            renegotiation_refused: false,
        }
    }

    /// A ClientHello on an established connection asks to renegotiate, which ferrotls never
    /// does. RFC 5246 §7.4.1.1/§7.2.2 and RFC 5746 §4.4 let us decline with a warning
    /// no_renegotiation, after which "the original requester can decide whether to proceed
    /// with the connection"; the hello itself is ignored.
    pub(super) fn refuse_renegotiation(
        mut self,
        common: &mut dyn HandshakeOutput,
    ) -> Result<Self, Error> {
        if self.renegotiation_refused {
            return Err(Self::insisting());
        }
        common.send_warning_alert(AlertDescription::NO_RENEGOTIATION)?;
        self.renegotiation_refused = true;
        Ok(self)
    }

    /// Any other handshake message here: after a refused renegotiation it is the client
    /// pressing on with its handshake, which we end with handshake_failure (RFC 5246 §7.2.2:
    /// a peer that cannot proceed without the renegotiation ends the connection); otherwise
    /// it is simply out of place.
    pub(super) fn other_handshake_message(&self) -> Option<Error> {
        self.renegotiation_refused.then(Self::insisting)
    }

    fn insisting() -> Error {
        handshake_failure(
            "client pursued a renegotiation we declined (RFC 5746 §4.4, RFC 5246 §7.2.2)",
        )
    }
}
