//! `ferrotls client` options.

use std::path::PathBuf;

use ferrotls_core::crypto::NamedGroup;

use super::cursor::{no_value, Arg, Cursor};
use super::{common_flag, Command, CommonFlags, UsageError, VersionChoice};
use crate::help;

/// Options of `ferrotls client`.
#[derive(Debug, PartialEq, Eq)]
pub struct ClientOptions {
    /// `HOST:PORT` as given (resolved when connecting).
    pub address: String,
    /// The HOST part of `address` (without brackets for IPv6).
    pub host: String,
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
}

impl ClientOptions {
    /// The name to verify the server's certificate against.
    pub fn name_to_verify(&self) -> &str {
        self.server_name.as_deref().unwrap_or(&self.host)
    }
}

/// The host of `HOST:PORT` or `[IPv6]:PORT`; the port must be a number.
fn split_host(address: &str) -> Result<String, UsageError> {
    let bad = || UsageError(format!("{address:?} is not HOST:PORT"));
    let (host, port) = match address.strip_prefix('[') {
        Some(rest) => {
            let (host, rest) = rest.split_once(']').ok_or_else(bad)?;
            (host, rest.strip_prefix(':').ok_or_else(bad)?)
        }
        None => address.rsplit_once(':').ok_or_else(bad)?,
    };
    if host.is_empty() || port.parse::<u16>().is_err() {
        return Err(bad());
    }
    Ok(host.to_string())
}

pub(super) fn parse(mut args: Cursor) -> Result<Command, UsageError> {
    let mut address = None;
    let mut cafile = None;
    let mut server_name = None;
    let mut common = CommonFlags::default();
    let mut cert = None;
    let mut key = None;
    let mut send = None;
    let mut handshake_timeout = DEFAULT_HANDSHAKE_TIMEOUT;
    let mut resume = false;
    let mut session_file = None;
    let mut session_cache = None;
    let mut early_data = None;
    let mut request_tickets = None;
    while let Some(arg) = args.next_arg() {
        let (name, attached) = match arg {
            Arg::Flag { name, attached } => (name, attached),
            Arg::Positional(p) if address.is_none() => {
                address = Some(p);
                continue;
            }
            Arg::Positional(p) => {
                return Err(UsageError(format!("client: unexpected argument {p:?}")))
            }
        };
        if common_flag(&name, attached.clone(), &mut args, &mut common)? {
            continue;
        }
        match name.as_str() {
            "-h" | "--help" => {
                no_value(&name, attached)?;
                return Ok(Command::Help(help::CLIENT));
            }
            "--cafile" => cafile = Some(PathBuf::from(args.value(&name, attached)?)),
            "--server-name" => server_name = Some(args.value(&name, attached)?),
            "--cert" => cert = Some(PathBuf::from(args.value(&name, attached)?)),
            "--key" => key = Some(PathBuf::from(args.value(&name, attached)?)),
            "--send" => send = Some(args.value(&name, attached)?),
            "--resume" => {
                no_value(&name, attached)?;
                resume = true;
            }
            "--session-file" => session_file = Some(PathBuf::from(args.value(&name, attached)?)),
            "--session-cache" => {
                session_cache = Some(PathBuf::from(args.value(&name, attached)?));
            }
            "--early-data" => early_data = Some(PathBuf::from(args.value(&name, attached)?)),
            "--request-tickets" => {
                let text = args.value(&name, attached)?;
                let n = text.parse().map_err(|_| {
                    UsageError(format!(
                        "--request-tickets {text:?} is not a number from 0 to 255"
                    ))
                })?;
                request_tickets = Some(n);
            }
            "--handshake-timeout" => {
                let text = args.value(&name, attached)?;
                let secs: u64 = text.parse().ok().filter(|s| *s > 0).ok_or_else(|| {
                    UsageError(format!(
                        "--handshake-timeout {text:?} is not a positive number of seconds"
                    ))
                })?;
                handshake_timeout = std::time::Duration::from_secs(secs);
            }
            _ => return Err(UsageError(format!("client: unknown option {name}"))),
        }
    }
    let address = address.ok_or_else(|| UsageError("client: HOST:PORT is required".into()))?;
    let host = split_host(&address)?;
    let cert = match (cert, key) {
        (Some(cert), Some(key)) => Some((cert, key)),
        (None, None) => None,
        _ => return Err(UsageError("client: --cert and --key go together".into())),
    };
    if session_file.is_some() && session_cache.is_some() {
        return Err(UsageError(
            "client: --session-file and --session-cache both keep sessions; give one".into(),
        ));
    }
    Ok(Command::Client(ClientOptions {
        address,
        host,
        cafile,
        server_name,
        versions: common.versions,
        alpn: common.alpn,
        groups: common.groups,
        record_size_limit: common.record_size_limit,
        cert,
        send,
        handshake_timeout,
        resume,
        session_file,
        session_cache,
        early_data,
        request_tickets,
    }))
}

/// How long the handshake may take by default before the client gives up on a silent server.
pub const DEFAULT_HANDSHAKE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

#[cfg(test)]
mod tests {
    use super::super::parse as parse_command;
    use super::*;
    use ferrotls_core::ProtocolVersion;

    fn parse(list: &[&str]) -> Result<Command, UsageError> {
        parse_command(
            std::iter::once("client")
                .chain(list.iter().copied())
                .map(String::from),
        )
    }

    fn client(list: &[&str]) -> ClientOptions {
        match parse(list) {
            Ok(Command::Client(opts)) => opts,
            other => panic!("client options expected, got {other:?}"),
        }
    }

    #[test]
    fn the_host_is_the_name_by_default() {
        let opts = client(&["localhost:4433"]);
        assert_eq!(opts.host, "localhost");
        assert_eq!(opts.name_to_verify(), "localhost");
        assert_eq!(opts.versions, VersionChoice::Default);
        assert!(opts.groups.is_empty());
        assert_eq!((opts.cert, opts.send), (None, None));
        assert!(!opts.resume);
        assert_eq!((opts.session_file, opts.early_data), (None, None));
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
        for (args, needle) in [
            (&["h:1", "--resume=yes"][..], "--resume takes no value"),
            (&["h:1", "--request-tickets", "256"], "from 0 to 255"),
            (&["h:1", "--request-tickets", "-1"], "from 0 to 255"),
            (&["h:1", "--session-file"], "--session-file needs a value"),
            (&["h:1", "--early-data"], "--early-data needs a value"),
            (&["h:1", "--session-cache"], "--session-cache needs a value"),
            (
                &["h:1", "--session-cache", "c", "--session-file", "s"],
                "give one",
            ),
        ] {
            let e = parse(args).unwrap_err();
            assert!(e.0.contains(needle), "{args:?}: {e}");
        }
    }

    #[test]
    fn ip_addresses_and_ipv6_brackets() {
        assert_eq!(client(&["127.0.0.1:1"]).host, "127.0.0.1");
        assert_eq!(client(&["[::1]:443"]).host, "::1");
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
        assert_eq!(opts.address, "127.0.0.1:4433");
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
    }

    #[test]
    fn bad_input_gets_a_precise_message() {
        for (args, needle) in [
            (&[][..], "HOST:PORT is required"),
            (&["localhost"], "is not HOST:PORT"),
            (&["localhost:http"], "is not HOST:PORT"),
            (&[":443"], "is not HOST:PORT"),
            (&["[::1]443"], "is not HOST:PORT"),
            (&["a:1", "b:2"], "unexpected argument \"b:2\""),
            (&["a:1", "--cert", "c.pem"], "--cert and --key go together"),
            (&["a:1", "--send"], "--send needs a value"),
            (&["a:1", "--tls13=yes"], "takes no value"),
            (&["a:1", "--groups", "secp256r1,secp256r1"], "twice"),
        ] {
            let e = parse(args).unwrap_err();
            assert!(e.0.contains(needle), "{args:?}: {e}");
        }
    }

    #[test]
    fn help_is_recognized() {
        assert_eq!(parse(&["-h"]), Ok(Command::Help(help::CLIENT)));
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
            assert!(
                parse(&["h:1", "--handshake-timeout", bad]).is_err(),
                "{bad}"
            );
        }
    }
}
