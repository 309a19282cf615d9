//! application_layer_protocol_negotiation (RFC 7301 §3.1).

use alloc::vec::Vec;

use crate::msgs::codec::{
    put_list, put_opaque, put_vector, read_list, Bounds, Codec, Output, Reader,
};
use crate::msgs::error::{DecodeError, EncodeError};

/// `ProtocolName protocol_name_list<2..2^16-1>`.
const PROTOCOL_NAME_LIST: Bounds = Bounds::u16(2, 0xffff);
/// `opaque ProtocolName<1..2^8-1>`.
const PROTOCOL_NAME: Bounds = Bounds::u8(1, 0xff);

/// One protocol name, e.g. `h2` or `http/1.1`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProtocolName(pub Vec<u8>);

impl Codec for ProtocolName {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.opaque(PROTOCOL_NAME).map(|b| Self(b.to_vec()))
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        put_opaque(out, PROTOCOL_NAME, &self.0)
    }
}

/// The ClientHello form: the protocols offered, in preference order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProtocolNameList(pub Vec<ProtocolName>);

impl Codec for ProtocolNameList {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        read_list(r, PROTOCOL_NAME_LIST).map(Self)
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        put_list(out, PROTOCOL_NAME_LIST, &self.0)
    }
}

/// The server's form: the same list structure, which "MUST contain exactly one ProtocolName"
/// (RFC 7301 §3.1); more than one is refused with illegal_parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SelectedProtocol(pub ProtocolName);

impl Codec for SelectedProtocol {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let ProtocolNameList(names) = ProtocolNameList::read(r)?;
        let mut names = names.into_iter();
        match (names.next(), names.next()) {
            (Some(only), None) => Ok(Self(only)),
            _ => Err(DecodeError::IllegalValue(
                "ALPN selection of more than one protocol",
            )),
        }
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        Self::put(out, &self.0 .0)
    }
}

impl SelectedProtocol {
    /// Appends the selection of `protocol` (a one-name list) without making the value.
    pub(crate) fn put<O: Output>(out: &mut O, protocol: &[u8]) -> Result<(), EncodeError> {
        put_vector(out, PROTOCOL_NAME_LIST, |out| {
            put_opaque(out, PROTOCOL_NAME, protocol)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_list_round_trips() {
        let bytes = [
            0, 12, 2, b'h', b'2', 8, b'h', b't', b't', b'p', b'/', b'1', b'.', b'1',
        ];
        let list = ProtocolNameList::decode(&bytes).unwrap();
        assert_eq!(
            list.0,
            [
                ProtocolName(b"h2".to_vec()),
                ProtocolName(b"http/1.1".to_vec())
            ]
        );
        assert_eq!(list.to_bytes().unwrap(), bytes);
    }

    #[test]
    fn empty_list_and_empty_name_are_refused() {
        assert_eq!(
            ProtocolNameList::decode(&[0, 0]),
            Err(DecodeError::LengthOutOfRange)
        );
        assert_eq!(
            ProtocolNameList::decode(&[0, 1, 0]),
            Err(DecodeError::LengthOutOfRange)
        );
        assert_eq!(
            ProtocolNameList::decode(&[0, 2, 0, 0]),
            Err(DecodeError::LengthOutOfRange)
        );
        assert!(ProtocolName(Vec::new()).to_bytes().is_err());
    }

    #[test]
    fn server_selects_exactly_one() {
        let one = [0, 3, 2, b'h', b'2'];
        let sel = SelectedProtocol::decode(&one).unwrap();
        assert_eq!(sel.0 .0, b"h2");
        assert_eq!(sel.to_bytes().unwrap(), one);
        let two = [0, 4, 1, b'a', 1, b'b'];
        assert!(matches!(
            SelectedProtocol::decode(&two),
            Err(DecodeError::IllegalValue(_))
        ));
    }
}
