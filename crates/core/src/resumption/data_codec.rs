//! The [`ResumptionData`] encoding, format version 1 (laid out byte by byte in the
//! [module docs](super)).

use alloc::vec::Vec;

use ferrotls_record::ProtocolVersion;
use rustls_pki_types::UnixTime;
use zeroize::Zeroizing;

use super::data::{Fields, ResumptionData, ResumptionKind};
use super::errors::{FieldError, ResumptionDataError};
use super::fields::{
    identity_len, opaque, put_identity, put_prefixed, put_session_header, read_identity,
    read_session_header, session_header_len, SESSION_ID,
};
use super::params::SessionParams;
use crate::msgs::codec::{Bounds, Reader};

/// The first four bytes of every encoding: "FTRD", ferrotls resumption data.
pub const RESUMPTION_DATA_MAGIC: [u8; 4] = *b"FTRD";

/// The format version this library writes (and the only one it reads).
pub const RESUMPTION_DATA_FORMAT_VERSION: u8 = 1;

/// Bytes before the protocol version: magic, format version, kind.
const PREFIX_LEN: usize = 6;

/// `opaque ticket<0..2^16-1>`: empty exactly for the session-ID kind.
const TICKET: Bounds = Bounds::u16(0, 0xffff);

impl ResumptionData {
    /// The stable encoding (format version 1). It holds the secret, hence the zeroizing buffer:
    /// whoever stores it must protect it like a key.
    pub fn to_bytes(&self) -> Zeroizing<Vec<u8>> {
        // Sized once so the buffer never reallocates and leaves a copy of the secret behind.
        let len = PREFIX_LEN
            + session_header_len(&self.0.params)
            + 1
            + self.0.session_id.len()
            + 2
            + self.0.ticket.len()
            + identity_len(&self.0.params);
        let mut out = Zeroizing::new(Vec::with_capacity(len));
        out.extend_from_slice(&RESUMPTION_DATA_MAGIC);
        out.push(RESUMPTION_DATA_FORMAT_VERSION);
        out.push(self.0.kind.to_u8());
        let timing = self.timing();
        put_session_header(
            &mut out,
            self.0.kind.protocol_version(),
            &self.0.params,
            &timing,
        );
        put_prefixed(&mut out, 1, &self.0.session_id);
        put_prefixed(&mut out, 2, &self.0.ticket);
        put_identity(&mut out, &self.0.params);
        out
    }

    /// Decodes resumption data and refuses it if it is expired at `now`
    /// ([`is_expired`](Self::is_expired)).
    ///
    /// Strict: exact lengths, every field within its bounds and consistent with the kind, no
    /// trailing bytes. Allocation is bounded by the input's length. The format checks come first,
    /// so [`ResumptionDataError::Expired`] means well-formed but too old (or from the future).
    pub fn from_bytes(bytes: &[u8], now: UnixTime) -> Result<Self, ResumptionDataError> {
        let data = Self::decode(bytes)?;
        if data.is_expired(now) {
            return Err(ResumptionDataError::Expired);
        }
        Ok(data)
    }

    /// [`from_bytes`](Self::from_bytes), and also refuses data made for another server name
    /// ([`matches_server_name`](Self::matches_server_name)): what a client does before offering
    /// a session, so a session never leaks to, or is resumed with, the wrong server.
    pub fn from_bytes_for_server(
        bytes: &[u8],
        server_name: Option<&str>,
        now: UnixTime,
    ) -> Result<Self, ResumptionDataError> {
        let data = Self::from_bytes(bytes, now)?;
        if !data.matches_server_name(server_name) {
            return Err(ResumptionDataError::WrongServerName);
        }
        Ok(data)
    }

    /// The format checks of [`from_bytes`](Self::from_bytes), without the clock.
    fn decode(bytes: &[u8]) -> Result<Self, ResumptionDataError> {
        let mut r = Reader::new(bytes);
        let magic = r.array::<4>().map_err(|_| ResumptionDataError::BadMagic)?;
        if magic != RESUMPTION_DATA_MAGIC {
            return Err(ResumptionDataError::BadMagic);
        }
        let format = r.u8().map_err(|_| malformed("format version"))?;
        if format != RESUMPTION_DATA_FORMAT_VERSION {
            return Err(ResumptionDataError::UnknownFormatVersion(format));
        }
        let kind_byte = r.u8().map_err(|_| malformed("kind"))?;
        let kind = ResumptionKind::from_u8(kind_byte)
            .ok_or(ResumptionDataError::UnknownKind(kind_byte))?;
        let version = ProtocolVersion(r.u16().map_err(|_| malformed("protocol version"))?);
        if version != kind.protocol_version() {
            return Err(malformed("protocol version does not match the kind"));
        }
        let (params, timing) = read_session_header(&mut r, version, "receive time")?;
        let session_id = opaque(&mut r, SESSION_ID, "session id")?.to_vec();
        let ticket = opaque(&mut r, TICKET, "ticket")?.to_vec();
        let (server_name, alpn, peer_certificates) = read_identity(&mut r)?;
        if !r.is_empty() {
            return Err(malformed("trailing bytes"));
        }
        Self::checked(Fields {
            kind,
            params: SessionParams {
                server_name,
                alpn,
                peer_certificates,
                ..params
            },
            session_id,
            ticket,
            lifetime: timing.lifetime,
            ticket_age_add: timing.ticket_age_add,
            received: timing.start,
            max_early_data_size: timing.max_early_data_size,
        })
    }
}

fn malformed(what: &'static str) -> ResumptionDataError {
    FieldError::Malformed(what).into()
}
