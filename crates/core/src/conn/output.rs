//! The seam between a handshake state machine and the connection that carries it.
//!
//! A state machine sees the connection only through [`HandshakeOutput`]: it sends handshake
//! messages, installs keys for one direction at an encryption [`Level`], records what was
//! negotiated ([`NegotiatedValue`]), emits events, reads the provider, and fails. It never sees
//! records, the record reader or writer, or the connection's fields. Only the TLS-only calls
//! (change_cipher_spec, warning alerts, record sizes, the plaintext record version) name
//! records; a transport without records implements them as nothing.
//!
//! ```text
//!   handshake (client/, server/, tls12/, tls13/)
//!     │ &mut dyn HandshakeOutput
//!     ├─ send:     send_handshake, send_change_cipher_spec, send_warning_alert,
//!     │            install_write_keys, set_write_record_size_limit, set_plaintext_version
//!     ├─ receive:  install_read_keys, set_read_record_size_limit,
//!     │            accept_early_data, end_early_data, skip_early_data
//!     ├─ shared:   record (a NegotiatedValue), info, emit, ticket_received,
//!     │            resumption_declined, complete_handshake, provider, fill_random, fail
//!     └─ secrets:  client_hello_random, log_secret (the key log),
//!                  tls13_exporter_secret, tls12_master_secret (the exporter, logged too)
//! ```
//!
//! For TLS records, `RecordOutput` implements it (conn/common.rs, over the halves in
//! conn/send.rs and conn/receive.rs); a QUIC transport would implement the same calls with
//! handshake bytes and secrets per level (RFC 9001 §4), without records.

use alloc::string::String;
use alloc::vec::Vec;

use ferrotls_crypto::{CryptoProvider, NamedGroup, Secret, SignatureScheme};
use ferrotls_record::{AlertDescription, ProtocolVersion};

use super::info::ConnectionInfo;
use super::limits::EarlyDataSkip;
use super::session::EarlyDataStatus;
use crate::certificate_chain::CertificateChain;
use crate::error::Error;
use crate::events::Event;
use crate::key_log::KeyLogLabel;
use crate::key_schedule::{ExporterSecret, Tls12MasterSecret, Tls12WriteKeys, TrafficSecret};
use crate::resumption::{DeclineReason, ResumptionData};
use crate::suites::SupportedCipherSuite;

/// The encryption level keys belong to (RFC 9001 §4.1.4 names them for QUIC). TLS records carry
/// no level: a record layer installs the keys and ignores it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// No protection: the hellos.
    Initial,
    /// 0-RTT: client_early_traffic_secret (RFC 8446 §7.1).
    Early,
    /// The handshake traffic secrets (TLS 1.3).
    Handshake,
    /// The application traffic secrets (TLS 1.3, and every update), or TLS 1.2's key block.
    Application,
}

/// Keys for one direction. Secrets, not keyed AEADs: the transport builds its protection where
/// it keeps it, so a keyed AEAD (with an AES key schedule inline, about 1 KiB) is not copied on
/// its way there.
#[derive(Debug)]
pub enum DirectionKeys<'a> {
    /// Back to no protection (the retried ClientHello after 0-RTT keys, RFC 8446 §4.2.10).
    Plaintext,
    /// A TLS 1.3 traffic secret of `suite`; the transport derives its keys from it (RFC 8446
    /// §7.3 for records).
    Tls13 {
        suite: &'static SupportedCipherSuite,
        secret: &'a TrafficSecret,
    },
    /// TLS 1.2 write keys from the key block (RFC 5246 §6.3); TLS 1.2 has no other transport.
    Tls12(&'a Tls12WriteKeys),
}

/// One value the handshake has settled, for [`ConnectionInfo`].
#[derive(Debug)]
pub enum NegotiatedValue {
    Version(ProtocolVersion),
    Suite(&'static SupportedCipherSuite),
    /// `None` for a psk_ke resumption.
    Group(Option<NamedGroup>),
    Alpn(Option<Vec<u8>>),
    ServerName(Option<String>),
    PeerCertificates(CertificateChain),
    PeerSignatureScheme(SignatureScheme),
    HelloRetry,
    ClientAuthenticated(bool),
    ExtendedMasterSecret(bool),
    SafeRenegotiation(bool),
    Resumed,
    SessionId(Vec<u8>),
    EarlyData(EarlyDataStatus),
    ResumptionOffered,
}

/// What a handshake state machine may do to its connection. Implemented by the connection for
/// TLS records; see the module documentation for the map.
pub trait HandshakeOutput {
    // ---- sending ----

    /// Send one encoded handshake message (header included) under the current write keys.
    fn send_handshake(&mut self, encoded: &[u8]) -> Result<(), Error>;

    /// A change_cipher_spec record (TLS 1.2, or TLS 1.3's compatibility dummy, RFC 8446 §D.4).
    fn send_change_cipher_spec(&mut self) -> Result<(), Error>;

    /// Whether we sent close_notify (or a fatal alert): nothing more goes out (RFC 9846 §6.1),
    /// not even the answer to a KeyUpdate, and the sending calls above send nothing.
    fn sent_close(&self) -> bool;

    /// A warning alert; the connection goes on. Only TLS 1.2 has warnings other than
    /// close_notify (RFC 5246 §7.2), e.g. no_renegotiation.
    fn send_warning_alert(&mut self, alert: AlertDescription) -> Result<(), Error>;

    /// Protect what we send from now on with `keys`.
    fn install_write_keys(&mut self, level: Level, keys: DirectionKeys<'_>) -> Result<(), Error>;

    /// The largest plaintext the peer accepts in one record (RFC 8449).
    fn set_write_record_size_limit(&mut self, limit: u16) -> Result<(), Error>;

    /// The legacy_record_version of unprotected records (RFC 8446 §5.1).
    fn set_plaintext_version(&mut self, version: ProtocolVersion);

    // ---- receiving ----

    /// Open what we receive from now on with `keys`. RFC 8446 §5.1: the handshake bytes before
    /// a key change must end on a record boundary, which the transport checks.
    fn install_read_keys(&mut self, level: Level, keys: DirectionKeys<'_>) -> Result<(), Error>;

    /// The largest plaintext we told the peer we accept in one record (RFC 8449).
    fn set_read_record_size_limit(&mut self, limit: u16) -> Result<(), Error>;

    /// Server: 0-RTT data was accepted; at most `max` bytes of it are delivered as
    /// `Event::EarlyData`, until [`end_early_data`](Self::end_early_data).
    fn accept_early_data(&mut self, max: u32);

    /// Server: EndOfEarlyData arrived (RFC 8446 §4.5).
    fn end_early_data(&mut self);

    /// Server: skip the early data a ClientHello offered and we did not accept (RFC 8446
    /// §4.2.10), within `Limits::max_early_data`.
    fn skip_early_data(&mut self, how: EarlyDataSkip);

    // ---- shared ----

    /// Record a negotiated value.
    fn record(&mut self, value: NegotiatedValue);

    /// What has been negotiated so far.
    fn info(&self) -> &ConnectionInfo;

    fn emit(&mut self, event: Event);

    /// Client: the server made a session resumable (`Event::TicketReceived`, and the newest for
    /// `resumption_data`).
    fn ticket_received(&mut self, data: ResumptionData);

    /// An offered session was not resumed: tell the application why.
    fn resumption_declined(&mut self, reason: DeclineReason) {
        self.emit(Event::ResumptionDeclined { reason });
    }

    /// The handshake is done: report it and send what the application wrote meanwhile.
    fn complete_handshake(&mut self, version: ProtocolVersion) -> Result<(), Error>;

    // ---- secrets that leave the handshake ----

    /// The ClientHello's random, which names this connection in the key log (RFC 9850); given
    /// before the first [`log_secret`](Self::log_secret).
    fn client_hello_random(&mut self, random: &[u8; 32]);

    /// A secret was derived: hand it to the config's key log, if there is one (RFC 9850).
    fn log_secret(&self, label: KeyLogLabel, secret: &Secret);

    /// TLS 1.3: the exporter secret was derived (RFC 9846 §7.1), for
    /// `Connection::export_keying_material` (§7.5); also logged as EXPORTER_SECRET.
    fn tls13_exporter_secret(&mut self, secret: ExporterSecret);

    /// TLS 1.3 with 0-RTT: the early exporter secret (RFC 9846 §7.5, early_exporter_secret) for `Connection::export_early_keying_material`, once 0-RTT
    /// is in use (the client offered it, the server accepted it); `None` when the server turned
    /// the client's offer down. Also logged as EARLY_EXPORTER_SECRET.
    fn tls13_early_exporter_secret(&mut self, secret: Option<ExporterSecret>);

    /// TLS 1.2: the session's master secret is in use with these randoms (a full handshake
    /// derived it, or an abbreviated one took it up), for the exporter (RFC 5705); also logged
    /// as CLIENT_RANDOM.
    fn tls12_master_secret(
        &mut self,
        master: &Tls12MasterSecret,
        client_random: &[u8; 32],
        server_random: &[u8; 32],
    );

    /// The provider: primitives and the random source.
    fn provider(&self) -> &alloc::sync::Arc<CryptoProvider>;

    /// Fill `buf` from the provider's random source.
    fn fill_random(&self, buf: &mut [u8]) -> Result<(), Error> {
        Ok(self.provider().random.fill(buf)?)
    }

    /// Fail the connection (the one failure path: the fatal alert is queued under the current
    /// write keys and every later call returns the error). Returns the error to propagate.
    fn fail(&mut self, e: Error) -> Error;
}
