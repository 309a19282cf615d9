//! status_request (RFC 6066 §8): the client's OCSP request, and in TLS 1.3 the OCSP response
//! carried in a Certificate entry (RFC 8446 §4.4.2.1). The server's TLS 1.2 ServerHello and
//! TLS 1.3 CertificateRequest forms are empty (unit variants).

use alloc::vec::Vec;

use crate::msgs::codec::{put_list, put_opaque, read_list, Bounds, Codec, Output, Reader};
use crate::msgs::enums::CertificateStatusType;
use crate::msgs::error::{DecodeError, EncodeError};

/// `ResponderID responder_id_list<0..2^16-1>`.
const RESPONDER_ID_LIST: Bounds = Bounds::u16(0, 0xffff);
/// `opaque ResponderID<1..2^16-1>`.
const RESPONDER_ID: Bounds = Bounds::u16(1, 0xffff);
/// `opaque Extensions<0..2^16-1>` (DER request extensions).
const REQUEST_EXTENSIONS: Bounds = Bounds::u16(0, 0xffff);
/// `opaque OCSPResponse<1..2^24-1>`.
const OCSP_RESPONSE: Bounds = Bounds::u24(1, 0xff_ffff);

/// One DER-encoded OCSP ResponderID.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponderId(pub Vec<u8>);

impl Codec for ResponderId {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.opaque(RESPONDER_ID).map(|b| Self(b.to_vec()))
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        put_opaque(out, RESPONDER_ID, &self.0)
    }
}

/// The ClientHello form, `CertificateStatusRequest`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CertificateStatusRequest {
    /// `status_type` ocsp with an `OCSPStatusRequest`.
    Ocsp {
        /// Trusted responders (usually empty: "known by prior arrangement").
        responder_ids: Vec<ResponderId>,
        /// DER-encoded request extensions, opaque to TLS.
        request_extensions: Vec<u8>,
    },
    /// A status type this codec does not parse; the rest of the body, verbatim.
    Unknown {
        /// The status type.
        status_type: CertificateStatusType,
        /// Its request body.
        body: Vec<u8>,
    },
}

impl Codec for CertificateStatusRequest {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        match CertificateStatusType::read(r)? {
            CertificateStatusType::OCSP => Ok(Self::Ocsp {
                responder_ids: read_list(r, RESPONDER_ID_LIST)?,
                request_extensions: r.opaque(REQUEST_EXTENSIONS)?.to_vec(),
            }),
            status_type => Ok(Self::Unknown {
                status_type,
                body: r.take_rest().to_vec(),
            }),
        }
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        match self {
            Self::Ocsp {
                responder_ids,
                request_extensions,
            } => {
                CertificateStatusType::OCSP.encode(out)?;
                put_list(out, RESPONDER_ID_LIST, responder_ids)?;
                put_opaque(out, REQUEST_EXTENSIONS, request_extensions)
            }
            Self::Unknown { status_type, body } => {
                status_type.encode(out)?;
                out.extend_from_slice(body);
                Ok(())
            }
        }
    }
}

/// The TLS 1.3 Certificate entry form, `CertificateStatus` (RFC 6066 §8): only ocsp is
/// defined for it, so any other status type is refused with illegal_parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateStatus {
    /// The DER-encoded OCSPResponse.
    pub ocsp_response: Vec<u8>,
}

impl Codec for CertificateStatus {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        if CertificateStatusType::read(r)? != CertificateStatusType::OCSP {
            return Err(DecodeError::IllegalValue("CertificateStatus status_type"));
        }
        Ok(Self {
            ocsp_response: r.opaque(OCSP_RESPONSE)?.to_vec(),
        })
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        CertificateStatusType::OCSP.encode(out)?;
        put_opaque(out, OCSP_RESPONSE, &self.ocsp_response)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn the_usual_empty_ocsp_request_round_trips() {
        let bytes = [1, 0, 0, 0, 0];
        let req = CertificateStatusRequest::decode(&bytes).unwrap();
        let expected = CertificateStatusRequest::Ocsp {
            responder_ids: vec![],
            request_extensions: vec![],
        };
        assert_eq!(req, expected);
        assert_eq!(req.to_bytes().unwrap(), bytes);
    }

    #[test]
    fn responder_ids_and_unknown_types() {
        let bytes = [1, 0, 3, 0, 1, 0xaa, 0, 1, 0xbb];
        let req = CertificateStatusRequest::decode(&bytes).unwrap();
        assert_eq!(req.to_bytes().unwrap(), bytes);
        assert_eq!(
            CertificateStatusRequest::decode(&[1, 0, 2, 0, 0, 0, 0]),
            Err(DecodeError::LengthOutOfRange)
        );
        let other = CertificateStatusRequest::decode(&[2, 9, 9]).unwrap();
        assert_eq!(other.to_bytes().unwrap(), [2, 9, 9]);
    }

    #[test]
    fn status_carries_a_nonempty_ocsp_response() {
        let bytes = [1, 0, 0, 2, 0x30, 0x00];
        let status = CertificateStatus::decode(&bytes).unwrap();
        assert_eq!(status.ocsp_response, [0x30, 0x00]);
        assert_eq!(status.to_bytes().unwrap(), bytes);
        assert_eq!(
            CertificateStatus::decode(&[1, 0, 0, 0]),
            Err(DecodeError::LengthOutOfRange)
        );
        assert!(matches!(
            CertificateStatus::decode(&[2, 0, 0, 1, 0]),
            Err(DecodeError::IllegalValue(_))
        ));
    }
}
