//! `ferrotls server` options.

use std::net::SocketAddr;
use std::path::PathBuf;

use ferrotls_core::config::DEFAULT_MAX_REQUESTED_TICKETS;
use ferrotls_core::crypto::NamedGroup;
use ferrotls_core::suites::SupportedCipherSuite;

use clap::error::ErrorKind;
use clap::Args;

use super::session_store::{self, SessionStoreChoice};
use super::tls::TlsArgs;
use super::values::{self, MAX_RECORD_SIZE_LIMIT, MIN_RECORD_SIZE_LIMIT};
use super::{usage_error, UsageError, VersionChoice};
use crate::export::Export;

/// The address served when `--listen` is not given.
const DEFAULT_LISTEN: &str = "127.0.0.1:4433";

/// Options of `ferrotls server`.
#[derive(Debug, PartialEq, Eq)]
pub struct ServerOptions {
    /// `--cert FILE --key FILE`, one pair or more, in order: the first is served to clients
    /// whose server name matches no certificate; with several, each is served for the DNS
    /// names in its subjectAltName.
    pub certs: Vec<(PathBuf, PathBuf)>,
    pub listen: SocketAddr,
    pub versions: VersionChoice,
    pub alpn: Vec<Vec<u8>>,
    /// `--groups`: key-exchange groups in preference order; empty for the library's default.
    pub groups: Vec<NamedGroup>,
    /// `--record-size-limit N`: the largest record content we accept, advertised with
    /// record_size_limit (RFC 8449); `None` for the library's default.
    pub record_size_limit: Option<u16>,
    /// Require client certificates chaining to these CAs.
    pub client_ca: Option<PathBuf>,
    /// `--client-cert-optional`: with `client_ca`, request a certificate but accept clients
    /// that send none (as `openssl s_server -verify`).
    pub client_cert_optional: bool,
    /// `--keylog FILE`: append the connections' secrets to FILE (SSLKEYLOGFILE format);
    /// without it, the `SSLKEYLOGFILE` environment variable names the file, if set.
    pub keylog: Option<PathBuf>,
    /// `--ciphers LIST`: the TLS 1.2 suites to accept; `None` for all.
    pub ciphers: Option<Vec<&'static SupportedCipherSuite>>,
    /// `--suites LIST`: the TLS 1.3 suites to accept; `None` for all.
    pub suites: Option<Vec<&'static SupportedCipherSuite>>,
    /// `--export LABEL:LEN`, any number: keying material printed after each handshake.
    pub exports: Vec<Export>,
    /// `--export-early LABEL:LEN`, any number: the same from the early exporter (0-RTT only).
    pub early_exports: Vec<Export>,
    /// Refuse TLS 1.2 clients without the extended master secret (off with
    /// `--no-require-ems`).
    pub require_ems: bool,
    /// Exit after serving this many connections.
    pub max_connections: Option<usize>,
    /// NewSessionTickets sent after each TLS 1.3 handshake (`--tickets N`; 0 with
    /// `--no-tickets`).
    pub tls13_tickets: usize,
    /// The most TLS 1.3 tickets a client gets by asking for them (RFC 9149,
    /// `--max-requested-tickets N`; 0 with `--no-tickets`).
    pub max_requested_tickets: u8,
    /// Issue RFC 5077 tickets to TLS 1.2 clients (off with `--no-tickets`).
    pub tls12_tickets: bool,
    /// Keep TLS 1.2 sessions in memory for session-ID resumption (off with
    /// `--no-session-cache`).
    pub session_cache: bool,
    /// `--max-early-data N`: accept up to N bytes of 0-RTT data, each flight once (the replay
    /// check keys on the ClientHello's binder, so a ticket can carry 0-RTT again in a new
    /// ClientHello); 0 refuses early data.
    pub max_early_data: u32,
    /// Ticket keys: derived from a shared secret file, rotated how often.
    pub ticket_keys: TicketKeyOptions,
    /// `--stats-every N`: print the session metrics every N seconds (they are printed on
    /// SIGINT in any case).
    pub stats_every: Option<u64>,
    /// `--session-store`, `--session-prefix`: where sessions and 0-RTT records live.
    pub session_store: SessionStoreChoice,
    /// `--stateful-tickets`: TLS 1.3 tickets are IDs of states kept in the session store,
    /// each usable once, instead of sealed states (and TLS 1.2 gets no tickets).
    pub stateful_tickets: bool,
    /// `-v` (1) / `-vv` (2): the library's tracing points on standard error (verbose.rs).
    pub verbose: u8,
}

/// `--ticket-secret-file F` and `--ticket-rotate SECS`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TicketKeyOptions {
    /// Derive every ticket key from this file's bytes (shared by a fleet); random keys
    /// without it.
    pub secret_file: Option<PathBuf>,
    /// Seconds each key encrypts; it then decrypts for 12 times as long. `None`: one hour
    /// and twelve hours.
    pub rotate: Option<u32>,
}

/// The most `--ticket-rotate` accepts: twelve times it must fit the decrypt window (u32).
const MAX_TICKET_ROTATE: i64 = (u32::MAX / 12) as i64;

/// TLS 1.3 tickets per handshake without `--tickets`: as OpenSSL and the library's default.
pub const DEFAULT_TLS13_TICKETS: usize = 2;
/// The most `--tickets` accepts: more is no use to a client and only costs the server.
const MAX_TLS13_TICKETS: u64 = 16;

/// Serve TLS connections: an echo and HTTP test server.
///
/// Serves TLS connections, one thread each. Every line received is echoed back; a line
/// starting with 'GET ' gets an HTTP/1.0 200 response naming the negotiated parameters, then
/// close_notify. Prints 'listening on ADDR' at startup, one 'handshake: ...' line per
/// completed handshake, 'early-data: TEXT' for 0-RTT data received (which is then answered like
/// the lines after it), 'resumption declined: REASON' when a client's session could not be
/// resumed, and 'early data accepted' or 'early data rejected: REASON' for a 0-RTT flight (also
/// when the handshake then fails).
///
/// Sessions: TLS 1.3 clients that can resume (psk_key_exchange_modes) get NewSessionTickets;
/// TLS 1.2 clients get an RFC 5077 ticket if they ask, and a session ID kept in an in-memory cache,
/// or in Redis with --session-store, where every server given the same URL finds it (then the 0-RTT
/// records are shared too, so a flight is accepted by one server of the fleet at most). A store
/// that fails is reported on standard error and costs full handshakes and refused 0-RTT, never a
/// failed connection. Each ticket key seals tickets for an hour and opens them for twelve more; the
/// keys are random and live in this process only, unless --ticket-secret-file derives them from a
/// file that every server of a fleet shares (a ticket made on one then resumes on any). Session
/// metrics are printed as 'stats: ...' lines on SIGINT (which then stops the server) and every
/// --stats-every seconds.
#[derive(Debug, Args)]
#[command(args_override_self = true)]
pub(super) struct ServerArgs {
    /// Certificate chain (PEM, end entity first). Repeat --cert/--key for more certificates:
    /// each is then served to clients whose SNI is one of the DNS names in its
    /// subjectAltName, and the first also to every other client.
    #[arg(long, value_name = "FILE", required = true)]
    cert: Vec<PathBuf>,
    /// Private key of the end-entity certificate (PEM), one per --cert, in the same order.
    #[arg(long, value_name = "FILE", required = true)]
    key: Vec<PathBuf>,
    /// Address to listen on; port 0 picks one.
    #[arg(long, value_name = "ADDR", default_value = DEFAULT_LISTEN, value_parser = values::ip_port)]
    listen: SocketAddr,
    /// Accept only TLS 1.2.
    #[arg(long, conflicts_with = "tls13")]
    tls12: bool,
    /// Accept only TLS 1.3.
    #[arg(long)]
    tls13: bool,
    /// Comma-separated ALPN protocols, in preference order.
    #[arg(long, value_name = "LIST", value_parser = values::alpn)]
    alpn: Option<::std::vec::Vec<Vec<u8>>>,
    /// Accept only these key-exchange groups, in preference order (X25519MLKEM768, x25519,
    /// secp256r1, secp384r1) [default: all four, in that order; X25519MLKEM768, the
    /// post-quantum hybrid, is TLS 1.3 only].
    #[arg(long, value_name = "LIST", value_parser = values::groups)]
    groups: Option<::std::vec::Vec<NamedGroup>>,
    /// Require a client certificate chaining to a CA in FILE (PEM).
    #[arg(long, value_name = "FILE")]
    client_ca: Option<PathBuf>,
    /// With --client-ca: request a client certificate but accept clients that send none (as
    /// s_server -verify); a certificate that is sent must verify.
    #[arg(long, requires = "client_ca")]
    client_cert_optional: bool,
    /// Exit after serving N connections.
    #[arg(
        long,
        value_name = "N",
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..),
    )]
    max_connections: Option<usize>,
    /// TLS 1.3 session tickets sent after each handshake (0 to 16) [default: 2].
    #[arg(
        long,
        value_name = "N",
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(0..=MAX_TLS13_TICKETS),
    )]
    tickets: Option<usize>,
    /// The most TLS 1.3 tickets a client gets by asking for a number (RFC 9149 ticket_request;
    /// 0 to 255).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_REQUESTED_TICKETS)]
    max_requested_tickets: u8,
    /// Issue no session tickets, in either version.
    #[arg(long)]
    no_tickets: bool,
    /// Keep no session-ID cache (TLS 1.2 session-ID resumption off).
    #[arg(long)]
    no_session_cache: bool,
    /// Accept up to N bytes of TLS 1.3 0-RTT data per connection [default: 0, refused]. A
    /// ticket may carry 0-RTT more than once; a replayed flight (the same ClientHello again) is
    /// refused. With --ticket-secret-file, 0-RTT is refused for the first 13 key periods, as
    /// the flights recorded for older tickets are not in this process (with --session-store
    /// redis://..., they are: no such wait).
    #[arg(long, value_name = "N", default_value_t = 0, hide_default_value = true)]
    max_early_data: u32,
    /// Derive the ticket keys from F's bytes (at least 32; e.g. 'head -c 32 /dev/urandom >
    /// F'): servers sharing F share keys.
    #[arg(long, value_name = "F")]
    ticket_secret_file: Option<PathBuf>,
    /// A new ticket key every SECS seconds, each opening tickets for 12 times as long
    /// [default: 3600].
    #[arg(
        long,
        value_name = "SECS",
        value_parser = clap::value_parser!(u32).range(1..=MAX_TICKET_ROTATE),
    )]
    ticket_rotate: Option<u32>,
    /// Print the session metrics every N seconds.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    stats_every: Option<u64>,
    #[command(flatten)]
    store: session_store::SessionStoreArgs,
    /// TLS 1.3 tickets name states kept in the session store, each usable once (TLS 1.2 then
    /// gets no tickets).
    #[arg(long, conflicts_with_all = ["no_tickets", "no_session_cache"])]
    stateful_tickets: bool,
    /// Accept records of at most N bytes of content (64 to 16384), answered to a client's
    /// record_size_limit (RFC 8449) [default: 16384].
    #[arg(
        long,
        value_name = "N",
        value_parser = clap::value_parser!(u16).range(MIN_RECORD_SIZE_LIMIT..=MAX_RECORD_SIZE_LIMIT),
    )]
    record_size_limit: Option<u16>,
    #[command(flatten)]
    tls: TlsArgs,
}

impl ServerArgs {
    /// The options as the rest of the CLI reads them, after the checks clap cannot declare.
    pub(super) fn finish(self) -> Result<ServerOptions, UsageError> {
        if self.no_tickets && self.tickets.is_some_and(|n| n > 0) {
            // `--tickets 0 --no-tickets` says the same twice, so clap's conflict is too strict.
            return Err(usage_error(
                "server",
                ErrorKind::ArgumentConflict,
                "--tickets contradicts --no-tickets".into(),
            ));
        }
        if self.cert.len() != self.key.len() {
            return Err(usage_error(
                "server",
                ErrorKind::WrongNumberOfValues,
                format!(
                    "{} --cert but {} --key: each certificate needs its key, in the same order",
                    self.cert.len(),
                    self.key.len()
                ),
            ));
        }
        let tickets = !self.no_tickets;
        Ok(ServerOptions {
            certs: self.cert.into_iter().zip(self.key).collect(),
            client_cert_optional: self.client_cert_optional,
            keylog: self.tls.keylog,
            ciphers: self.tls.ciphers,
            suites: self.tls.suites,
            exports: self.tls.exports,
            early_exports: self.tls.early_exports,
            require_ems: !self.tls.no_require_ems,
            listen: self.listen,
            versions: VersionChoice::from_flags(self.tls12, self.tls13),
            alpn: self.alpn.unwrap_or_default(),
            groups: self.groups.unwrap_or_default(),
            record_size_limit: self.record_size_limit,
            client_ca: self.client_ca,
            max_connections: self.max_connections,
            tls13_tickets: match tickets {
                true => self.tickets.unwrap_or(DEFAULT_TLS13_TICKETS),
                false => 0,
            },
            max_requested_tickets: match tickets {
                true => self.max_requested_tickets,
                false => 0,
            },
            tls12_tickets: tickets,
            session_cache: !self.no_session_cache,
            max_early_data: self.max_early_data,
            ticket_keys: TicketKeyOptions {
                secret_file: self.ticket_secret_file,
                rotate: self.ticket_rotate,
            },
            stats_every: self.stats_every,
            session_store: self.store.finish()?,
            stateful_tickets: self.stateful_tickets,
            verbose: self.tls.verbose,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::args;
    use super::super::{parse as parse_command, Command};
    use super::*;
    use ferrotls_core::ProtocolVersion;

    fn parse(list: &[&str]) -> Result<Command, UsageError> {
        parse_command(args(&[&["server"], list].concat()))
    }

    fn server(list: &[&str]) -> ServerOptions {
        match parse(list) {
            Ok(Command::Server(opts)) => opts,
            other => panic!("server options expected, got {other:?}"),
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

    /// [`refused`] with `--cert c --key k` before `extra`.
    fn refused_with_files(extra: &[&str], kind: ErrorKind, needle: &str) {
        refused(
            &[&["--cert", "c", "--key", "k"], extra].concat(),
            kind,
            needle,
        );
    }

    #[test]
    fn minimal_server_uses_the_defaults() {
        let opts = server(&["--cert", "c.pem", "--key", "k.pem"]);
        assert_eq!(
            opts.certs,
            [(PathBuf::from("c.pem"), PathBuf::from("k.pem"))]
        );
        assert!(!opts.client_cert_optional && opts.require_ems);
        assert_eq!(
            (&opts.keylog, &opts.ciphers, &opts.suites),
            (&None, &None, &None)
        );
        assert!(opts.exports.is_empty() && opts.early_exports.is_empty());
        assert_eq!(opts.listen.to_string(), "127.0.0.1:4433");
        assert_eq!(opts.versions, VersionChoice::Default);
        assert!(opts.alpn.is_empty() && opts.groups.is_empty());
        assert_eq!((opts.client_ca, opts.max_connections), (None, None));
        assert_eq!(opts.tls13_tickets, 2);
        assert_eq!(opts.max_requested_tickets, DEFAULT_MAX_REQUESTED_TICKETS);
        assert!(opts.tls12_tickets && opts.session_cache);
        assert_eq!(opts.max_early_data, 0);
        assert_eq!(opts.record_size_limit, None);
        assert_eq!(opts.ticket_keys, TicketKeyOptions::default());
        assert_eq!(opts.stats_every, None);
        assert_eq!(opts.session_store, SessionStoreChoice::Memory);
        assert!(!opts.stateful_tickets);
        assert_eq!(opts.verbose, 0);
        assert_eq!(server(&["--cert", "c", "--key", "k", "-v"]).verbose, 1);
        assert_eq!(server(&["-vv", "--cert", "c", "--key", "k"]).verbose, 2);
    }

    #[test]
    fn ticket_key_and_stats_options_are_understood() {
        let base = ["--cert", "c", "--key", "k"];
        let with = |extra: &[&str]| server(&[&base[..], extra].concat());
        let opts = with(&[
            "--ticket-secret-file",
            "fleet.key",
            "--ticket-rotate=60",
            "--stats-every",
            "5",
        ]);
        assert_eq!(
            opts.ticket_keys,
            TicketKeyOptions {
                secret_file: Some(PathBuf::from("fleet.key")),
                rotate: Some(60),
            }
        );
        assert_eq!(opts.stats_every, Some(5));
        assert_eq!(
            with(&["--ticket-rotate", "357913941"]).ticket_keys.rotate,
            Some(357913941)
        );
        use ErrorKind::*;
        refused_with_files(&["--ticket-rotate", "0"], ValueValidation, "1..=357913941");
        refused_with_files(
            &["--ticket-rotate", "357913942"],
            ValueValidation,
            "1..=357913941",
        );
        refused_with_files(
            &["--ticket-rotate", "x"],
            ValueValidation,
            "'--ticket-rotate <SECS>'",
        );
        refused_with_files(
            &["--ticket-secret-file"],
            InvalidValue,
            "--ticket-secret-file <F>",
        );
        refused_with_files(
            &["--stats-every", "0"],
            ValueValidation,
            "'--stats-every <N>'",
        );
    }

    #[test]
    fn resumption_options_are_understood() {
        let base = ["--cert", "c", "--key", "k"];
        let with = |extra: &[&str]| server(&[&base[..], extra].concat());
        let opts = with(&["--tickets", "5", "--max-early-data", "16384"]);
        assert_eq!((opts.tls13_tickets, opts.max_early_data), (5, 16384));
        assert!(opts.tls12_tickets && opts.session_cache);
        assert_eq!(
            with(&["--max-requested-tickets", "3"]).max_requested_tickets,
            3
        );
        assert_eq!(with(&["--tickets", "16"]).tls13_tickets, 16);
        let opts = with(&["--no-tickets", "--no-session-cache"]);
        assert_eq!(opts.tls13_tickets, 0);
        assert_eq!(opts.max_requested_tickets, 0);
        assert!(!opts.tls12_tickets && !opts.session_cache);
        // Zero TLS 1.3 tickets leaves TLS 1.2 tickets on; --tickets 0 agrees with --no-tickets.
        let opts = with(&["--tickets=0"]);
        assert_eq!(opts.tls13_tickets, 0);
        assert!(opts.tls12_tickets);
        assert_eq!(with(&["--tickets", "0", "--no-tickets"]).tls13_tickets, 0);
        use ErrorKind::*;
        refused_with_files(&["--tickets", "x"], ValueValidation, "'--tickets <N>'");
        refused_with_files(&["--tickets", "17"], ValueValidation, "17 is not in 0..=16");
        refused_with_files(
            &["--tickets", "1", "--no-tickets"],
            ArgumentConflict,
            "--tickets contradicts --no-tickets",
        );
        refused_with_files(&["--no-tickets=1"], TooManyValues, "'--no-tickets'");
        refused_with_files(
            &["--no-session-cache=no"],
            TooManyValues,
            "--no-session-cache",
        );
        refused_with_files(&["--max-early-data", "-1"], UnknownArgument, "'-1'");
        refused_with_files(
            &["--max-early-data", "4294967296"],
            ValueValidation,
            "'--max-early-data <N>'",
        );
        refused_with_files(&["--max-early-data"], InvalidValue, "--max-early-data <N>");
        refused_with_files(
            &["--max-requested-tickets", "256"],
            ValueValidation,
            "0..=255",
        );
    }

    #[test]
    fn session_store_options_are_understood() {
        let base = ["--cert", "c", "--key", "k"];
        let with = |extra: &[&str]| server(&[&base[..], extra].concat());
        assert_eq!(with(&[]).session_store, SessionStoreChoice::Memory);
        assert!(!with(&[]).stateful_tickets);
        assert_eq!(
            with(&["--session-store", "memory"]).session_store,
            SessionStoreChoice::Memory
        );
        let SessionStoreChoice::Redis(redis) =
            with(&["--session-store=redis://127.0.0.1:6380/2"]).session_store
        else {
            panic!("redis expected");
        };
        assert_eq!(
            (redis.port, redis.db, redis.prefix.as_str()),
            (6380, 2, "ferrotls:")
        );
        let SessionStoreChoice::Redis(redis) = with(&[
            "--session-prefix",
            "fleet-b:",
            "--session-store",
            "redis://cache:6379",
        ])
        .session_store
        else {
            panic!("redis expected");
        };
        assert_eq!(
            (redis.host.as_str(), redis.prefix.as_str()),
            ("cache", "fleet-b:")
        );
        assert!(with(&["--stateful-tickets"]).stateful_tickets);
        use ErrorKind::*;
        refused_with_files(
            &["--session-store", "disk"],
            ValueValidation,
            "neither 'memory' nor redis://",
        );
        refused_with_files(
            &["--session-store", "redis://h"],
            ValueValidation,
            "port is missing",
        );
        refused_with_files(
            &["--session-prefix", "p:"],
            MissingRequiredArgument,
            "--session-store <STORE>",
        );
        refused_with_files(
            &["--session-prefix", "p:", "--session-store", "memory"],
            ArgumentConflict,
            "needs --session-store redis://",
        );
        refused_with_files(
            &["--session-store", "redis://h:1", "--session-prefix", "a b"],
            ValueValidation,
            "printable",
        );
        refused_with_files(
            &["--stateful-tickets", "--no-tickets"],
            ArgumentConflict,
            "'--stateful-tickets' cannot be used with '--no-tickets'",
        );
        refused_with_files(
            &["--stateful-tickets", "--no-session-cache"],
            ArgumentConflict,
            "'--stateful-tickets' cannot be used with '--no-session-cache'",
        );
        refused_with_files(
            &["--stateful-tickets=yes"],
            TooManyValues,
            "--stateful-tickets",
        );
    }

    #[test]
    fn every_option_is_understood() {
        let opts = server(&[
            "--cert=c.pem",
            "--key",
            "k.pem",
            "--listen",
            "127.0.0.1:0",
            "--tls13",
            "--alpn",
            "h2,http/1.1",
            "--client-ca",
            "ca.pem",
            "--max-connections",
            "3",
            "--groups",
            "secp256r1",
            "--record-size-limit",
            "512",
        ]);
        assert_eq!(opts.record_size_limit, Some(512));
        assert_eq!(opts.listen.port(), 0);
        assert_eq!(opts.versions, VersionChoice::Only(ProtocolVersion::TLS1_3));
        assert_eq!(opts.alpn, [b"h2".to_vec(), b"http/1.1".to_vec()]);
        assert_eq!(opts.client_ca, Some(PathBuf::from("ca.pem")));
        assert_eq!(opts.max_connections, Some(3));
        assert_eq!(opts.groups, [NamedGroup::SECP256R1]);
    }

    #[test]
    fn bad_input_gets_a_precise_message() {
        use ErrorKind::*;
        refused(&["--key", "k"], MissingRequiredArgument, "--cert <FILE>");
        refused(&["--cert", "c"], MissingRequiredArgument, "--key <FILE>");
        refused_with_files(
            &["--listen", "localhost"],
            ValueValidation,
            "not an IP:PORT",
        );
        refused_with_files(
            &["--max-connections", "0"],
            ValueValidation,
            "'--max-connections <N>'",
        );
        refused_with_files(&["--bogus"], UnknownArgument, "'--bogus'");
        refused_with_files(&["extra"], UnknownArgument, "'extra'");
        refused(&["--cert"], InvalidValue, "--cert <FILE>");
        refused(&["--tls12", "--tls13"], ArgumentConflict, "--tls13");
        refused_with_files(
            &["--groups", "x448"],
            ValueValidation,
            "unknown group \"x448\"",
        );
        refused_with_files(&["--groups"], InvalidValue, "--groups <LIST>");
        refused_with_files(
            &["--record-size-limit", "63"],
            ValueValidation,
            "64..=16384",
        );
    }

    #[test]
    fn parity_options_are_understood() {
        let opts = server(&[
            "--cert",
            "a.pem",
            "--key",
            "a.key",
            "--cert",
            "b.pem",
            "--key",
            "b.key",
            "--client-ca",
            "ca.pem",
            "--client-cert-optional",
            "--no-require-ems",
            "--keylog",
            "k.log",
            "--ciphers",
            "ECDHE-RSA-AES128-GCM-SHA256",
            "--suites",
            "TLS_AES_128_GCM_SHA256",
            "--export",
            "x:32",
            "--export",
            "y:16",
            "--export-early",
            "z:8",
        ]);
        assert_eq!(
            opts.certs,
            [
                (PathBuf::from("a.pem"), PathBuf::from("a.key")),
                (PathBuf::from("b.pem"), PathBuf::from("b.key"))
            ]
        );
        assert!(opts.client_cert_optional && !opts.require_ems);
        assert_eq!(opts.keylog, Some(PathBuf::from("k.log")));
        assert_eq!(opts.ciphers.map(|c| c.len()), Some(1));
        assert_eq!(opts.suites.map(|c| c.len()), Some(1));
        assert_eq!(
            opts.exports,
            [
                Export::parse("x:32").unwrap(),
                Export::parse("y:16").unwrap()
            ]
        );
        assert_eq!(opts.early_exports, [Export::parse_early("z:8").unwrap()]);
        use ErrorKind::*;
        refused(
            &["--cert", "a", "--key", "a", "--cert", "b"],
            WrongNumberOfValues,
            "2 --cert but 1 --key",
        );
        refused_with_files(
            &["--client-cert-optional"],
            MissingRequiredArgument,
            "--client-ca <FILE>",
        );
        refused_with_files(&["--suites", "x"], ValueValidation, "unknown suite");
        refused_with_files(&["--export", "x:0"], ValueValidation, "from 1 to 4096");
    }

    #[test]
    fn the_help_keeps_its_description_and_defaults() {
        let e = parse(&["--help"]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::DisplayHelp);
        // Wrapped to the terminal's width: compare words, not lines.
        let help = e
            .to_string()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        for needle in [
            "one thread each",
            "every --stats-every seconds",
            "[default: 127.0.0.1:4433]",
            "[default: 2]",
            "[default: 8]",
            "a replayed flight",
            "--session-store <STORE>",
        ] {
            assert!(help.contains(needle), "{needle:?} missing from\n{help}");
        }
        assert!(!help.contains("each ticket once"), "{help}");
    }
}
