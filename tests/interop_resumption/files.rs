//! Scratch files (session files, early data) and reading our `handshake:` lines.

use std::fs;
use std::path::PathBuf;

/// A fresh scratch directory for one test; removed when dropped.
pub(crate) struct Scratch(pub(crate) PathBuf);

impl Scratch {
    pub(crate) fn new(test: &str) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "ferrotls-interop-resumption-{}-{test}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("scratch directory");
        Self(dir)
    }

    /// `name` in the directory, as an argument.
    pub(crate) fn file(&self, name: &str) -> String {
        self.0.join(name).display().to_string()
    }

    /// Write `name` and return its path as an argument.
    pub(crate) fn write(&self, name: &str, contents: &[u8]) -> String {
        let path = self.0.join(name);
        fs::write(&path, contents).expect("scratch file");
        path.display().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// The `handshake:` lines of an output.
pub(crate) fn handshake_lines(out: &str) -> Vec<&str> {
    out.lines()
        .filter(|l| l.starts_with("handshake: "))
        .collect()
}

/// The value of `key=` on a handshake line (empty if absent: the check then fails with the
/// whole output in its message).
pub(crate) fn field<'a>(line: &'a str, key: &str) -> &'a str {
    line.split(' ')
        .find_map(|f| f.strip_prefix(key)?.strip_prefix('='))
        .unwrap_or("")
}
