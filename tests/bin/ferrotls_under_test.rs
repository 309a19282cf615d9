//! The `ferrotls` command line, built as a target of this package so the interop tests get its
//! path from Cargo (`CARGO_BIN_EXE_ferrotls-under-test`) and always run the current code. It is
//! the CLI library behind the same one-line `main` as the real binary.
#![forbid(unsafe_code)]

fn main() {
    std::process::exit(ferrotls_cli::main_with_args(std::env::args().skip(1)));
}
