//! `ferrotls server` options.

use std::net::SocketAddr;
use std::path::PathBuf;

use ferrotls_core::crypto::NamedGroup;

use super::cursor::{no_value, Arg, Cursor};
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
    /// Require client certificates chaining to these CAs.
    pub client_ca: Option<PathBuf>,
    /// Exit after serving this many connections.
    pub max_connections: Option<usize>,
}

pub(super) fn parse(mut args: Cursor) -> Result<Command, UsageError> {
    let mut cert = None;
    let mut key = None;
    let mut listen = None;
    let mut common = CommonFlags::default();
    let mut client_ca = None;
    let mut max_connections = None;
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
            _ => return Err(UsageError(format!("server: unknown option {name}"))),
        }
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
        client_ca,
        max_connections,
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
        ]);
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
