//! What the CLI reads in certificates, through RustCrypto's `x509-cert` (never hand-written
//! DER): the client's `--showcerts` (the peer's chain in PEM, after one summary line per
//! certificate: subject, issuer, validity, key type) and the DNS names of the server's
//! certificates, which choose among several `--cert`/`--key` pairs by SNI.

use x509_cert::der::asn1::{ObjectIdentifier, UintRef};
use x509_cert::der::pem::LineEnding;
use x509_cert::der::{Decode, Reader, SliceReader};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::spki::SubjectPublicKeyInfoOwned;
use x509_cert::Certificate;

/// id-ecPublicKey (RFC 5480 §2.1.1).
const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
/// secp256r1 / prime256v1 (RFC 5480 §2.1.1.1).
const SECP256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
/// secp384r1 (RFC 5480 §2.1.1.1).
const SECP384R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
/// secp521r1 (RFC 5480 §2.1.1.1).
const SECP521R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");
/// rsaEncryption (RFC 8017 Appendix C).
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
/// id-RSASSA-PSS (RFC 8017 Appendix C).
const RSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
/// id-Ed25519 (RFC 8410 §3).
const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
/// id-Ed448 (RFC 8410 §3).
const ED448: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.113");

/// One line about a certificate: `subject: ...; issuer: ...; valid: FROM to UNTIL; key: ...`
/// (names as RFC 4514 strings, times in UTC). A certificate that does not parse says
/// so instead: the peer's bytes never stop the listing.
pub(crate) fn summary(der: &[u8]) -> String {
    match Certificate::from_der(der) {
        Ok(cert) => {
            let tbs = cert.tbs_certificate();
            let validity = tbs.validity();
            format!(
                "subject: {}; issuer: {}; valid: {} to {}; key: {}",
                tbs.subject(),
                tbs.issuer(),
                validity.not_before,
                validity.not_after,
                key_type(tbs.subject_public_key_info()),
            )
        }
        Err(e) => format!("unparsable certificate ({} bytes): {e}", der.len()),
    }
}

/// The key's algorithm and size: `ECDSA P-256`, `RSA 2048`, `Ed25519`, or the OID.
fn key_type(spki: &SubjectPublicKeyInfoOwned) -> String {
    let oid = spki.algorithm.oid;
    if oid == EC_PUBLIC_KEY {
        let curve = spki
            .algorithm
            .parameters
            .as_ref()
            .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
        return match curve {
            Some(c) if c == SECP256R1 => "ECDSA P-256".into(),
            Some(c) if c == SECP384R1 => "ECDSA P-384".into(),
            Some(c) if c == SECP521R1 => "ECDSA P-521".into(),
            Some(c) => format!("ECDSA curve {c}"),
            None => "ECDSA (no named curve)".into(),
        };
    }
    if oid == RSA_ENCRYPTION || oid == RSA_PSS {
        let name = if oid == RSA_PSS { "RSA-PSS" } else { "RSA" };
        return match spki.subject_public_key.as_bytes().and_then(rsa_bits) {
            Some(bits) => format!("{name} {bits}"),
            None => name.into(),
        };
    }
    if oid == ED25519 {
        return "Ed25519".into();
    }
    if oid == ED448 {
        return "Ed448".into();
    }
    format!("{oid}")
}

/// The modulus size of an RSAPublicKey (RFC 8017 §A.1.1: SEQUENCE { modulus, exponent }).
fn rsa_bits(key: &[u8]) -> Option<usize> {
    let mut reader = SliceReader::new(key).ok()?;
    let modulus = reader
        .sequence(|r| {
            let n = UintRef::decode(r)?;
            let _exponent = UintRef::decode(r)?;
            Ok::<_, x509_cert::der::Error>(n)
        })
        .ok()?;
    let bytes = modulus.as_bytes();
    let first = *bytes.first()?;
    Some((bytes.len() - 1) * 8 + (8 - first.leading_zeros() as usize))
}

/// The certificate in PEM (`-----BEGIN CERTIFICATE-----`), from its bytes as received.
pub(crate) fn pem(der: &[u8]) -> String {
    x509_cert::der::pem::encode_string("CERTIFICATE", LineEnding::LF, der)
        .unwrap_or_else(|e| format!("(cannot encode as PEM: {e})\n"))
}

/// `--showcerts`: for each certificate of the chain (end entity first), `certificate N:` and
/// its summary, then the chain in PEM, as `openssl s_client -showcerts` prints it.
pub(crate) fn show_chain(chain: &[impl AsRef<[u8]>]) -> String {
    let mut out = String::new();
    for (i, der) in chain.iter().enumerate() {
        out.push_str(&format!("certificate {i}: {}\n", summary(der.as_ref())));
    }
    for der in chain {
        out.push_str(&pem(der.as_ref()));
    }
    out
}

/// The DNS names in the certificate's subjectAltName (RFC 5280 §4.2.1.6), lower-cased; the
/// server is chosen for these names by SNI. Wildcard names the library serves (`*.` and at
/// least two labels, RFC 6125 §6.4.3) are kept; other names with a `*` are left out, since no
/// SNI name can match them.
pub(crate) fn dns_names(der: &[u8]) -> Result<Vec<String>, String> {
    let cert = Certificate::from_der(der).map_err(|e| format!("not a certificate: {e}"))?;
    let san = cert
        .tbs_certificate()
        .get_extension::<SubjectAltName>()
        .map_err(|e| format!("bad subjectAltName: {e}"))?;
    let Some((_, SubjectAltName(names))) = san else {
        return Ok(Vec::new());
    };
    Ok(names
        .iter()
        .filter_map(|n| match n {
            GeneralName::DnsName(name) => Some(name.as_str().to_ascii_lowercase()),
            _ => None,
        })
        .filter(|n| !n.contains('*') || ferrotls_core::config::is_wildcard_name(n))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrotls_core::pki_types::pem::PemObject;
    use ferrotls_core::pki_types::CertificateDer;

    fn cert(name: &str) -> Vec<u8> {
        let path = format!("{}/../../vectors/certs/{name}", env!("CARGO_MANIFEST_DIR"));
        CertificateDer::from_pem_file(&path)
            .unwrap_or_else(|e| panic!("{path}: {e}"))
            .to_vec()
    }

    #[test]
    fn summaries_name_subject_issuer_validity_and_key() {
        assert_eq!(
            summary(&cert("server-ecdsa-p256.pem")),
            "subject: O=ferrotls tests,CN=localhost; issuer: O=ferrotls tests,CN=ferrotls test CA; \
             valid: 2025-01-01T00:00:00Z to 2049-12-31T23:59:59Z; key: ECDSA P-256"
        );
        assert!(summary(&cert("server-rsa2048.pem")).ends_with("; key: RSA 2048"));
        assert!(summary(&cert("server-ed25519.pem")).ends_with("; key: Ed25519"));
        assert!(summary(&cert("client-ecdsa-p256.pem")).starts_with(
            "subject: O=ferrotls tests,CN=ferrotls test client; \
             issuer: O=ferrotls tests,CN=ferrotls test client CA; "
        ));
    }

    #[test]
    fn garbage_is_reported_not_fatal() {
        assert!(summary(b"\x30\x03\x02\x01").starts_with("unparsable certificate (4 bytes): "));
        assert!(summary(b"").starts_with("unparsable certificate (0 bytes): "));
        assert!(dns_names(b"\x01").is_err());
    }

    #[test]
    fn the_chain_is_listed_then_given_in_pem() {
        let chain = [cert("server-ecdsa-p256.pem"), cert("ca.pem")];
        let out = show_chain(&chain);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].starts_with("certificate 0: subject: O=ferrotls tests,CN=localhost;"));
        assert!(
            lines[1].starts_with("certificate 1: subject: O=ferrotls tests,CN=ferrotls test CA;")
        );
        assert_eq!(lines[2], "-----BEGIN CERTIFICATE-----");
        let back: Vec<Vec<u8>> = CertificateDer::pem_slice_iter(out.as_bytes())
            .map(|c| c.unwrap().to_vec())
            .collect();
        assert_eq!(back, chain);
    }

    #[test]
    fn dns_names_come_from_the_subject_alt_name() {
        assert_eq!(
            dns_names(&cert("server-ecdsa-p256.pem")).unwrap(),
            ["localhost", "testserver.ferrotls"]
        );
        assert_eq!(
            dns_names(&cert("other-name.pem")).unwrap(),
            ["other.ferrotls"]
        );
        assert!(dns_names(&cert("ca.pem")).unwrap().is_empty());
        assert_eq!(
            dns_names(&cert("wildcard-name.pem")).unwrap(),
            ["*.wild.ferrotls"]
        );
    }
}
