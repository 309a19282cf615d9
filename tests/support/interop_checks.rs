//! Checks on what real peers printed, shared by the interop tests (`interop_tls13`,
//! `interop_tls12`): failing with everything both sides printed, and reading OpenSSL's `-msg`
//! trace.

use crate::interop::Output;

/// Fail with everything both sides printed.
#[track_caller]
pub fn check(ok: bool, what: &str, report: &str) {
    assert!(ok, "{what}\n{report}");
}

/// A finished process's status and output, for failure messages.
pub fn describe(out: &Output) -> String {
    format!(
        "status: {}\n--- stdout ---\n{}--- stderr ---\n{}",
        out.status, out.stdout, out.stderr
    )
}

/// How many ClientHellos OpenSSL's `-msg` output shows (sent by its client or received by its
/// server): 2 means a HelloRetryRequest, or a renegotiation attempt.
pub fn client_hellos(msg_output: &str) -> usize {
    msg_output
        .lines()
        .filter(|l| l.contains("Handshake") && l.ends_with(", ClientHello"))
        .count()
}
