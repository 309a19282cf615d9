//! The extensions a TLS 1.3 CertificateRequest may carry (RFC 8446 §4.3.2, §4.2 table "CR").
//! certificate_authorities and oid_filters are kept opaque (`Unknown`).

use super::set::extension_set;
use super::SignatureSchemeList;

extension_set! {
    /// One CertificateRequest extension.
    CertificateRequestExtension {
        /// signature_algorithms (RFC 8446 §4.2.3); mandatory in this message.
        SignatureAlgorithms(SignatureSchemeList) = SIGNATURE_ALGORITHMS,
        /// signature_algorithms_cert (RFC 8446 §4.2.3).
        SignatureAlgorithmsCert(SignatureSchemeList) = SIGNATURE_ALGORITHMS_CERT,
        /// status_request: please staple OCSP (RFC 8446 §4.4.2.1), empty.
        StatusRequest = STATUS_REQUEST,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msgs::codec::Bounds;
    use crate::msgs::extensions::decode_extensions;

    #[test]
    fn empty_status_request_and_unknown_authorities() {
        let bytes = [0, 9, 0, 5, 0, 0, 0, 47, 0, 1, 0xaa];
        let exts = decode_extensions::<CertificateRequestExtension>(&bytes, Bounds::u16(2, 0xffff))
            .unwrap();
        assert_eq!(exts[0], CertificateRequestExtension::StatusRequest);
        assert!(matches!(exts[1], CertificateRequestExtension::Unknown(_)));
    }
}
