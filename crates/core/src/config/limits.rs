//! Bounds on the work and memory a peer can make us spend.

/// Resource limits. Each has a safe default; exceeding one fails the connection with the alert
/// its documentation names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest handshake message accepted (default 64 KiB), checked against the header before
    /// buffering. Exceeding it: illegal_parameter.
    pub max_handshake_message: usize,
    /// Largest plaintext record we accept and send; below 2^14 it is advertised with
    /// record_size_limit (RFC 8449). `None`: 2^14.
    pub record_size_limit: Option<u16>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_handshake_message: 64 * 1024,
            record_size_limit: None,
        }
    }
}
