//! key_share (RFC 8446 §4.2.8): a list of shares in a ClientHello, one share in a ServerHello,
//! and the bare selected group in a HelloRetryRequest (which uses `NamedGroup` directly).

use alloc::vec::Vec;

use ferrotls_crypto::NamedGroup;

use crate::msgs::codec::{
    first_duplicate, put_list, put_opaque, read_list, Bounds, Codec, Output, Reader,
};
use crate::msgs::error::{DecodeError, EncodeError};

/// `KeyShareEntry client_shares<0..2^16-1>`.
const CLIENT_SHARES: Bounds = Bounds::u16(0, 0xffff);
/// `opaque key_exchange<1..2^16-1>`.
const KEY_EXCHANGE: Bounds = Bounds::u16(1, 0xffff);

/// One group's public value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyShareEntry {
    /// The group.
    pub group: NamedGroup,
    /// The encoded public value (§4.2.8.1, §4.2.8.2).
    pub key_exchange: Vec<u8>,
}

impl Codec for KeyShareEntry {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let group = NamedGroup::read(r)?;
        let key_exchange = r.opaque(KEY_EXCHANGE)?.to_vec();
        Ok(Self {
            group,
            key_exchange,
        })
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        self.group.encode(out)?;
        put_opaque(out, KEY_EXCHANGE, &self.key_exchange)
    }
}

/// The ClientHello form. May be empty (a client asking the server to pick a group by
/// HelloRetryRequest). Two shares for one group are refused with illegal_parameter, which
/// §4.2.8 allows servers to enforce ("Clients MUST NOT offer multiple KeyShareEntry values for
/// the same group").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyShareClientHello(pub Vec<KeyShareEntry>);

impl KeyShareClientHello {
    /// The share for `group`, if offered.
    pub fn find(&self, group: NamedGroup) -> Option<&KeyShareEntry> {
        self.0.iter().find(|e| e.group == group)
    }
}

impl Codec for KeyShareClientHello {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let entries: Vec<KeyShareEntry> = read_list(r, CLIENT_SHARES)?;
        let groups: Vec<u16> = entries.iter().map(|e| e.group.0).collect();
        if first_duplicate(&groups).is_some() {
            return Err(DecodeError::IllegalValue(
                "key_share with two shares for one group",
            ));
        }
        Ok(Self(entries))
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        put_list(out, CLIENT_SHARES, &self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn client_list_round_trips_and_may_be_empty() {
        let bytes = [0, 7, 0, 0x1d, 0, 3, 1, 2, 3];
        let list = KeyShareClientHello::decode(&bytes).unwrap();
        assert_eq!(
            list.find(NamedGroup::X25519).unwrap().key_exchange,
            [1, 2, 3]
        );
        assert_eq!(list.find(NamedGroup::SECP256R1), None);
        assert_eq!(list.to_bytes().unwrap(), bytes);
        assert_eq!(
            KeyShareClientHello::decode(&[0, 0]),
            Ok(KeyShareClientHello(vec![]))
        );
    }

    #[test]
    fn empty_key_exchange_and_duplicate_groups_are_refused() {
        assert_eq!(
            KeyShareEntry::decode(&[0, 0x1d, 0, 0]),
            Err(DecodeError::LengthOutOfRange)
        );
        let dup = [0, 10, 0, 0x1d, 0, 1, 9, 0, 0x1d, 0, 1, 8];
        assert!(matches!(
            KeyShareClientHello::decode(&dup),
            Err(DecodeError::IllegalValue(_))
        ));
        assert_eq!(
            KeyShareEntry::decode(&[0, 0x1d, 0, 2, 1]),
            Err(DecodeError::Truncated)
        );
    }
}
