//! The session metrics on standard output: every `--stats-every` seconds, and once more on
//! SIGINT, which then ends the server (exit status 130, as the shell reports a SIGINT death).
//!
//! Each report is the metrics' text with every line prefixed by `stats: `, so a reader can
//! pick them out of the handshake lines.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use ferrotls_session_cache::Counters;
use signal_hook::consts::SIGINT;

/// How often the watcher looks for a SIGINT: the delay between Ctrl-C and the report.
const POLL: Duration = Duration::from_millis(100);
/// The exit status after SIGINT: 128 + 2.
const EXIT_SIGINT: i32 = 130;

/// Starts the thread that prints the metrics of `counters` every `every` (if given) and on
/// SIGINT.
pub(crate) fn watch(counters: Arc<Counters>, every: Option<Duration>) -> Result<(), String> {
    let interrupted = Arc::new(AtomicBool::new(false));
    signal_hook::flag::register(SIGINT, Arc::clone(&interrupted))
        .map_err(|e| format!("cannot catch SIGINT: {e}"))?;
    thread::Builder::new()
        .name("stats".into())
        .spawn(move || {
            let mut next = every.map(|every| Instant::now() + every);
            loop {
                thread::sleep(POLL);
                if interrupted.load(Ordering::Relaxed) {
                    crate::server::print_line(&report(&counters));
                    std::process::exit(EXIT_SIGINT);
                }
                if let (Some(at), Some(every)) = (next, every) {
                    if Instant::now() >= at {
                        crate::server::print_line(&report(&counters));
                        next = Some(at + every);
                    }
                }
            }
        })
        .map_err(|e| format!("cannot start the stats thread: {e}"))?;
    Ok(())
}

/// The metrics, each line prefixed.
fn report(counters: &Counters) -> String {
    counters
        .snapshot()
        .to_string()
        .lines()
        .map(|line| format!("stats: {line}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_of_a_report_is_marked() {
        let counters = Counters::new();
        counters.hit();
        counters.ticket_issued(7);
        let text = report(&counters);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(lines[0].starts_with("stats: hits=1 "), "{text}");
        assert_eq!(
            lines[1],
            "stats: generation 7: issued=1 accepted=0 renewed=0 rejected=0"
        );
    }
}
