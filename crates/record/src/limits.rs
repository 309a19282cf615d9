//! Record size limits of the protocol (RFC 8446 §5.1–5.2, RFC 5246 §6.2) and of RFC 8449.

/// Bytes in a record header: type (1), legacy_record_version (2), length (2).
pub const HEADER_LEN: usize = 5;

/// Largest TLSPlaintext fragment: 2^14 (RFC 8446 §5.1, RFC 5246 §6.2.1).
pub const MAX_PLAINTEXT_LEN: usize = 1 << 14;

/// Largest TLS 1.3 TLSCiphertext payload: 2^14 + 256 (RFC 8446 §5.2).
pub const MAX_TLS13_CIPHERTEXT_LEN: usize = MAX_PLAINTEXT_LEN + 256;

/// Largest TLS 1.2 TLSCiphertext fragment: 2^14 + 2048 (RFC 5246 §6.2.3).
pub const MAX_TLS12_CIPHERTEXT_LEN: usize = MAX_PLAINTEXT_LEN + 2048;

/// Largest TLS 1.3 TLSInnerPlaintext: content, type byte and padding together may not exceed
/// 2^14 + 1 (RFC 8446 §5.4).
pub const MAX_TLS13_INNER_PLAINTEXT_LEN: usize = MAX_PLAINTEXT_LEN + 1;

/// Smallest `record_size_limit` an endpoint may advertise (RFC 8449 §4).
pub const MIN_RECORD_SIZE_LIMIT: u16 = 64;

/// Checks a `record_size_limit` value handed to the record layer. Below 64 is a protocol
/// violation the core must already have answered with illegal_parameter (RFC 8449 §4); values
/// above the protocol maximum are clamped where they are applied, because RFC 8449 §4 lets a
/// client advertise more than the negotiated version allows.
pub(crate) fn check_record_size_limit(limit: u16) -> Result<(), crate::RecordError> {
    if limit < MIN_RECORD_SIZE_LIMIT {
        return Err(crate::RecordError::InvalidConfig(
            "record_size_limit below 64",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocol_limits() {
        assert_eq!(MAX_PLAINTEXT_LEN, 16384);
        assert_eq!(MAX_TLS13_CIPHERTEXT_LEN, 16640);
        assert_eq!(MAX_TLS12_CIPHERTEXT_LEN, 18432);
        assert_eq!(MAX_TLS13_INNER_PLAINTEXT_LEN, 16385);
    }

    #[test]
    fn record_size_limit_floor() {
        assert!(check_record_size_limit(63).is_err());
        assert!(check_record_size_limit(64).is_ok());
        assert!(check_record_size_limit(u16::MAX).is_ok());
    }
}
