//! server_name (RFC 6066 §3). The ClientHello carries a list of names; a server that used the
//! name answers with an empty extension (a unit variant of its context enum).

use alloc::vec::Vec;

use crate::msgs::codec::{put_list, put_opaque, read_list, Bounds, Codec, Output, Reader};
use crate::msgs::enums::ServerNameType;
use crate::msgs::error::{DecodeError, EncodeError};

/// `ServerName server_name_list<1..2^16-1>`.
const SERVER_NAME_LIST: Bounds = Bounds::u16(1, 0xffff);
/// `opaque HostName<1..2^16-1>`. RFC 6066 only defines host_name; other name types are read
/// with the same framing, as every deployed implementation does.
const NAME: Bounds = Bounds::u16(1, 0xffff);

/// One entry of the ClientHello's server_name list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerName {
    /// The name type (host_name is the only one defined).
    pub name_type: ServerNameType,
    /// The name's bytes (for host_name: ASCII, no trailing dot, RFC 6066 §3).
    pub name: Vec<u8>,
}

impl Codec for ServerName {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let name_type = ServerNameType::read(r)?;
        let name = r.opaque(NAME)?.to_vec();
        Ok(Self { name_type, name })
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        self.name_type.encode(out)?;
        put_opaque(out, NAME, &self.name)
    }
}

/// The ClientHello form: `ServerNameList`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerNameList(pub Vec<ServerName>);

impl ServerNameList {
    /// A list holding one host_name.
    pub fn host_name(name: &[u8]) -> Self {
        Self(alloc::vec![ServerName {
            name_type: ServerNameType::HOST_NAME,
            name: name.to_vec()
        }])
    }

    /// The first host_name entry, if any.
    pub fn first_host_name(&self) -> Option<&[u8]> {
        self.0
            .iter()
            .find(|n| n.name_type == ServerNameType::HOST_NAME)
            .map(|n| n.name.as_slice())
    }
}

impl Codec for ServerNameList {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        read_list(r, SERVER_NAME_LIST).map(Self)
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        put_list(out, SERVER_NAME_LIST, &self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_the_rfc8448_name() {
        // RFC 8448 §3: server_name "server".
        let bytes = [
            0x00, 0x09, 0x00, 0x00, 0x06, b's', b'e', b'r', b'v', b'e', b'r',
        ];
        let list = ServerNameList::decode(&bytes).unwrap();
        assert_eq!(list.first_host_name(), Some(&b"server"[..]));
        assert_eq!(list, ServerNameList::host_name(b"server"));
        assert_eq!(list.to_bytes().unwrap(), bytes);
    }

    #[test]
    fn refuses_empty_list_empty_name_and_bad_lengths() {
        assert_eq!(
            ServerNameList::decode(&[0, 0]),
            Err(DecodeError::LengthOutOfRange)
        );
        assert_eq!(
            ServerNameList::decode(&[0, 3, 0, 0, 0]),
            Err(DecodeError::LengthOutOfRange)
        );
        assert_eq!(
            ServerNameList::decode(&[0, 4, 0, 0, 2, b'a']),
            Err(DecodeError::Truncated)
        );
        assert_eq!(
            ServerNameList::decode(&[0, 5, 0, 0, 1, b'a', 0]),
            Err(DecodeError::Truncated)
        );
        assert_eq!(
            ServerNameList::decode(&[0, 4, 0, 0, 1, b'a', 0, 0]),
            Err(DecodeError::TrailingBytes)
        );
        assert!(ServerNameList(Vec::new()).to_bytes().is_err());
    }

    #[test]
    fn keeps_unknown_name_types() {
        let bytes = [0, 8, 7, 0, 1, b'x', 0, 0, 1, b'y'];
        let list = ServerNameList::decode(&bytes).unwrap();
        assert_eq!(list.0[0].name_type, ServerNameType(7));
        assert_eq!(list.first_host_name(), Some(&b"y"[..]));
        assert_eq!(list.to_bytes().unwrap(), bytes);
    }
}
