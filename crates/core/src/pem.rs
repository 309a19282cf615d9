//! Loading certificates, private keys and CA bundles from PEM files (with `std`).
//!
//! Parsing is `rustls-pki-types`' PEM parser; this module adds what a user needs on top: errors
//! that name the file and say what was wrong ([`PemError`]), an encrypted key recognised as such
//! rather than reported as "no key found", and trust anchors gathered into a [`RootStore`].

use alloc::string::{String, ToString};
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;
use std::path::{Path, PathBuf};

use ferrotls_crypto::sign::SigningKey;
use ferrotls_crypto::CryptoProvider;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

use crate::verify::RootStore;

/// Why a PEM file could not be loaded. Every variant names the file.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PemError {
    /// The file could not be read.
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's description.
        error: String,
    },
    /// The file is not well-formed PEM (e.g. bad base64 or a missing END line).
    Malformed {
        /// The file.
        path: PathBuf,
        /// What the parser reported.
        detail: String,
    },
    /// The file holds no section of the wanted kind.
    NotFound {
        /// The file.
        path: PathBuf,
        /// What was looked for ("CERTIFICATE", "PRIVATE KEY").
        wanted: &'static str,
    },
    /// The key is encrypted (PKCS#8 `ENCRYPTED PRIVATE KEY` or an OpenSSL `Proc-Type:
    /// 4,ENCRYPTED` header); we do not decrypt keys.
    EncryptedKey {
        /// The file.
        path: PathBuf,
    },
    /// The provider's key loader refused the key (unsupported algorithm or curve, bad DER).
    KeyRefused {
        /// The file.
        path: PathBuf,
        /// What the key loader reported.
        detail: String,
    },
    /// A certificate of a CA file cannot be a trust anchor.
    BadCaCertificate {
        /// The file.
        path: PathBuf,
        /// What the trust-anchor parser reported.
        detail: String,
    },
}

impl fmt::Display for PemError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io { path, error } => write!(f, "cannot read {}: {error}", path.display()),
            Self::Malformed { path, detail } => write!(f, "{}: bad PEM: {detail}", path.display()),
            Self::NotFound { path, wanted } => write!(f, "{}: no {wanted} found", path.display()),
            Self::EncryptedKey { path } => write!(
                f,
                "{p}: encrypted keys are not supported; decrypt it with \
                 `openssl pkey -in {p} -out PLAIN`",
                p = path.display()
            ),
            Self::KeyRefused { path, detail } => {
                write!(f, "{}: key refused: {detail}", path.display())
            }
            Self::BadCaCertificate { path, detail } => {
                write!(
                    f,
                    "{}: not a usable CA certificate: {detail}",
                    path.display()
                )
            }
        }
    }
}

impl std::error::Error for PemError {}

fn read(path: &Path) -> Result<Vec<u8>, PemError> {
    std::fs::read(path).map_err(|e| PemError::Io {
        path: path.to_path_buf(),
        error: e.to_string(),
    })
}

fn malformed(path: &Path, e: impl fmt::Display) -> PemError {
    PemError::Malformed {
        path: path.to_path_buf(),
        detail: e.to_string(),
    }
}

/// Every certificate in `path`, in file order; at least one.
pub fn load_certs(path: &Path) -> Result<Vec<CertificateDer<'static>>, PemError> {
    certs_from_slice(path, &read(path)?)
}

fn certs_from_slice(path: &Path, pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, PemError> {
    let certs = CertificateDer::pem_slice_iter(pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| malformed(path, e))?;
    if certs.is_empty() {
        return Err(PemError::NotFound {
            path: path.to_path_buf(),
            wanted: "CERTIFICATE",
        });
    }
    Ok(certs)
}

/// The first private key in `path`: PKCS#8 (`PRIVATE KEY`), SEC1 (`EC PRIVATE KEY`) or PKCS#1
/// (`RSA PRIVATE KEY`). An encrypted key is [`PemError::EncryptedKey`].
pub fn load_private_key(path: &Path) -> Result<PrivateKeyDer<'static>, PemError> {
    key_from_slice(path, &read(path)?)
}

fn key_from_slice(path: &Path, pem: &[u8]) -> Result<PrivateKeyDer<'static>, PemError> {
    // Looked for before parsing: pki-types skips sections it does not know, so an encrypted
    // key alone would otherwise read as "no key found".
    if contains(pem, b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
        || contains(pem, b"Proc-Type: 4,ENCRYPTED")
    {
        return Err(PemError::EncryptedKey {
            path: path.to_path_buf(),
        });
    }
    PrivateKeyDer::from_pem_slice(pem).map_err(|e| match e {
        rustls_pki_types::pem::Error::NoItemsFound => PemError::NotFound {
            path: path.to_path_buf(),
            wanted: "PRIVATE KEY",
        },
        e => malformed(path, e),
    })
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The first private key in `path`, loaded by `provider`'s key loader, ready for a
/// [`CertifiedKey`](crate::CertifiedKey).
pub fn load_signing_key(
    provider: &CryptoProvider,
    path: &Path,
) -> Result<Arc<dyn SigningKey>, PemError> {
    let der = load_private_key(path)?;
    provider
        .key_loader
        .load_private_key(&der)
        .map_err(|e| PemError::KeyRefused {
            path: path.to_path_buf(),
            detail: e.to_string(),
        })
}

/// Trust anchors from the CA bundle `path`; at least one. A certificate that cannot be an
/// anchor fails the load when `strict` (a file the user named), and is skipped otherwise (a
/// system bundle, which may hold certificates webpki does not parse).
pub fn load_root_store(path: &Path, strict: bool) -> Result<RootStore, PemError> {
    let mut roots = RootStore::new();
    for cert in load_certs(path)? {
        if let Err(e) = roots.add(&cert) {
            if strict {
                return Err(PemError::BadCaCertificate {
                    path: path.to_path_buf(),
                    detail: alloc::format!("{e:?}"),
                });
            }
        }
    }
    if roots.is_empty() {
        return Err(PemError::NotFound {
            path: path.to_path_buf(),
            wanted: "usable CA certificate",
        });
    }
    Ok(roots)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrotls_crypto::rustcrypto::default_provider;

    fn vector(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../vectors/certs")
            .join(name)
    }

    #[test]
    fn test_pki_files_load() {
        assert_eq!(load_certs(&vector("server-ed25519.pem")).unwrap().len(), 1);
        assert!(load_signing_key(&default_provider(), &vector("server-rsa2048.key")).is_ok());
        assert_eq!(load_root_store(&vector("ca.pem"), true).unwrap().len(), 1);
    }

    #[test]
    fn errors_name_the_file_and_the_problem() {
        let missing = load_certs(Path::new("/nonexistent/x.pem")).unwrap_err();
        assert!(matches!(missing, PemError::Io { .. }), "{missing:?}");
        assert!(missing
            .to_string()
            .starts_with("cannot read /nonexistent/x.pem"));
        let key_as_cert = load_certs(&vector("ca.key")).unwrap_err();
        assert!(matches!(
            key_as_cert,
            PemError::NotFound {
                wanted: "CERTIFICATE",
                ..
            }
        ));
        let cert_as_key = load_private_key(&vector("ca.pem")).unwrap_err();
        assert!(matches!(
            cert_as_key,
            PemError::NotFound {
                wanted: "PRIVATE KEY",
                ..
            }
        ));
    }

    /// Encrypted keys made with `openssl genpkey -algorithm ed25519 | openssl pkey -aes256`
    /// (PKCS#8) and `openssl genrsa -traditional -aes128` headers (legacy PEM encryption).
    #[test]
    fn an_encrypted_key_says_so() {
        let pkcs8 = b"-----BEGIN ENCRYPTED PRIVATE KEY-----\n\
            MIGbMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAhiT4DPwCmLYAICCAAw\n\
            -----END ENCRYPTED PRIVATE KEY-----\n";
        let legacy = b"-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\
            DEK-Info: AES-128-CBC,0123456789ABCDEF0123456789ABCDEF\n\nAAAA\n\
            -----END RSA PRIVATE KEY-----\n";
        for pem in [&pkcs8[..], &legacy[..]] {
            let e = key_from_slice(Path::new("k.pem"), pem).unwrap_err();
            assert_eq!(
                e,
                PemError::EncryptedKey {
                    path: PathBuf::from("k.pem")
                }
            );
            assert!(e
                .to_string()
                .contains("encrypted keys are not supported; decrypt it with `openssl pkey"));
        }
    }

    #[test]
    fn pkcs8_sec1_and_pkcs1_keys_load() {
        let provider = default_provider();
        let pkcs8 = load_private_key(&vector("server-ecdsa-p256.key")).unwrap();
        assert!(matches!(pkcs8, PrivateKeyDer::Pkcs8(_)));
        let sec1 = vector("server-ecdsa-p256.sec1.key");
        assert!(matches!(
            load_private_key(&sec1).unwrap(),
            PrivateKeyDer::Sec1(_)
        ));
        let pkcs1 = vector("server-rsa2048.pkcs1.key");
        assert!(matches!(
            load_private_key(&pkcs1).unwrap(),
            PrivateKeyDer::Pkcs1(_)
        ));
        for p in [sec1, pkcs1] {
            load_signing_key(&provider, &p).unwrap();
        }
    }
}
