//! The bodies of ferrotls's fuzz targets: one `fn(&[u8])` per target, which must never panic on
//! any input. A panic (including a failed `assert!`) is a finding.
//!
//! `fuzz/` (cargo-fuzz, nightly) calls these from its libFuzzer targets; this crate's tests
//! replay every file of `fuzz/corpus/*/` and `fuzz/regressions/*/` through the same functions on
//! stable. Everything is deterministic: randomness comes from [`SeededRandom`] with fixed seeds
//! and time from a fixed clock, so a finding replays exactly.
//!
//! [`SeededRandom`]: ferrotls_crypto::random::SeededRandom
#![forbid(unsafe_code)]

mod client_cache;
mod input;
pub mod message;
pub mod peers;
pub mod record;
mod resumption;
mod script;
pub mod verifier;

/// A target's entry point.
pub type Target = fn(&[u8]);

/// Every target: its name (as in `fuzz/fuzz_targets/<name>.rs` and `fuzz/corpus/<name>/`) and
/// its entry point.
pub const TARGETS: &[(&str, Target)] = &[
    ("record", record),
    ("message", message),
    ("client", client),
    ("server", server),
    ("resumption_data", resumption_data),
    ("ticket", ticket),
    ("session_file", session_file),
    ("client_cache_file", client_cache_file),
];

/// Deframes and opens arbitrary records under keys taken from the input, and checks that
/// seal → open gives a payload back. See [`record`](mod@record).
pub fn record(data: &[u8]) {
    record::run(data);
}

/// Runs every message and extension decoder over the input under both versions; what decodes
/// must re-encode to the same bytes and decode to the same value. See [`message`](mod@message).
pub fn message(data: &[u8]) {
    message::run(data);
}

/// A client connection fed a scripted mix of an honest server's (mutated) records and raw bytes.
/// See `script.rs` (the input format).
pub fn client(data: &[u8]) {
    script::run_client(data);
}

/// A server connection fed a scripted mix of an honest client's (mutated) records and raw bytes.
pub fn server(data: &[u8]) {
    script::run_server(data);
}

/// `ResumptionData::from_bytes` on arbitrary bytes at an input-chosen time; round trip when
/// accepted. See `resumption.rs`.
pub fn resumption_data(data: &[u8]) {
    resumption::run_resumption_data(data);
}

/// `AeadTicketSealer::open` and `ServerSessionState::from_bytes` on arbitrary bytes; round trip
/// (decode → encode → seal → open) when accepted.
pub fn ticket(data: &[u8]) {
    resumption::run_ticket(data);
}

/// The client's `--session-file` check (`ferrotls_cli::session_file::decode`: size bound,
/// `ResumptionData::from_bytes_for_server`) on arbitrary bytes at an input-chosen time, for an
/// input-chosen server name; what it accepts must save and load back unchanged.
pub fn session_file(data: &[u8]) {
    resumption::run_session_file(data);
}

/// The session-cache crate's client cache file (`client_cache::decode`: the `FTSC` list of
/// `ResumptionData`, or one bare session) on arbitrary bytes at an input-chosen time: only
/// live sessions kept, every counted entry accounted for, the bytes round-trip, and the loaded
/// cache offers live sessions of the right server. See `client_cache.rs`.
pub fn client_cache_file(data: &[u8]) {
    client_cache::run(data);
}
