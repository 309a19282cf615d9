//! The real peers of the interop tests (`interop_tls13`, `interop_tls12`) and how they are run:
//! `openssl s_client`/`s_server` and `gnutls-cli`/`gnutls-serv` command lines for one protocol
//! version, the test PKI's files, talking through a peer client, and collecting both sides.

use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;

use crate::certs::{self, KeyKind};
use crate::interop::{self, Output, Peer, TIMEOUT};
use crate::interop_checks::describe;

/// The path of a file of the test PKI, as an argument.
pub fn path(name: &str) -> String {
    certs::path(name).display().to_string()
}

/// The certificate and key files of the `kind` server.
pub fn server_files(kind: KeyKind) -> (String, String) {
    let stem = format!("server-{}", kind.file_part());
    (path(&format!("{stem}.pem")), path(&format!("{stem}.key")))
}

/// The certificate and key files of the `kind` client.
pub fn client_files(kind: KeyKind) -> (String, String) {
    let stem = format!("client-{}", kind.file_part());
    (path(&format!("{stem}.pem")), path(&format!("{stem}.key")))
}

/// Send `line` once `ready` is on the peer's stdout, wait for `answer`, then close its input
/// (the peer sends close_notify).
pub fn talk(
    client: &mut Peer,
    server: &Peer,
    ready: &str,
    line: &str,
    answer: &str,
) -> Result<(), String> {
    let with_server = |e: String| format!("{e}\n=== our server ===\n{}", server.report());
    client
        .wait_for_stdout(ready, TIMEOUT)
        .map_err(with_server)?;
    client.write_stdin(format!("{line}\n").as_bytes());
    client
        .wait_for_stdout(answer, TIMEOUT)
        .map_err(with_server)?;
    client.close_stdin();
    Ok(())
}

/// Both finished processes, as one text for failure messages.
pub fn finish_both(client: Peer, server: Peer) -> (Output, Output, String) {
    finish_named(("peer client", client), ("our server", server))
}

/// The client, then the server, finished, each named in the failure messages, and both
/// described as one text.
pub fn finish_named(
    (client_name, client): (&str, Peer),
    (server_name, server): (&str, Peer),
) -> (Output, Output, String) {
    let client = match client.finish(TIMEOUT) {
        Ok(out) => out,
        Err(e) => panic!(
            "{client_name}: {e}\n=== {server_name} ===\n{}",
            server.report()
        ),
    };
    let server = server.finish(TIMEOUT).unwrap_or_else(|e| {
        panic!(
            "{server_name}: {e}\n=== {client_name} ===\n{}",
            describe(&client)
        )
    });
    let report = format!(
        "=== {client_name} ===\n{}\n=== {server_name} ===\n{}",
        describe(&client),
        describe(&server)
    );
    (client, server, report)
}

/// `openssl s_client` with `version` (`-tls1_3`, `-tls1_2`) to `addr`, verifying `localhost`
/// against ca.pem, with `-msg`.
pub fn openssl_client(openssl: &Path, version: &str, addr: SocketAddr, extra: &[&str]) -> Peer {
    let connect = addr.to_string();
    let ca = path("ca.pem");
    let mut args = vec![
        "s_client",
        "-connect",
        &connect,
        version,
        "-CAfile",
        &ca,
        "-servername",
        "localhost",
        "-verify_return_error",
        "-msg",
    ];
    args.extend_from_slice(extra);
    Peer::spawn(openssl, &args)
}

/// A GnuTLS priority string for `version` (`TLS1.3`, `TLS1.2`) with these groups and (if any)
/// ciphers.
pub fn gnutls_priority(version: &str, groups: &[&str], ciphers: &[&str]) -> String {
    let mut p = format!("NORMAL:-VERS-ALL:+VERS-{version}:-GROUP-ALL");
    for g in groups {
        p.push_str(&format!(":+GROUP-{g}"));
    }
    if !ciphers.is_empty() {
        p.push_str(":-CIPHER-ALL");
        for c in ciphers {
            p.push_str(&format!(":+{c}"));
        }
    }
    p
}

/// `gnutls-cli` to `addr`, verifying `localhost` against ca.pem.
pub fn gnutls_client(gnutls_cli: &Path, addr: SocketAddr, priority: &str, extra: &[&str]) -> Peer {
    let port = addr.port().to_string();
    let ca = path("ca.pem");
    let mut args = vec![
        "--port",
        &port,
        "--x509cafile",
        &ca,
        "--sni-hostname",
        "localhost",
        "--verify-hostname",
        "localhost",
        "--priority",
        priority,
    ];
    args.extend_from_slice(extra);
    args.push("127.0.0.1");
    Peer::spawn(gnutls_cli, &args)
}

/// `openssl s_server` with `version` (`-tls1_3`, `-tls1_2`) for one connection with the `kind`
/// certificate, on a port it picks.
pub fn openssl_server(
    openssl: &Path,
    version: &str,
    kind: KeyKind,
    extra: &[&str],
) -> (Peer, SocketAddr) {
    openssl_server_env(openssl, version, kind, extra, &[])
}

/// [`openssl_server`] with environment variables set (e.g. `OPENSSL_CONF`).
pub fn openssl_server_env(
    openssl: &Path,
    version: &str,
    kind: KeyKind,
    extra: &[&str],
    env: &[(&str, &str)],
) -> (Peer, SocketAddr) {
    let (cert, key) = server_files(kind);
    let mut args = vec![
        "s_server",
        "-accept",
        "127.0.0.1:0",
        version,
        "-cert",
        &cert,
        "-key",
        &key,
        "-naccept",
        "1",
    ];
    args.extend_from_slice(extra);
    let mut command = Command::new(openssl);
    command.args(&args).envs(env.iter().copied());
    let server = Peer::spawn_command(command);
    // `ACCEPT 127.0.0.1:PORT`, once the whole line is there.
    let addr = server
        .wait_for_line("ACCEPT ", TIMEOUT)
        .ok()
        .and_then(|line| line.strip_prefix("ACCEPT ")?.trim().parse().ok());
    match addr {
        Some(addr) => (server, addr),
        None => panic!(
            "openssl s_server did not report its address\n{}",
            server.report()
        ),
    }
}

/// Tries at starting `gnutls-serv`: another test process may bind its port first.
const GNUTLS_SERV_TRIES: usize = 5;

/// `gnutls-serv --echo` on a free port; it serves until killed. It cannot report a port of its
/// choosing (with `--port 0` it says "port 0"), so it gets an [`interop::server_port`], and
/// another one when that bind fails.
pub fn gnutls_server(
    gnutls_serv: &Path,
    kind: KeyKind,
    priority: &str,
    extra: &[&str],
) -> (Peer, u16) {
    let mut failures = String::new();
    for _ in 0..GNUTLS_SERV_TRIES {
        let port = interop::server_port();
        match gnutls_server_on(gnutls_serv, port, kind, priority, extra) {
            Ok(server) => return (server, port),
            Err(e) => failures.push_str(&format!("port {port}: {e}\n")),
        }
    }
    panic!("gnutls-serv did not start in {GNUTLS_SERV_TRIES} tries\n{failures}");
}

/// `gnutls-serv --echo` on `port`, once its IPv4 socket listens. A failed bind is an error: the
/// server says `...bind() failed` (and would go on serving IPv6 alone), and is killed.
fn gnutls_server_on(
    gnutls_serv: &Path,
    port: u16,
    kind: KeyKind,
    priority: &str,
    extra: &[&str],
) -> Result<Peer, String> {
    let (cert, key) = server_files(kind);
    let port_text = port.to_string();
    let mut args = vec![
        "--port",
        &port_text,
        "--x509certfile",
        &cert,
        "--x509keyfile",
        &key,
        "--echo",
        "--priority",
        priority,
    ];
    args.extend_from_slice(extra);
    let mut server = Peer::spawn(gnutls_serv, &args);
    // "Echo Server listening on IPv4 0.0.0.0 port PORT...done", or "...bind() failed: ...".
    let ipv4 = format!("IPv4 0.0.0.0 port {port}...");
    let line = server.wait_for_line(&ipv4, TIMEOUT)?;
    if line.contains(&format!("{ipv4}done")) {
        return Ok(server);
    }
    server.kill();
    Err(server.report())
}

/// Stop a server that runs until killed and return what it printed.
pub fn stop(mut server: Peer) -> String {
    server.kill();
    // Reaped already: this only collects the output until the pipes close.
    match server.finish(TIMEOUT) {
        Ok(out) => describe(&out),
        Err(e) => e,
    }
}

/// 127.0.0.1:`port`.
pub fn loopback(port: u16) -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], port))
}

#[cfg(test)]
mod tests {
    use std::net::{Ipv4Addr, TcpListener};

    use super::*;

    #[test]
    fn gnutls_serv_on_a_taken_port_is_an_error_and_on_a_free_one_listens() {
        let Some(gnutls_serv) = interop::require("gnutls-serv") else {
            return;
        };
        let priority = gnutls_priority("TLS1.3", &["X25519"], &[]);
        let taken = TcpListener::bind((Ipv4Addr::LOCALHOST, interop::server_port())).unwrap();
        let port = taken.local_addr().unwrap().port();
        let e = gnutls_server_on(&gnutls_serv, port, KeyKind::EcdsaP256, &priority, &[])
            .map(|server| server.report())
            .unwrap_err();
        assert!(e.contains("bind() failed"), "{e}");

        let (server, port) = gnutls_server(&gnutls_serv, KeyKind::EcdsaP256, &priority, &[]);
        interop::wait_for_port(loopback(port), TIMEOUT)
            .unwrap_or_else(|e| panic!("{e}\n{}", server.report()));
    }
}
