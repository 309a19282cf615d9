//! Signature verification files (ECDSA P-256/P-384 DER, Ed25519, RSASSA-PSS, RSASSA-PKCS1-v1_5)
//! through the provider's `VerificationAlgorithms`, by both roads the protocol takes:
//!
//! - certificates: the algorithm in `verification.all` whose public-key and signature
//!   AlgorithmIdentifiers are the file's (how rustls-webpki picks one for a chain signature);
//! - handshake signatures: `verification.verify_signature` with the TLS scheme (CertificateVerify,
//!   ServerKeyExchange).
//!
//! Both must give the same answer. The key is handed over as the subjectPublicKey BIT STRING
//! content (SEC1 point, raw Ed25519 key, DER RSAPublicKey), as in a certificate.
//!
//! `acceptable` tests: only RSASSA-PKCS1-v1_5 `MissingNull` (a DigestInfo whose hash
//! AlgorithmIdentifier omits the NULL parameters that RFC 8017 §9.2 writes) occurs in these files;
//! either answer is allowed and the split is printed. Any other acceptable flag stops the test
//! until someone decides what it should require.

use ferrotls_crypto::{CryptoProvider, SignatureScheme};
use rustls_pki_types::{alg_id, AlgorithmIdentifier, SignatureVerificationAlgorithm};
use serde::Deserialize;

use crate::file::{hex, Case, VectorFile};
use crate::tally::{Policy, Tally, Verdict};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Group {
    #[serde(rename = "type")]
    kind: String,
    public_key: PublicKey,
    /// The DER RSAPublicKey (RSA files only).
    public_key_asn: Option<String>,
    sha: Option<String>,
    mgf_sha: Option<String>,
    s_len: Option<usize>,
    tests: Vec<Test>,
}

#[derive(Deserialize)]
pub struct PublicKey {
    curve: Option<String>,
    /// SEC1 uncompressed point (ECDSA).
    uncompressed: Option<String>,
    /// Raw key (EdDSA).
    pk: Option<String>,
}

#[derive(Deserialize)]
pub struct Test {
    #[serde(flatten)]
    case: Case,
    #[serde(deserialize_with = "hex")]
    msg: Vec<u8>,
    #[serde(deserialize_with = "hex")]
    sig: Vec<u8>,
}

/// What a group means to us: the key bytes, the AlgorithmIdentifiers of a certificate made with
/// it, and the TLS scheme of a handshake signature.
struct Roads {
    key: Vec<u8>,
    public_key_alg: AlgorithmIdentifier,
    signature_alg: AlgorithmIdentifier,
    scheme: SignatureScheme,
}

fn roads(g: &Group) -> Roads {
    let decode = |s: &Option<String>, what| {
        ferrotls_tests::hex::decode(s.as_deref().unwrap_or_else(|| panic!("no {what}")))
    };
    let sha = g.sha.as_deref();
    let (public_key_alg, signature_alg, scheme, key) = match g.kind.as_str() {
        "EcdsaVerify" => {
            let key = decode(&g.public_key.uncompressed, "uncompressed point");
            match (g.public_key.curve.as_deref(), sha) {
                (Some("secp256r1"), Some("SHA-256")) => (
                    alg_id::ECDSA_P256,
                    alg_id::ECDSA_SHA256,
                    SignatureScheme::ECDSA_NISTP256_SHA256,
                    key,
                ),
                (Some("secp384r1"), Some("SHA-384")) => (
                    alg_id::ECDSA_P384,
                    alg_id::ECDSA_SHA384,
                    SignatureScheme::ECDSA_NISTP384_SHA384,
                    key,
                ),
                // TLS 1.2's ecdsa_secp256r1_sha256 names the hash only (RFC 5246 §7.4.1.4.1).
                (Some("secp384r1"), Some("SHA-256")) => (
                    alg_id::ECDSA_P384,
                    alg_id::ECDSA_SHA256,
                    SignatureScheme::ECDSA_NISTP256_SHA256,
                    key,
                ),
                other => panic!("ECDSA {other:?}: not a combination we verify"),
            }
        }
        "EddsaVerify" => {
            assert_eq!(g.public_key.curve.as_deref(), Some("edwards25519"));
            let key = decode(&g.public_key.pk, "pk");
            (
                alg_id::ED25519,
                alg_id::ED25519,
                SignatureScheme::ED25519,
                key,
            )
        }
        "RsassaPkcs1Verify" => {
            let key = decode(&g.public_key_asn, "publicKeyAsn");
            let (sig, scheme) = match sha {
                Some("SHA-256") => (alg_id::RSA_PKCS1_SHA256, SignatureScheme::RSA_PKCS1_SHA256),
                Some("SHA-384") => (alg_id::RSA_PKCS1_SHA384, SignatureScheme::RSA_PKCS1_SHA384),
                Some("SHA-512") => (alg_id::RSA_PKCS1_SHA512, SignatureScheme::RSA_PKCS1_SHA512),
                other => panic!("RSASSA-PKCS1-v1_5 with {other:?}: not a hash we verify"),
            };
            (alg_id::RSA_ENCRYPTION, sig, scheme, key)
        }
        "RsassaPssVerify" => {
            let key = decode(&g.public_key_asn, "publicKeyAsn");
            // RFC 9846 §4.3.3: MGF1 with the same hash, salt as long as the digest.
            let (sig, scheme, len) = match sha {
                Some("SHA-256") => (
                    alg_id::RSA_PSS_SHA256,
                    SignatureScheme::RSA_PSS_RSAE_SHA256,
                    32,
                ),
                Some("SHA-384") => (
                    alg_id::RSA_PSS_SHA384,
                    SignatureScheme::RSA_PSS_RSAE_SHA384,
                    48,
                ),
                Some("SHA-512") => (
                    alg_id::RSA_PSS_SHA512,
                    SignatureScheme::RSA_PSS_RSAE_SHA512,
                    64,
                ),
                other => panic!("RSASSA-PSS with {other:?}: not a hash we verify"),
            };
            assert_eq!(
                g.mgf_sha.as_deref(),
                sha,
                "MGF1 hash must be the message hash"
            );
            assert_eq!(g.s_len, Some(len), "salt length must be the digest length");
            (alg_id::RSA_ENCRYPTION, sig, scheme, key)
        }
        other => panic!("group type {other}: not a signature file this runner knows"),
    };
    Roads {
        key,
        public_key_alg,
        signature_alg,
        scheme,
    }
}

fn policy(case: &Case) -> Policy {
    match case.result {
        crate::file::Expect::Acceptable if case.flags.iter().all(|f| f == "MissingNull") => {
            Policy::Either
        }
        crate::file::Expect::Acceptable => {
            panic!(
                "tcId {}: acceptable with flags {:?}: no policy decided",
                case.tc_id, case.flags
            )
        }
        _ => Policy::MustReject,
    }
}

pub fn run(file: &VectorFile<Group>, provider: &CryptoProvider, tally: &mut Tally) {
    for group in &file.test_groups {
        tally.group();
        let roads = roads(group);
        let by_ids: Option<&dyn SignatureVerificationAlgorithm> =
            provider.verification.all.iter().copied().find(|a| {
                a.public_key_alg_id() == roads.public_key_alg
                    && a.signature_alg_id() == roads.signature_alg
            });
        for test in &group.tests {
            let Some(alg) = by_ids else {
                tally.fail(&test.case, format!("no algorithm for {:?}", roads.scheme));
                continue;
            };
            let certificate = alg.verify_signature(&roads.key, &test.msg, &test.sig);
            let handshake = provider.verification.verify_signature(
                roads.scheme,
                &roads.key,
                &test.msg,
                &test.sig,
            );
            let verdict = match (certificate.is_ok(), handshake) {
                (true, Ok(())) => Verdict::Accepted,
                (false, Err(e)) => Verdict::Rejected(e.to_string()),
                (c, h) => {
                    tally.fail(
                        &test.case,
                        format!("certificate road ok={c}, handshake road {h:?}"),
                    );
                    Verdict::Rejected("disagreement".into())
                }
            };
            tally.record(&test.case, policy(&test.case), verdict);
        }
    }
}
