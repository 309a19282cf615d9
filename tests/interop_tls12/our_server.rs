//! Our server for the peer clients, the TLS 1.2 `openssl s_client` that meets it, and talking
//! through a peer client.

use std::net::SocketAddr;
use std::path::Path;

use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::ferrotls_exe;
use ferrotls_tests::interop::{self, Peer};
use ferrotls_tests::interop_peers::{self, path, server_files};

use crate::matrix::Case;

/// `ferrotls server` for one connection with the `kind` certificate.
pub(crate) fn our_server(kind: KeyKind, extra: &[&str]) -> (Peer, SocketAddr) {
    let (cert, key) = server_files(kind);
    let mut args = vec!["--cert", &cert, "--key", &key, "--max-connections", "1"];
    args.extend_from_slice(extra);
    interop::ferrotls_server(ferrotls_exe!(), &args)
}

/// Our server for one connection of `case`: TLS 1.2 only, the case's group only, requiring a
/// client certificate when the case has one.
pub(crate) fn our_server_for(case: Case) -> (Peer, SocketAddr) {
    let client_ca = path("client-ca.pem");
    let mut extra = vec!["--tls12", "--groups", case.group.name];
    if case.client_auth.is_some() {
        extra.extend(["--client-ca", &client_ca]);
    }
    our_server(case.suite.kind, &extra)
}

/// Send `line` once `ready` is on the peer's stdout, wait for it to come back, then close the
/// peer's input (it sends close_notify).
pub(crate) fn talk(
    client: &mut Peer,
    server: &Peer,
    ready: &str,
    line: &str,
) -> Result<(), String> {
    interop_peers::talk(client, server, ready, line, line)
}

/// `openssl s_client -tls1_2` to `addr`, verifying `localhost` against ca.pem, with `-msg`.
pub(crate) fn openssl_client(openssl: &Path, addr: SocketAddr, extra: &[&str]) -> Peer {
    interop_peers::openssl_client(openssl, "-tls1_2", addr, extra)
}
