//! `ferrotls client` options.

use std::path::PathBuf;

use ferrotls_core::crypto::NamedGroup;
use ferrotls_core::suites::SupportedCipherSuite;

use clap::Args;

use super::tls::TlsArgs;
use super::values::{self, MAX_RECORD_SIZE_LIMIT, MIN_RECORD_SIZE_LIMIT};
use super::VersionChoice;
use crate::address::Target;
use crate::export::Export;

/// Options of `ferrotls client`.
#[derive(Debug, PartialEq, Eq)]
pub struct ClientOptions {
    /// `HOST[:PORT]`: the server (resolved when connecting; port 443 by default).
    pub target: Target,
    pub cafile: Option<PathBuf>,
    pub server_name: Option<String>,
    pub versions: VersionChoice,
    pub alpn: Vec<Vec<u8>>,
    /// `--groups`: key-exchange groups in preference order; empty for the library's default.
    pub groups: Vec<NamedGroup>,
    /// `--record-size-limit N`: the largest record content we accept, advertised with
    /// record_size_limit (RFC 8449); `None` for the library's default.
    pub record_size_limit: Option<u16>,
    /// Client certificate and key (both or neither).
    pub cert: Option<(PathBuf, PathBuf)>,
    /// Text to send instead of standard input.
    pub send: Option<String>,
    /// How long the handshake may take before the client gives up (`--handshake-timeout`).
    pub handshake_timeout: std::time::Duration,
    /// `--resume`: connect, wait for a session, close, and connect again resuming it.
    pub resume: bool,
    /// `--session-file F`: resume the session stored in F (if any); store every session
    /// received in F.
    pub session_file: Option<PathBuf>,
    /// `--session-cache F`: a session cache kept in F (up to 4 sessions per server, TLS 1.3
    /// tickets offered once), offered from and stored into by every connection.
    pub session_cache: Option<PathBuf>,
    /// `--early-data FILE`: send FILE's contents as 0-RTT data when resuming a TLS 1.3 session
    /// that allows it (after the handshake otherwise, or when the server refuses it).
    pub early_data: Option<PathBuf>,
    /// `--request-tickets N`: ask a TLS 1.3 server for N tickets, on new and resumed
    /// connections alike (RFC 9149).
    pub request_tickets: Option<u8>,
    /// How long connecting (TCP, each resolved address) may take (`--connect-timeout`).
    pub connect_timeout: std::time::Duration,
    /// `--showcerts`: print the server's chain, a summary line per certificate then PEM.
    pub showcerts: bool,
    /// `--keylog FILE`: append the connections' secrets to FILE (SSLKEYLOGFILE format);
    /// without it, the `SSLKEYLOGFILE` environment variable names the file, if set.
    pub keylog: Option<PathBuf>,
    /// `--ciphers LIST`: the TLS 1.2 suites to offer; `None` for all.
    pub ciphers: Option<Vec<&'static SupportedCipherSuite>>,
    /// `--suites LIST`: the TLS 1.3 suites to offer; `None` for all.
    pub suites: Option<Vec<&'static SupportedCipherSuite>>,
    /// `--export LABEL:LEN`, any number: keying material printed after the handshake.
    pub exports: Vec<Export>,
    /// `--export-early LABEL:LEN`, any number: the same from the early exporter (0-RTT only).
    pub early_exports: Vec<Export>,
    /// `--ign-eof`: at the end of the input, keep the connection open until the server
    /// closes it; by default the client sends close_notify at once.
    pub ign_eof: bool,
    /// Refuse TLS 1.2 servers without the extended master secret (off with
    /// `--no-require-ems`).
    pub require_ems: bool,
    /// `-v` (1) / `-vv` (2): the library's tracing points on standard error (verbose.rs).
    pub verbose: u8,
}

impl ClientOptions {
    /// The name to verify the server's certificate against.
    pub fn name_to_verify(&self) -> &str {
        self.server_name.as_deref().unwrap_or(&self.target.host)
    }
}

/// How long the handshake may take by default before the client gives up on a silent server.
pub const DEFAULT_HANDSHAKE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// How long connecting may take by default: a server that does not answer a SYN in this time
/// is not coming.
pub const DEFAULT_CONNECT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Connect to a TLS server and exchange data with it.
///
/// Connects, prints a 'handshake: ...' line, sends TEXT (or standard input until its end),
/// then close_notify (with --ign-eof: nothing, it waits for the server to close), and prints
/// what comes back until the server's close_notify. Exits 0 on a clean close, non-zero with a
/// message on standard error otherwise. The 'handshake:' line
/// reports resumed=yes|no, the session_id the server sent, and
/// early_data=accepted|rejected|no. Each session (ticket) received is noted on standard
/// error.
#[derive(Debug, Args)]
#[command(args_override_self = true)]
pub(super) struct ClientArgs {
    /// The server to connect to: PORT is 443 if left out, HOST a name (resolved, each address
    /// tried in turn), an IPv4 address or an IPv6 address ([::1]:4433 with a port); HOST is
    /// verified unless --server-name is given.
    #[arg(value_name = "HOST[:PORT]", value_parser = Target::parse)]
    address: Target,
    /// Trusted CA certificates (PEM) [default: $SSL_CERT_FILE, or
    /// /etc/ssl/certs/ca-certificates.crt].
    #[arg(long, value_name = "FILE")]
    cafile: Option<PathBuf>,
    /// Name to verify (and send as SNI) [default: the HOST part].
    #[arg(long, value_name = "NAME")]
    server_name: Option<String>,
    /// Give up if the handshake takes longer than S seconds.
    #[arg(
        long,
        value_name = "S",
        default_value_t = DEFAULT_HANDSHAKE_TIMEOUT.as_secs(),
        value_parser = clap::value_parser!(u64).range(1..),
    )]
    handshake_timeout: u64,
    /// Offer only TLS 1.2.
    #[arg(long, conflicts_with = "tls13")]
    tls12: bool,
    /// Offer only TLS 1.3.
    #[arg(long)]
    tls13: bool,
    /// Comma-separated ALPN protocols to offer, in preference order.
    #[arg(long, value_name = "LIST", value_parser = values::alpn)]
    alpn: Option<::std::vec::Vec<Vec<u8>>>,
    /// Offer only these key-exchange groups, in preference order, with a key share for the
    /// first (X25519MLKEM768, x25519, secp256r1, secp384r1) [default: all four, in that order,
    /// with key shares for X25519MLKEM768 and x25519; X25519MLKEM768, the post-quantum hybrid,
    /// is TLS 1.3 only].
    #[arg(long, value_name = "LIST", value_parser = values::groups)]
    groups: Option<::std::vec::Vec<NamedGroup>>,
    /// Client certificate chain (PEM), with --key.
    #[arg(long, value_name = "FILE", requires = "key")]
    cert: Option<PathBuf>,
    /// Private key of the client certificate (PEM), with --cert.
    #[arg(long, value_name = "FILE", requires = "cert")]
    key: Option<PathBuf>,
    /// Send TEXT (a newline is added if it has none) instead of standard input.
    #[arg(long, value_name = "TEXT")]
    send: Option<String>,
    /// Connect, wait for a session (ticket), close, connect again resuming it, then exchange
    /// data; prints a 'handshake:' line for each connection.
    #[arg(long)]
    resume: bool,
    /// Resume the session stored in F, if there is one (a bad or expired file is reported and
    /// ignored); store every session received in F.
    #[arg(long, value_name = "F", conflicts_with = "session_cache")]
    session_file: Option<PathBuf>,
    /// Keep a session cache in F (created 0600 if missing; up to 4 sessions per server, TLS
    /// 1.3 tickets offered once, expired ones never): every connection offers from it and
    /// stores into it.
    #[arg(long, value_name = "F")]
    session_cache: Option<PathBuf>,
    /// Send FILE as TLS 1.3 0-RTT data when resuming a session that allows it; sent again
    /// after the handshake if the server refuses it (or if there is no such session).
    #[arg(long, value_name = "FILE")]
    early_data: Option<PathBuf>,
    /// Accept records of at most N bytes of content (64 to 16384), offered with
    /// record_size_limit (RFC 8449) [default: 16384, the protocol maximum].
    #[arg(
        long,
        value_name = "N",
        value_parser = clap::value_parser!(u16).range(MIN_RECORD_SIZE_LIMIT..=MAX_RECORD_SIZE_LIMIT),
    )]
    record_size_limit: Option<u16>,
    /// Ask a TLS 1.3 server for N session tickets, after a full handshake and after a
    /// resumption (RFC 9149 ticket_request; 0 to 255).
    #[arg(long, value_name = "N")]
    request_tickets: Option<u8>,
    /// Give up connecting to an address after S seconds.
    #[arg(
        long,
        value_name = "S",
        default_value_t = DEFAULT_CONNECT_TIMEOUT.as_secs(),
        value_parser = clap::value_parser!(u64).range(1..),
    )]
    connect_timeout: u64,
    /// When the input ends, send nothing more and wait for the server to close (as s_client
    /// -ign_eof) [default: send close_notify at once, which some TLS 1.2 servers answer by
    /// dropping a reply they still owe].
    #[arg(long)]
    ign_eof: bool,
    /// Print the server's certificates: one line each (subject, issuer, validity, key type),
    /// then the chain in PEM.
    #[arg(long)]
    showcerts: bool,
    #[command(flatten)]
    tls: TlsArgs,
}

impl ClientArgs {
    /// The options as the rest of the CLI reads them; clap has checked every combination.
    pub(super) fn finish(self) -> ClientOptions {
        ClientOptions {
            target: self.address,
            cafile: self.cafile,
            server_name: self.server_name,
            versions: VersionChoice::from_flags(self.tls12, self.tls13),
            alpn: self.alpn.unwrap_or_default(),
            groups: self.groups.unwrap_or_default(),
            record_size_limit: self.record_size_limit,
            cert: self.cert.zip(self.key),
            send: self.send,
            handshake_timeout: std::time::Duration::from_secs(self.handshake_timeout),
            resume: self.resume,
            session_file: self.session_file,
            session_cache: self.session_cache,
            early_data: self.early_data,
            request_tickets: self.request_tickets,
            connect_timeout: std::time::Duration::from_secs(self.connect_timeout),
            showcerts: self.showcerts,
            keylog: self.tls.keylog,
            ciphers: self.tls.ciphers,
            suites: self.tls.suites,
            exports: self.tls.exports,
            early_exports: self.tls.early_exports,
            ign_eof: self.ign_eof,
            require_ems: !self.tls.no_require_ems,
            verbose: self.tls.verbose,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::args;
    use super::super::{parse as parse_command, Command, UsageError};
    use super::*;
    use clap::error::ErrorKind;
    use ferrotls_core::ProtocolVersion;

    fn parse(list: &[&str]) -> Result<Command, UsageError> {
        parse_command(args(&[&["client"], list].concat()))
    }

    fn client(list: &[&str]) -> ClientOptions {
        match parse(list) {
            Ok(Command::Client(opts)) => opts,
            other => panic!("client options expected, got {other:?}"),
        }
    }

    /// The error for `list`: its kind, and its text, which must name `needle`.
    fn refused(list: &[&str], kind: ErrorKind, needle: &str) {
        let e = parse(list).unwrap_err();
        let text = e.to_string();
        assert_eq!(e.kind(), kind, "{list:?}: {text}");
        assert_eq!(e.exit_code(), 2, "{list:?}");
        assert!(text.contains(needle), "{list:?}: {text}");
    }

    #[test]
    fn v_counts_verbosity() {
        assert_eq!(client(&["h:1"]).verbose, 0);
        assert_eq!(client(&["h:1", "-v"]).verbose, 1);
        assert_eq!(client(&["-vv", "h:1"]).verbose, 2);
        assert_eq!(client(&["h:1", "-v", "--verbose"]).verbose, 2);
    }

    #[test]
    fn the_host_is_the_name_by_default() {
        let opts = client(&["localhost:4433"]);
        assert_eq!(opts.target.host, "localhost");
        assert_eq!(opts.target.port, 4433);
        assert_eq!(opts.connect_timeout, DEFAULT_CONNECT_TIMEOUT);
        assert!(!opts.showcerts && !opts.ign_eof && opts.require_ems);
        assert_eq!(
            (&opts.ciphers, &opts.suites, &opts.keylog),
            (&None, &None, &None)
        );
        assert!(opts.exports.is_empty() && opts.early_exports.is_empty());
        assert_eq!(opts.name_to_verify(), "localhost");
        assert_eq!(opts.versions, VersionChoice::Default);
        assert!(opts.groups.is_empty() && opts.alpn.is_empty());
        assert_eq!((opts.cert, opts.send), (None, None));
        assert!(!opts.resume);
        assert_eq!((opts.session_file, opts.early_data), (None, None));
        assert_eq!((opts.record_size_limit, opts.request_tickets), (None, None));
        assert_eq!(opts.cafile, None);
    }

    #[test]
    fn resumption_options_are_understood() {
        let opts = client(&[
            "h:1",
            "--resume",
            "--session-file",
            "s.bin",
            "--early-data=early.txt",
        ]);
        assert!(opts.resume);
        assert_eq!(opts.session_file, Some(PathBuf::from("s.bin")));
        assert_eq!(opts.early_data, Some(PathBuf::from("early.txt")));
        assert_eq!(opts.request_tickets, None);
        assert_eq!(opts.session_cache, None);
        assert_eq!(
            client(&["h:1", "--session-cache", "c.bin"]).session_cache,
            Some(PathBuf::from("c.bin"))
        );
        assert_eq!(
            client(&["h:1", "--request-tickets", "5"]).request_tickets,
            Some(5)
        );
        assert_eq!(
            client(&["h:1", "--request-tickets=0"]).request_tickets,
            Some(0)
        );
        use ErrorKind::*;
        refused(&["h:1", "--resume=yes"], TooManyValues, "'--resume'");
        refused(
            &["h:1", "--request-tickets", "256"],
            ValueValidation,
            "0..=255",
        );
        refused(&["h:1", "--request-tickets", "-1"], UnknownArgument, "'-1'");
        refused(
            &["h:1", "--request-tickets", "x"],
            ValueValidation,
            "--request-tickets",
        );
        refused(
            &["h:1", "--session-file"],
            InvalidValue,
            "--session-file <F>",
        );
        refused(
            &["h:1", "--early-data"],
            InvalidValue,
            "--early-data <FILE>",
        );
        refused(
            &["h:1", "--session-cache"],
            InvalidValue,
            "--session-cache <F>",
        );
        refused(
            &["h:1", "--session-cache", "c", "--session-file", "s"],
            ArgumentConflict,
            "'--session-cache <F>' cannot be used with '--session-file <F>'",
        );
    }

    #[test]
    fn ip_addresses_and_ipv6_brackets() {
        assert_eq!(client(&["127.0.0.1:1"]).target.host, "127.0.0.1");
        assert_eq!(client(&["[::1]:443"]).target.host, "::1");
        assert_eq!(client(&["example.com"]).target.port, 443);
        assert_eq!(client(&["[::1]"]).target.port, 443);
    }

    #[test]
    fn every_option_is_understood() {
        let opts = client(&[
            "--cafile",
            "ca.pem",
            "127.0.0.1:4433",
            "--server-name=testserver.ferrotls",
            "--tls12",
            "--alpn",
            "http/1.1",
            "--cert",
            "c.pem",
            "--key",
            "k.pem",
            "--send",
            "hello",
            "--groups=x25519,secp256r1",
            "--record-size-limit=1000",
        ]);
        assert_eq!(opts.record_size_limit, Some(1000));
        assert_eq!(opts.target.to_string(), "127.0.0.1:4433");
        assert_eq!(opts.name_to_verify(), "testserver.ferrotls");
        assert_eq!(opts.cafile, Some(PathBuf::from("ca.pem")));
        assert_eq!(opts.versions, VersionChoice::Only(ProtocolVersion::TLS1_2));
        assert_eq!(opts.alpn, [b"http/1.1".to_vec()]);
        assert_eq!(
            opts.cert,
            Some((PathBuf::from("c.pem"), PathBuf::from("k.pem")))
        );
        assert_eq!(opts.send.as_deref(), Some("hello"));
        assert_eq!(opts.groups, [NamedGroup::X25519, NamedGroup::SECP256R1]);
        // A repeated option: the last one counts.
        assert_eq!(
            client(&["h:1", "--send", "a", "--send", "b"])
                .send
                .as_deref(),
            Some("b")
        );
    }

    #[test]
    fn bad_input_gets_a_precise_message() {
        use ErrorKind::*;
        refused(&[], MissingRequiredArgument, "<HOST[:PORT]>");
        refused(&["localhost:http"], ValueValidation, "is not a port");
        refused(&[":443"], ValueValidation, "is not HOST[:PORT]");
        refused(&["[::1]443"], ValueValidation, "is not HOST[:PORT]");
        refused(&["h", "--export", "x"], ValueValidation, "is not LABEL:LEN");
        refused(
            &["h", "--export-early", "x:0"],
            ValueValidation,
            "--export-early \"x:0\": LEN",
        );
        refused(
            &["h", "--ciphers", "RC4-MD5"],
            ValueValidation,
            "unknown suite",
        );
        refused(&["h", "--suites", "x"], ValueValidation, "--suites <LIST>");
        refused(
            &["h", "--connect-timeout", "0"],
            ValueValidation,
            "--connect-timeout <S>",
        );
        refused(&["a:1", "b:2"], UnknownArgument, "'b:2'");
        refused(
            &["a:1", "--cert", "c.pem"],
            MissingRequiredArgument,
            "--key <FILE>",
        );
        refused(
            &["a:1", "--key", "k.pem"],
            MissingRequiredArgument,
            "--cert <FILE>",
        );
        refused(&["a:1", "--send"], InvalidValue, "--send <TEXT>");
        refused(&["a:1", "--tls13=yes"], TooManyValues, "'--tls13'");
        refused(
            &["a:1", "--groups", "secp256r1,secp256r1"],
            ValueValidation,
            "twice",
        );
        refused(
            &["a:1", "--groups", "x448"],
            ValueValidation,
            "--groups <LIST>",
        );
        refused(
            &["a:1", "--alpn", "h2,,x"],
            ValueValidation,
            "empty protocol name",
        );
        refused(&["a:1", "--bogus"], UnknownArgument, "'--bogus'");
        refused(
            &["a:1", "--record-size-limit", "63"],
            ValueValidation,
            "64..=16384",
        );
        refused(
            &["a:1", "--record-size-limit", "16385"],
            ValueValidation,
            "64..=16384",
        );
    }

    #[test]
    fn parity_options_are_understood() {
        let opts = client(&[
            "h",
            "--showcerts",
            "--keylog",
            "k.log",
            "--ciphers",
            "ECDHE-ECDSA-AES128-GCM-SHA256",
            "--suites=TLS_AES_256_GCM_SHA384",
            "--export",
            "EXPERIMENTAL-a:16",
            "--export=b:c:8",
            "--export-early",
            "EXPERIMENTAL-e:12",
            "--ign-eof",
            "--no-require-ems",
            "--connect-timeout",
            "3",
        ]);
        assert!(opts.showcerts && opts.ign_eof && !opts.require_ems);
        assert_eq!(opts.keylog, Some(PathBuf::from("k.log")));
        assert_eq!(
            opts.ciphers.map(|c| c[0].name()),
            Some("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")
        );
        assert_eq!(
            opts.suites.map(|c| c[0].name()),
            Some("TLS_AES_256_GCM_SHA384")
        );
        // --export adds up; every other option's last use counts.
        assert_eq!(
            opts.exports,
            [
                Export::parse("EXPERIMENTAL-a:16").unwrap(),
                Export::parse("b:c:8").unwrap()
            ]
        );
        assert_eq!(
            opts.early_exports,
            [Export::parse_early("EXPERIMENTAL-e:12").unwrap()]
        );
        assert_eq!(opts.connect_timeout, std::time::Duration::from_secs(3));
    }

    #[test]
    fn handshake_timeout_defaults_and_must_be_positive() {
        assert_eq!(
            client(&["h:1"]).handshake_timeout,
            DEFAULT_HANDSHAKE_TIMEOUT
        );
        assert_eq!(
            client(&["h:1", "--handshake-timeout", "5"]).handshake_timeout,
            std::time::Duration::from_secs(5)
        );
        for bad in ["0", "-1", "soon"] {
            let e = parse(&["h:1", "--handshake-timeout", bad]).unwrap_err();
            assert_eq!(e.exit_code(), 2, "{bad}");
        }
    }
}
