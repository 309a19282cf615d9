//! The record protocol's own code points (RFC 8446 §5.1, §6; RFC 5246 §6.2.1, §7.2).

use ferrotls_crypto::codepoint;

codepoint! {
    /// TLSPlaintext / TLSInnerPlaintext `ContentType`.
    ContentType(u8) {
        INVALID = 0, "invalid";
        CHANGE_CIPHER_SPEC = 20, "change_cipher_spec";
        ALERT = 21, "alert";
        HANDSHAKE = 22, "handshake";
        APPLICATION_DATA = 23, "application_data";
        HEARTBEAT = 24, "heartbeat";
    }
}

codepoint! {
    /// `ProtocolVersion` as it appears on the wire.
    ProtocolVersion(u16) {
        SSL3_0 = 0x0300, "SSLv3";
        TLS1_0 = 0x0301, "TLSv1.0";
        TLS1_1 = 0x0302, "TLSv1.1";
        TLS1_2 = 0x0303, "TLSv1.2";
        TLS1_3 = 0x0304, "TLSv1.3";
    }
}

codepoint! {
    /// `AlertLevel` (RFC 8446 §6).
    AlertLevel(u8) {
        WARNING = 1, "warning";
        FATAL = 2, "fatal";
    }
}

codepoint! {
    /// `AlertDescription` (RFC 9846 §6, plus RFC 5246's no_renegotiation and decryption_failed).
    AlertDescription(u8) {
        CLOSE_NOTIFY = 0, "close_notify";
        UNEXPECTED_MESSAGE = 10, "unexpected_message";
        BAD_RECORD_MAC = 20, "bad_record_mac";
        DECRYPTION_FAILED = 21, "decryption_failed";
        RECORD_OVERFLOW = 22, "record_overflow";
        HANDSHAKE_FAILURE = 40, "handshake_failure";
        BAD_CERTIFICATE = 42, "bad_certificate";
        UNSUPPORTED_CERTIFICATE = 43, "unsupported_certificate";
        CERTIFICATE_REVOKED = 44, "certificate_revoked";
        CERTIFICATE_EXPIRED = 45, "certificate_expired";
        CERTIFICATE_UNKNOWN = 46, "certificate_unknown";
        ILLEGAL_PARAMETER = 47, "illegal_parameter";
        UNKNOWN_CA = 48, "unknown_ca";
        ACCESS_DENIED = 49, "access_denied";
        DECODE_ERROR = 50, "decode_error";
        DECRYPT_ERROR = 51, "decrypt_error";
        PROTOCOL_VERSION = 70, "protocol_version";
        INSUFFICIENT_SECURITY = 71, "insufficient_security";
        INTERNAL_ERROR = 80, "internal_error";
        INAPPROPRIATE_FALLBACK = 86, "inappropriate_fallback";
        USER_CANCELED = 90, "user_canceled";
        NO_RENEGOTIATION = 100, "no_renegotiation";
        MISSING_EXTENSION = 109, "missing_extension";
        UNSUPPORTED_EXTENSION = 110, "unsupported_extension";
        UNRECOGNIZED_NAME = 112, "unrecognized_name";
        BAD_CERTIFICATE_STATUS_RESPONSE = 113, "bad_certificate_status_response";
        UNKNOWN_PSK_IDENTITY = 115, "unknown_psk_identity";
        CERTIFICATE_REQUIRED = 116, "certificate_required";
        /// RFC 9846 §6.2: "no more specific error is available or the senders wishes to
        /// conceal the specific error code". We send more specific ones; received, it is an
        /// error alert like the rest.
        GENERAL_ERROR = 117, "general_error";
        NO_APPLICATION_PROTOCOL = 120, "no_application_protocol";
    }
}
