//! `--export LABEL:LEN`: keying material exported from the connection (RFC 9846 §7.5 in
//! TLS 1.3, RFC 5705 in TLS 1.2), without a context, as `openssl s_client -keymatexport LABEL
//! -keymatexportlen LEN` exports it, so the two can be compared. `--export-early LABEL:LEN`:
//! the same from the early exporter secret (RFC 9846 §7.5), which only a connection whose
//! 0-RTT data the server accepted has.

use std::fmt;

use ferrotls_core::conn::Handshake;
use ferrotls_core::{ApiError, Connection};

use crate::handshake_line::hex;

/// The most bytes one `--export` asks for: far more than any key needs, and a bound on what
/// the command line can make the process allocate.
const MAX_LEN: usize = 4096;

/// One `--export LABEL:LEN`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    /// The exporter label, as given.
    pub label: String,
    /// How many bytes to export.
    pub len: usize,
}

impl Export {
    /// `LABEL:LEN`; the label is everything before the last colon (it may hold colons itself)
    /// and must not be empty, LEN is 1 to 4096.
    pub fn parse(text: &str) -> Result<Self, String> {
        Self::parse_for("--export", text)
    }

    /// [`parse`](Self::parse) for `--export-early`.
    pub fn parse_early(text: &str) -> Result<Self, String> {
        Self::parse_for("--export-early", text)
    }

    fn parse_for(flag: &str, text: &str) -> Result<Self, String> {
        let (label, len) = text
            .rsplit_once(':')
            .ok_or_else(|| format!("{flag} {text:?} is not LABEL:LEN"))?;
        if label.is_empty() {
            return Err(format!("{flag} {text:?} has an empty label"));
        }
        let len = len
            .parse()
            .ok()
            .filter(|n| (1..=MAX_LEN).contains(n))
            .ok_or_else(|| {
                format!("{flag} {text:?}: LEN is not a number of bytes from 1 to {MAX_LEN}")
            })?;
        Ok(Self {
            label: label.to_string(),
            len,
        })
    }

    /// `exported: LABEL LEN HEX` for this connection, or why the library refused (e.g. a
    /// TLS 1.2 session without the extended master secret, RFC 7627 §5.4).
    pub(crate) fn line<H: Handshake>(&self, conn: &Connection<H>) -> Result<String, String> {
        let mut out = vec![0; self.len];
        conn.export_keying_material(&mut out, self.label.as_bytes(), None)
            .map_err(|e| format!("--export {}: {e}", self))?;
        Ok(format!(
            "exported: {} {} {}",
            self.label,
            self.len,
            hex(&out)
        ))
    }

    /// `exported-early: LABEL LEN HEX` from the early exporter; `Ok(None)` when the connection
    /// has none (no 0-RTT data accepted: not offered, refused, or TLS 1.2), which is not an
    /// error; any other refusal is.
    pub(crate) fn early_line<H: Handshake>(
        &self,
        conn: &Connection<H>,
    ) -> Result<Option<String>, String> {
        let mut out = vec![0; self.len];
        match conn.export_early_keying_material(&mut out, self.label.as_bytes(), None) {
            Ok(()) => Ok(Some(format!(
                "exported-early: {} {} {}",
                self.label,
                self.len,
                hex(&out)
            ))),
            Err(ApiError::EarlyDataUnavailable) => Ok(None),
            Err(e) => Err(format!("--export-early {}: {e}", self)),
        }
    }

    /// What `--export-early` says when [`early_line`](Self::early_line) found no early
    /// exporter.
    pub(crate) fn no_early_data(&self) -> String {
        format!(
            "--export-early {self}: nothing exported, no 0-RTT data was accepted on this \
             connection (the early exporter exists only then, RFC 9846 §7.5)"
        )
    }
}

/// The `--export` and `--export-early` of one command.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Exports {
    pub(crate) keying: Vec<Export>,
    pub(crate) early: Vec<Export>,
}

impl Exports {
    /// After a handshake: each `exported:` line, then each `exported-early:` line, to `line`;
    /// an early export the connection has no early exporter for gives `notice` the reason
    /// ([`Export::no_early_data`]). Any other refusal is an error.
    pub(crate) fn report<H: Handshake>(
        &self,
        conn: &Connection<H>,
        mut line: impl FnMut(&str),
        mut notice: impl FnMut(&str),
    ) -> Result<(), String> {
        for export in &self.keying {
            line(&export.line(conn)?);
        }
        for export in &self.early {
            match export.early_line(conn)? {
                Some(text) => line(&text),
                None => notice(&export.no_early_data()),
            }
        }
        Ok(())
    }
}

impl fmt::Display for Export {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.label, self.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_and_length_are_split_at_the_last_colon() {
        assert_eq!(
            Export::parse("EXPERIMENTAL-x:32"),
            Ok(Export {
                label: "EXPERIMENTAL-x".into(),
                len: 32
            })
        );
        assert_eq!(Export::parse("a:b:1").map(|e| e.label), Ok("a:b".into()));
        assert_eq!(Export::parse("x:4096").map(|e| e.len), Ok(4096));
        for (bad, needle) in [
            ("label", "is not LABEL:LEN"),
            (":32", "empty label"),
            ("x:0", "from 1 to 4096"),
            ("x:4097", "from 1 to 4096"),
            ("x:-1", "from 1 to 4096"),
            ("x:", "from 1 to 4096"),
        ] {
            let e = Export::parse(bad).unwrap_err();
            assert!(e.contains(needle), "{bad:?}: {e}");
            let e = Export::parse_early(bad).unwrap_err();
            assert!(
                e.contains(needle) && e.starts_with("--export-early "),
                "{bad:?}: {e}"
            );
        }
        assert_eq!(Export::parse_early("x:7"), Export::parse("x:7"));
    }
}
