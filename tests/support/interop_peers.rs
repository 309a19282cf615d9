//! The real peers of the interop tests (`interop_tls13`, `interop_tls12`) and how they are run:
//! `openssl s_client`/`s_server` and `gnutls-cli`/`gnutls-serv` command lines for one protocol
//! version, the test PKI's files, talking through a peer client, and collecting both sides.

use std::net::SocketAddr;
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

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
    let client = match client.finish(TIMEOUT) {
        Ok(out) => out,
        Err(e) => panic!("peer client: {e}\n=== our server ===\n{}", server.report()),
    };
    let server = server.finish(TIMEOUT).unwrap_or_else(|e| {
        panic!(
            "our server: {e}\n=== peer client ===\n{}",
            describe(&client)
        )
    });
    let report = format!(
        "=== peer client ===\n{}\n=== our server ===\n{}",
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
    let server = Peer::spawn(openssl, &args);
    let deadline = Instant::now() + TIMEOUT;
    loop {
        // `ACCEPT 127.0.0.1:PORT`, once the whole line is there.
        let out = server.stdout();
        let addr = out
            .split_inclusive('\n')
            .filter(|l| l.ends_with('\n'))
            .find_map(|l| l.strip_prefix("ACCEPT "))
            .and_then(|a| a.trim().parse().ok());
        if let Some(addr) = addr {
            return (server, addr);
        }
        assert!(
            Instant::now() < deadline,
            "openssl s_server did not report its address\n{}",
            server.report()
        );
        thread::sleep(Duration::from_millis(10));
    }
}

/// `gnutls-serv --echo` on a free port; it serves until killed.
pub fn gnutls_server(
    gnutls_serv: &Path,
    kind: KeyKind,
    priority: &str,
    extra: &[&str],
) -> (Peer, u16) {
    let (cert, key) = server_files(kind);
    // Another process may take the free port first: then try another.
    for _ in 0..3 {
        let port = interop::free_port();
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
        let server = Peer::spawn(gnutls_serv, &args);
        let deadline = Instant::now() + TIMEOUT;
        while Instant::now() < deadline {
            let said = format!("{}{}", server.stdout(), server.stderr());
            if said.contains(&format!("listening on IPv4 0.0.0.0 port {port}...done")) {
                return (server, port);
            }
            if said.contains("...failed") || said.contains("Error") {
                break;
            }
            thread::sleep(Duration::from_millis(10));
        }
        eprintln!(
            "gnutls-serv did not start on port {port}\n{}",
            server.report()
        );
    }
    panic!("gnutls-serv did not start");
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
