//! Our client for the peer servers, the TLS 1.2 `openssl s_server -www` it meets, and the checks
//! on what our client printed.

use std::net::SocketAddr;
use std::path::Path;

use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::cli_peers;
use ferrotls_tests::ferrotls_exe;
use ferrotls_tests::interop::{Output, Peer};
use ferrotls_tests::interop_checks::check;
use ferrotls_tests::interop_peers::{self, client_files};

use crate::matrix::{client_groups, has_our_line, Case};

/// `ferrotls client` to `addr` (verifying `localhost` against ca.pem), sending `text`.
pub(crate) fn our_client(addr: SocketAddr, text: &str, extra: &[&str]) -> Output {
    let args = [&["--send", text][..], extra].concat();
    cli_peers::our_client(ferrotls_exe!(), &addr.to_string(), &args)
}

/// The extra arguments of our client for `case`: TLS 1.2, its groups, its certificate.
pub(crate) fn our_client_args(case: Case) -> Vec<String> {
    let mut args = vec![
        "--tls12".to_string(),
        "--groups".into(),
        client_groups(case, ",", |g| g.name),
    ];
    if let Some(kind) = case.client_auth {
        let (cert, key) = client_files(kind);
        args.extend(["--cert".into(), cert, "--key".into(), key]);
    }
    args
}

/// `openssl s_server -tls1_2 -www` for one connection on a port it picks: it answers `GET /`
/// with its view of the session.
pub(crate) fn openssl_server(openssl: &Path, kind: KeyKind, extra: &[&str]) -> (Peer, SocketAddr) {
    let mut args = vec!["-www"];
    args.extend_from_slice(extra);
    interop_peers::openssl_server(openssl, "-tls1_2", kind, &args)
}

/// Our client's output for a good exchange: our line first, then `answer` among the rest.
pub(crate) fn check_our_client(out: &Output, suite: &str, group: &str, answer: &str, report: &str) {
    check(out.status.success(), "our client exit status", report);
    check(
        out.stdout
            .lines()
            .next()
            .is_some_and(|l| has_our_line(l, suite, group)),
        "our client's first line is the handshake line",
        report,
    );
    check(
        out.stdout.contains(answer),
        &format!("our client printed {answer:?}"),
        report,
    );
}

/// `s_server -Verify 1` options: a client certificate from the client CA is required.
pub(crate) fn openssl_verify_args(client_ca: &str) -> [&str; 5] {
    ["-Verify", "1", "-verify_return_error", "-CAfile", client_ca]
}

pub(crate) const GET: &str = "GET / HTTP/1.0";
