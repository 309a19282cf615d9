//! Our server for the peer clients, and the TLS 1.3 `openssl s_client` that meets it.

use std::net::SocketAddr;
use std::path::Path;

use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::ferrotls_exe;
use ferrotls_tests::interop::{self, Peer};
use ferrotls_tests::interop_peers::{self, server_files};

/// `ferrotls server` for one TLS 1.3 connection with the `kind` certificate.
pub(crate) fn our_server(kind: KeyKind, extra: &[&str]) -> (Peer, SocketAddr) {
    let (cert, key) = server_files(kind);
    let mut args = vec![
        "--cert",
        &cert,
        "--key",
        &key,
        "--tls13",
        "--max-connections",
        "1",
    ];
    args.extend_from_slice(extra);
    interop::ferrotls_server(ferrotls_exe!(), &args)
}

/// `openssl s_client -tls1_3` to `addr`, verifying `localhost` against ca.pem, with `-msg`.
pub(crate) fn openssl_client(openssl: &Path, addr: SocketAddr, extra: &[&str]) -> Peer {
    interop_peers::openssl_client(openssl, "-tls1_3", addr, extra)
}
