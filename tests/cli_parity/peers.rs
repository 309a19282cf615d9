//! The peers of these tests: `openssl s_server` / `s_client` with the test PKI, and the
//! `ferrotls` binary as client and server.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use ferrotls_tests::cli_peers::{self, AgainstPeer};
use ferrotls_tests::interop::{self, Output, Peer, TIMEOUT};
pub use ferrotls_tests::interop_peers::openssl_server;
use ferrotls_tests::{ferrotls_exe, interop_peers};

/// The two versions, as (OpenSSL flag, ferrotls flag, `handshake:` version).
pub const VERSIONS: [(&str, &str, &str); 2] = [
    ("-tls1_3", "--tls13", "TLSv1.3"),
    ("-tls1_2", "--tls12", "TLSv1.2"),
];

/// `openssl s_client` of one version to `addr`, verifying `localhost` against ca.pem.
pub fn openssl_client(openssl: &Path, version: &str, addr: &str, extra: &[&str]) -> Peer {
    let addr: SocketAddr = addr.parse().expect("our server's address");
    interop_peers::openssl_client(openssl, version, addr, extra)
}

/// `ferrotls client ADDR --cafile ca.pem --server-name localhost EXTRA`, run to its end.
pub fn our_client(addr: &str, extra: &[&str]) -> Output {
    cli_peers::our_client(ferrotls_exe!(), addr, extra)
}

/// [`our_client`] to a peer server for one connection, then the server's end.
pub fn our_client_against(server: Peer, addr: &str, extra: &[&str]) -> AgainstPeer {
    cli_peers::our_client_against(ferrotls_exe!(), server, addr, extra)
}

/// `ferrotls server` with the ECDSA certificate for `connections` connections.
pub fn our_server(connections: usize, extra: &[&str]) -> (Peer, String) {
    cli_peers::our_server(ferrotls_exe!(), connections, extra)
}

/// [`our_server`] with the environment variable `var` set to `value`.
pub fn our_server_with_env(
    connections: usize,
    extra: &[&str],
    var: &str,
    value: &str,
) -> (Peer, String) {
    cli_peers::our_server_env(ferrotls_exe!(), connections, extra, &[(var, value)])
}

/// `ferrotls server` with exactly `args` (certificates included) on a port it picks.
pub fn our_server_with(args: &[&str]) -> (Peer, String) {
    let (peer, addr) = interop::ferrotls_server(ferrotls_exe!(), args);
    (peer, addr.to_string())
}

/// Wait for a peer to finish, with its output for messages.
pub fn finish(peer: Peer) -> Output {
    peer.finish(TIMEOUT).unwrap_or_else(|e| panic!("{e}"))
}

/// A file of the test PKI, as an argument.
pub fn pki(name: &str) -> String {
    interop_peers::path(name)
}

/// A scratch directory of its own for one test, removed when dropped.
#[derive(Debug)]
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("ferrotls-cli-parity-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        Self(dir)
    }

    pub fn path(&self, file: &str) -> String {
        self.0.join(file).display().to_string()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The `handshake:` line of an output.
pub fn handshake_line(out: &str) -> &str {
    out.lines()
        .find(|l| l.starts_with("handshake: "))
        .unwrap_or_else(|| panic!("no handshake line in {out:?}"))
}
