//! The peers of these tests: `openssl s_server` / `s_client` with the test PKI, and the
//! `ferrotls` binary as client and server.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;

use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::interop::{self, Output, Peer, TIMEOUT};
use ferrotls_tests::{cli_peers, ferrotls_exe, interop_peers};

/// The two versions, as (OpenSSL flag, ferrotls flag, `handshake:` version).
pub const VERSIONS: [(&str, &str, &str); 2] = [
    ("-tls1_3", "--tls13", "TLSv1.3"),
    ("-tls1_2", "--tls12", "TLSv1.2"),
];

/// `openssl s_server` of one version for one connection with the `kind` certificate.
pub fn openssl_server(
    openssl: &Path,
    version: &str,
    kind: KeyKind,
    extra: &[&str],
) -> (Peer, SocketAddr) {
    interop_peers::openssl_server(openssl, version, kind, extra)
}

/// `openssl s_client` of one version to `addr`, verifying `localhost` against ca.pem.
pub fn openssl_client(openssl: &Path, version: &str, addr: &str, extra: &[&str]) -> Peer {
    let addr: SocketAddr = addr.parse().expect("our server's address");
    interop_peers::openssl_client(openssl, version, addr, extra)
}

/// `ferrotls client ADDR --cafile ca.pem --server-name localhost EXTRA`, run to its end.
pub fn our_client(addr: &str, extra: &[&str]) -> Output {
    cli_peers::our_client(ferrotls_exe!(), addr, extra)
}

/// `ferrotls server` with the ECDSA certificate for `connections` connections.
pub fn our_server(connections: usize, extra: &[&str]) -> (Peer, String) {
    cli_peers::our_server(ferrotls_exe!(), connections, extra)
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

/// `ferrotls server` with `args` and the environment variable `var` set to `value`.
pub fn our_server_with_env(args: &[&str], var: &str, value: &str) -> (Peer, String) {
    let mut command = Command::new(ferrotls_exe!());
    command
        .args(["server", "--listen", "127.0.0.1:0"])
        .args(args)
        .env(var, value);
    let peer = Peer::spawn_command(command);
    let out = peer
        .wait_for_stdout("\n", TIMEOUT)
        .unwrap_or_else(|e| panic!("ferrotls server did not start: {e}"));
    let addr = out
        .lines()
        .find_map(|l| l.strip_prefix("listening on "))
        .unwrap_or_else(|| panic!("no 'listening on' line\n{}", peer.report()))
        .trim()
        .to_string();
    (peer, addr)
}
