//! The default verifiers against the test PKI in `vectors/certs` (see its generate.sh).

use alloc::sync::Arc;
use alloc::vec::Vec;

use ferrotls_crypto::rustcrypto::default_provider;
use ferrotls_crypto::SignatureScheme;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};

use super::*;

fn cert(pem: &str) -> CertificateDer<'static> {
    CertificateDer::from_pem_slice(pem.as_bytes()).expect("test PEM")
}

const CA: &str = include_str!("../../../../vectors/certs/ca.pem");
const CLIENT_CA: &str = include_str!("../../../../vectors/certs/client-ca.pem");
const SERVER_P256: &str = include_str!("../../../../vectors/certs/server-ecdsa-p256.pem");
const SERVER_P256_KEY: &str = include_str!("../../../../vectors/certs/server-ecdsa-p256.key");
const SERVER_ED25519: &str = include_str!("../../../../vectors/certs/server-ed25519.pem");
const SERVER_RSA: &str = include_str!("../../../../vectors/certs/server-rsa2048.pem");
const OTHER_NAME: &str = include_str!("../../../../vectors/certs/other-name.pem");
const UNTRUSTED: &str = include_str!("../../../../vectors/certs/untrusted-server.pem");
const CLIENT_P256: &str = include_str!("../../../../vectors/certs/client-ecdsa-p256.pem");

/// 2030-01-01, inside every test certificate's validity.
fn in_validity() -> UnixTime {
    UnixTime::since_unix_epoch(core::time::Duration::from_secs(1_893_456_000))
}

fn roots(pem: &str) -> Arc<RootStore> {
    let mut store = RootStore::new();
    store.add(&cert(pem)).expect("CA parses");
    Arc::new(store)
}

fn server_verifier() -> WebPkiServerVerifier {
    WebPkiServerVerifier::new(roots(CA), default_provider().verification)
}

fn name(n: &str) -> ServerName<'static> {
    ServerName::try_from(n).expect("valid name").to_owned()
}

#[test]
fn accepts_each_server_key_type_for_its_names() {
    let v = server_verifier();
    for pem in [SERVER_P256, SERVER_ED25519, SERVER_RSA] {
        for n in ["localhost", "testserver.ferrotls", "127.0.0.1"] {
            assert_eq!(
                v.verify_server_cert(&cert(pem), &[], &name(n), in_validity()),
                Ok(()),
                "{n}"
            );
        }
    }
}

#[test]
fn refuses_wrong_name_unknown_issuer_and_bad_times() {
    let v = server_verifier();
    let now = in_validity();
    let err = v
        .verify_server_cert(&cert(OTHER_NAME), &[], &name("localhost"), now)
        .unwrap_err();
    assert_eq!(err, CertificateError::NotValidForName);
    assert_eq!(
        err.alert(),
        ferrotls_record::AlertDescription::BAD_CERTIFICATE
    );

    let err = v
        .verify_server_cert(&cert(UNTRUSTED), &[], &name("localhost"), now)
        .unwrap_err();
    assert_eq!(err, CertificateError::UnknownIssuer);
    assert_eq!(err.alert(), ferrotls_record::AlertDescription::UNKNOWN_CA);

    let after = UnixTime::since_unix_epoch(core::time::Duration::from_secs(2_600_000_000)); // 2052
    let err = v
        .verify_server_cert(&cert(SERVER_P256), &[], &name("localhost"), after)
        .unwrap_err();
    assert_eq!(err, CertificateError::Expired);
    assert_eq!(
        err.alert(),
        ferrotls_record::AlertDescription::CERTIFICATE_EXPIRED
    );

    let before = UnixTime::since_unix_epoch(core::time::Duration::from_secs(1_600_000_000)); // 2020
    let err = v
        .verify_server_cert(&cert(SERVER_P256), &[], &name("localhost"), before)
        .unwrap_err();
    assert_eq!(err, CertificateError::NotValidYet);

    let err = v.verify_server_cert(
        &CertificateDer::from(Vec::from(&b"junk"[..])),
        &[],
        &name("localhost"),
        now,
    );
    assert_eq!(err, Err(CertificateError::BadEncoding));
}

#[test]
fn server_verifier_refuses_a_client_certificate_as_server() {
    // The client leaf carries only the clientAuth EKU.
    let v = WebPkiServerVerifier::new(roots(CLIENT_CA), default_provider().verification);
    let err = v.verify_server_cert(
        &cert(CLIENT_P256),
        &[],
        &name("client.ferrotls"),
        in_validity(),
    );
    assert_eq!(err, Err(CertificateError::InappropriateUsage));
}

#[test]
fn client_verifier_accepts_its_clients_only() {
    let v = WebPkiClientVerifier::new(roots(CLIENT_CA), default_provider().verification);
    assert!(v.client_auth_mandatory());
    assert!(!v.clone().optional().client_auth_mandatory());
    assert_eq!(v.root_hint_subjects().len(), 1);
    assert_eq!(
        v.verify_client_cert(&cert(CLIENT_P256), &[], in_validity()),
        Ok(())
    );
    // A server certificate: wrong issuer, and its EKU (serverAuth only) is what webpki refuses first.
    assert_eq!(
        v.verify_client_cert(&cert(SERVER_P256), &[], in_validity()),
        Err(CertificateError::InappropriateUsage)
    );
}

#[test]
fn handshake_signatures_check_scheme_key_and_bytes() {
    let provider = default_provider();
    let key = ferrotls_crypto::rustcrypto::sign::KEY_LOADER
        .load_pem(SERVER_P256_KEY)
        .expect("test key");
    let message = construct_tls13_verify_message(SignatureContext::Server, &[7; 32]);
    let scheme = SignatureScheme::ECDSA_NISTP256_SHA256;
    let sig = key
        .sign(scheme, &message, provider.random.as_ref())
        .expect("signs");
    let ee = cert(SERVER_P256);
    let v = server_verifier();
    assert_eq!(v.verify_signature(&ee, scheme, &message, &sig), Ok(()));

    let client_message = construct_tls13_verify_message(SignatureContext::Client, &[7; 32]);
    assert_eq!(
        v.verify_signature(&ee, scheme, &client_message, &sig),
        Err(CertificateError::BadSignature)
    );
    // A scheme we did not offer is refused before any signature work.
    assert_eq!(
        verify_tls13_signature(&provider.verification, &[], &ee, scheme, &message, &sig),
        Err(CertificateError::UnsupportedSignatureScheme)
    );
    // An RSA scheme against an ECDSA key; a scheme TLS 1.3 forbids.
    assert_eq!(
        v.verify_signature(&ee, SignatureScheme::RSA_PSS_RSAE_SHA256, &message, &sig),
        Err(CertificateError::UnsupportedSignatureScheme)
    );
    assert_eq!(
        v.verify_signature(&ee, SignatureScheme::RSA_PKCS1_SHA256, &message, &sig),
        Err(CertificateError::UnsupportedSignatureScheme)
    );
    // TLS 1.3 binds ecdsa_secp384r1_sha384 to P-384; TLS 1.2 lets a P-256 key use SHA-384.
    let scheme384 = SignatureScheme::ECDSA_NISTP384_SHA384;
    let all: Vec<_> = provider.verification.schemes().collect();
    assert_eq!(
        verify_tls13_signature(&provider.verification, &all, &ee, scheme384, &message, &sig),
        Err(CertificateError::UnsupportedSignatureScheme)
    );
    assert_eq!(
        verify_tls12_signature(&provider.verification, &all, &ee, scheme384, &message, &sig),
        Err(CertificateError::BadSignature),
        "SHA-384 over a P-256 key is valid in TLS 1.2, so a SHA-256 signature fails as bad"
    );
    assert_eq!(
        verify_tls12_signature(&provider.verification, &all, &ee, scheme, &message, &sig),
        Ok(())
    );
}
