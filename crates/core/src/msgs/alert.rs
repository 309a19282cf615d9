//! The alert protocol's message (RFC 8446 §6, RFC 5246 §7.2).

use ferrotls_record::{AlertDescription, AlertLevel};

use super::codec::{Codec, Output, Reader};
use super::error::{DecodeError, EncodeError};

/// An alert: level and description. Unknown values are kept (RFC 8446 §6: in TLS 1.3 the level
/// is ignored, and unknown alerts are treated as fatal by the receiver, not by the codec).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Alert {
    /// The level.
    pub level: AlertLevel,
    /// The description.
    pub description: AlertDescription,
}

impl Codec for Alert {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Self {
            level: AlertLevel::read(r)?,
            description: AlertDescription::read(r)?,
        })
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        self.level.encode(out)?;
        self.description.encode(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_bytes_exactly() {
        let close = Alert {
            level: AlertLevel::WARNING,
            description: AlertDescription::CLOSE_NOTIFY,
        };
        assert_eq!(Alert::decode(&[1, 0]), Ok(close));
        assert_eq!(close.to_bytes().unwrap(), [1, 0]);
        assert_eq!(Alert::decode(&[2]), Err(DecodeError::Truncated));
        assert_eq!(Alert::decode(&[2, 40, 0]), Err(DecodeError::TrailingBytes));
    }
}
