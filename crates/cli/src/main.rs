//! The `ferrotls` binary; everything lives in the library so tests can run the same code.
#![forbid(unsafe_code)]

fn main() {
    std::process::exit(ferrotls_cli::main_with_args(std::env::args().skip(1)));
}
