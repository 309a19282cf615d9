//! Signature verification in the shape rustls-webpki consumes, plus the TLS scheme mapping.

use rustls_pki_types::SignatureVerificationAlgorithm;

use crate::verify::VerificationAlgorithms;
use crate::SignatureScheme;

pub mod ecdsa;
pub mod ed25519;
pub mod rsa;

type Alg = &'static dyn SignatureVerificationAlgorithm;

/// Every algorithm, for certificate-chain signatures.
pub static ALL: &[Alg] = &[
    &ecdsa::ECDSA_P256_SHA256,
    &ecdsa::ECDSA_P256_SHA384,
    &ecdsa::ECDSA_P384_SHA256,
    &ecdsa::ECDSA_P384_SHA384,
    &ed25519::ED25519,
    &rsa::RSA_PSS_SHA256,
    &rsa::RSA_PSS_SHA384,
    &rsa::RSA_PSS_SHA512,
    &rsa::RSA_PKCS1_SHA256,
    &rsa::RSA_PKCS1_SHA384,
    &rsa::RSA_PKCS1_SHA512,
];

/// Per TLS scheme, in preference order. An ECDSA scheme names a hash, not the key's curve in
/// TLS 1.2 (RFC 5246 §7.4.1.4.1), so each maps to both curves; TLS 1.3 binds the curve (RFC 8446
/// §4.2.3), which the protocol layer enforces against the certificate.
pub static MAPPING: &[(SignatureScheme, &[Alg])] = &[
    (
        SignatureScheme::ECDSA_NISTP384_SHA384,
        &[&ecdsa::ECDSA_P384_SHA384, &ecdsa::ECDSA_P256_SHA384],
    ),
    (
        SignatureScheme::ECDSA_NISTP256_SHA256,
        &[&ecdsa::ECDSA_P256_SHA256, &ecdsa::ECDSA_P384_SHA256],
    ),
    (SignatureScheme::ED25519, &[&ed25519::ED25519]),
    (
        SignatureScheme::RSA_PSS_RSAE_SHA512,
        &[&rsa::RSA_PSS_SHA512],
    ),
    (
        SignatureScheme::RSA_PSS_RSAE_SHA384,
        &[&rsa::RSA_PSS_SHA384],
    ),
    (
        SignatureScheme::RSA_PSS_RSAE_SHA256,
        &[&rsa::RSA_PSS_SHA256],
    ),
    (SignatureScheme::RSA_PKCS1_SHA512, &[&rsa::RSA_PKCS1_SHA512]),
    (SignatureScheme::RSA_PKCS1_SHA384, &[&rsa::RSA_PKCS1_SHA384]),
    (SignatureScheme::RSA_PKCS1_SHA256, &[&rsa::RSA_PKCS1_SHA256]),
];

/// The provider's verification algorithms.
pub static VERIFICATION: VerificationAlgorithms = VerificationAlgorithms {
    all: ALL,
    mapping: MAPPING,
};
