//! What the examples share: loading PEM files into the configs, and the demo PKI's paths.

#![allow(dead_code)] // each example uses part of it

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ferrotls_core::crypto::rustcrypto::default_provider;
use ferrotls_core::pki_types::pem::PemObject;
use ferrotls_core::pki_types::{CertificateDer, PrivateKeyDer};
use ferrotls_core::{CertResolver, CertifiedKey, ClientConfig, RootStore, ServerConfig};

/// The repository's test PKI (`vectors/certs/`): a CA, and server certificates for
/// `localhost` and 127.0.0.1 it issued.
pub fn demo_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../vectors/certs")
        .join(name)
}

fn invalid(path: &Path, what: impl std::fmt::Display) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("{}: {what}", path.display()),
    )
}

/// The certificates of a PEM file, in file order.
pub fn certs(path: &Path) -> io::Result<Vec<CertificateDer<'static>>> {
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|e| invalid(path, e))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| invalid(path, e))?;
    if certs.is_empty() {
        return Err(invalid(path, "no certificate"));
    }
    Ok(certs)
}

/// A certificate chain and its private key (PKCS#8, SEC1 or PKCS#1 PEM).
pub fn certified_key(cert: &Path, key: &Path) -> io::Result<Arc<CertifiedKey>> {
    let der = PrivateKeyDer::from_pem_file(key).map_err(|e| invalid(key, e))?;
    let key = default_provider()
        .key_loader
        .load_private_key(&der)
        .map_err(|e| invalid(key, e))?;
    Ok(Arc::new(CertifiedKey::new(certs(cert)?, key)))
}

/// A client config trusting the certificates of `ca` (a PEM bundle); certificates in it that
/// cannot be roots are skipped.
pub fn client_config(ca: &Path) -> io::Result<ClientConfig> {
    let mut roots = RootStore::new();
    for cert in certs(ca)? {
        let _ = roots.add(&cert);
    }
    Ok(ClientConfig::new(
        Arc::new(default_provider()),
        Arc::new(roots),
    ))
}

/// A server config presenting `cert` with `key` to every client.
pub fn server_config(cert: &Path, key: &Path) -> io::Result<ServerConfig> {
    let mut resolver = CertResolver::new();
    resolver.add_default(certified_key(cert, key)?);
    Ok(ServerConfig::new(
        Arc::new(default_provider()),
        Arc::new(resolver),
    ))
}

/// The demo server's config: the ECDSA P-256 certificate for `localhost`.
pub fn demo_server_config() -> ServerConfig {
    server_config(
        &demo_file("server-ecdsa-p256.pem"),
        &demo_file("server-ecdsa-p256.key"),
    )
    .expect("the demo PKI loads")
}

/// A client trusting the demo CA.
pub fn demo_client_config() -> ClientConfig {
    client_config(&demo_file("ca.pem")).expect("the demo CA loads")
}

/// The value after `flag` in `args`, if any.
pub fn option<'a>(args: &'a [String], flag: &str) -> Option<&'a str> {
    let at = args.iter().position(|a| a == flag)?;
    args.get(at + 1).map(String::as_str)
}
