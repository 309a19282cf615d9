//! The type of a certificate's public key, which a TLS 1.2 suite constrains (RFC 5246 §7.4.2,
//! RFC 8422 §5.3).

use ferrotls_record::AlertDescription;
use rustls_pki_types::CertificateDer;

use crate::error::Error;
use crate::suites::Tls12Auth;

/// AlgorithmIdentifier OIDs (contents octets) of SubjectPublicKeyInfo.
const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const RSASSA_PSS: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a];
const EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const ED25519: &[u8] = &[0x2b, 0x65, 0x70];
const ED448: &[u8] = &[0x2b, 0x65, 0x71];

const SEQUENCE: u8 = 0x30;
const OID: u8 = 0x06;

/// Whether `end_entity`'s key can authenticate a suite of kind `auth`. RFC 5246 §7.4.2: under
/// ECDHE_RSA the certificate carries an "RSA public key"; RFC 8422 §5.3: under ECDHE_ECDSA it
/// "MUST contain an ECDSA- or EdDSA-capable public key". A mismatch is handshake_failure: the
/// server picked a suite its certificate cannot serve.
pub(crate) fn check_key_type(
    end_entity: &CertificateDer<'_>,
    auth: Tls12Auth,
) -> Result<(), Error> {
    // The verifier accepted the certificate already; one it could not parse as X.509 still has
    // no key we could name.
    let cert = webpki::EndEntityCert::try_from(end_entity).map_err(|_| {
        Error::protocol(
            AlertDescription::BAD_CERTIFICATE,
            "server certificate is not X.509 (RFC 5246 §7.4.2)",
        )
    })?;
    let spki = cert.subject_public_key_info();
    let fits = matches!(
        (algorithm_oid(spki.as_ref()), auth),
        (Some(RSA_ENCRYPTION | RSASSA_PSS), Tls12Auth::Rsa)
            | (Some(EC_PUBLIC_KEY | ED25519 | ED448), Tls12Auth::Ecdsa)
    );
    if !fits {
        return Err(Error::protocol(
            AlertDescription::HANDSHAKE_FAILURE,
            "server certificate key does not fit the suite's authentication (RFC 5246 §7.4.2, \
             RFC 8422 §5.3)",
        ));
    }
    Ok(())
}

/// `SubjectPublicKeyInfo ::= SEQUENCE { algorithm SEQUENCE { algorithm OBJECT IDENTIFIER, ... },
/// subjectPublicKey BIT STRING }` (RFC 5280 §4.1): the algorithm OID's contents.
fn algorithm_oid(spki: &[u8]) -> Option<&[u8]> {
    let (spki, _) = der_element(spki, SEQUENCE)?;
    let (algorithm, _) = der_element(spki, SEQUENCE)?;
    let (oid, _) = der_element(algorithm, OID)?;
    Some(oid)
}

/// One DER element with tag `tag` at the start of `input`: its contents and what follows. Only
/// definite lengths of up to three length octets occur in certificates we can handle.
fn der_element(input: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let (&first, rest) = input.split_first()?;
    if first != tag {
        return None;
    }
    let (&len_byte, rest) = rest.split_first()?;
    let (len, rest) = match len_byte {
        0..=0x7f => (usize::from(len_byte), rest),
        0x81..=0x83 => {
            let n = usize::from(len_byte & 0x7f);
            let octets = rest.get(..n)?;
            let len = octets
                .iter()
                .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
            (len, rest.get(n..)?)
        }
        _ => return None,
    };
    Some((rest.get(..len)?, rest.get(len..)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_algorithm_and_refuses_garbage() {
        // SEQUENCE { SEQUENCE { OID 1.3.101.112 }, BIT STRING 00 }
        let ed25519 = [
            0x30, 0x09, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x00,
        ];
        assert_eq!(algorithm_oid(&ed25519), Some(ED25519));
        assert_eq!(algorithm_oid(&ed25519[..6]), None);
        assert_eq!(algorithm_oid(&[0x30, 0x84, 0, 0, 0, 1, 0]), None);
        assert_eq!(algorithm_oid(&[]), None);
        let long = [0x30, 0x81, 0x07, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x71];
        assert_eq!(algorithm_oid(&long), Some(ED448));
    }

    #[test]
    fn non_x509_is_bad_certificate() {
        let e = check_key_type(&CertificateDer::from(&b"junk"[..]), Tls12Auth::Rsa).unwrap_err();
        assert_eq!(e.alert_sent(), Some(AlertDescription::BAD_CERTIFICATE));
    }
}
