//! KeyUpdate (RFC 8446 §4.6.3).

use crate::msgs::codec::{Codec, Output, Reader};
use crate::msgs::enums::KeyUpdateRequest;
use crate::msgs::error::{DecodeError, EncodeError};

/// A KeyUpdate. Any `request_update` other than the two defined values is refused with
/// illegal_parameter, as §4.6.3 requires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyUpdate {
    /// Whether the peer must answer with its own KeyUpdate.
    pub request_update: KeyUpdateRequest,
}

impl Codec for KeyUpdate {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        match KeyUpdateRequest::read(r)? {
            v @ (KeyUpdateRequest::UPDATE_NOT_REQUESTED | KeyUpdateRequest::UPDATE_REQUESTED) => {
                Ok(Self { request_update: v })
            }
            _ => Err(DecodeError::IllegalValue("KeyUpdate request_update")),
        }
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        self.request_update.encode(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_two_values() {
        let ku = KeyUpdate::decode(&[1]).unwrap();
        assert_eq!(ku.request_update, KeyUpdateRequest::UPDATE_REQUESTED);
        assert_eq!(ku.to_bytes().unwrap(), [1]);
        assert!(matches!(
            KeyUpdate::decode(&[2]),
            Err(DecodeError::IllegalValue(_))
        ));
        assert_eq!(KeyUpdate::decode(&[]), Err(DecodeError::Truncated));
        assert_eq!(KeyUpdate::decode(&[0, 0]), Err(DecodeError::TrailingBytes));
    }
}
