//! session_ticket (RFC 5077 §3.2): the whole `extension_data` is the ticket, with no inner
//! length; empty when the client has none to offer (and always empty from the server).

use alloc::vec::Vec;

use crate::msgs::codec::{Codec, Output, Reader};
use crate::msgs::error::{DecodeError, EncodeError};

/// The ClientHello form: the ticket being offered, possibly empty.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionTicket(pub Vec<u8>);

impl Codec for SessionTicket {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Self(r.take_rest().to_vec()))
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        out.extend_from_slice(&self.0);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_everything_including_nothing() {
        assert_eq!(SessionTicket::decode(&[]), Ok(SessionTicket(Vec::new())));
        assert_eq!(
            SessionTicket::decode(&[1, 2, 3]),
            Ok(SessionTicket(alloc::vec![1, 2, 3]))
        );
        assert_eq!(SessionTicket(alloc::vec![4]).to_bytes(), Ok(alloc::vec![4]));
    }
}
