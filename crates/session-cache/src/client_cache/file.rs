//! The client cache's file: its format, and writing it so that no reader ever sees half of it.
//!
//! Format version 1 (integers big-endian):
//!
//! | size | field |
//! |-----:|-------|
//! | 4 | magic `46 54 53 43` ("FTSC") |
//! | 1 | format version `01` |
//! | 4 | number of sessions |
//! | per session: 4 + n | length, then the session as `ResumptionData::to_bytes` (format "FTRD") |
//!
//! Nothing follows the last session. Sessions are in the cache's order: the server names used
//! longest ago first, each server's sessions oldest first. A file holding one bare
//! `ResumptionData` (what `ferrotls client --session-file` writes) reads as a cache of that one
//! session.
//!
//! The file holds session secrets: it is created readable by its owner only (0600), written
//! under a temporary name in the same directory and renamed over the old one, so a crash or a
//! concurrent reader sees the old file or the new one, never a mixture.

use std::fmt;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::resumption::RESUMPTION_DATA_MAGIC;
use ferrotls_core::zeroize::Zeroizing;
use ferrotls_core::ResumptionData;

/// The first bytes of a cache file.
pub const CACHE_FILE_MAGIC: [u8; 4] = *b"FTSC";
/// The format version written.
pub const CACHE_FILE_VERSION: u8 = 1;
/// The largest file read: 4 sessions for each of 256 servers, each with a certificate chain of
/// several kilobytes, fit easily.
pub const MAX_CACHE_FILE_LEN: usize = 16 << 20;

const HEADER_LEN: usize = 4 + 1 + 4;

/// Why a cache file could not be used.
#[derive(Debug)]
#[non_exhaustive]
pub enum CacheFileError {
    /// Reading failed (other than the file not existing, which is an empty cache).
    Io(io::Error),
    /// Longer than [`MAX_CACHE_FILE_LEN`].
    TooLarge,
    /// Neither a cache file nor one session: not ours, so not overwritten either.
    NotACacheFile,
    /// A cache file of a newer format.
    UnknownVersion(u8),
    /// The list is cut short or has bytes after its end.
    Malformed(&'static str),
}

impl fmt::Display for CacheFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(e) => write!(f, "{e}"),
            Self::TooLarge => write!(f, "larger than {MAX_CACHE_FILE_LEN} bytes"),
            Self::NotACacheFile => f.write_str("not a ferrotls session cache"),
            Self::UnknownVersion(v) => write!(f, "session cache format version {v} is unknown"),
            Self::Malformed(what) => write!(f, "malformed session cache: {what}"),
        }
    }
}

impl std::error::Error for CacheFileError {}

/// What a file held: the sessions usable at `now`, in order, and how many were dropped
/// (expired, or not readable by this version).
#[derive(Debug, Default)]
pub struct Decoded {
    /// The usable sessions, in file order.
    pub sessions: Vec<ResumptionData>,
    /// Sessions left out: expired at `now`, or in a format this version cannot read.
    pub dropped: usize,
}

/// The file's bytes as one list.
pub fn encode<'a>(sessions: impl Iterator<Item = &'a ResumptionData>) -> Zeroizing<Vec<u8>> {
    let mut out = Zeroizing::new(Vec::with_capacity(HEADER_LEN));
    out.extend_from_slice(&CACHE_FILE_MAGIC);
    out.push(CACHE_FILE_VERSION);
    out.extend_from_slice(&[0; 4]);
    let mut count = 0u32;
    for data in sessions {
        let bytes = data.to_bytes();
        // A session is far below 4 GiB (its ticket and chain have 2- and 3-byte lengths).
        let len = u32::try_from(bytes.len()).unwrap_or(u32::MAX);
        // Grow through a zeroizing buffer: a reallocation must not leave secrets behind.
        let mut bigger = Zeroizing::new(Vec::with_capacity(out.len() + 4 + bytes.len()));
        bigger.extend_from_slice(&out);
        bigger.extend_from_slice(&len.to_be_bytes());
        bigger.extend_from_slice(&bytes);
        out = bigger;
        count += 1;
    }
    out[5..9].copy_from_slice(&count.to_be_bytes());
    out
}

/// The sessions in `bytes` that are usable at `now`.
pub fn decode(bytes: &[u8], now: UnixTime) -> Result<Decoded, CacheFileError> {
    if bytes.len() > MAX_CACHE_FILE_LEN {
        return Err(CacheFileError::TooLarge);
    }
    if bytes.starts_with(&RESUMPTION_DATA_MAGIC) {
        return Ok(match ResumptionData::from_bytes(bytes, now) {
            Ok(data) => Decoded {
                sessions: vec![data],
                dropped: 0,
            },
            Err(_) => Decoded {
                sessions: Vec::new(),
                dropped: 1,
            },
        });
    }
    if !bytes.starts_with(&CACHE_FILE_MAGIC) {
        return Err(CacheFileError::NotACacheFile);
    }
    let version = *bytes.get(4).ok_or(CacheFileError::Malformed("header"))?;
    if version != CACHE_FILE_VERSION {
        return Err(CacheFileError::UnknownVersion(version));
    }
    let count = bytes
        .get(5..HEADER_LEN)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map(u32::from_be_bytes)
        .ok_or(CacheFileError::Malformed("header"))?;
    let mut rest = &bytes[HEADER_LEN..];
    let mut decoded = Decoded::default();
    for _ in 0..count {
        let len = rest
            .get(..4)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map(u32::from_be_bytes)
            .ok_or(CacheFileError::Malformed("session length"))?;
        let len = usize::try_from(len).map_err(|_| CacheFileError::Malformed("session length"))?;
        // Split, never add: a length near u32::MAX must not overflow a 32-bit usize.
        let (entry, after) = rest[4..]
            .split_at_checked(len)
            .ok_or(CacheFileError::Malformed("session cut short"))?;
        match ResumptionData::from_bytes(entry, now) {
            Ok(data) => decoded.sessions.push(data),
            // Expired, or of a format this version does not read: dropped, the rest kept.
            Err(_) => decoded.dropped += 1,
        }
        rest = after;
    }
    if !rest.is_empty() {
        return Err(CacheFileError::Malformed("bytes after the last session"));
    }
    Ok(decoded)
}

/// The file at `path`: `Ok(None)` if there is none.
pub fn read(path: &Path) -> Result<Option<Zeroizing<Vec<u8>>>, CacheFileError> {
    let file = match fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(CacheFileError::Io(e)),
    };
    let mut bytes = Zeroizing::new(Vec::new());
    // One byte past the limit tells an oversized file without reading it all.
    file.take(MAX_CACHE_FILE_LEN as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(CacheFileError::Io)?;
    if bytes.len() > MAX_CACHE_FILE_LEN {
        return Err(CacheFileError::TooLarge);
    }
    Ok(Some(bytes))
}

/// Replaces the file at `path` with `bytes`, atomically and readable by its owner only: written
/// under a temporary name beside it, flushed to disk, then renamed over it.
pub fn write_private_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temporary = temporary_path(path);
    let written = write_private(&temporary, bytes).and_then(|()| fs::rename(&temporary, path));
    if written.is_err() {
        // Best effort: the error that matters is the one returned.
        let _ = fs::remove_file(&temporary);
    }
    written
}

fn temporary_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(format!(".tmp{}", std::process::id()));
    path.with_file_name(name)
}

fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    // A file left by an older run may have been created with wider permissions.
    #[cfg(unix)]
    file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    file.write_all(bytes)?;
    file.sync_all()
}
