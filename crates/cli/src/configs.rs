//! Building the library's configurations from the command-line options.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ferrotls_core::config::CertifiedKey;
use ferrotls_core::config::TicketRequest;
use ferrotls_core::crypto::rustcrypto::default_provider;
use ferrotls_core::crypto::{CryptoProvider, NamedGroup};
use ferrotls_core::key_log::{KeyLog, KeyLogFile};
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::resumption::{AntiReplay, ServerSessionStore, TicketSealer};
use ferrotls_core::verify::WebPkiClientVerifier;
use ferrotls_core::{CertResolver, ClientConfig, ServerConfig};
use ferrotls_session_cache::{
    ClientCache, ClientCacheOptions, Counters, MemoryOptions, MemoryStore, Rotation, TicketKeyRing,
};

use crate::options::{ClientOptions, ServerOptions, VersionChoice};
use crate::{pem, session_store};

/// Where the client looks for CAs without `--cafile` (Debian's bundle), unless `SSL_CERT_FILE`
/// names another.
const SYSTEM_BUNDLE: &str = "/etc/ssl/certs/ca-certificates.crt";

/// Tickets whose 0-RTT use the server remembers at once (`--max-early-data`). Each entry lives
/// as long as its ticket could be fresh; when full, early data is refused rather than a replay
/// risked.
const ANTI_REPLAY_CAPACITY: usize = 100_000;
/// Sessions the in-memory store keeps (TLS 1.2 session IDs; TLS 1.3 stateful tickets).
const SESSION_CAPACITY: usize = 100_000;
/// A ticket key decrypts for this many times its encrypt window (`--ticket-rotate`): one hour
/// and twelve hours by default.
const DECRYPT_WINDOWS_PER_ROTATION: u32 = 12;

fn certified_key(
    provider: &CryptoProvider,
    cert: &Path,
    key: &Path,
) -> Result<Arc<CertifiedKey>, String> {
    let chain = pem::load_certs(cert)?;
    let key_file = key;
    let key = CertifiedKey::new(chain, pem::load_key(provider, key_file)?);
    key.check(provider, "key")
        .map_err(|_| format!("{}: does not match {}", key_file.display(), cert.display()))?;
    Ok(Arc::new(key))
}

/// `--groups`, if given, replaces the library's default groups; true if it did.
fn apply_groups(groups: &[NamedGroup], config_groups: &mut Vec<NamedGroup>) -> bool {
    if !groups.is_empty() {
        *config_groups = groups.to_vec();
    }
    !groups.is_empty()
}

fn apply_versions(choice: VersionChoice, versions: &mut Vec<ferrotls_core::ProtocolVersion>) {
    if let VersionChoice::Only(v) = choice {
        *versions = vec![v];
    }
}

/// `SSLKEYLOGFILE`, honoured as browsers and curl do: every connection's secrets are appended
/// to the file it names (for Wireshark); unset or empty, nothing is logged.
fn key_log_from_env() -> Result<Option<Arc<dyn KeyLog>>, String> {
    let file = KeyLogFile::from_env().map_err(|e| format!("SSLKEYLOGFILE: {e}"))?;
    Ok(file.map(|f| Arc::new(f) as Arc<dyn KeyLog>))
}

/// A server's configuration and the counters its session store and ticket keys report into.
pub(crate) struct ServerSetup {
    pub(crate) config: ServerConfig,
    pub(crate) counters: Arc<Counters>,
}

/// The server's configuration: one certificate for every name, optional client authentication.
pub(crate) fn server_config(opts: &ServerOptions) -> Result<ServerSetup, String> {
    let provider = Arc::new(default_provider());
    let mut resolver = CertResolver::new();
    resolver.add_default(certified_key(&provider, &opts.cert, &opts.key)?);
    let mut config = ServerConfig::new(Arc::clone(&provider), Arc::new(resolver));
    apply_versions(opts.versions, &mut config.versions);
    let _ = apply_groups(&opts.groups, &mut config.groups);
    config.alpn_protocols = opts.alpn.clone();
    config.limits.record_size_limit = opts.record_size_limit;
    let counters = Arc::new(Counters::new());
    apply_sessions(opts, &mut config, &counters)?;
    session_store::apply(opts, &mut config, &counters)?;
    config.key_log = key_log_from_env()?;
    if let Some(ca) = &opts.client_ca {
        let roots = Arc::new(pem::load_roots(ca, true)?);
        config.client_verifier = Some(Arc::new(WebPkiClientVerifier::new(
            roots,
            provider.verification,
        )));
    }
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

/// The client's configuration: the named CAs (or the system bundle), optional client
/// certificate.
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
    let mut config = ClientConfig::new(Arc::clone(&provider), Arc::new(roots));
    apply_versions(opts.versions, &mut config.versions);
    if apply_groups(&opts.groups, &mut config.groups) {
        // With --groups, a key share for the first group only, so that a listed preference
        // is what the server sees first; without it, the library's default (the hybrid and
        // x25519, see `ClientConfig::key_share_count`).
        config.key_share_count = 1;
    }
    config.alpn_protocols = opts.alpn.clone();
    config.limits.record_size_limit = opts.record_size_limit;
    config.ticket_request = opts.request_tickets.map(|n| TicketRequest {
        new_session_count: n,
        resumption_count: n,
    });
    config.key_log = key_log_from_env()?;
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
        config.session_store = Some(Arc::new(cache));
    }
    if let Some((cert, key)) = &opts.cert {
        config.client_auth = Some(certified_key(&provider, cert, key)?);
    }
    Ok(config)
}
