//! The handshake messages whose body is empty: HelloRequest (RFC 5246 §7.4.1.1),
//! ServerHelloDone (RFC 5246 §7.4.5) and EndOfEarlyData (RFC 8446 §4.5).

use crate::msgs::codec::{Codec, Output, Reader};
use crate::msgs::error::{DecodeError, EncodeError};

macro_rules! empty_message {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct $name;

        impl Codec for $name {
            fn read(_: &mut Reader<'_>) -> Result<Self, DecodeError> {
                Ok(Self)
            }

            fn encode<O: Output>(&self, _: &mut O) -> Result<(), EncodeError> {
                Ok(())
            }
        }
    };
}

empty_message! {
    /// HelloRequest: a TLS 1.2 server's invitation to renegotiate (which ferrotls declines).
    HelloRequest
}

empty_message! {
    /// ServerHelloDone: the end of the TLS 1.2 server's first flight.
    ServerHelloDone
}

empty_message! {
    /// EndOfEarlyData: the end of the client's 0-RTT data.
    EndOfEarlyData
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_must_be_empty() {
        assert_eq!(ServerHelloDone::decode(&[]), Ok(ServerHelloDone));
        assert_eq!(
            EndOfEarlyData::decode(&[0]),
            Err(DecodeError::TrailingBytes)
        );
        assert_eq!(HelloRequest.to_bytes().unwrap(), []);
    }
}
