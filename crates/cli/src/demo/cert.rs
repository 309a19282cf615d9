//! A throwaway PKI for the demo, made in memory at start-up: a CA and a `localhost` server
//! certificate, both ECDSA P-256, signed with the provider's own ECDSA. Nothing is read from
//! disk, so `ferrotls demo` works from any directory; the keys live only in this process.

use std::sync::Arc;

use ferrotls_core::config::CertifiedKey;
use ferrotls_core::crypto::sign::SigningKey;
use ferrotls_core::crypto::{CryptoProvider, SignatureScheme};
use ferrotls_core::pki_types::{CertificateDer, PrivateKeyDer, PrivateSec1KeyDer, UnixTime};
use ferrotls_core::RootStore;

use super::der::{self, oid};

/// The name the server certificate is for (and the client connects to).
pub(crate) const SERVER_NAME: &str = "localhost";
/// Certificates are valid from an hour ago (clock skew) for one day: the demo takes seconds.
const NOT_BEFORE_SLACK: u64 = 3600;
const VALIDITY: u64 = 86_400;

/// The demo's trust anchor and the server's certificate and key.
#[derive(Debug)]
pub(crate) struct DemoPki {
    pub(crate) roots: RootStore,
    pub(crate) server: Arc<CertifiedKey>,
}

/// Make a CA and a server certificate it signs, valid around `now`.
pub(crate) fn generate(provider: &CryptoProvider, now: UnixTime) -> Result<DemoPki, String> {
    let ca_key = p256_key(provider)?;
    let server_key = p256_key(provider)?;
    let now = now.as_secs();
    let validity = (now.saturating_sub(NOT_BEFORE_SLACK), now + VALIDITY);
    let ca_name = name("ferrotls demo CA");
    let ca_cert = certificate(
        provider,
        &Fields {
            issuer: &ca_name,
            subject: &ca_name,
            validity,
            spki: &spki(ca_key.as_ref())?,
            extensions: &ca_extensions(),
        },
        ca_key.as_ref(),
    )?;
    let server_cert = certificate(
        provider,
        &Fields {
            issuer: &ca_name,
            subject: &name(SERVER_NAME),
            validity,
            spki: &spki(server_key.as_ref())?,
            extensions: &server_extensions(),
        },
        ca_key.as_ref(),
    )?;
    let ca_cert = CertificateDer::from(ca_cert);
    let mut roots = RootStore::new();
    roots
        .add(&ca_cert)
        .map_err(|e| format!("the demo CA is not a usable trust anchor: {e}"))?;
    // The server sends its own certificate only: the client has the CA already.
    let chain = vec![CertificateDer::from(server_cert)];
    Ok(DemoPki {
        roots,
        server: Arc::new(CertifiedKey::new(chain, server_key)),
    })
}

/// A fresh P-256 key from the provider's random source, as the SEC1 ECPrivateKey (RFC 5915)
/// the key loader reads: `SEQUENCE { 1, OCTET STRING key, [0] prime256v1 }`. A scalar of zero
/// or above the group order (probability about 2^-32) is refused by the loader; drawing again
/// is the standard remedy.
fn p256_key(provider: &CryptoProvider) -> Result<Arc<dyn SigningKey>, String> {
    for _ in 0..8 {
        let mut scalar = [0u8; 32];
        provider
            .random
            .fill(&mut scalar)
            .map_err(|e| format!("no randomness for the demo key: {e}"))?;
        let sec1 = der::sequence(&[
            &der::unsigned_integer(&[1]),
            &der::tlv(der::OCTET_STRING, &scalar),
            &der::tlv(0xa0, oid::PRIME256V1),
        ]);
        let der = PrivateKeyDer::Sec1(PrivateSec1KeyDer::from(sec1));
        if let Ok(key) = provider.key_loader.load_private_key(&der) {
            return Ok(key);
        }
    }
    Err("the key loader refused every generated P-256 key".into())
}

fn spki(key: &dyn SigningKey) -> Result<Vec<u8>, String> {
    key.public_key_spki()
        .ok_or_else(|| "the provider cannot encode the demo key's public key".to_string())
}

/// `Name` with one CN attribute.
fn name(common_name: &str) -> Vec<u8> {
    let attribute = der::sequence(&[
        oid::COMMON_NAME,
        &der::tlv(der::UTF8_STRING, common_name.as_bytes()),
    ]);
    der::sequence(&[&der::constructed(der::SET, &[&attribute])])
}

/// One `Extension` (RFC 5280 §4.1): the value is DER inside an OCTET STRING.
fn extension(id: &[u8], critical: bool, value: &[u8]) -> Vec<u8> {
    let critical = if critical {
        der::tlv(der::BOOLEAN, &[0xff])
    } else {
        Vec::new()
    };
    der::sequence(&[id, &critical, &der::tlv(der::OCTET_STRING, value)])
}

/// A CA: basicConstraints cA=TRUE and keyUsage keyCertSign + cRLSign, both critical.
fn ca_extensions() -> Vec<Vec<u8>> {
    let basic = der::sequence(&[&der::tlv(der::BOOLEAN, &[0xff])]);
    // Bits 5 (keyCertSign) and 6 (cRLSign) of a 7-bit string: one unused bit.
    let usage = der::tlv(der::BIT_STRING, &[1, 0x06]);
    vec![
        extension(oid::BASIC_CONSTRAINTS, true, &basic),
        extension(oid::KEY_USAGE, true, &usage),
    ]
}

/// The server: subjectAltName `localhost` and 127.0.0.1 (what rustls-webpki matches, RFC 6125),
/// keyUsage digitalSignature (critical).
fn server_extensions() -> Vec<Vec<u8>> {
    let names = der::sequence(&[
        // [2] IMPLICIT dNSName and [7] IMPLICIT iPAddress.
        &der::tlv(0x82, SERVER_NAME.as_bytes()),
        &der::tlv(0x87, &[127, 0, 0, 1]),
    ]);
    // Bit 0 (digitalSignature) of a 1-bit string: seven unused bits.
    let usage = der::tlv(der::BIT_STRING, &[7, 0x80]);
    vec![
        extension(oid::SUBJECT_ALT_NAME, false, &names),
        extension(oid::KEY_USAGE, true, &usage),
    ]
}

/// What differs between the two certificates.
struct Fields<'a> {
    issuer: &'a [u8],
    subject: &'a [u8],
    validity: (u64, u64),
    spki: &'a [u8],
    extensions: &'a [Vec<u8>],
}

/// An X.509 v3 certificate (RFC 5280 §4.1) signed by `signer` with ecdsa-with-SHA256.
fn certificate(
    provider: &CryptoProvider,
    fields: &Fields<'_>,
    signer: &dyn SigningKey,
) -> Result<Vec<u8>, String> {
    // A random positive serial of at most 20 bytes (RFC 5280 §4.1.2.2).
    let mut serial = [0u8; 16];
    provider
        .random
        .fill(&mut serial)
        .map_err(|e| format!("no randomness for the demo certificate: {e}"))?;
    serial[0] = (serial[0] & 0x7f) | 0x40;
    let algorithm = der::sequence(&[oid::ECDSA_WITH_SHA256]);
    let extension_refs: Vec<&[u8]> = fields.extensions.iter().map(Vec::as_slice).collect();
    let tbs = der::sequence(&[
        // [0] EXPLICIT version: v3 is 2.
        &der::constructed(0xa0, &[&der::unsigned_integer(&[2])]),
        &der::unsigned_integer(&serial),
        &algorithm,
        fields.issuer,
        &der::sequence(&[&der::time(fields.validity.0), &der::time(fields.validity.1)]),
        fields.subject,
        fields.spki,
        // [3] EXPLICIT extensions.
        &der::constructed(0xa3, &[&der::sequence(&extension_refs)]),
    ]);
    let signature = signer
        .sign(
            SignatureScheme::ECDSA_NISTP256_SHA256,
            &tbs,
            provider.random.as_ref(),
        )
        .map_err(|e| format!("cannot sign the demo certificate: {e}"))?;
    Ok(der::sequence(&[
        &tbs,
        &algorithm,
        &der::bit_string(&signature),
    ]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrotls_core::crypto::rustcrypto::default_provider;

    #[test]
    fn a_fresh_pki_verifies_and_differs_each_time() {
        let provider = default_provider();
        let now = UnixTime::now();
        let a = generate(&provider, now).unwrap();
        let b = generate(&provider, now).unwrap();
        assert_eq!(a.roots.len(), 1);
        assert_eq!(a.server.chain.len(), 1);
        assert_ne!(a.server.chain[0], b.server.chain[0]);
    }
}
