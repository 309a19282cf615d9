//! cookie (RFC 8446 §4.2.2): sent by a server in HelloRetryRequest, echoed by the client.

use alloc::vec::Vec;

use crate::msgs::codec::{put_opaque, Bounds, Codec, Output, Reader};
use crate::msgs::error::{DecodeError, EncodeError};

/// `opaque cookie<1..2^16-1>`.
const COOKIE: Bounds = Bounds::u16(1, 0xffff);

/// The cookie's opaque value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cookie(pub Vec<u8>);

impl Codec for Cookie {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.opaque(COOKIE).map(|b| Self(b.to_vec()))
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        put_opaque(out, COOKIE, &self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_empty() {
        assert_eq!(Cookie::decode(&[0, 2, 9, 8]), Ok(Cookie(alloc::vec![9, 8])));
        assert_eq!(Cookie(alloc::vec![1]).to_bytes(), Ok(alloc::vec![0, 1, 1]));
        assert_eq!(Cookie::decode(&[0, 0]), Err(DecodeError::LengthOutOfRange));
        assert_eq!(Cookie::decode(&[0, 2, 9]), Err(DecodeError::Truncated));
    }
}
