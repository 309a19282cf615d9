//! The test PKI of `vectors/certs/` (see its `generate.sh`), compiled in so the binary runs from
//! anywhere: a root CA (ECDSA P-256) and server certificates for `localhost` on three key types.

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use spki::der::Decode;
use spki::SubjectPublicKeyInfoRef;

/// The name every server certificate is valid for.
pub const SERVER_NAME: &str = "localhost";

/// The root CA's certificate, which signed every server certificate (ECDSA P-256, SHA-256).
pub const CA: &[u8] = include_bytes!("../../../vectors/certs/ca.pem");

/// The server key types of the scenarios.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyType {
    EcdsaP256,
    Rsa2048,
}

impl KeyType {
    pub fn cert_pem(self) -> &'static [u8] {
        match self {
            Self::EcdsaP256 => include_bytes!("../../../vectors/certs/server-ecdsa-p256.pem"),
            Self::Rsa2048 => include_bytes!("../../../vectors/certs/server-rsa2048.pem"),
        }
    }

    pub fn key_pem(self) -> &'static [u8] {
        match self {
            Self::EcdsaP256 => include_bytes!("../../../vectors/certs/server-ecdsa-p256.key"),
            Self::Rsa2048 => include_bytes!("../../../vectors/certs/server-rsa2048.key"),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::EcdsaP256 => "ECDSA P-256",
            Self::Rsa2048 => "RSA-2048",
        }
    }
}

/// The certificates of a PEM file.
pub fn chain(pem: &[u8]) -> Vec<CertificateDer<'static>> {
    CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .expect("the compiled-in PEM parses")
}

/// The private key of a PEM file.
pub fn key(pem: &[u8]) -> PrivateKeyDer<'static> {
    PrivateKeyDer::from_pem_slice(pem).expect("the compiled-in key parses")
}

/// The subjectPublicKey BIT STRING of a DER SubjectPublicKeyInfo (RFC 5280 §4.1): the raw
/// public key a signature verification algorithm takes.
pub fn spki_public_key(spki: &[u8]) -> &[u8] {
    SubjectPublicKeyInfoRef::from_der(spki)
        .expect("a DER SubjectPublicKeyInfo")
        .subject_public_key
        .as_bytes()
        .expect("a key's BIT STRING has no unused bits")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everything_compiled_in_parses() {
        assert_eq!(chain(CA).len(), 1);
        for kind in [KeyType::EcdsaP256, KeyType::Rsa2048] {
            assert_eq!(chain(kind.cert_pem()).len(), 1);
            key(kind.key_pem());
        }
    }

    #[test]
    fn the_raw_public_key_is_the_bit_string_of_the_spki() {
        // P-256: an uncompressed point (SEC 1 §2.3.3); RSA-2048: a DER RSAPublicKey
        // (RFC 8017 Appendix A.1.1), SEQUENCE of 266 content bytes.
        for (kind, start, len) in [
            (KeyType::EcdsaP256, &[0x04][..], 65),
            (KeyType::Rsa2048, &[0x30, 0x82, 0x01, 0x0a][..], 270),
        ] {
            let signing = rustls::crypto::ring::sign::any_supported_type(&key(kind.key_pem()))
                .expect("ring loads the key");
            let spki = signing.public_key().expect("the key's SPKI");
            let raw = spki_public_key(spki.as_ref());
            assert!(raw.starts_with(start), "{kind:?}: {raw:02x?}");
            assert_eq!(raw.len(), len, "{kind:?}");
            assert!(spki.as_ref().ends_with(raw), "{kind:?}: last in the SPKI");
        }
    }
}
