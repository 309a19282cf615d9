//! ServerKeyExchange for the ECDHE key exchanges (RFC 8422 §5.4), the only TLS 1.2 key
//! exchange ferrotls offers.

use alloc::vec::Vec;

use ferrotls_crypto::{NamedGroup, SignatureScheme};

use crate::msgs::codec::{put_opaque, Bounds, Codec, Output, Reader};
use crate::msgs::enums::ECCurveType;
use crate::msgs::error::{DecodeError, EncodeError};

use super::certificate_verify::SIGNATURE;

/// `opaque point <1..2^8-1>` (RFC 8422 §5.4 ECPoint).
pub(crate) const POINT: Bounds = Bounds::u8(1, 0xff);

/// `ServerECDHParams`: the curve (always `named_curve`) and the server's ephemeral point.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EcdheParams {
    /// The group.
    pub group: NamedGroup,
    /// The encoded public point.
    pub public: Vec<u8>,
}

impl Codec for EcdheParams {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        // RFC 8422 §5.4 deprecates the explicit curve types and §5.1.1 says they "MUST NOT" be
        // used, so only named_curve parses.
        if ECCurveType::read(r)? != ECCurveType::NAMED_CURVE {
            return Err(DecodeError::IllegalValue(
                "ECCurveType other than named_curve",
            ));
        }
        let group = NamedGroup::read(r)?;
        let public = r.opaque(POINT)?.to_vec();
        Ok(Self { group, public })
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        ECCurveType::NAMED_CURVE.encode(out)?;
        self.group.encode(out)?;
        put_opaque(out, POINT, &self.public)
    }
}

/// The ECDHE ServerKeyExchange: parameters and the server's signature over
/// `client_random + server_random + params`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerKeyExchange {
    /// The ephemeral parameters.
    pub params: EcdheParams,
    /// The signature's scheme (`SignatureAndHashAlgorithm`, RFC 5246 §4.7).
    pub scheme: SignatureScheme,
    /// The signature.
    pub signature: Vec<u8>,
}

impl ServerKeyExchange {
    /// The encoded `ServerECDHParams`, as signed.
    pub fn signed_params(&self) -> Result<Vec<u8>, EncodeError> {
        self.params.to_bytes()
    }

    /// The exact bytes the signature covers (RFC 8422 §5.4: `ClientHello.random +
    /// ServerHello.random + ServerKeyExchange.params`).
    pub fn signed_message(
        &self,
        client_random: &[u8; 32],
        server_random: &[u8; 32],
    ) -> Result<Vec<u8>, EncodeError> {
        // One allocation at the exact size.
        let mut message = Vec::with_capacity(64 + self.params.encoded_len()?);
        message.extend_from_slice(client_random);
        message.extend_from_slice(server_random);
        self.params.encode(&mut message)?;
        Ok(message)
    }
}

impl Codec for ServerKeyExchange {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let params = EcdheParams::read(r)?;
        let scheme = SignatureScheme::read(r)?;
        let signature = r.opaque(SIGNATURE)?.to_vec();
        Ok(Self {
            params,
            scheme,
            signature,
        })
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        self.params.encode(out)?;
        self.scheme.encode(out)?;
        put_opaque(out, SIGNATURE, &self.signature)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn ske() -> ServerKeyExchange {
        ServerKeyExchange {
            params: EcdheParams {
                group: NamedGroup::X25519,
                public: vec![9; 32],
            },
            scheme: SignatureScheme::RSA_PSS_RSAE_SHA256,
            signature: vec![5; 4],
        }
    }

    #[test]
    fn round_trips_and_exposes_signed_bytes() {
        let bytes = ske().to_bytes().unwrap();
        assert_eq!(&bytes[..5], [3, 0, 0x1d, 32, 9]);
        assert_eq!(&bytes[36..], [8, 4, 0, 4, 5, 5, 5, 5]);
        assert_eq!(ServerKeyExchange::decode(&bytes), Ok(ske()));
        assert_eq!(ske().signed_params().unwrap(), bytes[..36]);
        let msg = ske().signed_message(&[1; 32], &[2; 32]).unwrap();
        assert_eq!(&msg[..32], [1; 32]);
        assert_eq!(&msg[32..64], [2; 32]);
        assert_eq!(&msg[64..], &bytes[..36]);
    }

    #[test]
    fn explicit_curves_and_empty_points_are_refused() {
        let mut bytes = ske().to_bytes().unwrap();
        bytes[0] = 1;
        assert!(matches!(
            ServerKeyExchange::decode(&bytes),
            Err(DecodeError::IllegalValue(_))
        ));
        assert_eq!(
            EcdheParams::decode(&[3, 0, 0x17, 0]),
            Err(DecodeError::LengthOutOfRange)
        );
    }
}
