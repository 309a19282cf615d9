//! The command line, declared with clap's derive: the subcommands and their options
//! ([`client`], [`server`], [`session_store`]), the value checks clap does not make
//! ([`values`]), and the option structs the rest of the CLI reads ([`ClientOptions`],
//! [`ServerOptions`]). Help texts, error messages (exit status 2, naming the option) and shell
//! completions are clap's, generated from these declarations.

mod client;
mod server;
mod session_store;
mod tls;
mod values;

use std::io::Write;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser, Subcommand};
use ferrotls_core::ProtocolVersion;

pub use clap::Error as UsageError;
pub use clap_complete::Shell;
pub use client::ClientOptions;
pub use server::{ServerOptions, TicketKeyOptions};
pub use session_store::SessionStoreChoice;

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Server(ServerOptions),
    Client(ClientOptions),
    /// `ferrotls demo`: a self-contained resumption walk-through.
    Demo,
    /// `ferrotls completions SHELL`: print the completion script for SHELL.
    Completions(Shell),
}

/// Which protocol versions `--tls12` / `--tls13` allow.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum VersionChoice {
    /// The library's default versions.
    #[default]
    Default,
    Only(ProtocolVersion),
}

impl VersionChoice {
    /// The choice of the two flags, which clap has made exclusive.
    fn from_flags(tls12: bool, tls13: bool) -> Self {
        match (tls12, tls13) {
            (true, _) => Self::Only(ProtocolVersion::TLS1_2),
            (_, true) => Self::Only(ProtocolVersion::TLS1_3),
            _ => Self::Default,
        }
    }
}

/// The top-level help's closing lines: one command line for each thing the tool does.
const EXAMPLES: &str = "\
Examples:
  ferrotls demo
  ferrotls server --cert CERT.pem --key KEY.pem --listen 127.0.0.1:4433
  ferrotls client localhost:4433 --cafile CA.pem --send 'GET / HTTP/1.0'
  ferrotls completions bash > /etc/bash_completion.d/ferrotls";

/// A TLS 1.3 / 1.2 client and test server.
///
/// 'ferrotls demo' needs no files: it shows full and resumed handshakes of both versions. Run
/// 'ferrotls server --help' or 'ferrotls client --help' for the options.
#[derive(Debug, Parser)]
#[command(
    name = "ferrotls",
    version,
    subcommand_required = true,
    arg_required_else_help = true,
    after_help = EXAMPLES
)]
struct Cli {
    #[command(subcommand)]
    command: Sub,
}

#[derive(Debug, Subcommand)]
enum Sub {
    Server(server::ServerArgs),
    Client(client::ClientArgs),
    /// Full and resumed handshakes of both versions, with nothing to set up.
    ///
    /// Starts a server on a loopback port with a certificate made on the spot, and a client
    /// that trusts it, then runs: a full TLS 1.3 handshake, a resumption with the ticket it
    /// received, a resumption with 0-RTT early data; a full TLS 1.2 handshake, a session-ID
    /// resumption, another full handshake and a session-ticket resumption. Prints, for each
    /// connection, the version, suite, group, whether it resumed, the session IDs both sides
    /// report (the server's stays the same across resumptions of a session), early data and
    /// the handshake time. Exits non-zero, saying which step, if anything does not behave as
    /// expected. Takes no options.
    Demo,
    /// Print a shell completion script for ferrotls.
    ///
    /// For example 'ferrotls completions bash > /etc/bash_completion.d/ferrotls', or
    /// 'ferrotls completions zsh > ~/.zfunc/_ferrotls'.
    Completions {
        /// The shell to complete in.
        #[arg(value_enum)]
        shell: Shell,
    },
}

/// Parse the arguments after the program name. `--help`, `--version` and a malformed command
/// line come back as the error; its [`exit_code`](clap::Error::exit_code) is 0 for the first
/// two, 2 otherwise, and [`print`](clap::Error::print) writes it where it belongs.
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, UsageError> {
    let cli = Cli::try_parse_from(std::iter::once("ferrotls".to_string()).chain(args))?;
    Ok(match cli.command {
        Sub::Server(args) => Command::Server(args.finish()?),
        Sub::Client(args) => Command::Client(args.finish()),
        Sub::Demo => Command::Demo,
        Sub::Completions { shell } => Command::Completions(shell),
    })
}

/// A usage error found after clap's own checks (options that contradict each other or a value
/// that only makes sense with another), shown like clap's, with the subcommand's usage line.
fn usage_error(subcommand: &str, kind: ErrorKind, message: String) -> UsageError {
    let mut cli = Cli::command();
    cli.build();
    match cli.find_subcommand_mut(subcommand) {
        Some(sub) => sub.error(kind, message),
        None => cli.error(kind, message),
    }
}

/// Write the completion script for `shell` to `out`.
pub fn write_completions(shell: Shell, out: &mut dyn Write) {
    clap_complete::generate(shell, &mut Cli::command(), "ferrotls", out);
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_declarations_are_consistent() {
        // clap's own checks of the derived command: names, conflicts, requirements, defaults.
        Cli::command().debug_assert();
    }

    #[test]
    fn help_and_version_are_not_failures() {
        for list in [
            &["--help"][..],
            &["-h"],
            &["server", "--help"],
            &["demo", "-h"],
        ] {
            let e = parse(args(list)).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::DisplayHelp, "{list:?}");
            assert_eq!(e.exit_code(), 0, "{list:?}");
        }
        assert_eq!(
            parse(args(&["--version"])).unwrap_err().kind(),
            ErrorKind::DisplayVersion
        );
        // No subcommand at all: the help, but as a usage error.
        let e = parse(args(&[])).unwrap_err();
        assert_eq!(e.exit_code(), 2);
        assert!(e.to_string().contains("Usage: ferrotls <COMMAND>"), "{e}");
    }

    #[test]
    fn demo_takes_no_arguments() {
        assert_eq!(parse(args(&["demo"])).unwrap(), Command::Demo);
        let e = parse(args(&["demo", "--tls12"])).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnknownArgument);
        assert!(e.to_string().contains("'--tls12'"), "{e}");
        assert_eq!(e.exit_code(), 2);
    }

    #[test]
    fn unknown_commands_are_refused_with_a_suggestion() {
        let e = parse(args(&["serve"])).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidSubcommand);
        let text = e.to_string();
        assert!(
            text.contains("'serve'") && text.contains("'server'"),
            "{text}"
        );
    }

    #[test]
    fn completions_for_each_shell_name_every_subcommand() {
        for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
            let name = format!("{shell}");
            assert_eq!(
                parse(args(&["completions", &name])).unwrap(),
                Command::Completions(shell)
            );
            let mut script = Vec::new();
            write_completions(shell, &mut script);
            let script = String::from_utf8(script).unwrap();
            for word in ["server", "client", "demo", "session-store", "early-data"] {
                assert!(script.contains(word), "{shell}: {word} missing");
            }
        }
        let e = parse(args(&["completions", "tcsh"])).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidValue);
    }

    #[test]
    fn version_flags_are_exclusive() {
        assert_eq!(
            VersionChoice::from_flags(false, false),
            VersionChoice::Default
        );
        assert_eq!(
            VersionChoice::from_flags(false, true),
            VersionChoice::Only(ProtocolVersion::TLS1_3)
        );
        for sub in [
            &["server", "--cert", "c", "--key", "k"][..],
            &["client", "h:1"],
        ] {
            let e = parse(args(&[sub, &["--tls12", "--tls13"]].concat())).unwrap_err();
            assert_eq!(e.kind(), ErrorKind::ArgumentConflict, "{sub:?}");
            assert!(e.to_string().contains("--tls13"), "{e}");
            // Saying the same twice is no contradiction.
            assert!(parse(args(&[sub, &["--tls13", "--tls13"]].concat())).is_ok());
        }
    }
}
