//! The server's answer to a client's record_size_limit (RFC 8449 §4), for both versions.
//!
//! `Limits::record_size_limit` is the largest record content we accept. A client that sent the
//! extension always gets our value back (RFC 8449 §4: "Endpoints SHOULD advertise the
//! record_size_limit extension, even if they have no need to limit the size of records [...]
//! For servers, this allows clients to know that their limit will be respected"), in
//! EncryptedExtensions (TLS 1.3) or the ServerHello (TLS 1.2); a client that did not send it
//! gets nothing (no unsolicited extensions, RFC 9846 §4.3).

use ferrotls_record::ProtocolVersion;

use crate::config::Limits;
use crate::conn::HandshakeOutput;
use crate::error::Error;

/// Both directions' limits once the extension is negotiated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Negotiated {
    /// The client's value: bounds the protected records we send (the record layer clamps it to
    /// the protocol maximum; RFC 8449 §4: "A server MUST NOT enforce this restriction").
    pub(crate) client: u16,
    /// Ours, as advertised: bounds the protected records we accept.
    pub(crate) ours: u16,
}

impl Negotiated {
    /// `None` unless the client sent the extension.
    pub(crate) fn new(
        limits: &Limits,
        client: Option<u16>,
        version: ProtocolVersion,
    ) -> Option<Self> {
        Some(Self {
            client: client?,
            ours: advertised(limits, version),
        })
    }

    /// Our writer honours the client's value, our reader enforces ours (record_overflow
    /// beyond it). Protected records only: unprotected ones are not subject to the limit.
    pub(crate) fn apply(&self, output: &mut dyn HandshakeOutput) -> Result<(), Error> {
        output.set_write_record_size_limit(self.client)?;
        output.set_read_record_size_limit(self.ours)
    }
}

/// The value we advertise: our content limit (2^14 when unset, never more), plus the inner
/// content type byte in TLS 1.3, where the value counts the whole TLSInnerPlaintext (RFC 8449
/// §4: "For TLS 1.2 and earlier, that limit is 2^14 octets. TLS 1.3 uses a limit of 2^14+1
/// octets").
pub(crate) fn advertised(limits: &Limits, version: ProtocolVersion) -> u16 {
    const MAX_CONTENT: u16 = 1 << 14;
    let content = limits
        .record_size_limit
        .unwrap_or(MAX_CONTENT)
        .min(MAX_CONTENT);
    if version == ProtocolVersion::TLS1_3 {
        content + 1
    } else {
        content
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(l: Option<u16>) -> Limits {
        Limits {
            record_size_limit: l,
            ..Limits::default()
        }
    }

    #[test]
    fn answered_only_when_offered() {
        assert_eq!(
            Negotiated::new(&limits(Some(100)), None, ProtocolVersion::TLS1_3),
            None
        );
        assert_eq!(
            Negotiated::new(&limits(None), Some(64), ProtocolVersion::TLS1_2),
            Some(Negotiated {
                client: 64,
                ours: 1 << 14
            })
        );
    }

    #[test]
    fn advertised_value_per_version() {
        let v13 = ProtocolVersion::TLS1_3;
        let v12 = ProtocolVersion::TLS1_2;
        assert_eq!(advertised(&limits(None), v13), (1 << 14) + 1);
        assert_eq!(advertised(&limits(None), v12), 1 << 14);
        assert_eq!(advertised(&limits(Some(1000)), v13), 1001);
        assert_eq!(advertised(&limits(Some(1000)), v12), 1000);
        // Above the protocol maximum counts as the maximum (RFC 8449 §4: "MUST NOT send a value
        // higher than the protocol-defined maximum record size").
        assert_eq!(advertised(&limits(Some(u16::MAX)), v13), (1 << 14) + 1);
        assert_eq!(advertised(&limits(Some(u16::MAX)), v12), 1 << 14);
    }
}
