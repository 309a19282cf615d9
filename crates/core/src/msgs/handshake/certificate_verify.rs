//! CertificateVerify (RFC 8446 §4.4.3; RFC 5246 §7.4.8, same `digitally-signed` layout).

use alloc::vec::Vec;

use ferrotls_crypto::SignatureScheme;

use crate::msgs::codec::{put_opaque, Bounds, Codec, Output, Reader};
use crate::msgs::error::{DecodeError, EncodeError};

/// `opaque signature<0..2^16-1>`.
pub(crate) const SIGNATURE: Bounds = Bounds::u16(0, 0xffff);

/// A signature over the transcript, with the scheme that made it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateVerify {
    /// The signature scheme.
    pub scheme: SignatureScheme,
    /// The signature.
    pub signature: Vec<u8>,
}

impl Codec for CertificateVerify {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let scheme = SignatureScheme::read(r)?;
        let signature = r.opaque(SIGNATURE)?.to_vec();
        Ok(Self { scheme, signature })
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        self.scheme.encode(out)?;
        put_opaque(out, SIGNATURE, &self.signature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let cv = CertificateVerify {
            scheme: SignatureScheme::ED25519,
            signature: alloc::vec![1, 2],
        };
        let bytes = cv.to_bytes().unwrap();
        assert_eq!(bytes, [8, 7, 0, 2, 1, 2]);
        assert_eq!(CertificateVerify::decode(&bytes), Ok(cv));
        assert_eq!(
            CertificateVerify::decode(&bytes[..5]),
            Err(DecodeError::Truncated)
        );
    }
}
