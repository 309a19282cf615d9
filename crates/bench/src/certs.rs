//! The test PKI of `vectors/certs/` (see its `generate.sh`), compiled in so the binary runs from
//! anywhere: a root CA (ECDSA P-256) and server certificates for `localhost` on three key types.

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

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

/// The BIT STRING of a DER SubjectPublicKeyInfo (RFC 5280 §4.1): the raw public key a
/// signature verification algorithm takes.
pub fn spki_public_key(spki: &[u8]) -> &[u8] {
    let (outer, _) = der_element(spki, 0x30);
    let (_, after_algorithm) = der_element(outer, 0x30);
    let (bits, _) = der_element(after_algorithm, 0x03);
    &bits[1..] // the unused-bits count, always 0 for keys
}

/// The contents of the DER element of `tag` at the start of `der`, and what follows it.
fn der_element(der: &[u8], tag: u8) -> (&[u8], &[u8]) {
    assert_eq!(der[0], tag, "unexpected DER tag");
    let (len, header) = match der[1] {
        n @ 0..=0x7f => (usize::from(n), 2),
        n => {
            let bytes = usize::from(n & 0x7f);
            let len = der[2..2 + bytes]
                .iter()
                .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
            (len, 2 + bytes)
        }
    };
    (&der[header..header + len], &der[header + len..])
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
}
