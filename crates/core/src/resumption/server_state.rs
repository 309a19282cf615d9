//! [`ServerSessionState`]: what a server keeps about a session, sealed into a ticket or stored
//! under a session ID.

use alloc::vec::Vec;
use core::fmt;

use ferrotls_crypto::Secret;
use ferrotls_record::ProtocolVersion;
use rustls_pki_types::UnixTime;

use super::errors::{FieldError, ServerStateError};
use super::fields::{check_timing, expired, expires_at, Timing, MAX_SESSION_ID_LEN};
use super::params::SessionParams;
use crate::certificate_chain::CertificateChain;
use crate::msgs::enums::CipherSuite;

/// The server's side of a resumable session: the plaintext a
/// [`TicketSealer`](super::TicketSealer) encrypts, or the value a
/// [`ServerSessionStore`](super::ServerSessionStore) keeps.
///
/// `session_id` is the session's persistent identifier: created at the full handshake (at most
/// 32 bytes, so it can double as the TLS 1.2 session ID) and copied unchanged into every state
/// issued on a resumption of it, so a server can report the same identity for the session and
/// all its resumptions. The `created`/`lifetime` pair belongs to this one state (this ticket):
/// TLS 1.3 ticket-age checks (RFC 8446 §4.2.11.1, §8.3) measure from it.
///
/// Valid by construction, like [`ResumptionData`](super::ResumptionData); `Debug` shows neither
/// the secret nor `ticket_age_add`. The encoding is documented in [`to_bytes`](Self::to_bytes).
#[derive(Clone, PartialEq, Eq)]
pub struct ServerSessionState {
    pub(super) version: ProtocolVersion,
    pub(super) params: SessionParams,
    pub(super) session_id: Vec<u8>,
    pub(super) created: UnixTime,
    pub(super) lifetime: u32,
    pub(super) ticket_age_add: u32,
    pub(super) max_early_data_size: u32,
}

impl ServerSessionState {
    /// A TLS 1.2 session (master secret in `params.secret`), identified by `session_id` (1 to
    /// 32 bytes), usable for `lifetime` seconds from `created`.
    pub fn tls12(
        params: SessionParams,
        session_id: Vec<u8>,
        created: UnixTime,
        lifetime: u32,
    ) -> Result<Self, ServerStateError> {
        Self::checked(Self {
            version: ProtocolVersion::TLS1_2,
            params,
            session_id,
            created,
            lifetime,
            ticket_age_add: 0,
            max_early_data_size: 0,
        })
    }

    /// A TLS 1.3 ticket's state: `params.secret` is the ticket's PSK (RFC 8446 §4.6.1),
    /// `lifetime` at most 604800 seconds, `ticket_age_add` the value sent in the
    /// NewSessionTicket, `max_early_data_size` 0 when the ticket allows no early data.
    pub fn tls13(
        params: SessionParams,
        session_id: Vec<u8>,
        created: UnixTime,
        lifetime: u32,
        ticket_age_add: u32,
        max_early_data_size: u32,
    ) -> Result<Self, ServerStateError> {
        Self::checked(Self {
            version: ProtocolVersion::TLS1_3,
            params,
            session_id,
            created,
            lifetime,
            ticket_age_add,
            max_early_data_size,
        })
    }

    /// The invariants, shared by the constructors and the decoder.
    pub(super) fn checked(mut self) -> Result<Self, ServerStateError> {
        let version = self.params.validate()?;
        if version != self.version {
            return Err(ServerStateError::UnsupportedCipherSuite(
                self.params.cipher_suite,
            ));
        }
        if self.session_id.is_empty() || self.session_id.len() > MAX_SESSION_ID_LEN {
            return Err(FieldError::Malformed("session id").into());
        }
        check_timing(version, &self.timing())?;
        Ok(self)
    }

    /// The validity window and the TLS 1.3 ticket fields.
    pub(super) fn timing(&self) -> Timing {
        Timing {
            start: self.created,
            lifetime: self.lifetime,
            ticket_age_add: self.ticket_age_add,
            max_early_data_size: self.max_early_data_size,
        }
    }

    /// TLS 1.2 or TLS 1.3.
    pub fn protocol_version(&self) -> ProtocolVersion {
        self.version
    }

    /// The session's cipher suite.
    pub fn cipher_suite(&self) -> CipherSuite {
        self.params.cipher_suite
    }

    /// The master secret (TLS 1.2) or this ticket's PSK (TLS 1.3).
    pub fn secret(&self) -> &Secret {
        &self.params.secret
    }

    /// The persistent session identifier (1 to 32 bytes).
    pub fn session_id(&self) -> &[u8] {
        &self.session_id
    }

    /// The persistent session identifier, moved out of a state that is done with (a TLS 1.3
    /// resumption keeps it for the tickets it issues).
    pub(crate) fn into_session_id(self) -> Vec<u8> {
        self.session_id
    }

    /// When this state (ticket) was issued.
    pub fn created(&self) -> UnixTime {
        self.created
    }

    /// Seconds from [`created`](Self::created) during which the state may be resumed.
    pub fn lifetime(&self) -> u32 {
        self.lifetime
    }

    /// TLS 1.3 `ticket_age_add`; 0 for TLS 1.2.
    pub fn ticket_age_add(&self) -> u32 {
        self.ticket_age_add
    }

    /// TLS 1.3 `max_early_data_size`; 0 means no early data.
    pub fn max_early_data_size(&self) -> u32 {
        self.max_early_data_size
    }

    /// The server name (SNI) the session was made under.
    pub fn server_name(&self) -> Option<&str> {
        self.params.server_name.as_deref()
    }

    /// The negotiated ALPN protocol, if any.
    pub fn alpn(&self) -> Option<&[u8]> {
        self.params.alpn.as_deref()
    }

    /// Whether the session used the extended master secret (always true for TLS 1.3).
    pub fn extended_master_secret(&self) -> bool {
        self.params.extended_master_secret
    }

    /// The client's certificate chain, end entity first; empty if the client sent none. A
    /// resumption shares it (`clone`) rather than copying it.
    pub fn client_certificates(&self) -> &CertificateChain {
        &self.params.peer_certificates
    }

    /// All the shared session parameters at once.
    pub fn params(&self) -> &SessionParams {
        &self.params
    }

    /// Issue this state again, as of `created` for `lifetime` seconds, all else kept (the
    /// ticket a TLS 1.2 server renews on an abbreviated handshake, RFC 5077 §3.3). The
    /// lifetime is checked as at construction; on an error the state is unchanged.
    pub(crate) fn reissue(
        &mut self,
        created: UnixTime,
        lifetime: u32,
    ) -> Result<(), ServerStateError> {
        check_timing(
            self.version,
            &Timing {
                start: created,
                lifetime,
                ticket_age_add: self.ticket_age_add,
                max_early_data_size: self.max_early_data_size,
            },
        )?;
        self.created = created;
        self.lifetime = lifetime;
        Ok(())
    }

    /// When the state stops being usable.
    pub fn expires_at(&self) -> UnixTime {
        expires_at(self.created, self.lifetime)
    }

    /// Whether the state must be refused at `now`: `created + lifetime <= now`, or `created`
    /// lies more than [`CLOCK_SKEW_ALLOWANCE_SECS`](super::CLOCK_SKEW_ALLOWANCE_SECS) after
    /// `now`.
    pub fn is_expired(&self, now: UnixTime) -> bool {
        expired(self.created.as_secs(), self.lifetime, now.as_secs())
    }
}

impl fmt::Debug for ServerSessionState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServerSessionState")
            .field("version", &self.version)
            .field("cipher_suite", &self.params.cipher_suite)
            .field("session_id", &self.session_id)
            .field("server_name", &self.params.server_name)
            .field("alpn", &self.params.alpn)
            .field(
                "extended_master_secret",
                &self.params.extended_master_secret,
            )
            .field("created", &self.created)
            .field("lifetime", &self.lifetime)
            .field("max_early_data_size", &self.max_early_data_size)
            .field("client_certificates", &self.params.peer_certificates.len())
            .finish_non_exhaustive()
    }
}
