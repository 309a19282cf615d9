//! The `ferrotls` binary as its own test peer: a server with the ECDSA P-256 test certificate
//! and a client that trusts the test CA under the name "localhost", each with the caller's
//! extra arguments; a client run against a peer server, with both outputs for the failure
//! messages; a command line the binary must refuse. The binary's path comes from the test
//! target (`ferrotls_exe!()`), which only an integration test can name.

use std::path::Path;

use crate::interop::{self, Output, Peer, TIMEOUT};
use crate::interop_checks::describe;
use crate::interop_peers;

/// `ferrotls server` for `connections` connections, and the address it listens on.
pub fn our_server(exe: &Path, connections: usize, extra: &[&str]) -> (Peer, String) {
    our_server_env(exe, connections, extra, &[])
}

/// [`our_server`] with environment variables set (e.g. `SSLKEYLOGFILE`).
pub fn our_server_env(
    exe: &Path,
    connections: usize,
    extra: &[&str],
    env: &[(&str, &str)],
) -> (Peer, String) {
    let (cert, key) = (
        interop_peers::path("server-ecdsa-p256.pem"),
        interop_peers::path("server-ecdsa-p256.key"),
    );
    let count = connections.to_string();
    let mut args = vec!["--cert", &cert, "--key", &key, "--max-connections", &count];
    args.extend_from_slice(extra);
    let (peer, addr) = interop::ferrotls_server_env(exe, &args, env);
    (peer, addr.to_string())
}

/// `ferrotls client ADDR`, run to its end.
pub fn our_client(exe: &Path, addr: &str, extra: &[&str]) -> Output {
    interop::run_peer(spawn_our_client(exe, addr, extra), TIMEOUT)
}

/// `ferrotls client ADDR`, still running, its standard input open.
pub fn spawn_our_client(exe: &Path, addr: &str, extra: &[&str]) -> Peer {
    let ca = interop_peers::path("ca.pem");
    let mut args = vec![
        "client",
        addr,
        "--cafile",
        &ca,
        "--server-name",
        "localhost",
    ];
    args.extend_from_slice(extra);
    Peer::spawn(exe, &args)
}

/// What came of one connection of [`our_client`] to a peer server for one connection
/// (`s_server -naccept 1`): both outputs, and both described for failure messages.
#[derive(Debug)]
pub struct AgainstPeer {
    pub client: Output,
    pub server: Output,
    pub report: String,
}

/// [`our_client`] to `server` at `addr`; then waits for the server to end.
pub fn our_client_against(exe: &Path, server: Peer, addr: &str, extra: &[&str]) -> AgainstPeer {
    let mut client = spawn_our_client(exe, addr, extra);
    client.close_stdin();
    let (client, server, report) =
        interop_peers::finish_named(("our client", client), ("the peer server", server));
    AgainstPeer {
        client,
        server,
        report,
    }
}

/// Run `ferrotls ARGS` expecting it to refuse them: exit code 1, and nothing listening on
/// standard output. Returns the output for the test's checks of the message.
pub fn refused(exe: &Path, args: &[&str]) -> Output {
    let out = interop::run(exe, args, TIMEOUT);
    assert_eq!(out.status.code(), Some(1), "{}", describe(&out));
    assert!(!out.stdout.contains("listening on"), "{}", describe(&out));
    out
}
