//! The field limits and field codecs that [`ResumptionData`](super::ResumptionData) and
//! [`ServerSessionState`](super::ServerSessionState) share, so the two formats cannot drift
//! apart on what a server name or a certificate chain may hold.

use alloc::string::String;
use alloc::vec::Vec;

use core::time::Duration;

use ferrotls_crypto::Secret;
use ferrotls_record::ProtocolVersion;
use rustls_pki_types::{CertificateDer, UnixTime};

use super::errors::FieldError;
use super::params::SessionParams;
use crate::certificate_chain::CertificateChain;
use crate::msgs::codec::{Bounds, Reader};
use crate::msgs::enums::CipherSuite;
use crate::suites::{self, SupportedCipherSuite};

/// Longest TLS 1.2 session ID (RFC 5246 §7.4.1.2: `opaque SessionID<0..32>`), and the longest
/// server-side session identifier (it doubles as the TLS 1.2 session ID).
pub const MAX_SESSION_ID_LEN: usize = 32;

/// Longest TLS 1.3 ticket lifetime: seven days (RFC 8446 §4.6.1, "MUST NOT use any value
/// greater than 604800 seconds").
pub const MAX_TLS13_TICKET_LIFETIME: u32 = 604_800;

/// How far in the future a receive or creation time may lie before the state is refused as
/// [`Expired`](super::ResumptionDataError::Expired), in seconds.
///
/// Resumption data is normally decoded on the machine that wrote it, but it may move between
/// hosts (or the clock may be stepped back by NTP): a minute absorbs ordinary skew, while a time
/// far ahead means the clock or the data is wrong and the lifetime check could not be trusted.
pub const CLOCK_SKEW_ALLOWANCE_SECS: u64 = 60;

/// Length of the TLS 1.2 master secret (RFC 5246 §8.1).
const TLS12_MASTER_SECRET_LEN: usize = 48;

/// Flags byte: bit 0 is the extended-master-secret flag; the other bits are reserved and must
/// be zero, so a later format version can use them without old readers misreading.
const FLAG_EMS: u8 = 0x01;

/// `opaque secret<1..64>`; the exact length is then checked against the suite.
const SECRET: Bounds = Bounds::u8(1, ferrotls_crypto::secret::MAX_OUTPUT_LEN);
/// `opaque session_id<0..32>`.
pub(super) const SESSION_ID: Bounds = Bounds::u8(0, MAX_SESSION_ID_LEN);
/// `opaque server_name<0..255>`: 0 means none; a host name is at most 253 bytes anyway.
const SERVER_NAME: Bounds = Bounds::u8(0, 255);
/// `opaque alpn<0..255>`: 0 means none (RFC 7301 §3.1 protocol names are `<1..2^8-1>`).
const ALPN: Bounds = Bounds::u8(0, 255);
/// `ASN.1Cert certificate_list<0..2^24-1>`, each `opaque ASN.1Cert<1..2^24-1>` (RFC 5246
/// §7.4.2).
const CHAIN: Bounds = Bounds::u24(0, 0xff_ffff);
const CERT: Bounds = Bounds::u24(1, 0xff_ffff);

/// The suite, if this library implements it and (when given) it belongs to `version`.
pub(super) fn check_suite(
    suite: CipherSuite,
    version: Option<ProtocolVersion>,
) -> Result<&'static SupportedCipherSuite, FieldError> {
    match suites::lookup(suite) {
        Some(s) if version.is_none_or(|v| v == s.version) => Ok(s),
        _ => Err(FieldError::UnsupportedCipherSuite(suite)),
    }
}

/// TLS 1.2 keeps the 48-byte master secret; TLS 1.3 a PSK as long as the suite's hash
/// (RFC 8446 §4.6.1: HKDF-Expand-Label(..., Hash.length)).
pub(super) fn check_secret_len(len: usize, suite: &SupportedCipherSuite) -> Result<(), FieldError> {
    let want = if suite.version == ProtocolVersion::TLS1_3 {
        suite.hash.output_len()
    } else {
        TLS12_MASTER_SECRET_LEN
    };
    if len == want {
        Ok(())
    } else {
        Err(FieldError::Malformed(
            "secret length does not fit the suite",
        ))
    }
}

/// A server name is 1 to 255 printable ASCII bytes (a DNS host name or an IP literal): that
/// keeps it valid UTF-8 and free of anything a log or a cache key could misread.
pub(super) fn check_server_name(name: &[u8]) -> Result<(), FieldError> {
    if name.is_empty() || name.len() > 255 || !name.iter().all(u8::is_ascii_graphic) {
        return Err(FieldError::Malformed("server name"));
    }
    Ok(())
}

/// An ALPN protocol name is 1 to 255 bytes (RFC 7301 §3.1).
pub(super) fn check_alpn(alpn: &[u8]) -> Result<(), FieldError> {
    if alpn.is_empty() || alpn.len() > 255 {
        return Err(FieldError::Malformed("alpn"));
    }
    Ok(())
}

/// Each certificate is 1 to 2^24-1 bytes and the whole list with its 3-byte prefixes fits a
/// 3-byte length, as in a TLS 1.2 Certificate message.
pub(super) fn check_chain(chain: &[CertificateDer<'static>]) -> Result<(), FieldError> {
    let mut total = 0usize;
    for cert in chain {
        let len = cert.as_ref().len();
        if len == 0 || len > 0xff_ffff {
            return Err(FieldError::Malformed("certificate length"));
        }
        total = total.saturating_add(3 + len);
    }
    if total > 0xff_ffff {
        return Err(FieldError::Malformed("certificate chain length"));
    }
    Ok(())
}

/// TLS 1.3 caps ticket lifetimes at seven days; TLS 1.2 has no cap (RFC 5077 §3.3 leaves the
/// hint to the server), and expiry arithmetic is done in `u64` so no value can overflow it.
fn check_lifetime(version: ProtocolVersion, lifetime: u32) -> Result<(), FieldError> {
    if version == ProtocolVersion::TLS1_3 && lifetime > MAX_TLS13_TICKET_LIFETIME {
        return Err(FieldError::Malformed("lifetime longer than seven days"));
    }
    Ok(())
}

/// The TLS 1.3 ticket fields are 0 for TLS 1.2, and the lifetime fits the version
/// ([`check_lifetime`]).
pub(super) fn check_timing(version: ProtocolVersion, timing: &Timing) -> Result<(), FieldError> {
    if version != ProtocolVersion::TLS1_3
        && (timing.ticket_age_add != 0 || timing.max_early_data_size != 0)
    {
        return Err(FieldError::Malformed(
            "TLS 1.3 field set on a TLS 1.2 session",
        ));
    }
    check_lifetime(version, timing.lifetime)
}

/// When a state that started at `start` with `lifetime` seconds stops being usable.
pub(super) fn expires_at(start: UnixTime, lifetime: u32) -> UnixTime {
    let end = start.as_secs().saturating_add(u64::from(lifetime));
    UnixTime::since_unix_epoch(Duration::from_secs(end))
}

/// Whether a state that started at `start` (seconds) with `lifetime` seconds is unusable at
/// `now`: its lifetime is over, or it claims to come from further in the future than
/// [`CLOCK_SKEW_ALLOWANCE_SECS`].
pub(super) fn expired(start: u64, lifetime: u32, now: u64) -> bool {
    start.saturating_add(u64::from(lifetime)) <= now
        || start > now.saturating_add(CLOCK_SKEW_ALLOWANCE_SECS)
}

/// Appends `bytes` behind a big-endian length prefix of `width` bytes.
///
/// The callers' types are validated at construction, so `bytes` always fits the prefix; the
/// encoders therefore cannot fail, which is why this does not go through the codec's
/// `put_opaque` and its `Result`.
pub(super) fn put_prefixed(out: &mut Vec<u8>, width: usize, bytes: &[u8]) {
    debug_assert!(width <= 3 && bytes.len() < (1usize << (8 * width)));
    let len = (bytes.len() as u32).to_be_bytes();
    out.extend_from_slice(&len[4 - width..]);
    out.extend_from_slice(bytes);
}

/// The validity window and the TLS 1.3 ticket fields, as both encodings carry them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Timing {
    /// When the client received the session, or when the server issued the state.
    pub(super) start: UnixTime,
    pub(super) lifetime: u32,
    pub(super) ticket_age_add: u32,
    pub(super) max_early_data_size: u32,
}

/// The bytes [`put_session_header`] appends.
pub(super) fn session_header_len(params: &SessionParams) -> usize {
    2 + 2 + 1 + 8 + 4 + 4 + 4 + 1 + params.secret.len()
}

/// Appends what both encodings hold from the protocol version to the secret: `version`, cipher
/// suite, flags, start time, lifetime, `ticket_age_add`, `max_early_data_size`, secret.
pub(super) fn put_session_header(
    out: &mut Vec<u8>,
    version: ProtocolVersion,
    params: &SessionParams,
    timing: &Timing,
) {
    out.extend_from_slice(&version.0.to_be_bytes());
    out.extend_from_slice(&params.cipher_suite.0.to_be_bytes());
    out.push(if params.extended_master_secret {
        FLAG_EMS
    } else {
        0
    });
    out.extend_from_slice(&timing.start.as_secs().to_be_bytes());
    out.extend_from_slice(&timing.lifetime.to_be_bytes());
    out.extend_from_slice(&timing.ticket_age_add.to_be_bytes());
    out.extend_from_slice(&timing.max_early_data_size.to_be_bytes());
    put_secret(out, params);
}

/// Reads what [`put_session_header`] wrote after the protocol version, for `version`, naming the
/// start time `start_field` in errors. The parameters come back without server name, ALPN
/// protocol and certificate chain, which the encodings hold later ([`read_identity`]).
pub(super) fn read_session_header(
    r: &mut Reader<'_>,
    version: ProtocolVersion,
    start_field: &'static str,
) -> Result<(SessionParams, Timing), FieldError> {
    let malformed = FieldError::Malformed;
    let suite = CipherSuite(r.u16().map_err(|_| malformed("cipher suite"))?);
    let suite = check_suite(suite, Some(version))?;
    let extended_master_secret = read_flags(r, version)?;
    let start = r.array::<8>().map_err(|_| malformed(start_field))?;
    let start = UnixTime::since_unix_epoch(Duration::from_secs(u64::from_be_bytes(start)));
    let lifetime = r.u32().map_err(|_| malformed("lifetime"))?;
    let ticket_age_add = r.u32().map_err(|_| malformed("ticket_age_add"))?;
    let max_early_data_size = r.u32().map_err(|_| malformed("max_early_data_size"))?;
    let secret = read_secret(r, suite)?;
    let params = SessionParams {
        cipher_suite: suite.suite,
        secret,
        server_name: None,
        alpn: None,
        extended_master_secret,
        peer_certificates: CertificateChain::empty(),
    };
    let timing = Timing {
        start,
        lifetime,
        ticket_age_add,
        max_early_data_size,
    };
    Ok((params, timing))
}

/// The bytes [`put_identity`] appends, so encoders can size their buffer once: a buffer that
/// grows reallocates, and the old allocation (already holding the secret) would be freed
/// without being zeroized.
pub(super) fn identity_len(params: &SessionParams) -> usize {
    let name = params.server_name.as_ref().map_or(0, String::len);
    let alpn = params.alpn.as_ref().map_or(0, Vec::len);
    1 + name + 1 + alpn + 3 + chain_entries_len(&params.peer_certificates)
}

/// The bytes of `chain`'s entries, each behind its 3-byte length.
fn chain_entries_len(chain: &[CertificateDer<'static>]) -> usize {
    chain.iter().map(|c| 3 + c.as_ref().len()).sum()
}

/// Appends `secret`.
fn put_secret(out: &mut Vec<u8>, params: &SessionParams) {
    put_prefixed(out, 1, params.secret.as_bytes());
}

/// Appends `server name`, `alpn` and `certificate chain`.
pub(super) fn put_identity(out: &mut Vec<u8>, params: &SessionParams) {
    put_prefixed(
        out,
        1,
        params.server_name.as_deref().unwrap_or("").as_bytes(),
    );
    put_prefixed(out, 1, params.alpn.as_deref().unwrap_or(&[]));
    // The list's length first, then its entries, written straight into `out`: no buffer of
    // their own (`check_chain` bounded the total by 2^24 - 1 when the parameters were made).
    let chain_len = chain_entries_len(&params.peer_certificates) as u32;
    out.extend_from_slice(&chain_len.to_be_bytes()[1..]);
    for cert in params.peer_certificates.iter() {
        put_prefixed(out, 3, cert.as_ref());
    }
}

/// Reads `opaque<..>` with `bounds`, naming `field` in the error.
pub(super) fn opaque<'a>(
    r: &mut Reader<'a>,
    bounds: Bounds,
    field: &'static str,
) -> Result<&'a [u8], FieldError> {
    r.opaque(bounds).map_err(|_| FieldError::Malformed(field))
}

/// Reads the secret, whose length must fit `suite`.
fn read_secret(r: &mut Reader<'_>, suite: &SupportedCipherSuite) -> Result<Secret, FieldError> {
    let bytes = opaque(r, SECRET, "secret")?;
    check_secret_len(bytes.len(), suite)?;
    // `SECRET` bounds the length by `MAX_OUTPUT_LEN`, which is what `Secret::new` can hold.
    Ok(Secret::new(bytes))
}

/// What [`read_identity`] returns: server name, ALPN protocol, certificate chain.
pub(super) type Identity = (Option<String>, Option<Vec<u8>>, CertificateChain);

/// Reads `server name`, `alpn` and `certificate chain`.
pub(super) fn read_identity(r: &mut Reader<'_>) -> Result<Identity, FieldError> {
    let name = opaque(r, SERVER_NAME, "server name")?;
    let server_name = if name.is_empty() {
        None
    } else {
        check_server_name(name)?;
        // Printable ASCII is UTF-8; the fallback is never taken but keeps this panic-free.
        Some(String::from(
            core::str::from_utf8(name).map_err(|_| FieldError::Malformed("server name"))?,
        ))
    };
    let alpn = opaque(r, ALPN, "alpn")?;
    let alpn = (!alpn.is_empty()).then(|| alpn.to_vec());
    let mut body = Reader::new(opaque(r, CHAIN, "certificate chain")?);
    // Each certificate takes at least four bytes of the input, so the list cannot grow beyond
    // what the input holds.
    let mut chain = Vec::new();
    while !body.is_empty() {
        let cert = opaque(&mut body, CERT, "certificate")?;
        chain.push(CertificateDer::from(cert.to_vec()));
    }
    Ok((server_name, alpn, chain.into()))
}

/// Reads the flags byte, refusing reserved bits and a TLS 1.3 session without EMS (the
/// constructors never write one, so such bytes were not written by this library).
fn read_flags(r: &mut Reader<'_>, version: ProtocolVersion) -> Result<bool, FieldError> {
    let flags = r.u8().map_err(|_| FieldError::Malformed("flags"))?;
    if flags & !FLAG_EMS != 0 {
        return Err(FieldError::Malformed("reserved flag bits set"));
    }
    let ems = flags & FLAG_EMS != 0;
    if version == ProtocolVersion::TLS1_3 && !ems {
        return Err(FieldError::Malformed(
            "TLS 1.3 session without the EMS flag",
        ));
    }
    Ok(ems)
}
