//! The library's PEM loaders (`ferrotls_core::pem`), with their errors as the CLI's messages.

use std::path::Path;
use std::sync::Arc;

use ferrotls_core::crypto::sign::SigningKey;
use ferrotls_core::crypto::CryptoProvider;
use ferrotls_core::pem;
use ferrotls_core::pki_types::CertificateDer;
use ferrotls_core::RootStore;

/// Every certificate in `path`, in file order; at least one.
pub(crate) fn load_certs(path: &Path) -> Result<Vec<CertificateDer<'static>>, String> {
    pem::load_certs(path).map_err(|e| e.to_string())
}

/// The first private key in `path`, loaded by the provider's key loader.
pub(crate) fn load_key(
    provider: &CryptoProvider,
    path: &Path,
) -> Result<Arc<dyn SigningKey>, String> {
    pem::load_signing_key(provider, path).map_err(|e| e.to_string())
}

/// Trust anchors from `path`; see [`pem::load_root_store`] for `strict`.
pub(crate) fn load_roots(path: &Path, strict: bool) -> Result<RootStore, String> {
    pem::load_root_store(path, strict).map_err(|e| e.to_string())
}
