//! NewSessionTicket: the TLS 1.2 form (RFC 5077 §3.3) and the TLS 1.3 form (RFC 8446 §4.6.1).

use alloc::vec::Vec;

use crate::msgs::codec::{put_opaque, put_u32, Bounds, Codec, Output, Reader};
use crate::msgs::error::{DecodeError, EncodeError};
use crate::msgs::extensions::{
    put_extensions, read_extensions, MaxEarlyDataSize, NewSessionTicketExtension,
};

/// RFC 5077: `opaque ticket<0..2^16-1>`.
const TICKET_TLS12: Bounds = Bounds::u16(0, 0xffff);
/// RFC 8446: `opaque ticket_nonce<0..255>`.
const NONCE: Bounds = Bounds::u8(0, 255);
/// RFC 8446: `opaque ticket<1..2^16-1>`.
const TICKET_TLS13: Bounds = Bounds::u16(1, 0xffff);
/// RFC 9846 §4.7.1: `Extension extensions<0..2^16-1>` (RFC 8446's 2^16-2 was a calculation
/// error).
const EXTENSIONS: Bounds = Bounds::u16(0, 0xffff);

/// The TLS 1.2 ticket message. An empty ticket means the server will not issue one after all
/// (RFC 5077 §3.3).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSessionTicketTls12 {
    /// Seconds the ticket may be kept; 0 means unspecified.
    pub lifetime_hint: u32,
    /// The opaque ticket.
    pub ticket: Vec<u8>,
}

impl Codec for NewSessionTicketTls12 {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let lifetime_hint = r.u32()?;
        let ticket = r.opaque(TICKET_TLS12)?.to_vec();
        Ok(Self {
            lifetime_hint,
            ticket,
        })
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        put_u32(out, self.lifetime_hint);
        put_opaque(out, TICKET_TLS12, &self.ticket)
    }
}

/// The TLS 1.3 ticket message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSessionTicketTls13 {
    /// Seconds the ticket may be used (at most 7 days, §4.6.1).
    pub lifetime: u32,
    /// Added to the ticket age to obfuscate it (§4.2.11.1).
    pub age_add: u32,
    /// Makes each ticket's PSK unique (§4.6.1).
    pub nonce: Vec<u8>,
    /// The opaque ticket (the PSK identity).
    pub ticket: Vec<u8>,
    /// The extensions, in wire order.
    pub extensions: Vec<NewSessionTicketExtension>,
}

impl Codec for NewSessionTicketTls13 {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        Ok(Self {
            lifetime: r.u32()?,
            age_add: r.u32()?,
            nonce: r.opaque(NONCE)?.to_vec(),
            ticket: r.opaque(TICKET_TLS13)?.to_vec(),
            extensions: read_extensions(r, EXTENSIONS)?,
        })
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        put_u32(out, self.lifetime);
        put_u32(out, self.age_add);
        put_opaque(out, NONCE, &self.nonce)?;
        put_opaque(out, TICKET_TLS13, &self.ticket)?;
        put_extensions(out, EXTENSIONS, &self.extensions)
    }
}

impl NewSessionTicketTls13 {
    /// early_data's limit, if the ticket allows 0-RTT.
    pub fn max_early_data_size(&self) -> Option<u32> {
        self.extensions.iter().find_map(|e| match e {
            NewSessionTicketExtension::EarlyData(MaxEarlyDataSize(n)) => Some(*n),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn tls12_form_allows_an_empty_ticket() {
        let t = NewSessionTicketTls12 {
            lifetime_hint: 300,
            ticket: vec![],
        };
        assert_eq!(t.to_bytes().unwrap(), [0, 0, 1, 0x2c, 0, 0]);
        assert_eq!(NewSessionTicketTls12::decode(&[0, 0, 1, 0x2c, 0, 0]), Ok(t));
    }

    #[test]
    fn tls13_form_round_trips_and_refuses_empty_ticket() {
        let t = NewSessionTicketTls13 {
            lifetime: 7200,
            age_add: 0xdeadbeef,
            nonce: vec![0, 0],
            ticket: vec![1, 2, 3],
            extensions: vec![NewSessionTicketExtension::EarlyData(MaxEarlyDataSize(1024))],
        };
        let bytes = t.to_bytes().unwrap();
        assert_eq!(NewSessionTicketTls13::decode(&bytes), Ok(t.clone()));
        assert_eq!(t.max_early_data_size(), Some(1024));
        let empty = [0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0];
        assert_eq!(
            NewSessionTicketTls13::decode(&empty),
            Err(DecodeError::LengthOutOfRange)
        );
    }

    /// RFC 9846 §4.7.1 corrects the bound to `extensions<0..2^16-1>` (RFC 8446 said 2^16-2,
    /// "a calculation error"): a block of exactly 65535 bytes is legal.
    #[test]
    fn tls13_extensions_may_fill_the_whole_length() {
        let mut body = vec![0, 0, 0x1c, 0x20, 1, 2, 3, 4, 0, 0, 1, 9];
        body.extend_from_slice(&0xffffu16.to_be_bytes());
        // One unknown extension: type, length 65531, data.
        body.extend_from_slice(&[0xfa, 0xfa]);
        body.extend_from_slice(&0xfffbu16.to_be_bytes());
        body.resize(body.len() + 0xfffb, 7);
        let t = NewSessionTicketTls13::decode(&body).unwrap();
        assert_eq!(t.extensions.len(), 1);
        assert_eq!(t.to_bytes().unwrap(), body);
    }
}
