//! The libraries' log lines (the session store's outage reports) on standard error, as
//! `ferrotls: warning: ...`: one line per outage and one when it ends, never per connection.

use log::{Level, LevelFilter, Log, Metadata, Record};

struct StderrLog;

static LOGGER: StderrLog = StderrLog;

impl Log for StderrLog {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.level() <= Level::Info && metadata.target().starts_with("ferrotls")
    }

    fn log(&self, record: &Record<'_>) {
        if self.enabled(record.metadata()) {
            let level = match record.level() {
                Level::Error => "error",
                Level::Warn => "warning",
                _ => "note",
            };
            eprintln!("ferrotls: {level}: {}", record.args());
        }
    }

    fn flush(&self) {}
}

/// Route the `log` facade here (once per process; a second call changes nothing).
pub(crate) fn install() {
    if log::set_logger(&LOGGER).is_ok() {
        log::set_max_level(LevelFilter::Info);
    }
}
