//! `ferrotls-bench [--json] [--reps N] [--handshakes N] [--records N] [--once] [SCENARIO...]`:
//! see the README's "Benchmarks" section.
#![forbid(unsafe_code)]

fn main() {
    match ferrotls_bench::cli::parse(std::env::args().skip(1)) {
        Ok((options, json)) => ferrotls_bench::cli::run(&options, json),
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    }
}
