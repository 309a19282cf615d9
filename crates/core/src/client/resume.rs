//! Resuming a session: [`ClientConnection::resume`] decides whether the stored session may be
//! offered at all, and [`ClientConnection::send_early_data`] writes 0-RTT data with a TLS 1.3
//! ticket that allows it.
//!
//! A session that may not be offered is not an error: the handshake goes ahead in full and the
//! application learns why from `Event::ResumptionDeclined`, as it does when the server declines.

use alloc::sync::Arc;
use core::time::Duration;

use ferrotls_record::ProtocolVersion;
use rustls_pki_types::{ServerName, UnixTime};

use super::hello::{offered_versions, sni_host_name};
use super::{ClientConnection, Offer};
use crate::config::ClientConfig;
use crate::conn::HandshakeOutput;
use crate::error::ApiError;
use crate::msgs::enums::PskKeyExchangeMode;
use crate::resumption::{DeclineReason, ResumptionData};
use crate::suites;

impl ClientConnection {
    /// Start a handshake with `server_name` that offers the session in `data` (from an earlier
    /// connection's `Event::TicketReceived` or `resumption_data()`, possibly through
    /// `ResumptionData::to_bytes` / `from_bytes`). The ClientHello is ready in `write_tls` on
    /// return, as with [`new`](Self::new), which this is otherwise identical to (including
    /// the order of random draws).
    ///
    /// The session is offered only if it can be used: not expired at `now`, made for the
    /// server name this connection sends (ASCII case-insensitively; no SNI matches only a
    /// session made without one), of a version the config offers, with a cipher suite the
    /// config enables (TLS 1.2: the same suite, RFC 5246 §7.4.1.2; TLS 1.3: one with the same
    /// hash, RFC 8446 §4.2.11), with the extended master secret (TLS 1.2, RFC 7627 §5.3), and
    /// with a PSK mode configured (TLS 1.3). Otherwise the handshake is a full one and the first
    /// event is `ResumptionDeclined` with the reason; no error is returned.
    ///
    /// - TLS 1.2 session ID: sent as legacy_session_id. TLS 1.2 ticket: sent in the
    ///   session_ticket extension with a fresh 32-byte session ID (RFC 5077 §3.4).
    /// - TLS 1.3 ticket: offered as the one pre_shared_key identity, its age computed from
    ///   `now` (whole seconds: see [`resume_with_ticket_age`](Self::resume_with_ticket_age)).
    ///   With `config.enable_early_data`, a ticket allowing early data and its own suite
    ///   enabled, early_data is offered too: write it with
    ///   [`send_early_data`](Self::send_early_data) before feeding the server's answer in.
    ///
    /// Whether the server resumed shows in [`is_resumed`](Self::is_resumed); a server that
    /// declines produces `ResumptionDeclined { reason: DeclinedByServer }`. A TLS 1.3 ticket is
    /// meant for one use (RFC 8446 §C.4): take a new one from this connection's tickets.
    pub fn resume(
        config: Arc<ClientConfig>,
        server_name: ServerName<'static>,
        data: ResumptionData,
        now: UnixTime,
    ) -> Result<Self, ApiError> {
        let age = now.as_secs().saturating_sub(data.received().as_secs());
        Self::resume_with_ticket_age(config, server_name, data, now, Duration::from_secs(age))
    }

    /// [`resume`](Self::resume), with the TLS 1.3 ticket's age measured by the application:
    /// RFC 8446 §4.2.11.1 counts it in milliseconds, finer than `UnixTime`'s seconds. An
    /// application that notes a monotonic clock when the ticket arrives gives the server's
    /// freshness check (§8.3) a more exact age; `now` still decides expiry. A TLS 1.2 session
    /// ignores the age.
    pub fn resume_with_ticket_age(
        config: Arc<ClientConfig>,
        server_name: ServerName<'static>,
        data: ResumptionData,
        now: UnixTime,
        ticket_age: Duration,
    ) -> Result<Self, ApiError> {
        let sni = sni_host_name(&server_name).filter(|_| config.send_sni);
        match usable(&config, sni.as_deref(), &data, now) {
            Ok(early_data) => {
                let offer = Offer::new(data, early_data, ticket_age, false);
                Self::start(config, server_name, Some(offer))
            }
            Err(reason) => {
                let mut conn = Self::start(config, server_name, None)?;
                let _entered = conn.common.enter_span();
                conn.common.output().resumption_declined(reason);
                Ok(conn)
            }
        }
    }

    /// Write `data` as 0-RTT application data (RFC 8446 §2.3), after a
    /// [`resume`](Self::resume) that offered early data and before the server's ServerHello
    /// has been fed in. Bounded like [`send`](Self::send): it takes as much of `data` as the
    /// send buffer has room for (`Limits::max_send_buffer`, see
    /// [`send_capacity`](Self::send_capacity); the ClientHello counts against it) and returns
    /// how much; `Ok(0)` for non-empty `data` means the buffer is full: hand
    /// [`write_tls`](Self::write_tls)'s bytes to the transport, then send the rest.
    /// The ticket's max_early_data_size bounds the total: if what was taken so far plus all
    /// of `data` exceeds it, nothing is taken and the answer is
    /// [`ApiError::EarlyDataTooLarge`] (so the rest of an accepted `data` always fits later).
    /// [`ApiError::EarlyDataUnavailable`] if early data was not offered or the ServerHello
    /// has arrived.
    ///
    /// The server may refuse the data: `Event::EarlyDataRejected` then hands back exactly what
    /// was taken,
    /// to be sent again with [`send`](Self::send). `Event::EarlyDataAccepted` says it was
    /// taken. Early data can be replayed by an attacker (RFC 8446 §8, §E.5): send only what is
    /// safe to repeat.
    pub fn send_early_data(&mut self, data: &[u8]) -> Result<usize, ApiError> {
        match self.hs.cx.early_data.as_mut() {
            Some(early) => early.send(&mut self.common, data),
            None => Err(ApiError::EarlyDataUnavailable),
        }
    }
}

/// Whether `data` may be offered to the server this connection names; `Ok` says whether with
/// 0-RTT data. Also what picks a session from the config's store (`session_store`).
pub(super) fn usable(
    config: &ClientConfig,
    sni: Option<&str>,
    data: &ResumptionData,
    now: UnixTime,
) -> Result<bool, DeclineReason> {
    if data.is_expired(now) {
        return Err(DeclineReason::Expired);
    }
    // RFC 8446 §4.6.1: clients "SHOULD only resume if the SNI value matches the one used in
    // the original session"; RFC 6066 §3 says the same for TLS 1.2.
    if !data.matches_server_name(sni) {
        return Err(DeclineReason::ServerNameMismatch);
    }
    let version = data.protocol_version();
    if !offered_versions(config).contains(&version) {
        return Err(DeclineReason::VersionMismatch);
    }
    let suite = suites::lookup(data.cipher_suite()).ok_or(DeclineReason::CipherSuiteMismatch)?;
    let same_suite = config.suites_for(version).any(|s| s.suite == suite.suite);
    if version == ProtocolVersion::TLS1_2 {
        // RFC 5246 §7.4.1.2: the resuming ClientHello "MUST include at least the
        // cipher_suite from that session".
        if !same_suite {
            return Err(DeclineReason::CipherSuiteMismatch);
        }
        // RFC 7627 §5.3: our ClientHello always carries extended_master_secret, and a server
        // "MUST NOT perform the abbreviated handshake" for a session without it.
        if !data.extended_master_secret() {
            return Err(DeclineReason::EmsMismatch);
        }
        return Ok(false);
    }
    // A TLS 1.3 ticket (the only kind of that version).
    // RFC 8446 §4.2.11: a PSK may be used with any suite of its hash.
    if !config.suites_for(version).any(|s| s.hash == suite.hash) {
        return Err(DeclineReason::CipherSuiteMismatch);
    }
    // RFC 8446 §4.2.9: a pre_shared_key offer needs psk_key_exchange_modes.
    let known = [PskKeyExchangeMode::PSK_KE, PskKeyExchangeMode::PSK_DHE_KE];
    if !config.psk_modes.iter().any(|m| known.contains(m)) {
        return Err(DeclineReason::ModeMismatch);
    }
    // RFC 8446 §4.2.10: 0-RTT data goes under the ticket's own suite, which the server must
    // then select, so we must offer it; and only if the ticket allows early data at all.
    Ok(config.enable_early_data && data.max_early_data_size() > 0 && same_suite)
}
