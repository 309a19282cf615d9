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
use core::time::Duration;

use ferrotls_record::ProtocolVersion;
use rustls_pki_types::UnixTime;
use zeroize::Zeroizing;

use super::errors::{FieldError, ServerStateError};
use super::fields::{
    check_suite, identity_len, opaque, put_identity, put_prefixed, put_secret, read_flags,
    read_identity, read_secret, FLAG_EMS, SESSION_ID,
};
use super::params::SessionParams;
use super::server_state::ServerSessionState;
use crate::msgs::codec::Reader;
use crate::msgs::enums::CipherSuite;

/// The format version this library writes (and the only one it reads).
pub const SERVER_STATE_FORMAT_VERSION: u8 = 1;

/// Bytes before the secret: format version to `max_early_data_size`.
const HEADER_LEN: usize = 26;

impl ServerSessionState {
    /// The encoding described in the [module docs](self); zeroizing, since it holds the secret.
    pub fn to_bytes(&self) -> Zeroizing<Vec<u8>> {
        // Sized once so the buffer never reallocates and leaves a copy of the secret behind.
        let len = HEADER_LEN
            + 1
            + self.params.secret.len()
            + 1
            + self.session_id.len()
            + identity_len(&self.params);
        let mut out = Zeroizing::new(Vec::with_capacity(len));
        out.push(SERVER_STATE_FORMAT_VERSION);
        out.extend_from_slice(&self.version.0.to_be_bytes());
        out.extend_from_slice(&self.params.cipher_suite.0.to_be_bytes());
        out.push(if self.params.extended_master_secret {
            FLAG_EMS
        } else {
            0
        });
        out.extend_from_slice(&self.created.as_secs().to_be_bytes());
        out.extend_from_slice(&self.lifetime.to_be_bytes());
        out.extend_from_slice(&self.ticket_age_add.to_be_bytes());
        out.extend_from_slice(&self.max_early_data_size.to_be_bytes());
        put_secret(&mut out, &self.params);
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
        let suite = CipherSuite(r.u16().map_err(|_| malformed("cipher suite"))?);
        let suite = check_suite(suite, Some(version))?;
        let extended_master_secret = read_flags(&mut r, version)?;
        let created = r.array::<8>().map_err(|_| malformed("creation time"))?;
        let created = UnixTime::since_unix_epoch(Duration::from_secs(u64::from_be_bytes(created)));
        let lifetime = r.u32().map_err(|_| malformed("lifetime"))?;
        let ticket_age_add = r.u32().map_err(|_| malformed("ticket_age_add"))?;
        let max_early_data_size = r.u32().map_err(|_| malformed("max_early_data_size"))?;
        let secret = read_secret(&mut r, suite)?;
        let session_id = opaque(&mut r, SESSION_ID, "session id")?.to_vec();
        let (server_name, alpn, peer_certificates) = read_identity(&mut r)?;
        if !r.is_empty() {
            return Err(malformed("trailing bytes"));
        }
        Self::checked(Self {
            version,
            params: SessionParams {
                cipher_suite: suite.suite,
                secret,
                server_name,
                alpn,
                extended_master_secret,
                peer_certificates,
            },
            session_id,
            created,
            lifetime,
            ticket_age_add,
            max_early_data_size,
        })
    }
}

fn malformed(what: &'static str) -> ServerStateError {
    FieldError::Malformed(what).into()
}
