//! A throwaway PKI for the demo, made in memory at start-up: a CA and a `localhost` server
//! certificate, both ECDSA P-256. RustCrypto's `x509-cert` builder writes them and `p256` signs
//! them, with keys drawn from the provider's random source; the server's key then goes through
//! the provider's key loader like any key file would. Nothing is read from disk, so `ferrotls
//! demo` works from any directory; the keys live only in this process.

use std::str::FromStr;
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use ferrotls_core::config::CertifiedKey;
use ferrotls_core::crypto::CryptoProvider;
use ferrotls_core::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, UnixTime};
use ferrotls_core::RootStore;
use p256::ecdsa::{DerSignature, SigningKey};
use p256::pkcs8::EncodePrivateKey;
use x509_cert::builder::profile::BuilderProfile;
use x509_cert::builder::{Builder, CertificateBuilder};
use x509_cert::certificate::TbsCertificate;
use x509_cert::der::asn1::Ia5String;
use x509_cert::der::Encode;
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage, KeyUsages, SubjectAltName};
use x509_cert::ext::Extension;
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::{SubjectPublicKeyInfoOwned, SubjectPublicKeyInfoRef};
use x509_cert::time::{Time, Validity};

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
    let ca_name = Name::from_str("CN=ferrotls demo CA").map_err(cert_error)?;
    let server_name = Name::from_str(&format!("CN={SERVER_NAME}")).map_err(cert_error)?;
    let ca_cert = certificate(
        provider,
        Names {
            issuer: ca_name.clone(),
            subject: ca_name.clone(),
        },
        now,
        &ca_key,
        &ca_key,
        ca_extensions,
    )?;
    let server_cert = certificate(
        provider,
        Names {
            issuer: ca_name,
            subject: server_name,
        },
        now,
        &server_key,
        &ca_key,
        server_extensions,
    )?;
    let ca_cert = CertificateDer::from(ca_cert);
    let mut roots = RootStore::new();
    roots
        .add(&ca_cert)
        .map_err(|e| format!("the demo CA is not a usable trust anchor: {e}"))?;
    let pkcs8 = server_key.to_pkcs8_der().map_err(cert_error)?;
    let der = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(pkcs8.as_bytes().to_vec()));
    let server_key = provider
        .key_loader
        .load_private_key(&der)
        .map_err(|e| format!("the provider refused the demo key: {e}"))?;
    // The server sends its own certificate only: the client has the CA already.
    let chain = vec![CertificateDer::from(server_cert)];
    Ok(DemoPki {
        roots,
        server: Arc::new(CertifiedKey::new(chain, server_key)),
    })
}

/// A fresh P-256 key from the provider's random source. A scalar of zero or above the group
/// order (probability about 2^-32) is refused; drawing again is the standard remedy.
fn p256_key(provider: &CryptoProvider) -> Result<SigningKey, String> {
    for _ in 0..8 {
        let mut scalar = [0u8; 32];
        provider
            .random
            .fill(&mut scalar)
            .map_err(|e| format!("no randomness for the demo key: {e}"))?;
        if let Ok(key) = SigningKey::from_slice(&scalar) {
            return Ok(key);
        }
    }
    Err("every generated P-256 scalar was out of range".into())
}

/// The builder's profile: issuer and subject as given, and no extensions of its own (each
/// certificate adds its own, [`ca_extensions`] or [`server_extensions`]).
struct Names {
    issuer: Name,
    subject: Name,
}

impl BuilderProfile for Names {
    fn get_issuer(&self, _subject: &Name) -> Name {
        self.issuer.clone()
    }

    fn get_subject(&self) -> Name {
        self.subject.clone()
    }

    fn build_extensions(
        &self,
        _spk: SubjectPublicKeyInfoRef<'_>,
        _issuer_spk: SubjectPublicKeyInfoRef<'_>,
        _tbs: &TbsCertificate,
    ) -> x509_cert::builder::Result<Vec<Extension>> {
        Ok(Vec::new())
    }
}

/// A CA: basicConstraints cA=TRUE and keyUsage keyCertSign + cRLSign, both critical.
fn ca_extensions(builder: &mut CertificateBuilder<Names>) -> Result<(), String> {
    let basic = BasicConstraints {
        ca: true,
        path_len_constraint: None,
    };
    builder.add_extension((true, &basic)).map_err(cert_error)?;
    let usage = KeyUsage(KeyUsages::KeyCertSign | KeyUsages::CRLSign);
    builder.add_extension((true, &usage)).map_err(cert_error)
}

/// The server: subjectAltName `localhost` and 127.0.0.1 (what rustls-webpki matches, RFC 6125),
/// keyUsage digitalSignature (critical).
fn server_extensions(builder: &mut CertificateBuilder<Names>) -> Result<(), String> {
    let dns = Ia5String::new(SERVER_NAME).map_err(cert_error)?;
    let names = SubjectAltName(vec![
        GeneralName::DnsName(dns),
        GeneralName::from(std::net::IpAddr::from([127, 0, 0, 1])),
    ]);
    builder.add_extension((false, &names)).map_err(cert_error)?;
    let usage = KeyUsage(KeyUsages::DigitalSignature.into());
    builder.add_extension((true, &usage)).map_err(cert_error)
}

/// An X.509 v3 certificate (RFC 5280 §4.1) for `subject_key`, valid around `now`, signed by
/// `signer` with ecdsa-with-SHA256.
fn certificate(
    provider: &CryptoProvider,
    names: Names,
    now: UnixTime,
    subject_key: &SigningKey,
    signer: &SigningKey,
    extensions: fn(&mut CertificateBuilder<Names>) -> Result<(), String>,
) -> Result<Vec<u8>, String> {
    // A random positive serial of at most 20 bytes (RFC 5280 §4.1.2.2).
    let mut serial = [0u8; 16];
    provider
        .random
        .fill(&mut serial)
        .map_err(|e| format!("no randomness for the demo certificate: {e}"))?;
    serial[0] = (serial[0] & 0x7f) | 0x40;
    let serial = SerialNumber::new(&serial).map_err(cert_error)?;
    let now = now.as_secs();
    let validity = Validity::new(
        time(now.saturating_sub(NOT_BEFORE_SLACK))?,
        time(now + VALIDITY)?,
    );
    let spki =
        SubjectPublicKeyInfoOwned::from_key(subject_key.verifying_key()).map_err(cert_error)?;
    let mut builder = CertificateBuilder::new(names, serial, validity, spki).map_err(cert_error)?;
    extensions(&mut builder)?;
    let cert = builder
        .build::<_, DerSignature>(signer)
        .map_err(|e| format!("cannot sign the demo certificate: {e}"))?;
    cert.to_der().map_err(cert_error)
}

/// An X.509 Time; the builder picks UTCTime through 2049 and GeneralizedTime after
/// (RFC 5280 §4.1.2.5).
fn time(unix_secs: u64) -> Result<Time, String> {
    Time::try_from(UNIX_EPOCH + Duration::from_secs(unix_secs)).map_err(cert_error)
}

/// The builder's errors all mean the same here: a certificate we chose cannot be made.
fn cert_error(e: impl std::fmt::Display) -> String {
    format!("cannot make the demo certificate: {e}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrotls_core::crypto::rustcrypto::default_provider;
    use p256::ecdsa::signature::Verifier;
    use p256::ecdsa::VerifyingKey;
    use x509_cert::der::Decode;
    use x509_cert::Certificate;

    /// The decoded certificate, and its extensions by OID (as dotted text) with criticality.
    fn decode(der: &[u8]) -> (Certificate, Vec<(String, bool)>) {
        let cert = Certificate::from_der(der).unwrap();
        let extensions = cert
            .tbs_certificate()
            .extensions()
            .map_or(&[][..], |e| e.as_slice())
            .iter()
            .map(|e| (e.extn_id.to_string(), e.critical))
            .collect();
        (cert, extensions)
    }

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

    #[test]
    fn the_certificates_carry_what_webpki_needs() {
        let provider = default_provider();
        let now = UnixTime::since_unix_epoch(Duration::from_secs(1_709_210_096));
        let ca_key = p256_key(&provider).unwrap();
        let server_key = p256_key(&provider).unwrap();
        let ca_name = Name::from_str("CN=ferrotls demo CA").unwrap();
        let names = |subject: &str| Names {
            issuer: ca_name.clone(),
            subject: Name::from_str(subject).unwrap(),
        };
        let ca = names("CN=ferrotls demo CA");
        let ca = certificate(&provider, ca, now, &ca_key, &ca_key, ca_extensions).unwrap();
        let (ca, ca_extensions) = decode(&ca);
        // basicConstraints and keyUsage, both critical.
        assert_eq!(
            ca_extensions,
            [
                ("2.5.29.19".to_string(), true),
                ("2.5.29.15".to_string(), true)
            ]
        );
        let server = certificate(
            &provider,
            names("CN=localhost"),
            now,
            &server_key,
            &ca_key,
            server_extensions,
        )
        .unwrap();
        let (server, server_extensions) = decode(&server);
        // subjectAltName (not critical, the subject is not empty) and keyUsage (critical).
        assert_eq!(
            server_extensions,
            [
                ("2.5.29.17".to_string(), false),
                ("2.5.29.15".to_string(), true)
            ]
        );
        let tbs = server.tbs_certificate();
        assert_eq!(tbs.issuer(), ca.tbs_certificate().subject());
        let (_, SubjectAltName(names)) = tbs.get_extension::<SubjectAltName>().unwrap().unwrap();
        assert_eq!(
            names,
            [
                GeneralName::DnsName(Ia5String::new("localhost").unwrap()),
                GeneralName::from(std::net::IpAddr::from([127, 0, 0, 1])),
            ]
        );
        let (_, BasicConstraints { ca: is_ca, .. }) = ca
            .tbs_certificate()
            .get_extension::<BasicConstraints>()
            .unwrap()
            .unwrap();
        assert!(is_ca);
        assert_eq!(
            tbs.validity().not_before.to_unix_duration().as_secs(),
            1_709_210_096 - NOT_BEFORE_SLACK
        );
        assert_eq!(
            tbs.validity().not_after.to_unix_duration().as_secs(),
            1_709_210_096 + VALIDITY
        );
        // The CA's key signed the server certificate's TBS bytes.
        let signature = DerSignature::try_from(server.signature().raw_bytes()).unwrap();
        VerifyingKey::from(&ca_key)
            .verify(&tbs.to_der().unwrap(), &signature)
            .unwrap();
    }
}
