//! The command line: subcommands, their options, and the checks that make bad input a clear
//! message rather than a failed connection.

mod client;
mod cursor;
mod server;
mod session_store;

use std::fmt;

use ferrotls_core::config::DEFAULT_GROUPS;
use ferrotls_core::crypto::NamedGroup;
use ferrotls_core::ProtocolVersion;

pub use client::ClientOptions;
pub use server::{ServerOptions, TicketKeyOptions};
pub use session_store::SessionStoreChoice;

use crate::help;

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Server(ServerOptions),
    Client(ClientOptions),
    /// `ferrotls demo`: a self-contained resumption walk-through.
    Demo,
    /// Print this help text and exit successfully.
    Help(&'static str),
}

/// A malformed command line; the text says what is wrong.
#[derive(Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Which protocol versions `--tls12` / `--tls13` allow.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum VersionChoice {
    /// The library's default versions.
    #[default]
    Default,
    Only(ProtocolVersion),
}

impl VersionChoice {
    /// Record `--tls12` or `--tls13`; naming both is a contradiction, not a preference.
    fn set(&mut self, flag: &str, version: ProtocolVersion) -> Result<(), UsageError> {
        match *self {
            Self::Only(v) if v != version => Err(UsageError(format!(
                "{flag} contradicts the other version flag"
            ))),
            _ => {
                *self = Self::Only(version);
                Ok(())
            }
        }
    }
}

/// Parse the arguments after the program name.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, UsageError> {
    let mut args = args.into_iter();
    match args.next().as_deref() {
        None | Some("-h" | "--help" | "help") => Ok(Command::Help(help::MAIN)),
        Some("server") => server::parse(cursor::Cursor::new(args)),
        Some("client") => client::parse(cursor::Cursor::new(args)),
        Some("demo") => parse_demo(args),
        Some(other) => Err(UsageError(format!(
            "unknown command {other:?} (expected 'server', 'client' or 'demo')"
        ))),
    }
}

/// `ferrotls demo` takes no options: it needs nothing from the user, which is its point.
fn parse_demo(args: impl Iterator<Item = String>) -> Result<Command, UsageError> {
    let args: Vec<String> = args.collect();
    match args.as_slice() {
        [] => Ok(Command::Demo),
        [help] if help == "-h" || help == "--help" => Ok(Command::Help(help::DEMO)),
        [first, ..] => Err(UsageError(format!(
            "demo takes no arguments (got {first:?})"
        ))),
    }
}

/// `--alpn h2,http/1.1`: protocol names in preference order, each 1 to 255 bytes (RFC 7301 §3.1).
fn parse_alpn(list: &str) -> Result<Vec<Vec<u8>>, UsageError> {
    list.split(',')
        .map(|name| match name.len() {
            1..=255 => Ok(name.as_bytes().to_vec()),
            0 => Err(UsageError(format!(
                "--alpn {list:?} has an empty protocol name"
            ))),
            _ => Err(UsageError(format!(
                "--alpn protocol name too long: {name:?}"
            ))),
        })
        .collect()
}

/// `--groups X25519MLKEM768,x25519`: key-exchange groups in preference order, each one the
/// library offers by default ([`DEFAULT_GROUPS`]) by its exact IANA name, none twice. A
/// client sends a key share for the first one only; a server accepts only these.
fn parse_groups(list: &str) -> Result<Vec<NamedGroup>, UsageError> {
    let mut groups = Vec::new();
    for name in list.split(',') {
        let group = DEFAULT_GROUPS
            .iter()
            .copied()
            .find(|g| g.name() == Some(name))
            .ok_or_else(|| {
                let known: Vec<&str> = DEFAULT_GROUPS.iter().filter_map(|g| g.name()).collect();
                UsageError(format!(
                    "--groups: unknown group {name:?} (known: {})",
                    known.join(", ")
                ))
            })?;
        if groups.contains(&group) {
            return Err(UsageError(format!("--groups names {name:?} twice")));
        }
        groups.push(group);
    }
    Ok(groups)
}

/// `--record-size-limit N`: the largest record content we accept, 64 to 2^14 bytes
/// (RFC 8449 §4: "Endpoints MUST NOT send a record_size_limit extension with a value smaller
/// than 64"; 2^14 is the protocol's maximum).
fn parse_record_size_limit(text: &str) -> Result<u16, UsageError> {
    text.parse()
        .ok()
        .filter(|n| (64..=1 << 14).contains(n))
        .ok_or_else(|| {
            UsageError(format!(
                "--record-size-limit {text:?} is not a number of bytes from 64 to 16384"
            ))
        })
}

/// The flags both subcommands accept, as given.
#[derive(Debug, Default)]
struct CommonFlags {
    versions: VersionChoice,
    alpn: Vec<Vec<u8>>,
    groups: Vec<NamedGroup>,
    record_size_limit: Option<u16>,
}

/// Shared handling of the flags both subcommands accept; `Ok(false)` if `name` is not one.
fn common_flag(
    name: &str,
    attached: Option<String>,
    args: &mut cursor::Cursor,
    common: &mut CommonFlags,
) -> Result<bool, UsageError> {
    let CommonFlags {
        versions,
        alpn,
        groups,
        record_size_limit,
    } = common;
    match name {
        "--tls12" => {
            cursor::no_value(name, attached)?;
            versions.set(name, ProtocolVersion::TLS1_2)?;
        }
        "--tls13" => {
            cursor::no_value(name, attached)?;
            versions.set(name, ProtocolVersion::TLS1_3)?;
        }
        "--alpn" => *alpn = parse_alpn(&args.value(name, attached)?)?,
        "--groups" => *groups = parse_groups(&args.value(name, attached)?)?,
        "--record-size-limit" => {
            *record_size_limit = Some(parse_record_size_limit(&args.value(name, attached)?)?)
        }
        _ => return Ok(false),
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn no_arguments_or_help_prints_the_main_help() {
        assert_eq!(parse(args(&[])), Ok(Command::Help(help::MAIN)));
        assert_eq!(parse(args(&["--help"])), Ok(Command::Help(help::MAIN)));
    }

    #[test]
    fn demo_takes_no_arguments() {
        assert_eq!(parse(args(&["demo"])), Ok(Command::Demo));
        assert_eq!(
            parse(args(&["demo", "--help"])),
            Ok(Command::Help(help::DEMO))
        );
        let e = parse(args(&["demo", "--tls12"])).unwrap_err();
        assert!(e.0.contains("demo takes no arguments"), "{e}");
    }

    #[test]
    fn unknown_commands_are_refused() {
        let e = parse(args(&["serve"])).unwrap_err();
        assert!(e.0.contains("unknown command \"serve\""), "{e}");
    }

    #[test]
    fn record_size_limits_are_checked() {
        assert_eq!(parse_record_size_limit("64"), Ok(64));
        assert_eq!(parse_record_size_limit("16384"), Ok(16384));
        for bad in ["63", "16385", "0", "-1", "x", ""] {
            let e = parse_record_size_limit(bad).unwrap_err();
            assert!(e.0.contains("from 64 to 16384"), "{bad:?}: {e}");
        }
    }

    #[test]
    fn alpn_lists_are_split_and_checked() {
        assert_eq!(
            parse_alpn("h2,http/1.1").unwrap(),
            [b"h2".to_vec(), b"http/1.1".to_vec()]
        );
        assert!(parse_alpn("h2,,x").is_err());
        assert!(parse_alpn("").is_err());
        assert!(parse_alpn(&"x".repeat(256)).is_err());
    }

    #[test]
    fn group_lists_are_split_and_checked() {
        assert_eq!(
            parse_groups("secp256r1,x25519").unwrap(),
            [NamedGroup::SECP256R1, NamedGroup::X25519]
        );
        assert_eq!(parse_groups("secp384r1").unwrap(), [NamedGroup::SECP384R1]);
        assert_eq!(
            parse_groups("X25519MLKEM768,x25519").unwrap(),
            [NamedGroup::X25519MLKEM768, NamedGroup::X25519]
        );
        for (list, needle) in [
            (
                "x448",
                "unknown group \"x448\" (known: X25519MLKEM768, x25519, secp256r1, secp384r1)",
            ),
            ("x25519,", "unknown group \"\""),
            ("", "unknown group \"\""),
            ("X25519", "unknown group"),
            ("x25519,secp256r1,x25519", "names \"x25519\" twice"),
        ] {
            let e = parse_groups(list).unwrap_err();
            assert!(e.0.contains(needle), "{list:?}: {e}");
        }
    }

    #[test]
    fn version_flags_may_repeat_but_not_contradict() {
        let mut v = VersionChoice::Default;
        v.set("--tls13", ProtocolVersion::TLS1_3).unwrap();
        v.set("--tls13", ProtocolVersion::TLS1_3).unwrap();
        assert_eq!(v, VersionChoice::Only(ProtocolVersion::TLS1_3));
        assert!(v.set("--tls12", ProtocolVersion::TLS1_2).is_err());
    }
}
