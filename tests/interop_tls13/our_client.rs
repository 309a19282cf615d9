//! Our client for the peer servers, the TLS 1.3 `openssl s_server` it meets, and the checks on
//! what our client printed.

use std::net::SocketAddr;
use std::path::Path;

use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::cli_peers;
use ferrotls_tests::ferrotls_exe;
use ferrotls_tests::interop::{Output, Peer};
use ferrotls_tests::interop_checks::check;
use ferrotls_tests::interop_peers;

/// `ferrotls client --tls13` to `addr` (verifying `localhost` against ca.pem), sending `text`.
pub(crate) fn our_client(addr: SocketAddr, text: &str, extra: &[&str]) -> Output {
    let args = [&["--tls13", "--send", text][..], extra].concat();
    cli_peers::our_client(ferrotls_exe!(), &addr.to_string(), &args)
}

/// `openssl s_server` for one connection, reversing each line (`-rev`), on a port it picks.
pub(crate) fn openssl_server(openssl: &Path, kind: KeyKind, extra: &[&str]) -> (Peer, SocketAddr) {
    let mut args = vec!["-rev", "-msg"];
    args.extend_from_slice(extra);
    interop_peers::openssl_server(openssl, "-tls1_3", kind, &args)
}

/// Our client's output for a good exchange: the handshake line starts it, `answer` follows.
pub(crate) fn check_our_client(out: &Output, line: &str, answer: &str, report: &str) {
    check(out.status.success(), "our client exit status", report);
    check(
        out.stdout
            .lines()
            .next()
            .is_some_and(|l| l.starts_with(line)),
        &format!("our client's first line starts with {line:?}"),
        report,
    );
    check(
        out.stdout.lines().any(|l| l == answer),
        &format!("our client printed {answer:?}"),
        report,
    );
}

pub(crate) fn reversed(text: &str) -> String {
    text.chars().rev().collect()
}
