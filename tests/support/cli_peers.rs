//! The `ferrotls` binary as its own test peer: a server with the ECDSA P-256 test certificate
//! and a client that trusts the test CA under the name "localhost", each with the caller's
//! extra arguments. The binary's path comes from the test target (`ferrotls_exe!()`), which only
//! an integration test can name.

use std::path::Path;

use crate::certs;
use crate::interop::{self, Output, Peer, TIMEOUT};

fn cert_file(name: &str) -> String {
    certs::path(name).display().to_string()
}

/// `ferrotls server` for `connections` connections, and the address it listens on.
pub fn our_server(exe: &Path, connections: usize, extra: &[&str]) -> (Peer, String) {
    let (cert, key) = (
        cert_file("server-ecdsa-p256.pem"),
        cert_file("server-ecdsa-p256.key"),
    );
    let count = connections.to_string();
    let mut args = vec!["--cert", &cert, "--key", &key, "--max-connections", &count];
    args.extend_from_slice(extra);
    let (peer, addr) = interop::ferrotls_server(exe, &args);
    (peer, addr.to_string())
}

/// `ferrotls client ADDR`, run to its end.
pub fn our_client(exe: &Path, addr: &str, extra: &[&str]) -> Output {
    let ca = cert_file("ca.pem");
    let mut args = vec![
        "client",
        addr,
        "--cafile",
        &ca,
        "--server-name",
        "localhost",
    ];
    args.extend_from_slice(extra);
    interop::run(exe, &args, TIMEOUT)
}
