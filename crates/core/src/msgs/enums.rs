//! The handshake's code points (IANA TLS registries), as open newtypes so unknown values survive
//! decoding (RFC 8446 §4.1.2, §4.2: unknown cipher suites, groups and extensions are ignored).

use ferrotls_crypto::{codepoint, NamedGroup, SignatureScheme};
use ferrotls_record::{AlertDescription, AlertLevel, ProtocolVersion};

use super::codec::{Codec, Output, Reader};
use super::error::{DecodeError, EncodeError};

codepoint! {
    /// `HandshakeType` (RFC 8446 §4, RFC 5246 §7.4, RFC 5077 §3.3).
    HandshakeType(u8) {
        HELLO_REQUEST = 0, "hello_request";
        CLIENT_HELLO = 1, "client_hello";
        SERVER_HELLO = 2, "server_hello";
        HELLO_VERIFY_REQUEST = 3, "hello_verify_request";
        NEW_SESSION_TICKET = 4, "new_session_ticket";
        END_OF_EARLY_DATA = 5, "end_of_early_data";
        ENCRYPTED_EXTENSIONS = 8, "encrypted_extensions";
        CERTIFICATE = 11, "certificate";
        SERVER_KEY_EXCHANGE = 12, "server_key_exchange";
        CERTIFICATE_REQUEST = 13, "certificate_request";
        SERVER_HELLO_DONE = 14, "server_hello_done";
        CERTIFICATE_VERIFY = 15, "certificate_verify";
        CLIENT_KEY_EXCHANGE = 16, "client_key_exchange";
        FINISHED = 20, "finished";
        CERTIFICATE_URL = 21, "certificate_url";
        CERTIFICATE_STATUS = 22, "certificate_status";
        KEY_UPDATE = 24, "key_update";
        COMPRESSED_CERTIFICATE = 25, "compressed_certificate";
        MESSAGE_HASH = 254, "message_hash";
    }
}

codepoint! {
    /// `ExtensionType` (RFC 8446 §4.2 and the RFCs that define each extension).
    ExtensionType(u16) {
        SERVER_NAME = 0, "server_name";
        MAX_FRAGMENT_LENGTH = 1, "max_fragment_length";
        STATUS_REQUEST = 5, "status_request";
        SUPPORTED_GROUPS = 10, "supported_groups";
        EC_POINT_FORMATS = 11, "ec_point_formats";
        SIGNATURE_ALGORITHMS = 13, "signature_algorithms";
        USE_SRTP = 14, "use_srtp";
        HEARTBEAT = 15, "heartbeat";
        APPLICATION_LAYER_PROTOCOL_NEGOTIATION = 16, "application_layer_protocol_negotiation";
        SIGNED_CERTIFICATE_TIMESTAMP = 18, "signed_certificate_timestamp";
        CLIENT_CERTIFICATE_TYPE = 19, "client_certificate_type";
        SERVER_CERTIFICATE_TYPE = 20, "server_certificate_type";
        PADDING = 21, "padding";
        ENCRYPT_THEN_MAC = 22, "encrypt_then_mac";
        EXTENDED_MASTER_SECRET = 23, "extended_master_secret";
        COMPRESS_CERTIFICATE = 27, "compress_certificate";
        RECORD_SIZE_LIMIT = 28, "record_size_limit";
        SESSION_TICKET = 35, "session_ticket";
        PRE_SHARED_KEY = 41, "pre_shared_key";
        EARLY_DATA = 42, "early_data";
        SUPPORTED_VERSIONS = 43, "supported_versions";
        COOKIE = 44, "cookie";
        PSK_KEY_EXCHANGE_MODES = 45, "psk_key_exchange_modes";
        CERTIFICATE_AUTHORITIES = 47, "certificate_authorities";
        OID_FILTERS = 48, "oid_filters";
        POST_HANDSHAKE_AUTH = 49, "post_handshake_auth";
        SIGNATURE_ALGORITHMS_CERT = 50, "signature_algorithms_cert";
        KEY_SHARE = 51, "key_share";
        TICKET_REQUEST = 58, "ticket_request";
        RENEGOTIATION_INFO = 0xff01, "renegotiation_info";
    }
}

codepoint! {
    /// `CipherSuite` (RFC 8446 §B.4; RFC 5288, RFC 5289, RFC 7905 for TLS 1.2; RFC 5746 §3.3 and
    /// RFC 7507 for the two signalling values).
    CipherSuite(u16) {
        TLS_NULL_WITH_NULL_NULL = 0x0000, "TLS_NULL_WITH_NULL_NULL";
        TLS_RSA_WITH_AES_128_CBC_SHA = 0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA";
        TLS_RSA_WITH_AES_256_CBC_SHA = 0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA";
        TLS_RSA_WITH_AES_128_GCM_SHA256 = 0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256";
        TLS_RSA_WITH_AES_256_GCM_SHA384 = 0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384";
        TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 = 0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256";
        TLS_DHE_RSA_WITH_AES_256_GCM_SHA384 = 0x009f, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384";
        TLS_EMPTY_RENEGOTIATION_INFO_SCSV = 0x00ff, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV";
        TLS_AES_128_GCM_SHA256 = 0x1301, "TLS_AES_128_GCM_SHA256";
        TLS_AES_256_GCM_SHA384 = 0x1302, "TLS_AES_256_GCM_SHA384";
        TLS_CHACHA20_POLY1305_SHA256 = 0x1303, "TLS_CHACHA20_POLY1305_SHA256";
        TLS_AES_128_CCM_SHA256 = 0x1304, "TLS_AES_128_CCM_SHA256";
        TLS_AES_128_CCM_8_SHA256 = 0x1305, "TLS_AES_128_CCM_8_SHA256";
        TLS_FALLBACK_SCSV = 0x5600, "TLS_FALLBACK_SCSV";
        TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA = 0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA";
        TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA = 0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA";
        TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA = 0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA";
        TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA = 0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA";
        TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256 = 0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256";
        TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256 = 0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256";
        TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 = 0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
        TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 = 0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
        TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 = 0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
        TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 = 0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
        TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256 = 0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256";
        TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256 = 0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256";
        TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256 = 0xccaa, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256";
    }
}

codepoint! {
    /// `ECPointFormat` (RFC 8422 §5.1.2).
    ECPointFormat(u8) {
        UNCOMPRESSED = 0, "uncompressed";
        ANSIX962_COMPRESSED_PRIME = 1, "ansiX962_compressed_prime";
        ANSIX962_COMPRESSED_CHAR2 = 2, "ansiX962_compressed_char2";
    }
}

codepoint! {
    /// `PskKeyExchangeMode` (RFC 8446 §4.2.9).
    PskKeyExchangeMode(u8) {
        PSK_KE = 0, "psk_ke";
        PSK_DHE_KE = 1, "psk_dhe_ke";
    }
}

codepoint! {
    /// `KeyUpdateRequest` (RFC 8446 §4.6.3).
    KeyUpdateRequest(u8) {
        UPDATE_NOT_REQUESTED = 0, "update_not_requested";
        UPDATE_REQUESTED = 1, "update_requested";
    }
}

codepoint! {
    /// `CertificateStatusType` (RFC 6066 §8, RFC 6961).
    CertificateStatusType(u8) {
        OCSP = 1, "ocsp";
        OCSP_MULTI = 2, "ocsp_multi";
    }
}

codepoint! {
    /// `ClientCertificateType` (RFC 5246 §7.4.4, RFC 8422 §5.5).
    ClientCertificateType(u8) {
        RSA_SIGN = 1, "rsa_sign";
        DSS_SIGN = 2, "dss_sign";
        RSA_FIXED_DH = 3, "rsa_fixed_dh";
        DSS_FIXED_DH = 4, "dss_fixed_dh";
        ECDSA_SIGN = 64, "ecdsa_sign";
        RSA_FIXED_ECDH = 65, "rsa_fixed_ecdh";
        ECDSA_FIXED_ECDH = 66, "ecdsa_fixed_ecdh";
    }
}

codepoint! {
    /// `CompressionMethod` (RFC 5246 §7.4.1.2, RFC 3749).
    CompressionMethod(u8) {
        NULL = 0, "null";
        DEFLATE = 1, "deflate";
    }
}

codepoint! {
    /// `NameType` of a server_name entry (RFC 6066 §3).
    ServerNameType(u8) {
        HOST_NAME = 0, "host_name";
    }
}

codepoint! {
    /// `MaxFragmentLength` (RFC 6066 §4).
    MaxFragmentLength(u8) {
        LEN_2_9 = 1, "2^9";
        LEN_2_10 = 2, "2^10";
        LEN_2_11 = 3, "2^11";
        LEN_2_12 = 4, "2^12";
    }
}

codepoint! {
    /// `ECCurveType` (RFC 8422 §5.4; only named_curve remains in use).
    ECCurveType(u8) {
        EXPLICIT_PRIME = 1, "explicit_prime";
        EXPLICIT_CHAR2 = 2, "explicit_char2";
        NAMED_CURVE = 3, "named_curve";
    }
}

/// Code points are read and written as their bare integer.
macro_rules! codepoint_codec {
    ($($name:ty: $int:ty),* $(,)?) => {
        $(
            impl Codec for $name {
                const FIXED_LEN: Option<usize> = <$int as Codec>::FIXED_LEN;

                fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
                    <$int>::read(r).map(Self)
                }
                fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
                    self.0.encode(out)
                }
            }
        )*
    };
}

codepoint_codec! {
    HandshakeType: u8,
    ExtensionType: u16,
    CipherSuite: u16,
    ECPointFormat: u8,
    PskKeyExchangeMode: u8,
    KeyUpdateRequest: u8,
    CertificateStatusType: u8,
    ClientCertificateType: u8,
    CompressionMethod: u8,
    ServerNameType: u8,
    MaxFragmentLength: u8,
    ECCurveType: u8,
    NamedGroup: u16,
    SignatureScheme: u16,
    ProtocolVersion: u16,
    AlertLevel: u8,
    AlertDescription: u8,
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    #[test]
    fn code_points_round_trip_as_integers() {
        assert_eq!(
            CipherSuite::decode(&[0x13, 0x01]),
            Ok(CipherSuite::TLS_AES_128_GCM_SHA256)
        );
        assert_eq!(NamedGroup::X25519.to_bytes(), Ok(alloc::vec![0x00, 0x1d]));
        assert_eq!(
            ExtensionType::RENEGOTIATION_INFO.to_bytes(),
            Ok(alloc::vec![0xff, 0x01])
        );
        assert_eq!(
            HandshakeType::decode(&[254]),
            Ok(HandshakeType::MESSAGE_HASH)
        );
    }

    #[test]
    fn unknown_values_survive_and_print_raw() {
        let grease = CipherSuite::decode(&[0x0a, 0x0a]).unwrap();
        assert_eq!(grease.name(), None);
        assert_eq!(format!("{grease:?}"), "CipherSuite(0xa0a)");
        assert_eq!(
            format!("{:?}", CipherSuite::TLS_FALLBACK_SCSV),
            "TLS_FALLBACK_SCSV"
        );
    }
}
