//! The flags `ferrotls client` and `ferrotls server` share: suite choice, the extended master
//! secret, key logging, exported keying material and tracing. Declared once and flattened into
//! both commands, so the two cannot drift apart.

use std::path::PathBuf;

use clap::Args;
use ferrotls_core::suites::SupportedCipherSuite;

use crate::export::Export;
use crate::suite_names;

#[derive(Args, Debug)]
pub(super) struct TlsArgs {
    /// TLS 1.2 suites, in preference order, ':'- or ','-separated OpenSSL or IANA names
    /// (ECDHE-ECDSA-AES128-GCM-SHA256 or TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, ...)
    /// [default: all six].
    #[arg(long, value_name = "LIST", value_parser = suite_names::tls12)]
    pub(super) ciphers: Option<::std::vec::Vec<&'static SupportedCipherSuite>>,
    /// TLS 1.3 suites, in preference order (TLS_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384,
    /// TLS_CHACHA20_POLY1305_SHA256) [default: all three].
    #[arg(long, value_name = "LIST", value_parser = suite_names::tls13)]
    pub(super) suites: Option<::std::vec::Vec<&'static SupportedCipherSuite>>,
    /// Accept TLS 1.2 peers without the extended master secret (RFC 7627; such a session is
    /// not bound to its handshake).
    #[arg(long)]
    pub(super) no_require_ems: bool,
    /// Append each connection's secrets to FILE (SSLKEYLOGFILE format, for Wireshark)
    /// [default: the file $SSLKEYLOGFILE names, if set].
    #[arg(long, value_name = "FILE")]
    pub(super) keylog: Option<PathBuf>,
    /// After each handshake print 'exported: LABEL LEN HEX': LEN bytes (1 to 4096) of keying
    /// material (RFC 5705, RFC 9846 7.5; no context), as s_client/s_server -keymatexport;
    /// repeatable.
    #[arg(long = "export", value_name = "LABEL:LEN", value_parser = Export::parse)]
    pub(super) exports: Vec<Export>,
    /// After each handshake whose 0-RTT data the server accepted print 'exported-early: LABEL
    /// LEN HEX': the same from the early exporter secret (RFC 9846 7.5; no context), equal on
    /// both ends; otherwise say that there was none; repeatable.
    #[arg(long = "export-early", value_name = "LABEL:LEN", value_parser = Export::parse_early)]
    pub(super) early_exports: Vec<Export>,
    /// Trace the connection on standard error: state transitions, negotiated values,
    /// resumption decisions with their reasons, alerts (-vv: every record too). No key material
    /// is shown.
    #[arg(short = 'v', long = "verbose", action = clap::ArgAction::Count)]
    pub(super) verbose: u8,
}
