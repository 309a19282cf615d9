//! ticket_request (RFC 9149 §3): how many TLS 1.3 tickets the client would like, and how many
//! the server expects to send.

use crate::msgs::codec::{Codec, Output, Reader};
use crate::msgs::error::{DecodeError, EncodeError};

/// The ClientHello body, `ClientTicketRequest`: the tickets wanted if the server makes a new
/// session (`new_session_count`), and if it resumes one offered in this ClientHello
/// (`resumption_count`). Every value is valid, 0 included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TicketRequest {
    /// Tickets wanted when the handshake is a full one (RFC 9149 §3).
    pub new_session_count: u8,
    /// Tickets wanted when the server resumes a session offered in this ClientHello.
    pub resumption_count: u8,
}

impl Codec for TicketRequest {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Self {
            new_session_count: r.u8()?,
            resumption_count: r.u8()?,
        })
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        self.new_session_count.encode(out)?;
        self.resumption_count.encode(out)
    }
}

/// The EncryptedExtensions body, `ServerTicketRequestHint`: the number of tickets the server
/// expects to send on this connection (`expected_count`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TicketRequestHint(pub u8);

impl Codec for TicketRequestHint {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Self(r.u8()?))
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        self.0.encode(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msgs::codec::Bounds;
    use crate::msgs::enums::ExtensionType;
    use crate::msgs::extensions::{
        decode_extensions, ClientExtension, EncryptedExtension, NewSessionTicketExtension,
        ServerExtension,
    };

    #[test]
    fn client_request_is_two_bytes() {
        let request = TicketRequest {
            new_session_count: 5,
            resumption_count: 1,
        };
        assert_eq!(TicketRequest::decode(&[5, 1]), Ok(request));
        assert_eq!(request.to_bytes(), Ok(alloc::vec![5, 1]));
        assert_eq!(TicketRequest::decode(&[5]), Err(DecodeError::Truncated));
        assert!(TicketRequest::decode(&[5, 1, 0]).is_err());
    }

    #[test]
    fn server_hint_is_one_byte() {
        assert_eq!(TicketRequestHint::decode(&[3]), Ok(TicketRequestHint(3)));
        assert_eq!(TicketRequestHint(3).to_bytes(), Ok(alloc::vec![3]));
        assert_eq!(TicketRequestHint::decode(&[]), Err(DecodeError::Truncated));
        assert!(TicketRequestHint::decode(&[3, 0]).is_err());
    }

    #[test]
    fn carried_by_client_hello_and_encrypted_extensions_only() {
        // Type 58, length 2 / 1.
        let ch = [0, 6, 0, 58, 0, 2, 4, 0];
        assert_eq!(
            decode_extensions::<ClientExtension>(&ch, Bounds::u16(0, 0xffff)),
            Ok(alloc::vec![ClientExtension::TicketRequest(TicketRequest {
                new_session_count: 4,
                resumption_count: 0,
            })])
        );
        let ee = [0, 5, 0, 58, 0, 1, 2];
        assert_eq!(
            decode_extensions::<EncryptedExtension>(&ee, Bounds::u16(0, 0xffff)),
            Ok(alloc::vec![EncryptedExtension::TicketRequest(
                TicketRequestHint(2)
            )])
        );
        // RFC 8446 §4.2: a known extension in a message it is not defined for.
        let refused = Err(DecodeError::ExtensionNotAllowed(
            ExtensionType::TICKET_REQUEST,
        ));
        assert_eq!(
            decode_extensions::<ServerExtension>(&ee, Bounds::u16(0, 0xffff)).map(|_| ()),
            refused
        );
        assert_eq!(
            decode_extensions::<NewSessionTicketExtension>(&ee, Bounds::u16(0, 0xffff)).map(|_| ()),
            refused
        );
        // A wrong length inside the extension is refused, not skipped.
        let long = [0, 7, 0, 58, 0, 3, 4, 0, 0];
        assert!(decode_extensions::<ClientExtension>(&long, Bounds::u16(0, 0xffff)).is_err());
    }
}
