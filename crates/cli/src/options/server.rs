//! `ferrotls server` options.

use std::net::SocketAddr;
use std::path::PathBuf;

use ferrotls_core::config::DEFAULT_MAX_REQUESTED_TICKETS;
use ferrotls_core::crypto::NamedGroup;

use super::cursor::{no_value, Arg, Cursor};
use super::session_store::{SessionStoreChoice, SessionStoreFlags};
use super::{common_flag, Command, CommonFlags, UsageError, VersionChoice};
use crate::help;

/// The address served when `--listen` is not given.
const DEFAULT_LISTEN: &str = "127.0.0.1:4433";

/// Options of `ferrotls server`.
#[derive(Debug, PartialEq, Eq)]
pub struct ServerOptions {
    pub cert: PathBuf,
    pub key: PathBuf,
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
    /// `--max-early-data N`: accept up to N bytes of 0-RTT data (with a single-use anti-replay
    /// check); 0 refuses early data.
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
const MAX_TICKET_ROTATE: u32 = u32::MAX / 12;

/// TLS 1.3 tickets per handshake without `--tickets`: as OpenSSL and the library's default.
pub const DEFAULT_TLS13_TICKETS: usize = 2;
/// The most `--tickets` accepts: more is no use to a client and only costs the server.
const MAX_TLS13_TICKETS: usize = 16;

pub(super) fn parse(mut args: Cursor) -> Result<Command, UsageError> {
    let mut cert = None;
    let mut key = None;
    let mut listen = None;
    let mut common = CommonFlags::default();
    let mut client_ca = None;
    let mut max_connections = None;
    let mut tickets = None;
    let mut max_requested_tickets = DEFAULT_MAX_REQUESTED_TICKETS;
    let mut no_tickets = false;
    let mut session_cache = true;
    let mut max_early_data = 0;
    let mut ticket_keys = TicketKeyOptions::default();
    let mut stats_every = None;
    let mut store = SessionStoreFlags::default();
    while let Some(arg) = args.next_arg() {
        let (name, attached) = match arg {
            Arg::Flag { name, attached } => (name, attached),
            Arg::Positional(p) => {
                return Err(UsageError(format!("server: unexpected argument {p:?}")))
            }
        };
        if common_flag(&name, attached.clone(), &mut args, &mut common)? {
            continue;
        }
        if store.take(&name, attached.clone(), &mut args)? {
            continue;
        }
        match name.as_str() {
            "-h" | "--help" => {
                no_value(&name, attached)?;
                return Ok(Command::Help(help::SERVER));
            }
            "--cert" => cert = Some(PathBuf::from(args.value(&name, attached)?)),
            "--key" => key = Some(PathBuf::from(args.value(&name, attached)?)),
            "--client-ca" => client_ca = Some(PathBuf::from(args.value(&name, attached)?)),
            "--listen" => {
                let text = args.value(&name, attached)?;
                let addr = text.parse().map_err(|_| {
                    UsageError(format!("--listen {text:?} is not an IP:PORT address"))
                })?;
                listen = Some(addr);
            }
            "--max-connections" => {
                let text = args.value(&name, attached)?;
                let n = text.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                    UsageError(format!(
                        "--max-connections {text:?} is not a positive number"
                    ))
                })?;
                max_connections = Some(n);
            }
            "--tickets" => {
                let text = args.value(&name, attached)?;
                let n = text
                    .parse()
                    .ok()
                    .filter(|n| *n <= MAX_TLS13_TICKETS)
                    .ok_or_else(|| {
                        UsageError(format!(
                            "--tickets {text:?} is not a number from 0 to {MAX_TLS13_TICKETS}"
                        ))
                    })?;
                tickets = Some(n);
            }
            "--max-requested-tickets" => {
                let text = args.value(&name, attached)?;
                max_requested_tickets = text.parse().map_err(|_| {
                    UsageError(format!(
                        "--max-requested-tickets {text:?} is not a number from 0 to 255"
                    ))
                })?;
            }
            "--no-tickets" => {
                no_value(&name, attached)?;
                no_tickets = true;
            }
            "--no-session-cache" => {
                no_value(&name, attached)?;
                session_cache = false;
            }
            "--max-early-data" => {
                let text = args.value(&name, attached)?;
                max_early_data = text.parse().map_err(|_| {
                    UsageError(format!(
                        "--max-early-data {text:?} is not a number of bytes (0 to 4294967295)"
                    ))
                })?;
            }
            "--ticket-secret-file" => {
                ticket_keys.secret_file = Some(PathBuf::from(args.value(&name, attached)?));
            }
            "--ticket-rotate" => {
                let text = args.value(&name, attached)?;
                let secs = text
                    .parse()
                    .ok()
                    .filter(|s| (1..=MAX_TICKET_ROTATE).contains(s))
                    .ok_or_else(|| {
                        UsageError(format!(
                            "--ticket-rotate {text:?} is not a number of seconds from 1 to \
                             {MAX_TICKET_ROTATE}"
                        ))
                    })?;
                ticket_keys.rotate = Some(secs);
            }
            "--stats-every" => {
                let text = args.value(&name, attached)?;
                let secs = text.parse().ok().filter(|s| *s > 0).ok_or_else(|| {
                    UsageError(format!(
                        "--stats-every {text:?} is not a positive number of seconds"
                    ))
                })?;
                stats_every = Some(secs);
            }
            _ => return Err(UsageError(format!("server: unknown option {name}"))),
        }
    }
    if store.stateful_tickets && (no_tickets || !session_cache) {
        return Err(UsageError(
            "server: --stateful-tickets needs tickets and a session cache".into(),
        ));
    }
    if no_tickets && tickets.is_some_and(|n| n > 0) {
        return Err(UsageError(
            "server: --tickets contradicts --no-tickets".into(),
        ));
    }
    let (Some(cert), Some(key)) = (cert, key) else {
        return Err(UsageError("server: --cert and --key are required".into()));
    };
    let listen = match listen {
        Some(addr) => addr,
        None => DEFAULT_LISTEN
            .parse()
            .map_err(|_| UsageError("bad default address".into()))?,
    };
    Ok(Command::Server(ServerOptions {
        cert,
        key,
        listen,
        versions: common.versions,
        alpn: common.alpn,
        groups: common.groups,
        record_size_limit: common.record_size_limit,
        client_ca,
        max_connections,
        tls13_tickets: if no_tickets {
            0
        } else {
            tickets.unwrap_or(DEFAULT_TLS13_TICKETS)
        },
        max_requested_tickets: if no_tickets { 0 } else { max_requested_tickets },
        tls12_tickets: !no_tickets,
        session_cache,
        max_early_data,
        ticket_keys,
        stats_every,
        stateful_tickets: store.stateful_tickets,
        session_store: store.finish()?,
    }))
}

#[cfg(test)]
mod tests {
    use super::super::parse as parse_command;
    use super::*;
    use ferrotls_core::ProtocolVersion;

    fn parse(list: &[&str]) -> Result<Command, UsageError> {
        parse_command(
            std::iter::once("server")
                .chain(list.iter().copied())
                .map(String::from),
        )
    }

    fn server(list: &[&str]) -> ServerOptions {
        match parse(list) {
            Ok(Command::Server(opts)) => opts,
            other => panic!("server options expected, got {other:?}"),
        }
    }

    #[test]
    fn minimal_server_uses_the_defaults() {
        let opts = server(&["--cert", "c.pem", "--key", "k.pem"]);
        assert_eq!(opts.cert, PathBuf::from("c.pem"));
        assert_eq!(opts.key, PathBuf::from("k.pem"));
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
        for (extra, needle) in [
            (&["--ticket-rotate", "0"][..], "from 1 to 357913941"),
            (&["--ticket-rotate", "357913942"], "from 1 to 357913941"),
            (&["--ticket-rotate", "x"], "is not a number of seconds"),
            (
                &["--ticket-secret-file"],
                "--ticket-secret-file needs a value",
            ),
            (&["--stats-every", "0"], "positive number of seconds"),
        ] {
            let e = parse(&[&base[..], extra].concat()).unwrap_err();
            assert!(e.0.contains(needle), "{extra:?}: {e}");
        }
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
        let opts = with(&["--no-tickets", "--no-session-cache"]);
        assert_eq!(opts.tls13_tickets, 0);
        assert_eq!(opts.max_requested_tickets, 0);
        assert!(!opts.tls12_tickets && !opts.session_cache);
        // Zero TLS 1.3 tickets leaves TLS 1.2 tickets on; --tickets 0 agrees with --no-tickets.
        let opts = with(&["--tickets=0"]);
        assert_eq!(opts.tls13_tickets, 0);
        assert!(opts.tls12_tickets);
        assert_eq!(with(&["--tickets", "0", "--no-tickets"]).tls13_tickets, 0);
        for (extra, needle) in [
            (
                &["--tickets", "x"][..],
                "--tickets \"x\" is not a number from 0 to 16",
            ),
            (&["--tickets", "17"], "from 0 to 16"),
            (
                &["--tickets", "1", "--no-tickets"],
                "contradicts --no-tickets",
            ),
            (&["--no-tickets=1"], "takes no value"),
            (&["--no-session-cache=no"], "takes no value"),
            (&["--max-early-data", "-1"], "not a number of bytes"),
            (&["--max-early-data", "4294967296"], "not a number of bytes"),
            (&["--max-early-data"], "--max-early-data needs a value"),
        ] {
            let e = parse(&[&base[..], extra].concat()).unwrap_err();
            assert!(e.0.contains(needle), "{extra:?}: {e}");
        }
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
        for (extra, needle) in [
            (
                &["--session-store", "disk"][..],
                "neither 'memory' nor redis://",
            ),
            (&["--session-store", "redis://h"], "port is missing"),
            (
                &["--session-prefix", "p:"],
                "needs --session-store redis://",
            ),
            (
                &["--session-store", "redis://h:1", "--session-prefix", "a b"],
                "printable",
            ),
            (&["--stateful-tickets", "--no-tickets"], "needs tickets"),
            (
                &["--stateful-tickets", "--no-session-cache"],
                "session cache",
            ),
            (&["--stateful-tickets=yes"], "takes no value"),
        ] {
            let e = parse(&[&base[..], extra].concat()).unwrap_err();
            assert!(e.0.contains(needle), "{extra:?}: {e}");
        }
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
        for (args, needle) in [
            (&["--key", "k"][..], "--cert and --key are required"),
            (
                &["--cert", "c", "--key", "k", "--listen", "localhost"],
                "not an IP:PORT",
            ),
            (
                &["--cert", "c", "--key", "k", "--max-connections", "0"],
                "positive",
            ),
            (
                &["--cert", "c", "--key", "k", "--bogus"],
                "unknown option --bogus",
            ),
            (
                &["--cert", "c", "--key", "k", "extra"],
                "unexpected argument",
            ),
            (&["--cert"], "--cert needs a value"),
            (&["--tls12", "--tls13"], "contradicts"),
            (&["--groups", "x448"], "unknown group \"x448\""),
            (&["--groups"], "--groups needs a value"),
        ] {
            let e = parse(args).unwrap_err();
            assert!(e.0.contains(needle), "{args:?}: {e}");
        }
    }

    #[test]
    fn help_wins_over_missing_options() {
        assert_eq!(parse(&["--help"]), Ok(Command::Help(help::SERVER)));
    }
}
