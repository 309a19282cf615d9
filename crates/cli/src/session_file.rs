//! `--session-file`: a stored session (`ResumptionData::to_bytes`) kept in a file between runs
//! of the client.
//!
//! Loading is strict but never fatal: a file that is too big, not resumption data, from a newer
//! format, expired, or made for another server is reported and ignored, and the client does a
//! full handshake. [`decode`] is the whole check on the bytes, shared with the `session_file`
//! fuzz target.

use std::fmt;
use std::fs;
use std::io;
use std::path::Path;

use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::resumption::ResumptionDataError;
use ferrotls_core::ResumptionData;
use ferrotls_session_cache::client_cache::write_private_atomically;

/// Largest file read. A session holds at most a 64 KiB ticket and the server's certificate
/// chain, which the client's default limits keep to 64 KiB; anything far bigger is not ours.
pub const MAX_SESSION_FILE_LEN: usize = 1 << 20;

/// Why a session file was ignored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionFileError {
    /// Longer than [`MAX_SESSION_FILE_LEN`].
    TooLarge(usize),
    /// The bytes are not usable resumption data (malformed, unknown format, expired, ...).
    Invalid(ResumptionDataError),
}

impl fmt::Display for SessionFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TooLarge(n) => write!(
                f,
                "{n} bytes is too large for a session ({MAX_SESSION_FILE_LEN} at most)"
            ),
            Self::Invalid(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for SessionFileError {}

/// The SNI host name a connection to `name` sends (None for an IP address), as stored in the
/// session: lower case, without a trailing dot.
pub fn sni_of(name: &ServerName<'_>) -> Option<String> {
    match name {
        ServerName::DnsName(dns) => {
            let dns = dns.as_ref();
            let dns = dns.strip_suffix('.').unwrap_or(dns);
            (!dns.is_empty()).then(|| dns.to_ascii_lowercase())
        }
        _ => None,
    }
}

/// The session in `bytes`, if it is usable at `now` for a connection whose SNI is `sni`.
pub fn decode(
    bytes: &[u8],
    sni: Option<&str>,
    now: UnixTime,
) -> Result<ResumptionData, SessionFileError> {
    if bytes.len() > MAX_SESSION_FILE_LEN {
        return Err(SessionFileError::TooLarge(bytes.len()));
    }
    ResumptionData::from_bytes_for_server(bytes, sni, now).map_err(SessionFileError::Invalid)
}

/// The session stored in `path`: `Ok(None)` when there is no file (the first run), `Err` with
/// a message for the user when there is one that cannot be used.
pub fn load(
    path: &Path,
    sni: Option<&str>,
    now: UnixTime,
) -> Result<Option<ResumptionData>, String> {
    let what = |e: &dyn fmt::Display| format!("session file {}: {e}", path.display());
    let file = match fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(what(&e)),
    };
    // Read one byte past the limit so an oversized file is recognised without reading it all.
    let mut bytes = Vec::new();
    io::Read::read_to_end(
        &mut io::Read::take(file, MAX_SESSION_FILE_LEN as u64 + 1),
        &mut bytes,
    )
    .map_err(|e| what(&e))?;
    decode(&bytes, sni, now).map(Some).map_err(|e| what(&e))
}

/// Store `data` in `path`, replacing what was there. The bytes hold the session's secret, so
/// the file is readable by its owner only, and it is written under a temporary name and
/// renamed so a reader never sees half a session (the session-cache crate's writer, which its
/// multi-session cache files use too).
pub fn save(path: &Path, data: &ResumptionData) -> io::Result<()> {
    write_private_atomically(path, &data.to_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::time::Duration;

    /// The TLS 1.2 session-ID example of `vectors/resumption/resumption-data-v1.txt`, for
    /// `localhost`, received at 1600000000 with a 7200 s lifetime.
    const VECTOR: &str = "4654524401010303c02f01000000005f5e100000001c2000000000000000003042424242424242424242424242424242424242424242424242424242424242424242424242424242424242424242424220e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff0000096c6f63616c686f73740000000f00000c300a02010102010202010302";

    fn vector() -> Vec<u8> {
        (0..VECTOR.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&VECTOR[i..i + 2], 16).unwrap())
            .collect()
    }

    fn at(secs: u64) -> UnixTime {
        UnixTime::since_unix_epoch(Duration::from_secs(secs))
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "ferrotls-cli-session-{}-{name}",
            std::process::id()
        ));
        fs::create_dir_all(&dir).unwrap();
        dir.join("session")
    }

    #[test]
    fn a_valid_session_decodes_for_its_server_only() {
        let d = decode(&vector(), Some("localhost"), at(1_600_000_100)).unwrap();
        assert_eq!(d.server_name(), Some("localhost"));
        assert_eq!(
            decode(&vector(), Some("example.com"), at(1_600_000_100)),
            Err(SessionFileError::Invalid(
                ResumptionDataError::WrongServerName
            ))
        );
        assert_eq!(
            decode(&vector(), Some("localhost"), at(1_600_007_200)),
            Err(SessionFileError::Invalid(ResumptionDataError::Expired))
        );
    }

    #[test]
    fn garbage_and_oversized_files_are_refused() {
        let now = at(1_600_000_000);
        assert_eq!(
            decode(b"not a session", None, now),
            Err(SessionFileError::Invalid(ResumptionDataError::BadMagic))
        );
        let huge = vec![0; MAX_SESSION_FILE_LEN + 1];
        assert_eq!(
            decode(&huge, None, now),
            Err(SessionFileError::TooLarge(MAX_SESSION_FILE_LEN + 1))
        );
    }

    #[test]
    fn sni_is_what_the_client_sends() {
        let dns = ServerName::try_from("LocalHost.").unwrap();
        assert_eq!(sni_of(&dns).as_deref(), Some("localhost"));
        let ip = ServerName::try_from("127.0.0.1").unwrap();
        assert_eq!(sni_of(&ip), None);
    }

    #[test]
    fn save_then_load_round_trips_and_replaces() {
        let path = scratch("round-trip");
        let now = at(1_600_000_100);
        assert_eq!(load(&path, Some("localhost"), now), Ok(None));
        let d = decode(&vector(), Some("localhost"), now).unwrap();
        fs::write(&path, b"old contents").unwrap();
        save(&path, &d).unwrap();
        assert_eq!(load(&path, Some("localhost"), now), Ok(Some(d)));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "only the owner may read the session");
        }
        let _ = fs::remove_dir_all(path.parent().unwrap());
    }

    #[test]
    fn a_bad_file_is_reported_with_its_name() {
        let path = scratch("bad");
        fs::write(&path, b"FTRD\x09").unwrap();
        let e = load(&path, None, at(1_600_000_000)).unwrap_err();
        assert!(e.contains(&path.display().to_string()), "{e}");
        assert!(e.contains("format version 9"), "{e}");
        let _ = fs::remove_dir_all(path.parent().unwrap());
    }
}
