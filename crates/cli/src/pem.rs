//! Loading certificates, keys and trust anchors from PEM files, with errors that name the file.

use std::path::Path;
use std::sync::Arc;

use ferrotls_core::crypto::sign::SigningKey;
use ferrotls_core::crypto::CryptoProvider;
use ferrotls_core::pki_types::pem::PemObject;
use ferrotls_core::pki_types::{CertificateDer, PrivateKeyDer};
use ferrotls_core::RootStore;

fn read(path: &Path, what: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {what} {}: {e}", path.display()))
}

/// Every certificate in `path`, in file order; at least one.
pub(crate) fn load_certs(path: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let pem = read(path, "certificate file")?;
    let certs = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("{}: bad PEM: {e}", path.display()))?;
    if certs.is_empty() {
        return Err(format!("{}: no CERTIFICATE found", path.display()));
    }
    Ok(certs)
}

/// The first private key in `path`, loaded by the provider's key loader.
pub(crate) fn load_key(
    provider: &CryptoProvider,
    path: &Path,
) -> Result<Arc<dyn SigningKey>, String> {
    let pem = read(path, "key file")?;
    let der = PrivateKeyDer::from_pem_slice(&pem)
        .map_err(|e| format!("{}: no usable PRIVATE KEY: {e}", path.display()))?;
    provider
        .key_loader
        .load_private_key(&der)
        .map_err(|e| format!("{}: key refused: {e}", path.display()))
}

/// Trust anchors from `path`. A certificate that cannot be an anchor fails the load when
/// `strict` (a file the user named), and is skipped otherwise (a system bundle, which may hold
/// certificates webpki does not parse).
pub(crate) fn load_roots(path: &Path, strict: bool) -> Result<RootStore, String> {
    let mut roots = RootStore::new();
    for cert in load_certs(path)? {
        if let Err(e) = roots.add(&cert) {
            if strict {
                return Err(format!(
                    "{}: not a usable CA certificate: {e}",
                    path.display()
                ));
            }
        }
    }
    if roots.is_empty() {
        return Err(format!("{}: no usable CA certificate", path.display()));
    }
    Ok(roots)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ferrotls_core::crypto::rustcrypto::default_provider;
    use std::path::PathBuf;

    fn vector(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../vectors/certs")
            .join(name)
    }

    #[test]
    fn test_pki_files_load() {
        assert_eq!(load_certs(&vector("server-ed25519.pem")).unwrap().len(), 1);
        assert!(load_key(&default_provider(), &vector("server-rsa2048.key")).is_ok());
        assert_eq!(load_roots(&vector("ca.pem"), true).unwrap().len(), 1);
    }

    #[test]
    fn errors_name_the_file_and_the_problem() {
        let missing = load_certs(Path::new("/nonexistent/x.pem")).unwrap_err();
        assert!(
            missing.starts_with("cannot read certificate file /nonexistent/x.pem"),
            "{missing}"
        );
        let key_as_cert = load_certs(&vector("ca.key")).unwrap_err();
        assert!(
            key_as_cert.ends_with("no CERTIFICATE found"),
            "{key_as_cert}"
        );
        let cert_as_key = load_key(&default_provider(), &vector("ca.pem")).unwrap_err();
        assert!(
            cert_as_key.contains("no usable PRIVATE KEY"),
            "{cert_as_key}"
        );
    }
}
