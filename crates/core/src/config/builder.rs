//! Builders for [`ServerConfig`] and [`ClientConfig`] whose `build()` refuses, with a
//! [`ConfigError`] naming the field, the mistakes that would otherwise fail every handshake
//! (see `check.rs` for the list). Each builder starts from the same defaults as `new`; fields
//! without a setter are reachable through `with`, and are checked the same way.

use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;

use ferrotls_crypto::{CryptoProvider, NamedGroup};
use ferrotls_record::ProtocolVersion;

use super::check::{self, ConfigError};
use super::{is_wildcard_name, CertResolver, CertifiedKey, ClientConfig, ServerConfig};
use crate::key_log::KeyLog;
use crate::resumption::AntiReplay;
use crate::suites::SupportedCipherSuite;
use crate::verify::{RootStore, WebPkiClientVerifier};

/// Builds a checked [`ServerConfig`]; start with [`ServerConfig::builder`].
#[derive(Debug)]
pub struct ServerConfigBuilder {
    config: ServerConfig,
    /// Certified keys given to [`Self::cert`] (no name) and [`Self::cert_for_name`], probed
    /// at build time.
    keys: Vec<(Option<String>, Arc<CertifiedKey>)>,
    /// Set by [`Self::client_auth`] with an empty root store.
    client_auth_without_roots: bool,
    /// The empty resolver `builder` starts with: still in place at build time with no
    /// [`Self::cert`] means the server has nothing to present.
    empty_resolver: Arc<dyn super::ResolvesServerCert>,
    /// The default suites `builder` starts with (see [`default_suites_follow_versions`]).
    default_suites: Vec<&'static SupportedCipherSuite>,
}

impl ServerConfig {
    /// A builder with the defaults of [`ServerConfig::new`] and no certificate yet: add one with
    /// [`ServerConfigBuilder::cert`] (or set a resolver of your own with
    /// [`ServerConfigBuilder::with`]).
    pub fn builder(provider: Arc<CryptoProvider>) -> ServerConfigBuilder {
        let empty_resolver: Arc<dyn super::ResolvesServerCert> = Arc::new(CertResolver::new());
        let config = ServerConfig::new(provider, Arc::clone(&empty_resolver));
        ServerConfigBuilder {
            default_suites: config.cipher_suites.clone(),
            config,
            keys: Vec::new(),
            client_auth_without_roots: false,
            empty_resolver,
        }
    }
}

impl ServerConfigBuilder {
    /// Serve `chain` (end entity first) with `key` to every client; call again to add another
    /// (e.g. an RSA and an ECDSA certificate: the first whose key suits the client wins). At
    /// build time the key must sign a probe that the certificate's public key verifies.
    pub fn cert(
        mut self,
        chain: Vec<rustls_pki_types::CertificateDer<'static>>,
        key: Arc<dyn ferrotls_crypto::sign::SigningKey>,
    ) -> Self {
        self.keys
            .push((None, Arc::new(CertifiedKey::new(chain, key))));
        self
    }

    /// Serve `chain` with `key` to clients whose server_name (RFC 6066 §3) is `name`
    /// (compared case-insensitively), or, for a wildcard name such as `*.example.com`, whose
    /// server_name is one label followed by `.example.com` (RFC 6125 §6.4.3; an exact name
    /// wins over a wildcard: see [`CertResolver`]); clients naming no such name get a
    /// [`Self::cert`] certificate, or a handshake failure if there is none. Call again for more
    /// names or key types. At build time the key is probed as for [`Self::cert`], and `name`
    /// must be a DNS name (not an IP address, which SNI cannot carry) or `*.` and a DNS name of
    /// at least two labels.
    pub fn cert_for_name(
        mut self,
        name: &str,
        chain: Vec<rustls_pki_types::CertificateDer<'static>>,
        key: Arc<dyn ferrotls_crypto::sign::SigningKey>,
    ) -> Self {
        self.keys.push((
            Some(String::from(name)),
            Arc::new(CertifiedKey::new(chain, key)),
        ));
        self
    }

    /// The versions to accept.
    pub fn versions(mut self, versions: &[ProtocolVersion]) -> Self {
        self.config.versions = versions.to_vec();
        self
    }

    /// The cipher suites to accept, in preference order.
    pub fn cipher_suites(mut self, suites: &[&'static SupportedCipherSuite]) -> Self {
        self.config.cipher_suites = suites.to_vec();
        self
    }

    /// The key-exchange groups to accept, in preference order.
    pub fn groups(mut self, groups: &[NamedGroup]) -> Self {
        self.config.groups = groups.to_vec();
        self
    }

    /// The ALPN protocols, in preference order; each 1 to 255 bytes (RFC 7301 §3.1).
    pub fn alpn_protocols(mut self, names: &[&[u8]]) -> Self {
        self.config.alpn_protocols = names.iter().map(|n| n.to_vec()).collect();
        self
    }

    /// Request client certificates and verify them against `roots` (which must not be empty);
    /// `mandatory` refuses clients that send none.
    pub fn client_auth(mut self, roots: Arc<RootStore>, mandatory: bool) -> Self {
        self.client_auth_without_roots = roots.is_empty();
        let verifier = WebPkiClientVerifier::new(roots, self.config.provider.verification);
        self.config.client_verifier = Some(if mandatory {
            Arc::new(verifier)
        } else {
            Arc::new(verifier.optional())
        });
        self
    }

    /// Accept 0-RTT up to `max_early_data` bytes per connection, with `anti_replay` refusing
    /// replayed flights (RFC 9846 §8).
    pub fn early_data(mut self, max_early_data: u32, anti_replay: Arc<dyn AntiReplay>) -> Self {
        self.config.max_early_data = max_early_data;
        self.config.anti_replay = Some(anti_replay);
        self
    }

    /// TLS 1.2: whether clients must offer the extended master secret (RFC 7627 §5.2);
    /// on by default. Turn it off only for peers that cannot do it.
    pub fn require_ems(mut self, require: bool) -> Self {
        self.config.require_ems = require;
        self
    }

    /// Log every connection's secrets to `key_log` (SSLKEYLOGFILE format, RFC 9850).
    pub fn key_log(mut self, key_log: Arc<dyn KeyLog>) -> Self {
        self.config.key_log = Some(key_log);
        self
    }

    /// Change any field directly; `build()` checks the result like the setters' values.
    pub fn with(mut self, change: impl FnOnce(&mut ServerConfig)) -> Self {
        change(&mut self.config);
        self
    }

    /// The config, or the first mistake found, naming its field.
    pub fn build(mut self) -> Result<ServerConfig, ConfigError> {
        default_suites_follow_versions(
            &mut self.config.cipher_suites,
            &self.default_suites,
            &self.config.versions,
        );
        if !self.keys.is_empty() {
            let mut resolver = CertResolver::new();
            for (name, key) in self.keys {
                match name {
                    None => {
                        check::certified_key(&self.config.provider, &key, "cert")?;
                        resolver.add_default(key);
                    }
                    Some(name) => {
                        check::certified_key(&self.config.provider, &key, "cert_for_name")?;
                        // A host name, or a wildcard over one (RFC 6125 §6.4.3).
                        let host = match name.strip_prefix("*.") {
                            Some(rest) if is_wildcard_name(&name) => rest,
                            _ => name.as_str(),
                        };
                        if rustls_pki_types::DnsName::try_from(host).is_err() {
                            return Err(ConfigError::InvalidServerName {
                                field: "cert_for_name",
                            });
                        }
                        resolver.add(&name, key);
                    }
                }
            }
            self.config.cert_resolver = Arc::new(resolver);
        } else if Arc::ptr_eq(&self.config.cert_resolver, &self.empty_resolver)
            && !self.config.defer.certificate
        {
            return Err(ConfigError::Empty { field: "cert" });
        }
        if self.client_auth_without_roots {
            return Err(ConfigError::ClientAuthWithoutRoots {
                field: "client_verifier",
            });
        }
        check::server(&self.config)?;
        Ok(self.config)
    }
}

impl CertifiedKey {
    /// Whether the key belongs to the end-entity certificate: it signs a probe that the
    /// certificate's public key must verify (through the handshake's verification code). A key
    /// held outside the process is not probed. `field` names the config field in the error.
    pub fn check(&self, provider: &CryptoProvider, field: &'static str) -> Result<(), ConfigError> {
        check::certified_key(provider, self, field)
    }
}

/// Builds a checked [`ClientConfig`]; start with [`ClientConfig::builder`].
#[derive(Debug)]
pub struct ClientConfigBuilder {
    config: ClientConfig,
    /// Set when the roots given to [`ClientConfig::builder`] are empty.
    no_roots: bool,
    /// The default suites `builder` starts with (see [`default_suites_follow_versions`]).
    default_suites: Vec<&'static SupportedCipherSuite>,
}

impl ClientConfig {
    /// A builder with the defaults of [`ClientConfig::new`], verifying servers against `roots`
    /// (which must not be empty).
    pub fn builder(provider: Arc<CryptoProvider>, roots: Arc<RootStore>) -> ClientConfigBuilder {
        let no_roots = roots.is_empty();
        let config = ClientConfig::new(provider, roots);
        ClientConfigBuilder {
            no_roots,
            default_suites: config.cipher_suites.clone(),
            config,
        }
    }
}

impl ClientConfigBuilder {
    /// The versions to offer, highest preference first.
    pub fn versions(mut self, versions: &[ProtocolVersion]) -> Self {
        self.config.versions = versions.to_vec();
        self
    }

    /// The cipher suites to offer, in preference order.
    pub fn cipher_suites(mut self, suites: &[&'static SupportedCipherSuite]) -> Self {
        self.config.cipher_suites = suites.to_vec();
        self
    }

    /// The key-exchange groups to offer, in preference order; the first gets a key share (and
    /// the second, if there is one: see [`ClientConfig::key_share_count`]).
    pub fn groups(mut self, groups: &[NamedGroup]) -> Self {
        self.config.groups = groups.to_vec();
        self.config.key_share_count = self.config.key_share_count.clamp(1, groups.len().max(1));
        self
    }

    /// The ALPN protocols to offer, in preference order; each 1 to 255 bytes (RFC 7301 §3.1).
    pub fn alpn_protocols(mut self, names: &[&[u8]]) -> Self {
        self.config.alpn_protocols = names.iter().map(|n| n.to_vec()).collect();
        self
    }

    /// Answer a server's CertificateRequest with `chain` (end entity first) and `key`. At
    /// build time the key must sign a probe that the certificate's public key verifies.
    pub fn client_auth(
        mut self,
        chain: Vec<rustls_pki_types::CertificateDer<'static>>,
        key: Arc<dyn ferrotls_crypto::sign::SigningKey>,
    ) -> Self {
        self.config.client_auth = Some(Arc::new(CertifiedKey::new(chain, key)));
        self
    }

    /// TLS 1.2: whether the server must negotiate the extended master secret (RFC 7627 §5.2);
    /// on by default. Turn it off only for servers that cannot do it.
    pub fn require_ems(mut self, require: bool) -> Self {
        self.config.require_ems = require;
        self
    }

    /// Log every connection's secrets to `key_log` (SSLKEYLOGFILE format, RFC 9850).
    pub fn key_log(mut self, key_log: Arc<dyn KeyLog>) -> Self {
        self.config.key_log = Some(key_log);
        self
    }

    /// The largest record content we accept, offered to the server in record_size_limit
    /// (RFC 8449 §4; [`Limits::record_size_limit`](crate::config::Limits::record_size_limit)):
    /// 64 to 2^14, 2^14 by default. `None` leaves the extension out of the ClientHello.
    pub fn record_size_limit(mut self, limit: Option<u16>) -> Self {
        self.config.limits.record_size_limit = limit;
        self
    }

    /// Change any field directly; `build()` checks the result like the setters' values.
    pub fn with(mut self, change: impl FnOnce(&mut ClientConfig)) -> Self {
        change(&mut self.config);
        self
    }

    /// The config, or the first mistake found, naming its field.
    pub fn build(mut self) -> Result<ClientConfig, ConfigError> {
        default_suites_follow_versions(
            &mut self.config.cipher_suites,
            &self.default_suites,
            &self.config.versions,
        );
        if self.no_roots {
            return Err(ConfigError::Empty { field: "roots" });
        }
        check::client(&self.config)?;
        Ok(self.config)
    }
}

/// Suites nobody chose follow the versions: `versions(&[TLS1_3])` alone must not fail with
/// `SuiteForDisabledVersion` because the default list still holds the TLS 1.2 suites. Suites
/// that were chosen (through `cipher_suites` or `with`) are left as they are for the check to
/// judge, so a contradiction the caller wrote is still reported.
fn default_suites_follow_versions(
    suites: &mut Vec<&'static SupportedCipherSuite>,
    defaults: &[&'static SupportedCipherSuite],
    versions: &[ProtocolVersion],
) {
    let untouched = suites.len() == defaults.len()
        && suites
            .iter()
            .zip(defaults)
            .all(|(a, b)| core::ptr::eq(*a, *b));
    if untouched {
        suites.retain(|s| versions.contains(&s.version));
    }
}
