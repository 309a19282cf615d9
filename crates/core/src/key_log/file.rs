//! The key log file of the SSLKEYLOGFILE convention: appended to, one line per secret, created
//! readable by its owner only.

use std::fs::{File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{key_log_line, KeyLog, KeyLogLabel};

/// The environment variable that names the key log file.
pub const SSLKEYLOGFILE: &str = "SSLKEYLOGFILE";

/// Appends each secret as one line to a file, as browsers and OpenSSL do with `SSLKEYLOGFILE`.
///
/// Each line is written whole with one `write` on a file opened for appending, so connections
/// (and processes) sharing the file do not interleave within a line. A failed write is dropped:
/// key logging never fails a connection.
#[derive(Debug)]
pub struct KeyLogFile {
    path: PathBuf,
    file: Mutex<File>,
}

impl KeyLogFile {
    /// Append to `path`. A file that does not exist yet is created readable and writable by
    /// its owner only (mode 0600 on Unix): it holds keys to every logged connection.
    pub fn open(path: impl AsRef<Path>) -> io::Result<Self> {
        let path = path.as_ref();
        let mut options = OpenOptions::new();
        options.append(true).create(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        Ok(Self {
            path: path.to_path_buf(),
            file: Mutex::new(options.open(path)?),
        })
    }

    /// The file the `SSLKEYLOGFILE` environment variable names; `Ok(None)` when it is unset
    /// or empty (key logging stays off).
    pub fn from_env() -> io::Result<Option<Self>> {
        match std::env::var_os(SSLKEYLOGFILE) {
            Some(path) if !path.is_empty() => Self::open(path).map(Some),
            _ => Ok(None),
        }
    }

    /// The file written to.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl KeyLog for KeyLogFile {
    fn log(&self, label: KeyLogLabel, client_random: &[u8; 32], secret: &[u8]) {
        let line = zeroize::Zeroizing::new(key_log_line(label, client_random, secret));
        // A writer that panicked left nothing half-done that a later line could corrupt more.
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        let _ = file.write_all(line.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_path(name: &str) -> PathBuf {
        std::env::temp_dir().join(std::format!(
            "ferrotls-keylog-{}-{name}",
            std::process::id()
        ))
    }

    #[test]
    fn appends_lines_and_creates_the_file_owner_only() {
        let path = temp_path("append");
        let _ = std::fs::remove_file(&path);
        let log = KeyLogFile::open(&path).unwrap();
        log.log(KeyLogLabel::ClientRandom, &[1; 32], &[2; 48]);
        drop(log);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        // A second logger appends to what is there.
        let log = KeyLogFile::open(&path).unwrap();
        assert_eq!(log.path(), path);
        log.log(KeyLogLabel::ServerTrafficSecret0, &[3; 32], &[4; 32]);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        let lines: alloc::vec::Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(lines[0].starts_with("CLIENT_RANDOM 0101"));
        assert!(lines[0].ends_with(&"02".repeat(48)));
        assert!(lines[1].starts_with("SERVER_TRAFFIC_SECRET_0 0303"));
    }

    #[test]
    fn an_existing_file_keeps_its_mode_and_content() {
        let path = temp_path("existing");
        std::fs::write(&path, "# earlier\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        let log = KeyLogFile::open(&path).unwrap();
        log.log(KeyLogLabel::ExporterSecret, &[0; 32], &[9; 32]);
        let text = std::fs::read_to_string(&path).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        std::fs::remove_file(&path).unwrap();
        assert!(text.starts_with("# earlier\nEXPORTER_SECRET "), "{text}");
    }
}
