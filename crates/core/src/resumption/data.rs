//! [`ResumptionData`]: everything a client needs to resume one session, as one owned value.

use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;

use ferrotls_crypto::Secret;
use ferrotls_record::ProtocolVersion;
use rustls_pki_types::UnixTime;

use super::errors::{FieldError, ResumptionDataError};
use super::fields::{check_timing, expired, expires_at, Timing, MAX_SESSION_ID_LEN};
use super::params::SessionParams;
use crate::certificate_chain::CertificateChain;
use crate::msgs::enums::CipherSuite;

/// How the server will recognise the session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ResumptionKind {
    /// TLS 1.2, found again by the session ID in the server's cache (RFC 5246 §7.4.1.2).
    Tls12SessionId,
    /// TLS 1.2, carried in a session ticket (RFC 5077).
    Tls12Ticket,
    /// TLS 1.3, a PSK identified by a ticket (RFC 8446 §4.6.1).
    Tls13Ticket,
}

impl ResumptionKind {
    /// The protocol version sessions of this kind use.
    pub fn protocol_version(self) -> ProtocolVersion {
        match self {
            Self::Tls12SessionId | Self::Tls12Ticket => ProtocolVersion::TLS1_2,
            Self::Tls13Ticket => ProtocolVersion::TLS1_3,
        }
    }

    /// The kind byte of the encoding.
    pub(super) fn to_u8(self) -> u8 {
        match self {
            Self::Tls12SessionId => 1,
            Self::Tls12Ticket => 2,
            Self::Tls13Ticket => 3,
        }
    }

    pub(super) fn from_u8(b: u8) -> Option<Self> {
        match b {
            1 => Some(Self::Tls12SessionId),
            2 => Some(Self::Tls12Ticket),
            3 => Some(Self::Tls13Ticket),
            _ => None,
        }
    }
}

/// The client's resumption state for one session: what GnuTLS's `gnutls_session_get_data2`
/// returns, as an owned, validated value with a stable, versioned encoding
/// ([`to_bytes`](Self::to_bytes) / [`from_bytes`](Self::from_bytes); the format is documented
/// byte by byte in the [module docs](super)).
///
/// Every value is valid by construction: the constructors check what the decoder checks, so
/// whatever exists encodes, and whatever encodes decodes back to an equal value. `Debug` shows
/// neither the secret nor `ticket_age_add` (which obfuscates the ticket age, RFC 8446 §4.2.11.1).
///
/// Cloning is cheap: the value is shared (`Event::TicketReceived`, the connection's
/// `resumption_data()` and a session store can all hold the same one), never copied.
#[derive(Clone, PartialEq, Eq)]
pub struct ResumptionData(pub(super) Arc<Fields>);

/// What a [`ResumptionData`] holds.
#[derive(PartialEq, Eq)]
pub(super) struct Fields {
    pub(super) kind: ResumptionKind,
    pub(super) params: SessionParams,
    pub(super) session_id: Vec<u8>,
    pub(super) ticket: Vec<u8>,
    pub(super) lifetime: u32,
    pub(super) ticket_age_add: u32,
    pub(super) received: UnixTime,
    pub(super) max_early_data_size: u32,
}

impl ResumptionData {
    /// A TLS 1.2 session the server keeps in its cache under `session_id` (1 to 32 bytes; an
    /// empty ID means the server will not resume, RFC 5246 §7.4.1.3). `lifetime` is how long
    /// the client will offer it, in seconds from `received`.
    pub fn tls12_session_id(
        params: SessionParams,
        session_id: Vec<u8>,
        received: UnixTime,
        lifetime: u32,
    ) -> Result<Self, ResumptionDataError> {
        Self::checked(Fields {
            kind: ResumptionKind::Tls12SessionId,
            params,
            session_id,
            ticket: Vec::new(),
            lifetime,
            ticket_age_add: 0,
            received,
            max_early_data_size: 0,
        })
    }

    /// A TLS 1.2 session carried in `ticket` (1 to 65535 bytes, RFC 5077 §3.3). `session_id` is
    /// the ID the server echoed, possibly empty (RFC 5077 §3.4). The caller turns a lifetime
    /// hint of 0 ("unspecified") into its own default; a lifetime of 0 here is already expired.
    pub fn tls12_ticket(
        params: SessionParams,
        ticket: Vec<u8>,
        session_id: Vec<u8>,
        received: UnixTime,
        lifetime: u32,
    ) -> Result<Self, ResumptionDataError> {
        Self::checked(Fields {
            kind: ResumptionKind::Tls12Ticket,
            params,
            session_id,
            ticket,
            lifetime,
            ticket_age_add: 0,
            received,
            max_early_data_size: 0,
        })
    }

    /// A TLS 1.3 ticket from a NewSessionTicket (RFC 8446 §4.6.1): `params.secret` is the PSK
    /// already derived from the resumption master secret and the ticket nonce; `lifetime` is at
    /// most 604800 seconds; `max_early_data_size` is 0 when the ticket allows no early data.
    pub fn tls13_ticket(
        params: SessionParams,
        ticket: Vec<u8>,
        received: UnixTime,
        lifetime: u32,
        ticket_age_add: u32,
        max_early_data_size: u32,
    ) -> Result<Self, ResumptionDataError> {
        Self::checked(Fields {
            kind: ResumptionKind::Tls13Ticket,
            params,
            session_id: Vec::new(),
            ticket,
            lifetime,
            ticket_age_add,
            received,
            max_early_data_size,
        })
    }

    /// The one place the invariants live: the constructors and the decoder both end here.
    pub(super) fn checked(mut fields: Fields) -> Result<Self, ResumptionDataError> {
        let version = fields.params.validate()?;
        if version != fields.kind.protocol_version() {
            return Err(ResumptionDataError::UnsupportedCipherSuite(
                fields.params.cipher_suite,
            ));
        }
        let id_ok = match fields.kind {
            ResumptionKind::Tls12SessionId => !fields.session_id.is_empty(),
            ResumptionKind::Tls12Ticket => true,
            ResumptionKind::Tls13Ticket => fields.session_id.is_empty(),
        } && fields.session_id.len() <= MAX_SESSION_ID_LEN;
        if !id_ok {
            return Err(FieldError::Malformed("session id").into());
        }
        let ticket_ok = match fields.kind {
            ResumptionKind::Tls12SessionId => fields.ticket.is_empty(),
            ResumptionKind::Tls12Ticket | ResumptionKind::Tls13Ticket => {
                !fields.ticket.is_empty() && fields.ticket.len() <= 0xffff
            }
        };
        if !ticket_ok {
            return Err(FieldError::Malformed("ticket").into());
        }
        check_timing(version, &fields.timing())?;
        Ok(Self(Arc::new(fields)))
    }

    /// The validity window and the TLS 1.3 ticket fields.
    pub(super) fn timing(&self) -> Timing {
        self.0.timing()
    }

    /// How the server will recognise the session.
    pub fn kind(&self) -> ResumptionKind {
        self.0.kind
    }

    /// TLS 1.2 or TLS 1.3.
    pub fn protocol_version(&self) -> ProtocolVersion {
        self.0.kind.protocol_version()
    }

    /// The session's cipher suite.
    pub fn cipher_suite(&self) -> CipherSuite {
        self.0.params.cipher_suite
    }

    /// The master secret (TLS 1.2) or the PSK (TLS 1.3).
    pub fn secret(&self) -> &Secret {
        &self.0.params.secret
    }

    /// The ticket (the PSK identity in TLS 1.3); empty for [`ResumptionKind::Tls12SessionId`].
    pub fn ticket(&self) -> &[u8] {
        &self.0.ticket
    }

    /// The TLS 1.2 session ID; empty for TLS 1.3 and possibly for TLS 1.2 tickets.
    pub fn session_id(&self) -> &[u8] {
        &self.0.session_id
    }

    /// Seconds from [`received`](Self::received) during which the session may be offered.
    pub fn lifetime(&self) -> u32 {
        self.0.lifetime
    }

    /// TLS 1.3 `ticket_age_add` (RFC 8446 §4.6.1); 0 for TLS 1.2.
    pub fn ticket_age_add(&self) -> u32 {
        self.0.ticket_age_add
    }

    /// When the client received the ticket or finished the handshake.
    pub fn received(&self) -> UnixTime {
        self.0.received
    }

    /// TLS 1.3 `max_early_data_size` (RFC 8446 §4.2.10); 0 means no early data.
    pub fn max_early_data_size(&self) -> u32 {
        self.0.max_early_data_size
    }

    /// The server name (SNI) the session was made for.
    pub fn server_name(&self) -> Option<&str> {
        self.0.params.server_name.as_deref()
    }

    /// The negotiated ALPN protocol, if any.
    pub fn alpn(&self) -> Option<&[u8]> {
        self.0.params.alpn.as_deref()
    }

    /// Whether the session used the extended master secret (always true for TLS 1.3).
    pub fn extended_master_secret(&self) -> bool {
        self.0.params.extended_master_secret
    }

    /// The server's certificate chain, end entity first: whom the session authenticated. A
    /// resumption shares it (`clone`) rather than copying it.
    pub fn peer_certificates(&self) -> &CertificateChain {
        &self.0.params.peer_certificates
    }

    /// All the shared session parameters at once.
    pub fn params(&self) -> &SessionParams {
        &self.0.params
    }

    /// When the session stops being usable.
    pub fn expires_at(&self) -> UnixTime {
        expires_at(self.0.received, self.0.lifetime)
    }

    /// Whether the session must not be offered at `now`: `received + lifetime <= now`, or
    /// `received` lies more than [`CLOCK_SKEW_ALLOWANCE_SECS`](super::CLOCK_SKEW_ALLOWANCE_SECS)
    /// after `now`.
    pub fn is_expired(&self, now: UnixTime) -> bool {
        expired(self.0.received.as_secs(), self.0.lifetime, now.as_secs())
    }

    /// Whether the session was made for `server_name` (compared ASCII case-insensitively, as
    /// DNS names are; `None` matches only a session made without SNI).
    pub fn matches_server_name(&self, server_name: Option<&str>) -> bool {
        match (self.server_name(), server_name) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            (None, None) => true,
            _ => false,
        }
    }

    /// The `obfuscated_ticket_age` to send with this ticket at `now` (RFC 8446 §4.2.11.1): the
    /// age in milliseconds plus `ticket_age_add`, modulo 2^32. The clock only gives seconds, so
    /// the age is a multiple of 1000 ms; a receive time after `now` (skew) counts as age 0.
    pub fn obfuscated_ticket_age(&self, now: UnixTime) -> u32 {
        let age_ms = now
            .as_secs()
            .saturating_sub(self.0.received.as_secs())
            .saturating_mul(1000);
        // Truncation is the protocol's arithmetic: the sum is taken modulo 2^32.
        (age_ms as u32).wrapping_add(self.0.ticket_age_add)
    }
}

impl Fields {
    fn timing(&self) -> Timing {
        Timing {
            start: self.received,
            lifetime: self.lifetime,
            ticket_age_add: self.ticket_age_add,
            max_early_data_size: self.max_early_data_size,
        }
    }
}

impl fmt::Debug for ResumptionData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResumptionData")
            .field("kind", &self.0.kind)
            .field("cipher_suite", &self.0.params.cipher_suite)
            .field("server_name", &self.0.params.server_name)
            .field("alpn", &self.0.params.alpn)
            .field(
                "extended_master_secret",
                &self.0.params.extended_master_secret,
            )
            .field("received", &self.0.received)
            .field("lifetime", &self.0.lifetime)
            .field("max_early_data_size", &self.0.max_early_data_size)
            .field("session_id_len", &self.0.session_id.len())
            .field("ticket_len", &self.0.ticket.len())
            .field("peer_certificates", &self.0.params.peer_certificates.len())
            .finish_non_exhaustive()
    }
}
