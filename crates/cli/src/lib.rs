//! The `ferrotls` command-line tool: `ferrotls client` connects to a TLS server,
//! `ferrotls server` runs an echo / HTTP test server, and `ferrotls demo` shows full and resumed
//! handshakes with nothing to set up. Output formats are relied on by the tests
//! (`listening on ADDR`, `handshake: version=... suite=...`, `early-data: ...`), so they change
//! only with them.
//!
//! The library target is internal to the workspace: it exists so that the tests and fuzz
//! targets can run the tool in-process and reuse its parsers ([`parse`], [`session_file`],
//! [`handshake_line`]). It is not an API for applications, carries no stability promise and is
//! not held to `missing_docs`; build on `ferrotls-core`, `ferrotls-io` and
//! `ferrotls-session-cache` instead.
#![forbid(unsafe_code)]

mod address;
mod cert_info;
mod client;
mod configs;
mod demo;
mod export;
mod handshake_line;
mod logger;
mod options;
mod pem;
mod responder;
mod server;
pub mod session_file;
mod session_store;
mod stats;
mod suite_names;
mod verbose;

pub use address::Target;
pub use export::Export;
pub use handshake_line::{handshake_line, negotiated_fields};
pub use options::{
    parse, write_completions, ClientOptions, Command, ServerOptions, Shell, TicketKeyOptions,
    UsageError, VersionChoice,
};

/// Exit status for a failed connection or unusable input files.
const EXIT_FAILURE: i32 = 1;
/// Run the tool with its arguments (without the program name); returns the exit status.
pub fn main_with_args(args: impl IntoIterator<Item = String>) -> i32 {
    let command = match options::parse(args) {
        Ok(command) => command,
        // Help and version go to standard output with status 0; a malformed command line
        // to standard error with status 2, saying what is wrong.
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    match &command {
        Command::Server(opts) => verbose::install(opts.verbose),
        Command::Client(opts) => verbose::install(opts.verbose),
        _ => {}
    }
    let result = match command {
        Command::Completions(shell) => {
            options::write_completions(shell, &mut std::io::stdout());
            Ok(())
        }
        Command::Server(opts) => server::run(&opts),
        Command::Client(opts) => client::run(&opts),
        Command::Demo => demo::run(),
    };
    match result {
        Ok(()) => 0,
        Err(message) => {
            eprintln!("ferrotls: {message}");
            EXIT_FAILURE
        }
    }
}
