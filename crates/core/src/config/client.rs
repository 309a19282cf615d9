//! Client configuration.

use alloc::sync::Arc;
use alloc::vec::Vec;

use ferrotls_crypto::{CryptoProvider, NamedGroup};
use ferrotls_record::ProtocolVersion;

use super::{CertifiedKey, Limits, DEFAULT_GROUPS};
use crate::deferred::Defer;
use crate::key_log::KeyLog;
use crate::msgs::enums::PskKeyExchangeMode;
use crate::msgs::extensions::TicketRequest;
use crate::resumption::ClientSessionStore;
use crate::suites::{SupportedCipherSuite, ALL_CIPHER_SUITES};
use crate::verify::{RootStore, ServerCertVerifier, WebPkiServerVerifier};

/// Everything a client needs to connect. Shared between connections (`Arc<ClientConfig>`).
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// The cryptography: primitives, key-exchange groups, signature verification and the
    /// random source, e.g. `ferrotls_crypto::rustcrypto::default_provider()`.
    pub provider: Arc<CryptoProvider>,
    /// Versions to offer, highest preference first.
    pub versions: Vec<ProtocolVersion>,
    /// Suites to offer, in preference order (suites of versions not offered are left out).
    pub cipher_suites: Vec<&'static SupportedCipherSuite>,
    /// Groups for supported_groups, in preference order.
    pub groups: Vec<NamedGroup>,
    /// How many of `groups` (from the front) get a key share in the first ClientHello. The
    /// server may ask for another with HelloRetryRequest.
    ///
    /// Default 2: with the default groups, an X25519MLKEM768 share (1216 bytes) and an X25519
    /// share (32), as Chromium and Firefox send. A server with the hybrid uses it at once; the
    /// many servers without it (TLS 1.3 stacks before ML-KEM) take the X25519 share instead of
    /// costing a round trip with a HelloRetryRequest. The second share adds 36 bytes and one
    /// X25519 key generation; each share has its own private key (none reused, RFC 9846
    /// §4.3.8). Set 1 to send only the first group's share.
    pub key_share_count: usize,
    /// Checks the server's certificate chain, its name, and its handshake signature. There is no
    /// verifier that accepts everything; [`ClientConfig::new`] uses a
    /// [`WebPkiServerVerifier`] over its roots.
    pub verifier: Arc<dyn ServerCertVerifier>,
    /// ALPN protocol names to offer, in preference order; empty sends no ALPN extension.
    pub alpn_protocols: Vec<Vec<u8>>,
    /// The certificate and key to answer a CertificateRequest with; `None` sends an empty
    /// Certificate.
    pub client_auth: Option<Arc<CertifiedKey>>,
    /// Send server_name (RFC 6066 §3) when connecting to a DNS name.
    pub send_sni: bool,
    /// Middlebox compatibility mode (RFC 8446 §D.4): a 32-byte legacy_session_id and a dummy
    /// change_cipher_spec before the second flight.
    pub middlebox_compat: bool,
    /// Send the session_ticket extension (RFC 5077 §3.2), empty on a full handshake, asking a
    /// TLS 1.2 server for a session ticket; TLS 1.3 servers ignore it. On by default.
    pub tls12_session_tickets: bool,
    /// TLS 1.3 PSK key exchange modes to offer when resuming (RFC 8446 §4.2.9), in preference
    /// order. Default: psk_dhe_ke only (forward secrecy for the resumed session); adding
    /// psk_ke lets the server skip the (EC)DHE exchange.
    pub psk_modes: Vec<PskKeyExchangeMode>,
    /// Offer 0-RTT (RFC 8446 §4.2.10) when resuming with a ticket that allows it; the
    /// application then writes it with `send_early_data`. Off by default: early data can be
    /// replayed (§8, §E.5).
    pub enable_early_data: bool,
    /// TLS 1.2: refuse servers that do not negotiate the extended master secret (RFC 7627 §5.2);
    /// without it a session's master secret is not bound to its handshake (the triple
    /// handshake attack). TLS 1.3 always binds it.
    pub require_ems: bool,
    /// Automatic resumption: `ClientConnection::new` offers the best session stored for the
    /// server name (see `ClientSessionStore::take_for_resumption`), and every session a server
    /// makes resumable is stored. A server's sessions are forgotten when it declines one or a
    /// connection involving them fails with a fatal alert (RFC 5246 §7.2.2). `None` (default):
    /// resumption only through `ClientConnection::resume`, which also wins when a store is set.
    pub session_store: Option<Arc<dyn ClientSessionStore>>,
    /// Ask a TLS 1.3 server for a number of tickets (RFC 9149 ticket_request):
    /// `new_session_count` after a full handshake, `resumption_count` after a resumption. A
    /// hello that offers no ticket sends 0 for the latter (RFC 9149 §3). The server may send
    /// fewer (or, not knowing the extension, its own number). `None` (default): no request;
    /// the server decides.
    pub ticket_request: Option<TicketRequest>,
    /// Where this config's connections log their secrets (SSLKEYLOGFILE format, RFC 9850),
    /// e.g. a [`KeyLogFile`](crate::key_log::KeyLogFile). `None` (default): no key log.
    pub key_log: Option<Arc<dyn KeyLog>>,
    /// Bounds on what a peer can make this side hold (message sizes, buffered data, counts):
    /// [`Limits::default`].
    pub limits: Limits,
    /// Whether the client certificate is chosen by the application (`defer.certificate`,
    /// [`crate::deferred`]); the other flags have no meaning on a client. Default: none.
    pub defer: Defer,
}

impl ClientConfig {
    /// A client that verifies servers against `roots` with rustls-webpki, with every default.
    /// Nothing is checked: prefer [`ClientConfig::builder`], which refuses mistakes with a
    /// typed [`ConfigError`](crate::config::ConfigError).
    ///
    /// Defaults: TLS 1.3 then TLS 1.2; [`ALL_CIPHER_SUITES`]; [`DEFAULT_GROUPS`](super::DEFAULT_GROUPS)
    /// with key shares for the first 2; no ALPN; no client certificate; SNI sent;
    /// middlebox-compatibility mode on (RFC 9846 §E.4); TLS 1.2 session tickets asked for; the
    /// psk_dhe_ke mode only; no 0-RTT; the extended master secret required from TLS 1.2 servers;
    /// no session store (resume by passing [`ResumptionData`](crate::ResumptionData) yourself);
    /// no ticket_request; record_size_limit offered at the protocol maximum (RFC 8449 §4); no
    /// key log; nothing deferred.
    pub fn new(provider: Arc<CryptoProvider>, roots: Arc<RootStore>) -> Self {
        let verifier = Arc::new(WebPkiServerVerifier::new(roots, provider.verification));
        Self::with_verifier(provider, verifier)
    }

    /// A client with its own certificate verifier, and otherwise the defaults of
    /// [`ClientConfig::new`].
    pub fn with_verifier(
        provider: Arc<CryptoProvider>,
        verifier: Arc<dyn ServerCertVerifier>,
    ) -> Self {
        Self {
            provider,
            versions: alloc::vec![ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2],
            cipher_suites: ALL_CIPHER_SUITES.to_vec(),
            groups: DEFAULT_GROUPS.to_vec(),
            key_share_count: 2,
            verifier,
            alpn_protocols: Vec::new(),
            client_auth: None,
            send_sni: true,
            middlebox_compat: true,
            tls12_session_tickets: true,
            psk_modes: alloc::vec![PskKeyExchangeMode::PSK_DHE_KE],
            enable_early_data: false,
            require_ems: true,
            session_store: None,
            ticket_request: None,
            key_log: None,
            limits: Limits::default(),
            defer: Defer::default(),
        }
    }

    /// The suites to offer for `version`, in preference order.
    pub fn suites_for(
        &self,
        version: ProtocolVersion,
    ) -> impl Iterator<Item = &'static SupportedCipherSuite> + '_ {
        self.cipher_suites
            .iter()
            .copied()
            .filter(move |s| s.version == version)
    }
}
