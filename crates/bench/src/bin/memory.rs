//! `ferrotls-bench-memory`: the memory pass of `ferrotls-bench`, in a process of its own with
//! the counting allocator installed (see `meter`), printing one tab-separated line per row and
//! scenario for the timing process to merge. Takes the same scenario, `--row` and `--records`
//! arguments.
#![forbid(unsafe_code)]

use ferrotls_bench::meter::COUNTING;
use peak_alloc::PeakAlloc;
use stats_alloc::StatsAlloc;

#[global_allocator]
static GLOBAL: &StatsAlloc<PeakAlloc> = &COUNTING;

fn main() {
    match ferrotls_bench::cli::parse(std::env::args().skip(1)) {
        Ok((options, _)) => print!("{}", ferrotls_bench::run::memory_lines(&options)),
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    }
}
