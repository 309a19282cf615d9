//! `-v` and `-vv` on `client` and `server`: the library's tracing points (ferrotls-core's
//! feature `tracing`: state transitions, negotiated values, resumption decisions with their
//! reasons, alerts; with `-vv` every record too) as lines on standard error, each in its
//! connection's span (`conn{id=.. side=..}`). None of them carries key material.

use tracing_subscriber::filter::LevelFilter;

/// Trace at debug (`-v`) or trace (`-vv` and more) level; nothing without `-v`. Once per
/// process: a second call (the tests run the CLI in-process) changes nothing.
pub(crate) fn install(verbose: u8) {
    let level = match verbose {
        0 => return,
        1 => LevelFilter::DEBUG,
        _ => LevelFilter::TRACE,
    };
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(level)
        .try_init();
}
