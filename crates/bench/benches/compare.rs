//! `cargo bench -p ferrotls-bench [-- OPTIONS]`: the same run as the `ferrotls-bench` binary
//! (cargo's own `--bench` flag is ignored).
#![forbid(unsafe_code)]

fn main() {
    let args = std::env::args().skip(1).filter(|a| a != "--bench");
    match ferrotls_bench::cli::parse(args) {
        Ok((options, json)) => ferrotls_bench::cli::run(&options, json),
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    }
}
