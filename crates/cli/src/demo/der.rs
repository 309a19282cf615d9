//! The few DER encodings (ITU-T X.690) an X.509 certificate needs: enough for the demo's
//! freshly made certificates, nothing more. Everything here encodes values we chose, so there
//! is no decoding and no untrusted input.

/// Universal tags used by the certificate.
pub(crate) const BOOLEAN: u8 = 0x01;
pub(crate) const INTEGER: u8 = 0x02;
pub(crate) const BIT_STRING: u8 = 0x03;
pub(crate) const OCTET_STRING: u8 = 0x04;
pub(crate) const UTF8_STRING: u8 = 0x0c;
pub(crate) const UTC_TIME: u8 = 0x17;
pub(crate) const GENERALIZED_TIME: u8 = 0x18;
pub(crate) const SEQUENCE: u8 = 0x30;
pub(crate) const SET: u8 = 0x31;

/// Object identifiers, already encoded as TLV (tag 06, length, arcs).
pub(crate) mod oid {
    /// ecdsa-with-SHA256, 1.2.840.10045.4.3.2 (RFC 5758 §3.2).
    pub(crate) const ECDSA_WITH_SHA256: &[u8] = &[6, 8, 0x2a, 0x86, 0x48, 0xce, 0x3d, 4, 3, 2];
    /// id-at-commonName, 2.5.4.3.
    pub(crate) const COMMON_NAME: &[u8] = &[6, 3, 0x55, 4, 3];
    /// id-ce-subjectAltName, 2.5.29.17.
    pub(crate) const SUBJECT_ALT_NAME: &[u8] = &[6, 3, 0x55, 0x1d, 0x11];
    /// id-ce-basicConstraints, 2.5.29.19.
    pub(crate) const BASIC_CONSTRAINTS: &[u8] = &[6, 3, 0x55, 0x1d, 0x13];
    /// id-ce-keyUsage, 2.5.29.15.
    pub(crate) const KEY_USAGE: &[u8] = &[6, 3, 0x55, 0x1d, 0x0f];
    /// prime256v1 (secp256r1), 1.2.840.10045.3.1.7.
    pub(crate) const PRIME256V1: &[u8] = &[6, 8, 0x2a, 0x86, 0x48, 0xce, 0x3d, 3, 1, 7];
}

/// One TLV: `tag`, the definite length (short form below 128, long form above), `content`.
pub(crate) fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let len = content.len();
    let mut out = Vec::with_capacity(content.len() + 6);
    out.push(tag);
    if len < 0x80 {
        // Short form: the length itself, below 128, so the cast keeps it.
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|b| **b == 0).count();
        let significant = &bytes[skip..];
        // At most size_of::<usize>() bytes, far below 127.
        out.push(0x80 | significant.len() as u8);
        out.extend_from_slice(significant);
    }
    out.extend_from_slice(content);
    out
}

/// A constructed value of the concatenated `parts`.
pub(crate) fn constructed(tag: u8, parts: &[&[u8]]) -> Vec<u8> {
    tlv(tag, &parts.concat())
}

pub(crate) fn sequence(parts: &[&[u8]]) -> Vec<u8> {
    constructed(SEQUENCE, parts)
}

/// A non-negative INTEGER from big-endian magnitude bytes: leading zeros are dropped (DER's
/// minimal encoding) and a zero byte is put back when the top bit would make it negative.
pub(crate) fn unsigned_integer(magnitude: &[u8]) -> Vec<u8> {
    let skip = magnitude.iter().take_while(|b| **b == 0).count();
    let digits = &magnitude[skip..];
    let mut content = Vec::with_capacity(digits.len() + 1);
    if digits.first().is_none_or(|b| b & 0x80 != 0) {
        content.push(0);
    }
    content.extend_from_slice(digits);
    tlv(INTEGER, &content)
}

/// A BIT STRING of whole bytes (no unused bits).
pub(crate) fn bit_string(bytes: &[u8]) -> Vec<u8> {
    constructed(BIT_STRING, &[&[0], bytes])
}

/// An X.509 Time (RFC 5280 §4.1.2.5): UTCTime through 2049, GeneralizedTime from 2050 on.
pub(crate) fn time(unix_secs: u64) -> Vec<u8> {
    let (year, month, day) = civil_from_days(unix_secs / 86_400);
    let rest = unix_secs % 86_400;
    let (hour, minute, second) = (rest / 3600, rest % 3600 / 60, rest % 60);
    let hms = format!("{month:02}{day:02}{hour:02}{minute:02}{second:02}Z");
    if year < 2050 {
        tlv(UTC_TIME, format!("{:02}{hms}", year % 100).as_bytes())
    } else {
        tlv(GENERALIZED_TIME, format!("{year:04}{hms}").as_bytes())
    }
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`, restricted to dates after the epoch, which is all a certificate made now
/// needs).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_use_the_short_and_long_forms() {
        assert_eq!(tlv(OCTET_STRING, &[1, 2]), [4, 2, 1, 2]);
        let long = tlv(OCTET_STRING, &[0; 200]);
        assert_eq!(long[..3], [4, 0x81, 200]);
        let longer = tlv(OCTET_STRING, &[0; 300]);
        assert_eq!(longer[..4], [4, 0x82, 1, 44]);
        assert_eq!(longer.len(), 304);
    }

    #[test]
    fn integers_are_minimal_and_non_negative() {
        assert_eq!(unsigned_integer(&[0, 0, 5]), [2, 1, 5]);
        assert_eq!(unsigned_integer(&[0x80]), [2, 2, 0, 0x80]);
        assert_eq!(unsigned_integer(&[]), [2, 1, 0]);
        assert_eq!(unsigned_integer(&[0, 0]), [2, 1, 0]);
    }

    #[test]
    fn times_switch_encoding_in_2050() {
        // 2024-02-29 12:34:56 UTC.
        assert_eq!(time(1_709_210_096), tlv(UTC_TIME, b"240229123456Z"));
        assert_eq!(time(0), tlv(UTC_TIME, b"700101000000Z"));
        // 2050-01-01 00:00:00 UTC.
        assert_eq!(
            time(2_524_608_000),
            tlv(GENERALIZED_TIME, b"20500101000000Z")
        );
    }
}
