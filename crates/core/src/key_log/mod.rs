//! Key logging in the SSLKEYLOGFILE format (RFC 9850), so that captures of one's own
//! connections can be decrypted (Wireshark, tshark). Off unless a config holds a [`KeyLog`].
//!
//! - [`KeyLog`]: the hook, called once per secret at the point the handshake derives it.
//! - [`KeyLogLabel`]: the labels of RFC 9850 §3 that ferrotls logs.
//! - [`key_log_line`]: one line of the file, `LABEL <client_random hex> <secret hex>`.
//! - `KeyLogFile` (with `std`): appends the lines to the file `SSLKEYLOGFILE` names.
//!
//! Anyone who reads the log can decrypt the connections in it: it is a debugging tool.

#[cfg(feature = "std")]
mod file;

use alloc::string::String;
use core::fmt;

#[cfg(feature = "std")]
pub use file::KeyLogFile;

/// Receives the secrets of each connection whose config holds it.
///
/// Called inside the handshake with the ClientHello's random, which names the connection in the
/// log, so it should return quickly; it cannot fail the connection.
pub trait KeyLog: fmt::Debug + Send + Sync {
    /// One secret of the connection whose ClientHello carried `client_random`.
    fn log(&self, label: KeyLogLabel, client_random: &[u8; 32], secret: &[u8]);
}

/// What a logged secret is (RFC 9850 §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyLogLabel {
    /// TLS 1.2: the 48-byte master secret.
    ClientRandom,
    /// TLS 1.3: client_early_traffic_secret (0-RTT was offered, or accepted by a server).
    ClientEarlyTrafficSecret,
    /// TLS 1.3: client_handshake_traffic_secret.
    ClientHandshakeTrafficSecret,
    /// TLS 1.3: server_handshake_traffic_secret.
    ServerHandshakeTrafficSecret,
    /// TLS 1.3: client_application_traffic_secret_0.
    ClientTrafficSecret0,
    /// TLS 1.3: server_application_traffic_secret_0.
    ServerTrafficSecret0,
    /// TLS 1.3: exporter_secret (exporter_master_secret in RFC 8446).
    ExporterSecret,
    /// TLS 1.3: early_exporter_secret (early_exporter_master_secret in RFC 8446), when 0-RTT is
    /// in use (offered by a client, accepted by a server).
    EarlyExporterSecret,
}

impl KeyLogLabel {
    /// The label as the file spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ClientRandom => "CLIENT_RANDOM",
            Self::ClientEarlyTrafficSecret => "CLIENT_EARLY_TRAFFIC_SECRET",
            Self::ClientHandshakeTrafficSecret => "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
            Self::ServerHandshakeTrafficSecret => "SERVER_HANDSHAKE_TRAFFIC_SECRET",
            Self::ClientTrafficSecret0 => "CLIENT_TRAFFIC_SECRET_0",
            Self::ServerTrafficSecret0 => "SERVER_TRAFFIC_SECRET_0",
            Self::ExporterSecret => "EXPORTER_SECRET",
            Self::EarlyExporterSecret => "EARLY_EXPORTER_SECRET",
        }
    }
}

impl fmt::Display for KeyLogLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One line of the file, newline included: `LABEL <client_random hex> <secret hex>\n`, in
/// lower-case hex (RFC 9850 §2).
pub fn key_log_line(label: KeyLogLabel, client_random: &[u8; 32], secret: &[u8]) -> String {
    fn push_hex(line: &mut String, bytes: &[u8]) {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        for b in bytes {
            line.push(char::from(DIGITS[usize::from(b >> 4)]));
            line.push(char::from(DIGITS[usize::from(b & 15)]));
        }
    }
    let label = label.as_str();
    let mut line = String::with_capacity(label.len() + 3 + 2 * (32 + secret.len()));
    line.push_str(label);
    line.push(' ');
    push_hex(&mut line, client_random);
    line.push(' ');
    push_hex(&mut line, secret);
    line.push('\n');
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_label_random_and_secret_in_lower_case_hex() {
        let mut random = [0u8; 32];
        random[0] = 0xab;
        random[31] = 0x01;
        let line = key_log_line(KeyLogLabel::ExporterSecret, &random, &[0xfe, 0x0d]);
        assert_eq!(
            line,
            "EXPORTER_SECRET ab0000000000000000000000000000000000000000000000000000000000\
             0001 fe0d\n"
        );
        assert_eq!(line.capacity(), line.len());
    }
}
