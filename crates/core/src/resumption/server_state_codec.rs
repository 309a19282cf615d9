//! The [`ServerSessionState`] encoding, format version 1.
//!
//! It is the plaintext inside a ticket, so it has no magic (the AEAD already says whether the
//! bytes are ours), but it has a version byte so a fleet can roll out a new format while old
//! tickets are still in flight. All integers big-endian:
//!
//! | offset | size | field |
//! |-------:|-----:|-------|
//! | 0  | 1 | format version, `0x01` |
//! | 1  | 2 | protocol version: `0x0303` or `0x0304` |
//! | 3  | 2 | cipher suite (must be one ferrotls implements, of that version) |
//! | 5  | 1 | flags: bit 0 extended master secret (must be set for TLS 1.3); other bits 0 |
//! | 6  | 8 | creation time, seconds since the Unix epoch |
//! | 14 | 4 | lifetime, seconds (at most 604800 for TLS 1.3) |
//! | 18 | 4 | `ticket_age_add` (0 for TLS 1.2) |
//! | 22 | 4 | `max_early_data_size` (0 for TLS 1.2) |
//! | 26 | 1+n | secret: 1-byte length (48 for TLS 1.2; the suite's hash length for TLS 1.3), bytes |
//! |    | 1+n | session identifier: 1-byte length (1..32), bytes |
//! |    | 1+n | server name: 1-byte length (0 = none), printable ASCII |
//! |    | 1+n | ALPN protocol: 1-byte length (0 = none), bytes |
//! |    | 3+n | client certificate chain: 3-byte length, then per certificate a 3-byte length (≥ 1) and the DER |
//!
//! Nothing may follow the chain.

use alloc::vec::Vec;

use ferrotls_record::ProtocolVersion;
use rustls_pki_types::UnixTime;
use zeroize::Zeroizing;

use super::errors::{FieldError, ServerStateError};
use super::fields::{
    identity_len, opaque, put_identity, put_prefixed, put_session_header, read_identity,
    read_session_header, session_header_len, SESSION_ID,
};
use super::params::SessionParams;
use super::server_state::ServerSessionState;
use crate::msgs::codec::Reader;

/// The format version this library writes (and the only one it reads).
pub const SERVER_STATE_FORMAT_VERSION: u8 = 1;

/// Bytes before the protocol version: the format version.
const PREFIX_LEN: usize = 1;

impl ServerSessionState {
    /// The encoding described in the [module docs](self); zeroizing, since it holds the secret.
    pub fn to_bytes(&self) -> Zeroizing<Vec<u8>> {
        // Sized once so the buffer never reallocates and leaves a copy of the secret behind.
        let len = PREFIX_LEN
            + session_header_len(&self.params)
            + 1
            + self.session_id.len()
            + identity_len(&self.params);
        let mut out = Zeroizing::new(Vec::with_capacity(len));
        out.push(SERVER_STATE_FORMAT_VERSION);
        let timing = self.timing();
        put_session_header(&mut out, self.version, &self.params, &timing);
        put_prefixed(&mut out, 1, &self.session_id);
        put_identity(&mut out, &self.params);
        out
    }

    /// Decodes a state and refuses it if it is expired at `now`
    /// ([`is_expired`](Self::is_expired)). Strict in the same ways as
    /// [`ResumptionData::from_bytes`](super::ResumptionData::from_bytes).
    pub fn from_bytes(bytes: &[u8], now: UnixTime) -> Result<Self, ServerStateError> {
        let state = Self::decode(bytes)?;
        if state.is_expired(now) {
            return Err(ServerStateError::Expired);
        }
        Ok(state)
    }

    fn decode(bytes: &[u8]) -> Result<Self, ServerStateError> {
        let mut r = Reader::new(bytes);
        let format = r.u8().map_err(|_| malformed("format version"))?;
        if format != SERVER_STATE_FORMAT_VERSION {
            return Err(ServerStateError::UnknownFormatVersion(format));
        }
        let version = ProtocolVersion(r.u16().map_err(|_| malformed("protocol version"))?);
        if version != ProtocolVersion::TLS1_2 && version != ProtocolVersion::TLS1_3 {
            return Err(malformed("protocol version"));
        }
        let (params, timing) = read_session_header(&mut r, version, "creation time")?;
        let session_id = opaque(&mut r, SESSION_ID, "session id")?.to_vec();
        let (server_name, alpn, peer_certificates) = read_identity(&mut r)?;
        if !r.is_empty() {
            return Err(malformed("trailing bytes"));
        }
        Self::checked(Self {
            version,
            params: SessionParams {
                server_name,
                alpn,
                peer_certificates,
                ..params
            },
            session_id,
            created: timing.start,
            lifetime: timing.lifetime,
            ticket_age_add: timing.ticket_age_add,
            max_early_data_size: timing.max_early_data_size,
        })
    }
}

fn malformed(what: &'static str) -> ServerStateError {
    FieldError::Malformed(what).into()
}
