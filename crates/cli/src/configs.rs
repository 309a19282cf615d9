//! Building the library's configurations from the command-line options.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ferrotls_core::config::{CertifiedKey, ConfigError, TicketRequest};
use ferrotls_core::crypto::rustcrypto::default_provider;
use ferrotls_core::crypto::sign::SigningKey;
use ferrotls_core::crypto::CryptoProvider;
use ferrotls_core::key_log::{KeyLog, KeyLogFile};
use ferrotls_core::pki_types::{CertificateDer, UnixTime};
use ferrotls_core::resumption::{AntiReplay, ServerSessionStore, TicketSealer};
use ferrotls_core::suites::SupportedCipherSuite;
use ferrotls_core::{ClientConfig, ProtocolVersion, ServerConfig};
use ferrotls_session_cache::{
    ClientCache, ClientCacheOptions, Counters, MemoryOptions, MemoryStore, Rotation, TicketKeyRing,
};

use crate::options::{ClientOptions, ServerOptions, VersionChoice};
use crate::{cert_info, pem, session_store, suite_names};

/// Where the client looks for CAs without `--cafile` (Debian's bundle), unless `SSL_CERT_FILE`
/// names another.
const SYSTEM_BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";

/// 0-RTT flights the server remembers at once (`--max-early-data`), each by its ClientHello's
/// binder, so a ticket may carry 0-RTT again in a new ClientHello but a replayed one is
/// refused. Each entry lives as long as its ticket could be fresh; when full, early data is
/// refused rather than a replay risked.
const ANTI_REPLAY_CAPACITY: usize = 100_000;
/// Sessions the in-memory store keeps (TLS 1.2 session IDs; TLS 1.3 stateful tickets).
const SESSION_CAPACITY: usize = 100_000;
/// A ticket key decrypts for this many times its encrypt window (`--ticket-rotate`): one hour
/// and twelve hours by default.
const DECRYPT_WINDOWS_PER_ROTATION: u32 = 12;

/// A certificate chain and its key, loaded from PEM files.
struct KeyPair {
    chain: Vec<CertificateDer<'static>>,
    key: Arc<dyn SigningKey>,
}

impl KeyPair {
    /// Load `cert` and `key`, and check that they belong together with the builders' own probe
    /// ([`CertifiedKey::check`]), so that a mismatch names the files; the builder probes the
    /// pair again, which costs one signature.
    fn load(provider: &CryptoProvider, cert: &Path, key: &Path) -> Result<Self, String> {
        let chain = pem::load_certs(cert)?;
        let signing_key = pem::load_key(provider, key)?;
        CertifiedKey::new(chain.clone(), Arc::clone(&signing_key))
            .check(provider, "cert")
            .map_err(|e| format!("--cert {} --key {}: {e}", cert.display(), key.display()))?;
        Ok(Self {
            chain,
            key: signing_key,
        })
    }
}

/// The versions `--tls12` / `--tls13` leave, and the suites: `--ciphers` / `--suites` for
/// their versions, every suite of the other enabled versions (see [`suite_names::choose`]).
fn versions_and_suites(
    choice: VersionChoice,
    tls12: Option<&[&'static SupportedCipherSuite]>,
    tls13: Option<&[&'static SupportedCipherSuite]>,
) -> (Vec<ProtocolVersion>, Vec<&'static SupportedCipherSuite>) {
    let versions = match choice {
        VersionChoice::Only(v) => vec![v],
        VersionChoice::Default => vec![ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2],
    };
    let suites = suite_names::choose(&versions, tls12, tls13);
    (versions, suites)
}

/// A builder's refusal as the CLI's message: the option behind the config field, then the
/// builder's own words (which name the field).
fn config_error(e: ConfigError) -> String {
    let text = e.to_string();
    let option = match text.split([':', '[']).next().unwrap_or_default() {
        "versions" => "--tls12/--tls13",
        "cipher_suites" => "--ciphers/--suites",
        "groups" => "--groups",
        "alpn_protocols" => "--alpn",
        "cert" | "cert_for_name" => "--cert/--key",
        "client_auth" => "--cert/--key",
        "client_verifier" => "--client-ca",
        "max_early_data" => "--max-early-data",
        "roots" => "--cafile",
        _ => return format!("configuration refused: {text}"),
    };
    format!("{option}: {text}")
}

/// `--keylog FILE`, or else `SSLKEYLOGFILE`, honoured as browsers and curl do: every
/// connection's secrets are appended to the file (for Wireshark); neither, nothing is logged.
fn key_log(path: Option<&Path>) -> Result<Option<Arc<dyn KeyLog>>, String> {
    let file = match path {
        Some(path) => {
            Some(KeyLogFile::open(path).map_err(|e| format!("--keylog {}: {e}", path.display()))?)
        }
        None => KeyLogFile::from_env().map_err(|e| format!("SSLKEYLOGFILE: {e}"))?,
    };
    Ok(file.map(|f| Arc::new(f) as Arc<dyn KeyLog>))
}

/// A server's configuration and the counters its session store and ticket keys report into.
pub(crate) struct ServerSetup {
    pub(crate) config: ServerConfig,
    pub(crate) counters: Arc<Counters>,
}

/// The server's configuration, through [`ServerConfig::builder`]: the first `--cert` for
/// every name, each one also for the DNS names of its subjectAltName (by SNI), optional
/// client authentication.
pub(crate) fn server_config(opts: &ServerOptions) -> Result<ServerSetup, String> {
    let provider = Arc::new(default_provider());
    let mut builder = ServerConfig::builder(Arc::clone(&provider));
    for (i, (cert, key)) in opts.certs.iter().enumerate() {
        let pair = KeyPair::load(&provider, cert, key)?;
        if opts.certs.len() > 1 {
            let names = pair
                .chain
                .first()
                .map(|der| cert_info::dns_names(der))
                .transpose()
                .map_err(|e| format!("--cert {}: {e}", cert.display()))?
                .unwrap_or_default();
            for name in names {
                builder = builder.cert_for_name(&name, pair.chain.clone(), Arc::clone(&pair.key));
            }
        }
        if i == 0 {
            builder = builder.cert(pair.chain, pair.key);
        }
    }
    let (versions, suites) = versions_and_suites(
        opts.versions,
        opts.ciphers.as_deref(),
        opts.suites.as_deref(),
    );
    let alpn: Vec<&[u8]> = opts.alpn.iter().map(Vec::as_slice).collect();
    let mut builder = builder
        .versions(&versions)
        .cipher_suites(&suites)
        .alpn_protocols(&alpn)
        .with(|c| c.limits.record_size_limit = opts.record_size_limit);
    if !opts.groups.is_empty() {
        builder = builder.groups(&opts.groups);
    }
    if let Some(key_log) = key_log(opts.keylog.as_deref())? {
        builder = builder.key_log(key_log);
    }
    if let Some(ca) = &opts.client_ca {
        let roots = Arc::new(pem::load_roots(ca, true)?);
        builder = builder.client_auth(roots, !opts.client_cert_optional);
    }
    builder = builder.require_ems(opts.require_ems);
    let counters = Arc::new(Counters::new());
    let mut sessions = Ok(());
    builder = builder.with(|config| {
        sessions = apply_sessions(opts, config, &counters)
            .and_then(|()| session_store::apply(opts, config, &counters));
    });
    sessions?;
    let config = builder.build().map_err(config_error)?;
    Ok(ServerSetup { config, counters })
}

/// The server's session options: two TLS 1.3 tickets, TLS 1.2 tickets and a session-ID cache
/// unless turned off; the session cache is the session-cache crate's sharded in-memory store
/// and the ticket keys its key ring (random per process, or derived from
/// `--ticket-secret-file`), rotating every `--ticket-rotate` seconds. 0-RTT is accepted only
/// with `--max-early-data`, and then always behind the store's replay check, which the
/// library requires before it accepts early data.
fn apply_sessions(
    opts: &ServerOptions,
    config: &mut ServerConfig,
    counters: &Arc<Counters>,
) -> Result<(), String> {
    config.tls13_tickets = opts.tls13_tickets;
    config.max_requested_tickets = opts.max_requested_tickets;
    config.tls12_tickets = opts.tls12_tickets;
    let now = UnixTime::now();
    let ring = ticket_keys(opts, &config.provider, now)?.with_counters(Arc::clone(counters));
    let mut store = MemoryStore::with_options(
        MemoryOptions {
            capacity: SESSION_CAPACITY,
            anti_replay_capacity: ANTI_REPLAY_CAPACITY,
            ..MemoryOptions::default()
        },
        Arc::clone(counters),
    );
    if ring.is_shared() {
        // RFC 9846 §8.2: tickets from before this process (a restart, another server of the
        // fleet) open here, but the replays recorded for them are elsewhere: no 0-RTT until
        // every such ticket is dead.
        let lifetime = u64::from(ring.rotation().encrypt_window) + u64::from(ring.lifetime_hint());
        store = store.refusing_early_data_until(UnixTime::since_unix_epoch(
            std::time::Duration::from_secs(now.as_secs().saturating_add(lifetime)),
        ));
    }
    let store = Arc::new(store);
    config.ticket_sealer = Some(Arc::new(ring));
    config.session_store = opts
        .session_cache
        .then(|| Arc::clone(&store) as Arc<dyn ServerSessionStore>);
    config.max_early_data = opts.max_early_data;
    if opts.max_early_data > 0 {
        config.anti_replay = Some(store as Arc<dyn AntiReplay>);
    }
    Ok(())
}

/// The ticket key ring of `--ticket-secret-file` and `--ticket-rotate`.
fn ticket_keys(
    opts: &ServerOptions,
    provider: &CryptoProvider,
    now: UnixTime,
) -> Result<TicketKeyRing, String> {
    let rotation = match opts.ticket_keys.rotate {
        Some(secs) => Rotation::new(secs, secs * DECRYPT_WINDOWS_PER_ROTATION),
        None => Rotation::default(),
    };
    match &opts.ticket_keys.secret_file {
        Some(path) => TicketKeyRing::from_secret_file(provider, path, rotation, now)
            .map_err(|e| format!("{}: {e}", path.display())),
        None => TicketKeyRing::random(provider, rotation, now).map_err(|e| e.to_string()),
    }
}

/// The client's configuration, through [`ClientConfig::builder`]: the named CAs (or the
/// system bundle), optional client certificate.
pub(crate) fn client_config(opts: &ClientOptions) -> Result<ClientConfig, String> {
    let provider = Arc::new(default_provider());
    let roots = match &opts.cafile {
        Some(path) => pem::load_roots(path, true)?,
        None => {
            let bundle = std::env::var_os("SSL_CERT_FILE")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from(SYSTEM_BUNDLE));
            pem::load_roots(&bundle, false)
                .map_err(|e| format!("no --cafile given and the system CAs are unusable: {e}"))?
        }
    };
    let (versions, suites) = versions_and_suites(
        opts.versions,
        opts.ciphers.as_deref(),
        opts.suites.as_deref(),
    );
    let alpn: Vec<&[u8]> = opts.alpn.iter().map(Vec::as_slice).collect();
    let mut builder = ClientConfig::builder(Arc::clone(&provider), Arc::new(roots))
        .versions(&versions)
        .cipher_suites(&suites)
        .alpn_protocols(&alpn)
        .with(|c| {
            // Unset: the library's default (offered at the protocol maximum).
            if let Some(limit) = opts.record_size_limit {
                c.limits.record_size_limit = Some(limit);
            }
            c.ticket_request = opts.request_tickets.map(|n| TicketRequest {
                new_session_count: n,
                resumption_count: n,
            });
        });
    if !opts.groups.is_empty() {
        // With --groups, a key share for the first group only, so that a listed preference
        // is what the server sees first; without it, the library's default (the hybrid and
        // x25519, see `ClientConfig::key_share_count`).
        builder = builder.groups(&opts.groups).with(|c| c.key_share_count = 1);
    }
    if let Some(key_log) = key_log(opts.keylog.as_deref())? {
        builder = builder.key_log(key_log);
    }
    builder = builder.require_ems(opts.require_ems);
    if let Some(path) = &opts.session_cache {
        let (cache, dropped) =
            ClientCache::persistent(path, ClientCacheOptions::default(), UnixTime::now())
                .map_err(|e| format!("session cache {}: {e}", path.display()))?;
        if dropped > 0 {
            eprintln!(
                "ferrotls: session cache {}: {dropped} expired or unreadable session(s) dropped",
                path.display()
            );
        }
        builder = builder.with(|c| c.session_store = Some(Arc::new(cache)));
    }
    if let Some((cert, key)) = &opts.cert {
        let pair = KeyPair::load(&provider, cert, key)?;
        builder = builder.client_auth(pair.chain, pair.key);
    }
    builder.build().map_err(config_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_flags_leave_only_their_suites() {
        let (versions, suites) =
            versions_and_suites(VersionChoice::Only(ProtocolVersion::TLS1_3), None, None);
        assert_eq!(versions, [ProtocolVersion::TLS1_3]);
        assert!(!suites.is_empty() && suites.iter().all(|s| s.is_tls13()));
        let (versions, suites) = versions_and_suites(VersionChoice::Default, None, None);
        assert_eq!(versions.len(), 2);
        assert_eq!(suites.len(), ferrotls_core::suites::ALL_CIPHER_SUITES.len());
    }

    #[test]
    fn builder_errors_name_the_option() {
        assert_eq!(
            config_error(ConfigError::Empty { field: "groups" }),
            "--groups: groups: must not be empty"
        );
        assert_eq!(
            config_error(ConfigError::InvalidAlpn {
                field: "alpn_protocols",
                index: 1,
                len: 0
            }),
            "--alpn: alpn_protocols[1]: an ALPN name must be 1 to 255 bytes, not 0 (RFC 7301 §3.1)"
        );
        assert!(config_error(ConfigError::OutOfRange { field: "other" })
            .starts_with("configuration refused: other:"));
    }
}
