//! TLS 1.3 against real peers on loopback: the `ferrotls` server with `openssl s_client` and
//! `gnutls-cli`, the `ferrotls` client with `openssl s_server` and `gnutls-serv`. Every suite
//! with both groups, a forced HelloRetryRequest, client authentication (and its refusal), each
//! server key type, ALPN and an HTTP GET.
//!
//! Each case checks both views: what the peer printed (protocol, suite, group, verification,
//! the echoed data) and our `handshake:` line. A HelloRetryRequest is not on our line, so it is
//! checked on the peer's side: `-msg` shows OpenSSL sending or receiving two ClientHellos on the
//! one connection, GnuTLS's debug log (`-d 4`) names the retry.
#![forbid(unsafe_code)]

use std::net::SocketAddr;
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::ferrotls_exe;
use ferrotls_tests::interop::{self, Output, Peer, TIMEOUT};

/// A TLS 1.3 suite as our line, OpenSSL and GnuTLS name it.
#[derive(Clone, Copy, Debug)]
struct Suite {
    iana: &'static str,
    /// The cipher in a GnuTLS priority string and its `- Description:` line.
    gnutls: &'static str,
}

const SUITES: [Suite; 3] = [
    Suite {
        iana: "TLS_AES_128_GCM_SHA256",
        gnutls: "AES-128-GCM",
    },
    Suite {
        iana: "TLS_AES_256_GCM_SHA384",
        gnutls: "AES-256-GCM",
    },
    Suite {
        iana: "TLS_CHACHA20_POLY1305_SHA256",
        gnutls: "CHACHA20-POLY1305",
    },
];

/// A key-exchange group as our line / `-groups` / `--groups`, OpenSSL's client summary and GnuTLS
/// name it.
#[derive(Clone, Copy, Debug)]
struct Group {
    name: &'static str,
    openssl_temp_key: &'static str,
    gnutls: &'static str,
}

const X25519: Group = Group {
    name: "x25519",
    openssl_temp_key: "Server Temp Key: X25519",
    gnutls: "X25519",
};

const SECP256R1: Group = Group {
    name: "secp256r1",
    openssl_temp_key: "Server Temp Key: ECDH, prime256v1",
    gnutls: "SECP256R1",
};

const GROUPS: [Group; 2] = [X25519, SECP256R1];

/// The six suite × group cases, each with a server key type: every type serves twice, once per
/// group.
fn matrix() -> Vec<(Suite, Group, KeyKind)> {
    let mut cases = Vec::new();
    for suite in SUITES {
        for group in GROUPS {
            let kind = KeyKind::ALL[cases.len() % KeyKind::ALL.len()];
            cases.push((suite, group, kind));
        }
    }
    cases
}

/// How OpenSSL's client names the server's signature (`Peer signature type:`) and how the
/// signature part of GnuTLS's `- Description:` line starts, for each server key type (for RSA
/// the hash is the signer's choice).
fn signature_names(kind: KeyKind) -> (&'static str, &'static str) {
    match kind {
        KeyKind::EcdsaP256 => ("Peer signature type: ECDSA", "ECDSA-SECP256R1-SHA256"),
        KeyKind::Ed25519 => ("Peer signature type: ed25519", "EdDSA-Ed25519"),
        KeyKind::Rsa2048 => ("Peer signature type: RSA-PSS", "RSA-PSS-RSAE-SHA"),
    }
}

/// Whether GnuTLS's output has the `- Description:` line of a TLS 1.3 handshake with these
/// parameters, e.g. `- Description: (TLS1.3-X.509)-(ECDHE-X25519)-(EdDSA-Ed25519)-(AES-128-GCM)`.
fn gnutls_described(output: &str, group: &str, kind: KeyKind, cipher: &str) -> bool {
    let start = format!(
        "- Description: (TLS1.3-X.509)-(ECDHE-{group})-({}",
        signature_names(kind).1
    );
    let end = format!(")-({cipher})");
    output
        .lines()
        .any(|l| l.starts_with(&start) && l.ends_with(&end))
}

fn path(name: &str) -> String {
    certs::path(name).display().to_string()
}

fn server_files(kind: KeyKind) -> (String, String) {
    let stem = format!("server-{}", kind.file_part());
    (path(&format!("{stem}.pem")), path(&format!("{stem}.key")))
}

fn client_files(kind: KeyKind) -> (String, String) {
    let stem = format!("client-{}", kind.file_part());
    (path(&format!("{stem}.pem")), path(&format!("{stem}.key")))
}

/// The start of our line for a TLS 1.3 handshake with these parameters.
fn our_line(suite: &str, group: &str, alpn: &str) -> String {
    format!("handshake: version=TLSv1.3 suite={suite} group={group} alpn={alpn} resumed=no")
}

/// How many ClientHellos OpenSSL's `-msg` output shows (sent by its client or received by its
/// server): 2 means a HelloRetryRequest.
fn client_hellos(msg_output: &str) -> usize {
    msg_output
        .lines()
        .filter(|l| l.contains("Handshake") && l.ends_with(", ClientHello"))
        .count()
}

/// Fail with everything both sides printed.
fn check(ok: bool, what: &str, report: &str) {
    assert!(ok, "{what}\n{report}");
}

fn describe(out: &Output) -> String {
    format!(
        "status: {}\n--- stdout ---\n{}--- stderr ---\n{}",
        out.status, out.stdout, out.stderr
    )
}

// ---------------------------------------------------------------------------------------------
// Our server.

/// `ferrotls server` for one TLS 1.3 connection with the `kind` certificate.
fn our_server(kind: KeyKind, extra: &[&str]) -> (Peer, SocketAddr) {
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

/// Send `line` once `ready` is on the peer's stdout, wait for `answer`, then close its input
/// (the peer sends close_notify) and collect both sides.
fn talk(
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
fn finish_both(client: Peer, server: Peer) -> (Output, Output, String) {
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

fn openssl_client(openssl: &Path, addr: SocketAddr, extra: &[&str]) -> Peer {
    let connect = addr.to_string();
    let ca = path("ca.pem");
    let mut args = vec![
        "s_client",
        "-connect",
        &connect,
        "-tls1_3",
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

/// A GnuTLS priority string for TLS 1.3 with these groups and (if any) ciphers.
fn gnutls_priority(groups: &[&str], ciphers: &[&str]) -> String {
    let mut p = String::from("NORMAL:-VERS-ALL:+VERS-TLS1.3:-GROUP-ALL");
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

fn gnutls_client(gnutls_cli: &Path, addr: SocketAddr, priority: &str, extra: &[&str]) -> Peer {
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

#[test]
fn our_server_with_openssl_client_every_suite_and_group() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    for (i, (suite, group, kind)) in matrix().into_iter().enumerate() {
        let (server, addr) = our_server(kind, &[]);
        let mut client = openssl_client(
            &openssl,
            addr,
            &["-ciphersuites", suite.iana, "-groups", group.name],
        );
        let ping = format!("openssl to ferrotls {i}");
        if let Err(e) = talk(&mut client, &server, "Verify return code:", &ping, &ping) {
            panic!("{suite:?} {group:?} {kind:?}: {e}");
        }
        let (client, server, report) = finish_both(client, server);
        let case = format!("{suite:?} {group:?} {kind:?}");
        check(client.status.success(), &case, &report);
        for needle in [
            &format!("New, TLSv1.3, Cipher is {}", suite.iana),
            "Verify return code: 0 (ok)",
            group.openssl_temp_key,
            signature_names(kind).0,
        ] {
            check(
                client.stdout.contains(needle),
                &format!("{case}: {needle:?}"),
                &report,
            );
        }
        check(
            client_hellos(&client.stdout) == 1,
            &format!("{case}: one ClientHello"),
            &report,
        );
        check(
            server
                .stdout
                .contains(&our_line(suite.iana, group.name, "-")),
            &format!("{case}: our handshake line"),
            &report,
        );
        check(server.status.success(), &case, &report);
    }
}

#[test]
fn our_server_with_gnutls_client_every_suite_and_group() {
    let Some(gnutls_cli) = interop::require("gnutls-cli") else {
        return;
    };
    for (i, (suite, group, kind)) in matrix().into_iter().enumerate() {
        let (server, addr) = our_server(kind, &[]);
        let priority = gnutls_priority(&[group.gnutls], &[suite.gnutls]);
        let mut client = gnutls_client(&gnutls_cli, addr, &priority, &["-d", "4"]);
        let ping = format!("gnutls to ferrotls {i}");
        if let Err(e) = talk(
            &mut client,
            &server,
            "- Handshake was completed",
            &ping,
            &ping,
        ) {
            panic!("{suite:?} {group:?} {kind:?}: {e}");
        }
        let (client, server, report) = finish_both(client, server);
        let case = format!("{suite:?} {group:?} {kind:?}");
        check(client.status.success(), &case, &report);
        check(
            gnutls_described(&client.stdout, group.gnutls, kind, suite.gnutls),
            &format!("{case}: gnutls-cli's description"),
            &report,
        );
        check(
            client
                .stdout
                .contains("- Status: The certificate is trusted."),
            &format!("{case}: gnutls-cli trusts our certificate"),
            &report,
        );
        check(
            client
                .stderr
                .contains(&format!("sending key share for {}", group.gnutls))
                && !client.stderr.contains("HRR key share"),
            &format!("{case}: no HelloRetryRequest"),
            &report,
        );
        check(
            server
                .stdout
                .contains(&our_line(suite.iana, group.name, "-")),
            &format!("{case}: our handshake line"),
            &report,
        );
        check(server.status.success(), &case, &report);
    }
}

#[test]
fn our_server_forces_hello_retry_request() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let Some(gnutls_cli) = interop::require("gnutls-cli") else {
        return;
    };
    // OpenSSL's client sends a key share for its first group only: our server, accepting only
    // the other one, must ask for it.
    for (ours, theirs) in [
        (SECP256R1, "x25519:secp256r1"),
        (X25519, "secp256r1:x25519"),
    ] {
        let (server, addr) = our_server(KeyKind::EcdsaP256, &["--groups", ours.name]);
        let mut client = openssl_client(&openssl, addr, &["-groups", theirs]);
        let ping = format!("retry for {}", ours.name);
        talk(&mut client, &server, "Verify return code:", &ping, &ping)
            .unwrap_or_else(|e| panic!("{e}"));
        let (client, server, report) = finish_both(client, server);
        check(client.status.success(), "openssl exit", &report);
        check(
            client_hellos(&client.stdout) == 2,
            "openssl sent a second ClientHello",
            &report,
        );
        check(
            client.stdout.contains(ours.openssl_temp_key)
                && client.stdout.contains("Verify return code: 0 (ok)"),
            "openssl negotiated our group",
            &report,
        );
        let line = "handshake: version=TLSv1.3 suite=TLS_AES_";
        check(
            server.stdout.contains(line)
                && server.stdout.contains(&format!(" group={} ", ours.name)),
            "our handshake line",
            &report,
        );
    }

    // GnuTLS sends two key shares (here x25519 and secp384r1); our server wants secp256r1.
    let (server, addr) = our_server(KeyKind::Ed25519, &["--groups", "secp256r1"]);
    let priority = gnutls_priority(&["X25519", "SECP384R1", "SECP256R1"], &[]);
    let mut client = gnutls_client(&gnutls_cli, addr, &priority, &["-d", "4"]);
    talk(
        &mut client,
        &server,
        "- Handshake was completed",
        "retry with gnutls",
        "retry with gnutls",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (client, server, report) = finish_both(client, server);
    check(client.status.success(), "gnutls-cli exit", &report);
    check(
        client.stderr.contains("HRR key share with SECP256R1"),
        "gnutls-cli got a HelloRetryRequest for secp256r1",
        &report,
    );
    check(
        client
            .stdout
            .contains("- Description: (TLS1.3-X.509)-(ECDHE-SECP256R1)-(EdDSA-Ed25519)-"),
        "gnutls-cli negotiated secp256r1",
        &report,
    );
    check(
        server.stdout.contains(" group=secp256r1 "),
        "our handshake line",
        &report,
    );
}

#[test]
fn our_server_requires_client_certificates() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let Some(gnutls_cli) = interop::require("gnutls-cli") else {
        return;
    };
    let client_ca = path("client-ca.pem");

    // OpenSSL presents ECDSA and Ed25519 client certificates.
    for kind in [KeyKind::EcdsaP256, KeyKind::Ed25519] {
        let (server, addr) = our_server(KeyKind::Rsa2048, &["--client-ca", &client_ca]);
        let (cert, key) = client_files(kind);
        let mut client = openssl_client(&openssl, addr, &["-cert", &cert, "-key", &key]);
        let ping = format!("client auth {kind:?}");
        talk(&mut client, &server, "Verify return code:", &ping, &ping)
            .unwrap_or_else(|e| panic!("{e}"));
        let (client, server, report) = finish_both(client, server);
        check(client.status.success(), "openssl exit", &report);
        check(
            client.stdout.contains(", CertificateRequest")
                && client.stdout.contains(">>> TLS 1.3, Handshake")
                && client.stdout.lines().any(|l| {
                    l.starts_with(">>> TLS 1.3, Handshake") && l.ends_with(", CertificateVerify")
                }),
            "openssl was asked for a certificate and signed with it",
            &report,
        );
        check(
            client
                .stdout
                .contains("Acceptable client certificate CA names\nCN = ferrotls test client CA"),
            "our CertificateRequest names the client CA",
            &report,
        );
        check(
            server.stdout.contains("handshake: version=TLSv1.3 "),
            "our handshake line",
            &report,
        );
    }

    // GnuTLS presents an RSA client certificate.
    let (server, addr) = our_server(KeyKind::EcdsaP256, &["--client-ca", &client_ca]);
    let (cert, key) = client_files(KeyKind::Rsa2048);
    let priority = gnutls_priority(&["X25519", "SECP256R1"], &[]);
    let mut client = gnutls_client(
        &gnutls_cli,
        addr,
        &priority,
        &["--x509certfile", &cert, "--x509keyfile", &key],
    );
    talk(
        &mut client,
        &server,
        "- Handshake was completed",
        "gnutls client auth",
        "gnutls client auth",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (client, server, report) = finish_both(client, server);
    check(client.status.success(), "gnutls-cli exit", &report);
    check(
        client
            .stdout
            .contains("- Server has requested a certificate.")
            && client
                .stdout
                .contains("- Successfully sent 1 certificate(s) to server."),
        "gnutls-cli sent its certificate",
        &report,
    );
    check(
        server.stdout.contains("handshake: version=TLSv1.3 "),
        "our handshake line",
        &report,
    );
}

/// Without a certificate, or with one from a CA our server does not trust for clients, the
/// client learns of the refusal from our alert, and our server prints the reason and no
/// handshake line.
#[test]
fn our_server_refuses_clients_without_an_acceptable_certificate() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let Some(gnutls_cli) = interop::require("gnutls-cli") else {
        return;
    };
    let client_ca = path("client-ca.pem");
    let server_ca = path("ca.pem");
    let (cert, key) = client_files(KeyKind::EcdsaP256);
    // (the CAs our server trusts for clients, extra s_client arguments, what OpenSSL reports,
    // what our server reports)
    for (trusted, extra, their_error, our_error) in [
        (
            &client_ca,
            &[][..],
            "alert certificate required",
            "sent fatal alert certificate_required",
        ),
        (
            &server_ca,
            &["-cert", &cert, "-key", &key][..],
            "alert unknown ca",
            "sent fatal alert unknown_ca",
        ),
    ] {
        let (server, addr) = our_server(KeyKind::EcdsaP256, &["--client-ca", trusted]);
        let client = openssl_client(&openssl, addr, extra);
        // TLS 1.3 clients finish first: OpenSSL prints its summary, then reads our alert and
        // exits. Its input stays open: at its end it would close the connection itself.
        let (client, server, report) = finish_both(client, server);
        check(
            !client.status.success() && client.stderr.contains(their_error),
            &format!("openssl {extra:?} reports {their_error:?}"),
            &report,
        );
        check(
            !server.stdout.contains("handshake:") && server.stderr.contains(our_error),
            &format!("our server {extra:?} reports {our_error:?} and no handshake"),
            &report,
        );
        check(
            client.stdout.contains("Verify return code: 0 (ok)"),
            "openssl finished its side of the handshake",
            &report,
        );
    }

    let (server, addr) = our_server(KeyKind::EcdsaP256, &["--client-ca", &client_ca]);
    let priority = gnutls_priority(&["X25519"], &[]);
    let client = gnutls_client(&gnutls_cli, addr, &priority, &[]);
    let (client, server, report) = finish_both(client, server);
    check(
        !client.status.success()
            && client.stdout.contains("- Handshake was completed")
            && client
                .stdout
                .contains("*** Received alert [116]: Certificate is required"),
        "gnutls-cli reports certificate_required",
        &report,
    );
    check(
        !server.stdout.contains("handshake:")
            && server
                .stderr
                .contains("sent fatal alert certificate_required"),
        "our server reports the refusal",
        &report,
    );
}

#[test]
fn our_server_alpn_and_http_get_with_openssl_client() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let (server, addr) = our_server(KeyKind::EcdsaP256, &["--alpn", "h2,http/1.1"]);
    let mut client = openssl_client(&openssl, addr, &["-alpn", "http/1.1"]);
    client
        .wait_for_stdout("Verify return code:", TIMEOUT)
        .unwrap_or_else(|e| panic!("{e}\n{}", server.report()));
    client.write_stdin(b"GET / HTTP/1.0\n");
    // Our server answers and closes; OpenSSL exits at our close_notify.
    let (client, server, report) = finish_both(client, server);
    check(client.status.success(), "openssl exit", &report);
    for needle in [
        "ALPN protocol: http/1.1",
        "HTTP/1.0 200 OK\r\n",
        "Content-Type: text/plain\r\n",
        "\r\n\r\nversion=TLSv1.3 suite=TLS_AES_",
        " alpn=http/1.1 resumed=no",
    ] {
        check(client.stdout.contains(needle), needle, &report);
    }
    check(
        server.stdout.contains(" alpn=http/1.1 resumed=no"),
        "our handshake line names the protocol",
        &report,
    );
}

// ---------------------------------------------------------------------------------------------
// Our client.

/// `ferrotls client` to `addr` (verifying `localhost` against ca.pem), sending `text`.
fn our_client(addr: SocketAddr, text: &str, extra: &[&str]) -> Output {
    let address = addr.to_string();
    let ca = path("ca.pem");
    let mut args = vec![
        "client",
        &address,
        "--cafile",
        &ca,
        "--server-name",
        "localhost",
        "--tls13",
        "--send",
        text,
    ];
    args.extend_from_slice(extra);
    interop::run(ferrotls_exe!(), &args, TIMEOUT)
}

/// `openssl s_server` for one connection, reversing each line (`-rev`), on a port it picks.
fn openssl_server(openssl: &Path, kind: KeyKind, extra: &[&str]) -> (Peer, SocketAddr) {
    let (cert, key) = server_files(kind);
    let mut args = vec![
        "s_server",
        "-accept",
        "127.0.0.1:0",
        "-tls1_3",
        "-cert",
        &cert,
        "-key",
        &key,
        "-naccept",
        "1",
        "-rev",
        "-msg",
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
fn gnutls_server(gnutls_serv: &Path, kind: KeyKind, priority: &str, extra: &[&str]) -> (Peer, u16) {
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
fn stop(mut server: Peer) -> String {
    server.kill();
    // Reaped already: this only collects the output until the pipes close.
    match server.finish(TIMEOUT) {
        Ok(out) => describe(&out),
        Err(e) => e,
    }
}

fn loopback(port: u16) -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], port))
}

/// Our client's output for a good exchange: the handshake line starts it, `answer` follows.
fn check_our_client(out: &Output, line: &str, answer: &str, report: &str) {
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

fn reversed(text: &str) -> String {
    text.chars().rev().collect()
}

#[test]
fn our_client_with_openssl_server_every_suite_and_group() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    for (i, (suite, group, kind)) in matrix().into_iter().enumerate() {
        let (server, addr) = openssl_server(
            &openssl,
            kind,
            &["-ciphersuites", suite.iana, "-groups", group.name],
        );
        let text = format!("ferrotls to openssl {i}");
        let out = our_client(addr, &text, &["--groups", group.name]);
        let server = server.finish(TIMEOUT).unwrap_or_else(|e| panic!("{e}"));
        let report = format!(
            "=== our client ===\n{}\n=== openssl s_server ===\n{}",
            describe(&out),
            describe(&server)
        );
        let case = format!("{suite:?} {group:?} {kind:?}");
        check_our_client(
            &out,
            &our_line(suite.iana, group.name, "-"),
            &reversed(&text),
            &report,
        );
        check(server.status.success(), &case, &report);
        for needle in [
            "Protocol version: TLSv1.3",
            &format!("Ciphersuite: {}", suite.iana),
            "CONNECTION CLOSED",
        ] {
            check(
                server.stderr.contains(needle),
                &format!("{case}: {needle:?}"),
                &report,
            );
        }
        check(
            client_hellos(&server.stdout) == 1,
            &format!("{case}: one ClientHello"),
            &report,
        );
    }
}

#[test]
fn our_client_with_gnutls_server_every_suite_and_group() {
    let Some(gnutls_serv) = interop::require("gnutls-serv") else {
        return;
    };
    for (i, (suite, group, kind)) in matrix().into_iter().enumerate() {
        let priority = gnutls_priority(&[group.gnutls], &[suite.gnutls]);
        let (server, port) = gnutls_server(&gnutls_serv, kind, &priority, &["-d", "4"]);
        let text = format!("ferrotls to gnutls {i}");
        let out = our_client(loopback(port), &text, &["--groups", group.name]);
        // gnutls-serv prints the description once the handshake is done.
        let _ = server.wait_for_stdout("- Channel bindings", Duration::from_secs(5));
        let report = format!(
            "=== our client ===\n{}\n=== gnutls-serv ===\n{}",
            describe(&out),
            stop(server)
        );
        let case = format!("{suite:?} {group:?} {kind:?}");
        check_our_client(&out, &our_line(suite.iana, group.name, "-"), &text, &report);
        check(
            gnutls_described(&report, group.gnutls, kind, suite.gnutls),
            &format!("{case}: gnutls-serv's description"),
            &report,
        );
        check(
            report.contains(&format!("Received key share for {}", group.gnutls))
                && !report.contains("for 'hello retry request'"),
            &format!("{case}: no HelloRetryRequest"),
            &report,
        );
    }
}

#[test]
fn our_client_retries_after_hello_retry_request() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let Some(gnutls_serv) = interop::require("gnutls-serv") else {
        return;
    };
    // Our client sends one key share, for its first group; the server accepts only the other.
    for (theirs, ours) in [
        (SECP256R1, "x25519,secp256r1"),
        (X25519, "secp256r1,x25519"),
    ] {
        let (server, addr) = openssl_server(&openssl, KeyKind::Ed25519, &["-groups", theirs.name]);
        let out = our_client(addr, "retry", &["--groups", ours]);
        let server = server.finish(TIMEOUT).unwrap_or_else(|e| panic!("{e}"));
        let report = format!(
            "=== our client ===\n{}\n=== openssl s_server ===\n{}",
            describe(&out),
            describe(&server)
        );
        check_our_client(
            &out,
            &format!(
                "handshake: version=TLSv1.3 suite=TLS_AES_128_GCM_SHA256 group={}",
                theirs.name
            ),
            "yrter",
            &report,
        );
        check(
            client_hellos(&server.stdout) == 2,
            "openssl s_server received a second ClientHello",
            &report,
        );
    }

    // The default groups: x25519 first, with the only key share.
    let priority = gnutls_priority(&["SECP256R1"], &[]);
    let (server, port) = gnutls_server(&gnutls_serv, KeyKind::Rsa2048, &priority, &["-d", "4"]);
    let out = our_client(loopback(port), "retry with gnutls", &[]);
    let _ = server.wait_for_stdout("- Channel bindings", Duration::from_secs(5));
    let report = format!(
        "=== our client ===\n{}\n=== gnutls-serv ===\n{}",
        describe(&out),
        stop(server)
    );
    check_our_client(
        &out,
        "handshake: version=TLSv1.3 suite=TLS_AES_128_GCM_SHA256 group=secp256r1",
        "retry with gnutls",
        &report,
    );
    check(
        gnutls_described(&report, "SECP256R1", KeyKind::Rsa2048, "AES-128-GCM"),
        "gnutls-serv negotiated secp256r1",
        &report,
    );
    check(
        report.contains("Received key share for X25519")
            && report.contains("for 'hello retry request'"),
        "gnutls-serv sent a HelloRetryRequest",
        &report,
    );
}

#[test]
fn our_client_authenticates_with_certificates() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let Some(gnutls_serv) = interop::require("gnutls-serv") else {
        return;
    };
    let client_ca = path("client-ca.pem");
    let verify = [
        "-Verify",
        "1",
        "-verify_return_error",
        "-CAfile",
        &client_ca,
    ];

    // openssl s_server verifies ECDSA and RSA client certificates.
    for (kind, signature) in [
        (KeyKind::EcdsaP256, "Signature type: ECDSA"),
        (KeyKind::Rsa2048, "Signature type: RSA-PSS"),
    ] {
        let (server, addr) = openssl_server(&openssl, KeyKind::EcdsaP256, &verify);
        let (cert, key) = client_files(kind);
        let out = our_client(
            addr,
            "with a certificate",
            &["--cert", &cert, "--key", &key],
        );
        let server = server.finish(TIMEOUT).unwrap_or_else(|e| panic!("{e}"));
        let report = format!(
            "=== our client ===\n{}\n=== openssl s_server ===\n{}",
            describe(&out),
            describe(&server)
        );
        check_our_client(
            &out,
            "handshake: version=TLSv1.3 ",
            &reversed("with a certificate"),
            &report,
        );
        for needle in [
            "Peer certificate: CN = ferrotls test client",
            signature,
            "Verification: OK",
        ] {
            check(
                server.stderr.contains(needle),
                &format!("{kind:?}: {needle:?}"),
                &report,
            );
        }
    }

    // gnutls-serv verifies an Ed25519 client certificate (--verify-client-cert: without it
    // gnutls-serv takes any certificate).
    let priority = gnutls_priority(&["X25519", "SECP256R1"], &[]);
    let gnutls_verify = [
        "--x509cafile",
        &client_ca,
        "--require-client-cert",
        "--verify-client-cert",
    ];
    let (server, port) = gnutls_server(&gnutls_serv, KeyKind::Ed25519, &priority, &gnutls_verify);
    let (cert, key) = client_files(KeyKind::Ed25519);
    let out = our_client(
        loopback(port),
        "gnutls checks me",
        &["--cert", &cert, "--key", &key],
    );
    let seen = server.wait_for_stdout("- Client Signature: EdDSA-Ed25519", Duration::from_secs(5));
    let report = format!(
        "=== our client ===\n{}\n=== gnutls-serv ===\n{}",
        describe(&out),
        stop(server)
    );
    check_our_client(
        &out,
        "handshake: version=TLSv1.3 ",
        "gnutls checks me",
        &report,
    );
    check(
        seen.is_ok() && report.contains("- Status: The certificate is trusted."),
        "gnutls-serv verified our certificate",
        &report,
    );

    // Without a certificate, openssl s_server refuses us after our Finished.
    let (server, addr) = openssl_server(&openssl, KeyKind::EcdsaP256, &verify);
    let out = our_client(addr, "no certificate", &[]);
    let server = server.finish(TIMEOUT).unwrap_or_else(|e| panic!("{e}"));
    let report = format!(
        "=== our client ===\n{}\n=== openssl s_server ===\n{}",
        describe(&out),
        describe(&server)
    );
    check(
        out.status.code() == Some(1)
            && out
                .stderr
                .contains("peer sent fatal alert certificate_required"),
        "our client reports certificate_required",
        &report,
    );
    check(
        !out.stdout.contains(&reversed("no certificate")),
        "nothing came back",
        &report,
    );
}

#[test]
fn our_client_refuses_an_untrusted_server() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let cert = path("untrusted-server.pem");
    let key = path("untrusted-server.key");
    let (server, addr) = openssl_server(
        &openssl,
        KeyKind::EcdsaP256,
        &["-cert", &cert, "-key", &key],
    );
    let out = our_client(addr, "should not be sent", &[]);
    let server = server.finish(TIMEOUT).unwrap_or_else(|e| panic!("{e}"));
    let report = format!(
        "=== our client ===\n{}\n=== openssl s_server ===\n{}",
        describe(&out),
        describe(&server)
    );
    check(
        out.status.code() == Some(1)
            && out.stderr.contains("handshake failed")
            && !out.stdout.contains("handshake:"),
        "our client refuses the certificate",
        &report,
    );
    check(
        server.stderr.contains("alert"),
        "openssl s_server got our alert",
        &report,
    );
}

#[test]
fn our_client_alpn_with_openssl_server() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let (server, addr) = openssl_server(&openssl, KeyKind::Rsa2048, &["-alpn", "http/1.1"]);
    let out = our_client(addr, "alpn", &["--alpn", "h2,http/1.1"]);
    let server = server.finish(TIMEOUT).unwrap_or_else(|e| panic!("{e}"));
    let report = format!(
        "=== our client ===\n{}\n=== openssl s_server ===\n{}",
        describe(&out),
        describe(&server)
    );
    check_our_client(
        &out,
        "handshake: version=TLSv1.3 suite=TLS_AES_128_GCM_SHA256 group=x25519 alpn=http/1.1 ",
        "npla",
        &report,
    );
    check(
        server
            .stdout
            .contains("ALPN protocols advertised by the client: h2, http/1.1")
            && server.stdout.contains("ALPN protocols selected: http/1.1"),
        "openssl s_server saw our offer and chose http/1.1",
        &report,
    );
}
