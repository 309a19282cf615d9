//! The extensions a TLS 1.3 CertificateEntry may carry (RFC 8446 §4.4.2, §4.2 table "CT").

use super::set::extension_set;
use super::CertificateStatus;

extension_set! {
    /// One CertificateEntry extension.
    CertificateExtension {
        /// status_request: the stapled OCSP response (RFC 8446 §4.4.2.1).
        StatusRequest(CertificateStatus) = STATUS_REQUEST,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msgs::codec::Bounds;
    use crate::msgs::extensions::decode_extensions;

    #[test]
    fn stapled_response() {
        let bytes = [0, 10, 0, 5, 0, 6, 1, 0, 0, 2, 0x30, 0];
        let exts =
            decode_extensions::<CertificateExtension>(&bytes, Bounds::u16(0, 0xffff)).unwrap();
        let expected = CertificateStatus {
            ocsp_response: alloc::vec![0x30, 0],
        };
        assert_eq!(exts, [CertificateExtension::StatusRequest(expected)]);
    }
}
