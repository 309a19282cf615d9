//! Server configuration.

use alloc::sync::Arc;
use alloc::vec::Vec;

use ferrotls_crypto::{CryptoProvider, NamedGroup};
use ferrotls_record::ProtocolVersion;

use super::{Limits, ResolvesServerCert, DEFAULT_GROUPS};
use crate::deferred::Defer;
use crate::key_log::KeyLog;
use crate::msgs::enums::PskKeyExchangeMode;
use crate::resumption::{AntiReplay, ServerSessionStore, TicketSealer};
use crate::suites::{SupportedCipherSuite, ALL_CIPHER_SUITES};
use crate::verify::ClientCertVerifier;

/// Everything a server needs to accept connections. Shared between connections.
#[derive(Clone, Debug)]
pub struct ServerConfig {
    /// The cryptography: primitives, key-exchange groups, signature verification and the
    /// random source, e.g. `ferrotls_crypto::rustcrypto::default_provider()`.
    pub provider: Arc<CryptoProvider>,
    /// Versions to accept.
    pub versions: Vec<ProtocolVersion>,
    /// Suites to accept, in the server's preference order.
    pub cipher_suites: Vec<&'static SupportedCipherSuite>,
    /// Groups to accept, in preference order; a client whose key shares name none of them but
    /// whose supported_groups list one gets a HelloRetryRequest.
    pub groups: Vec<NamedGroup>,
    /// How a TLS 1.3 group is chosen. `false` (default): the first of `groups` the client sent a
    /// key share for, with a HelloRetryRequest only when it sent none we accept (saves a round
    /// trip). `true`: the first of `groups` in the client's supported_groups, asking for its
    /// share by HelloRetryRequest if needed (RFC 8446 §4.1.1 lets the server choose either way;
    /// the RFC 8448 §5 server behaves like this).
    pub retry_for_preferred_group: bool,
    /// Chooses the certificate chain and key for each ClientHello (by SNI and the client's
    /// signature_algorithms); usually a [`CertResolver`](crate::CertResolver).
    pub cert_resolver: Arc<dyn ResolvesServerCert>,
    /// `Some`: request client certificates and verify them.
    pub client_verifier: Option<Arc<dyn ClientCertVerifier>>,
    /// ALPN protocols, in the server's preference order. A client offering ALPN with no protocol
    /// in common is refused with no_application_protocol (RFC 7301 §3.2).
    pub alpn_protocols: Vec<Vec<u8>>,
    /// Choose the suite by our order (true) or the client's (false).
    pub prefer_server_order: bool,
    /// Length of the random cookie sent in a HelloRetryRequest (RFC 8446 §4.2.2); 0 sends none.
    pub hrr_cookie_len: usize,
    /// TLS 1.2: refuse clients that do not offer the extended master secret (RFC 7627 §5.2).
    pub require_ems: bool,
    /// Seals tickets (TLS 1.3 PSK tickets and RFC 5077 TLS 1.2 tickets): stateless
    /// resumption. Default: an [`AeadTicketSealer`](crate::resumption::AeadTicketSealer) with
    /// one random key per config. `None`: TLS 1.3 tickets are stateful (kept in
    /// `session_store`, each usable once) and TLS 1.2 gets no tickets.
    pub ticket_sealer: Option<Arc<dyn TicketSealer>>,
    /// Sessions found again by ID: TLS 1.2 session IDs, and TLS 1.3 tickets when there is no
    /// sealer. Default (with `std`): a bounded in-memory store. `None`: no session-ID
    /// resumption.
    pub session_store: Option<Arc<dyn ServerSessionStore>>,
    /// NewSessionTickets sent after each TLS 1.3 handshake (RFC 9846 §4.7.1) to a client that
    /// does not say how many it wants; 0 sends none. More can be sent later with
    /// `ServerConnection::send_tickets`. A client whose psk_key_exchange_modes share no mode
    /// with [`psk_modes`](Self::psk_modes), or that sent none, gets no tickets at all: it could
    /// not resume with them (RFC 9846 §4.3.9).
    pub tls13_tickets: usize,
    /// The most tickets sent after a TLS 1.3 handshake to a client that asks for a number
    /// (RFC 9149 ticket_request: its count for a new or a resumed session): the client gets
    /// what it asks for up to this, and EncryptedExtensions tells it how many to expect.
    /// Default [`DEFAULT_MAX_REQUESTED_TICKETS`].
    pub max_requested_tickets: u8,
    /// Issue RFC 5077 tickets to TLS 1.2 clients that ask (needs `ticket_sealer`).
    pub tls12_tickets: bool,
    /// Lifetime of a session, in seconds, from its full handshake: what tickets announce and
    /// when stored sessions expire (capped by the sealer's `lifetime_hint`, and for TLS 1.3 at
    /// 604800, RFC 8446 §4.6.1). A resumed session never outlives the original.
    pub session_lifetime: u32,
    /// TLS 1.3 PSK key exchange modes accepted, in preference order (RFC 9846 §4.3.9). Tickets
    /// go only to clients whose psk_key_exchange_modes list one of them (§4.3.9: "Servers
    /// SHOULD NOT send NewSessionTicket with tickets that are not compatible with the
    /// advertised modes"); empty turns TLS 1.3 resumption off, tickets included.
    pub psk_modes: Vec<PskKeyExchangeMode>,
    /// max_early_data_size announced in tickets (RFC 8446 §4.6.1); 0 (default) turns 0-RTT
    /// off. Early data is accepted only with `anti_replay` set.
    pub max_early_data: u32,
    /// The replay check 0-RTT needs (RFC 8446 §8). Without it early data is always refused.
    pub anti_replay: Option<Arc<dyn AntiReplay>>,
    /// Where this config's connections log their secrets (SSLKEYLOGFILE format, RFC 9850),
    /// e.g. a [`KeyLogFile`](crate::key_log::KeyLogFile). `None` (default): no key log.
    pub key_log: Option<Arc<dyn KeyLog>>,
    /// Bounds on what a peer can make this side hold (message sizes, buffered data, counts):
    /// [`Limits::default`].
    pub limits: Limits,
    /// Which lookups and choices the application answers itself, later, through
    /// `Connection::answer` (see [`crate::deferred`]). Default: none.
    pub defer: Defer,
}

/// Default [`ServerConfig::session_lifetime`]: one day.
pub const DEFAULT_SESSION_LIFETIME: u32 = 86_400;

/// Default [`ServerConfig::max_requested_tickets`]: enough for a client that races a few
/// connections, each with its own ticket (RFC 9149 §1, §2), while each ticket still costs the
/// server a seal and the client about a hundred bytes plus the certificate chain it keeps.
pub const DEFAULT_MAX_REQUESTED_TICKETS: u8 = 8;

/// Default capacity of the in-memory session store of [`ServerConfig::new`].
pub const DEFAULT_SESSION_STORE_CAPACITY: usize = 4096;

impl ServerConfig {
    /// A config with every default, serving the certificates `cert_resolver` chooses. Nothing is
    /// checked: prefer [`ServerConfig::builder`], which refuses mistakes (empty lists, bad ALPN
    /// names, a key that does not match its certificate) with a typed
    /// [`ConfigError`](crate::config::ConfigError).
    ///
    /// Defaults: TLS 1.3 and TLS 1.2; [`ALL_CIPHER_SUITES`] in the server's order;
    /// [`DEFAULT_GROUPS`]; no client authentication; no ALPN; the extended master secret
    /// required from TLS 1.2 clients; HelloRetryRequest cookies of 32 bytes; stateless tickets
    /// from an [`AeadTicketSealer`](crate::resumption::AeadTicketSealer) with a random key
    /// (none if the random source fails); with `std`, an in-memory session store of
    /// [`DEFAULT_SESSION_STORE_CAPACITY`] sessions; 2 TLS 1.3 tickets per handshake;
    /// [`DEFAULT_SESSION_LIFETIME`]; both PSK modes, psk_dhe_ke first; no 0-RTT; no key log;
    /// nothing deferred.
    pub fn new(provider: Arc<CryptoProvider>, cert_resolver: Arc<dyn ResolvesServerCert>) -> Self {
        Self {
            ticket_sealer: default_sealer(&provider),
            provider,
            versions: alloc::vec![ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2],
            cipher_suites: ALL_CIPHER_SUITES.to_vec(),
            groups: DEFAULT_GROUPS.to_vec(),
            retry_for_preferred_group: false,
            cert_resolver,
            client_verifier: None,
            alpn_protocols: Vec::new(),
            prefer_server_order: true,
            hrr_cookie_len: 32,
            require_ems: true,
            session_store: default_store(),
            tls13_tickets: 2,
            max_requested_tickets: DEFAULT_MAX_REQUESTED_TICKETS,
            tls12_tickets: true,
            session_lifetime: DEFAULT_SESSION_LIFETIME,
            psk_modes: alloc::vec![PskKeyExchangeMode::PSK_DHE_KE, PskKeyExchangeMode::PSK_KE],
            max_early_data: 0,
            anti_replay: None,
            key_log: None,
            limits: Limits::default(),
            defer: Defer::default(),
        }
    }
}

/// One random ticket key for this config. If the random source fails there is no sealer, and
/// so no tickets, rather than a predictable key.
fn default_sealer(provider: &CryptoProvider) -> Option<Arc<dyn TicketSealer>> {
    let sealer =
        crate::resumption::AeadTicketSealer::new(provider, DEFAULT_SESSION_LIFETIME).ok()?;
    Some(Arc::new(sealer))
}

#[cfg(feature = "std")]
fn default_store() -> Option<Arc<dyn ServerSessionStore>> {
    Some(Arc::new(crate::resumption::InMemorySessionStore::new(
        DEFAULT_SESSION_STORE_CAPACITY,
    )))
}

#[cfg(not(feature = "std"))]
fn default_store() -> Option<Arc<dyn ServerSessionStore>> {
    None
}
