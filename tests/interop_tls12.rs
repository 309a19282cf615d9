//! TLS 1.2 against real peers on loopback: the `ferrotls` server with `openssl s_client -tls1_2`
//! and `gnutls-cli` (priority `NORMAL:-VERS-ALL:+VERS-TLS1.2:...`), the `ferrotls --tls12`
//! client with `openssl s_server -tls1_2` and `gnutls-serv`. Each of the six ECDHE suites with
//! both groups, client authentication (accepted, and refused without a certificate), a
//! default (both-versions) client and server meeting 1.2-only OpenSSL peers, and renegotiation
//! attempts refused with no_renegotiation.
//!
//! Each case checks both views: the peer's report (protocol, cipher, group, signature,
//! extended master secret, verification, the data that came back) and our `handshake:` line.
//! Where the peers report:
//! - `s_client`: its session summary (`Protocol  : TLSv1.2`, `Cipher    : ...`,
//!   `Extended master secret: yes`) and `-msg` trace.
//! - `gnutls-cli`/`gnutls-serv`: `- Description: (TLS1.2-X.509)-(ECDHE-G)-(SIG)-(CIPHER)` and
//!   `- Options: extended master secret, safe renegotiation,`.
//! - `s_server -www`: its HTTP answer to `GET /` is its own view of the session (the same
//!   summary as `s_client`'s, `Shared groups: ...`, the client certificate), printed by our client.
//!
//! Peer behaviour found on this machine (OpenSSL 3.0, GnuTLS 3.7.9) and asserted here:
//! - RFC 8422 §5.1: in TLS 1.2 the client's supported_groups also bounds the curve of an ECDSA
//!   certificate, so with the P-256 certificate and an X25519 exchange the client lists P-256
//!   too and the server alone is restricted to X25519.
//! - `s_client` answers our warning no_renegotiation with a fatal handshake_failure; `gnutls-cli
//!   --rehandshake` sends a further ClientHello, which our server ends with handshake_failure.
//! - `gnutls-serv --require-client-cert` refuses a TLS 1.2 client without a certificate with
//!   decode_error (it does so to `s_client` as well).
#![forbid(unsafe_code)]

use std::net::SocketAddr;
use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::ferrotls_exe;
use ferrotls_tests::interop::{self, Output, Peer, TIMEOUT};

/// A TLS 1.2 suite as our line, OpenSSL and GnuTLS name it, with the server key that serves it.
#[derive(Clone, Copy, Debug)]
struct Suite {
    iana: &'static str,
    openssl: &'static str,
    /// The cipher in a GnuTLS priority string and its `- Description:` line.
    gnutls: &'static str,
    kind: KeyKind,
}

/// The ECDSA suites are served by the P-256 certificate, one of them by the Ed25519 one.
const SUITES: [Suite; 6] = [
    Suite {
        iana: "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        openssl: "ECDHE-ECDSA-AES128-GCM-SHA256",
        gnutls: "AES-128-GCM",
        kind: KeyKind::EcdsaP256,
    },
    Suite {
        iana: "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        openssl: "ECDHE-ECDSA-AES256-GCM-SHA384",
        gnutls: "AES-256-GCM",
        kind: KeyKind::Ed25519,
    },
    Suite {
        iana: "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        openssl: "ECDHE-ECDSA-CHACHA20-POLY1305",
        gnutls: "CHACHA20-POLY1305",
        kind: KeyKind::EcdsaP256,
    },
    Suite {
        iana: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        openssl: "ECDHE-RSA-AES128-GCM-SHA256",
        gnutls: "AES-128-GCM",
        kind: KeyKind::Rsa2048,
    },
    Suite {
        iana: "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        openssl: "ECDHE-RSA-AES256-GCM-SHA384",
        gnutls: "AES-256-GCM",
        kind: KeyKind::Rsa2048,
    },
    Suite {
        iana: "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        openssl: "ECDHE-RSA-CHACHA20-POLY1305",
        gnutls: "CHACHA20-POLY1305",
        kind: KeyKind::Rsa2048,
    },
];

/// A key-exchange group as our line and `--groups`, OpenSSL's `-groups`, OpenSSL's client
/// summary, and GnuTLS name it.
#[derive(Clone, Copy, Debug)]
struct Group {
    name: &'static str,
    openssl: &'static str,
    openssl_temp_key: &'static str,
    gnutls: &'static str,
}

const X25519: Group = Group {
    name: "x25519",
    openssl: "X25519",
    openssl_temp_key: "Server Temp Key: X25519",
    gnutls: "X25519",
};

const SECP256R1: Group = Group {
    name: "secp256r1",
    openssl: "P-256",
    openssl_temp_key: "Server Temp Key: ECDH, prime256v1",
    gnutls: "SECP256R1",
};

const GROUPS: [Group; 2] = [X25519, SECP256R1];

/// One handshake of a matrix: a suite, a group, and the client certificate if any.
#[derive(Clone, Copy, Debug)]
struct Case {
    suite: Suite,
    group: Group,
    client_auth: Option<KeyKind>,
}

/// The twelve suite × group cases. Every other case authenticates the client (so each suite
/// is run with and without), with the client key types in turn.
fn matrix() -> Vec<Case> {
    let mut cases = Vec::new();
    for suite in SUITES {
        for group in GROUPS {
            let i = cases.len();
            let client_auth = (i % 2 == 1).then(|| KeyKind::ALL[(i / 2) % KeyKind::ALL.len()]);
            cases.push(Case {
                suite,
                group,
                client_auth,
            });
        }
    }
    cases
}

/// The groups the client offers for `case` (RFC 8422 §5.1: a P-256 certificate needs P-256
/// listed even when the exchange uses X25519; the server is restricted to the case's group).
fn client_groups(case: Case, sep: &str, name: impl Fn(Group) -> &'static str) -> String {
    if case.suite.kind == KeyKind::EcdsaP256 && case.group.name == X25519.name {
        format!("{}{sep}{}", name(X25519), name(SECP256R1))
    } else {
        name(case.group).to_string()
    }
}

/// How OpenSSL names the server's signature (`Peer signature type:`) and how the signature part
/// of GnuTLS's `- Description:` line starts, for each server key type (the hash of an ECDSA or
/// RSA signature is the signer's choice).
fn signature_names(kind: KeyKind) -> (&'static str, &'static str) {
    match kind {
        KeyKind::EcdsaP256 => ("Peer signature type: ECDSA", "ECDSA-SHA"),
        KeyKind::Ed25519 => ("Peer signature type: ed25519", "EdDSA-Ed25519"),
        KeyKind::Rsa2048 => ("Peer signature type: RSA-PSS", "RSA-PSS-RSAE-SHA"),
    }
}

/// Whether GnuTLS's output has the `- Description:` line of a TLS 1.2 handshake with these
/// parameters, e.g. `- Description: (TLS1.2-X.509)-(ECDHE-X25519)-(ECDSA-SHA256)-(AES-128-GCM)`.
fn gnutls_described(output: &str, case: Case) -> bool {
    let start = format!(
        "- Description: (TLS1.2-X.509)-(ECDHE-{})-({}",
        case.group.gnutls,
        signature_names(case.suite.kind).1
    );
    let end = format!(")-({})", case.suite.gnutls);
    output
        .lines()
        .any(|l| l.starts_with(&start) && l.trim_end().ends_with(&end))
}

const GNUTLS_EMS: &str = "- Options: extended master secret, safe renegotiation,";

/// A GnuTLS priority string for TLS 1.2 with these groups and (if any) ciphers.
fn gnutls_priority(groups: &[&str], ciphers: &[&str]) -> String {
    let mut p = String::from("NORMAL:-VERS-ALL:+VERS-TLS1.2:-GROUP-ALL");
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

/// Whether `output` has our line for a full TLS 1.2 handshake with extended master secret.
fn has_our_line(output: &str, suite: &str, group: &str) -> bool {
    let start = format!(
        "handshake: version=TLSv1.2 suite={suite} group={group} alpn=- resumed=no session_id="
    );
    output
        .lines()
        .any(|l| l.starts_with(&start) && l.ends_with(" early_data=no ems=yes"))
}

/// How many ClientHellos OpenSSL's `-msg` output shows.
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

/// `ferrotls server` for one connection with the `kind` certificate.
fn our_server(kind: KeyKind, extra: &[&str]) -> (Peer, SocketAddr) {
    let (cert, key) = server_files(kind);
    let mut args = vec!["--cert", &cert, "--key", &key, "--max-connections", "1"];
    args.extend_from_slice(extra);
    interop::ferrotls_server(ferrotls_exe!(), &args)
}

/// Our server for one connection of `case`: TLS 1.2 only, the case's group only, requiring a
/// client certificate when the case has one.
fn our_server_for(case: Case) -> (Peer, SocketAddr) {
    let client_ca = path("client-ca.pem");
    let mut extra = vec!["--tls12", "--groups", case.group.name];
    if case.client_auth.is_some() {
        extra.extend(["--client-ca", &client_ca]);
    }
    our_server(case.suite.kind, &extra)
}

/// Send `line` once `ready` is on the peer's stdout, wait for it to come back, then close the
/// peer's input (it sends close_notify).
fn talk(client: &mut Peer, server: &Peer, ready: &str, line: &str) -> Result<(), String> {
    let with_server = |e: String| format!("{e}\n=== our server ===\n{}", server.report());
    client
        .wait_for_stdout(ready, TIMEOUT)
        .map_err(with_server)?;
    client.write_stdin(format!("{line}\n").as_bytes());
    client.wait_for_stdout(line, TIMEOUT).map_err(with_server)?;
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

/// `openssl s_client -tls1_2` to `addr`, verifying `localhost` against ca.pem, with `-msg`.
fn openssl_client(openssl: &Path, addr: SocketAddr, extra: &[&str]) -> Peer {
    let connect = addr.to_string();
    let ca = path("ca.pem");
    let mut args = vec![
        "s_client",
        "-connect",
        &connect,
        "-tls1_2",
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
    for (i, case) in matrix().into_iter().enumerate() {
        let (server, addr) = our_server_for(case);
        let groups = client_groups(case, ":", |g| g.openssl);
        let mut extra = vec!["-cipher", case.suite.openssl, "-groups", &groups];
        let files = case.client_auth.map(client_files);
        if let Some((cert, key)) = &files {
            extra.extend(["-cert", cert, "-key", key]);
        }
        let mut client = openssl_client(&openssl, addr, &extra);
        let ping = format!("openssl to ferrotls {i}");
        if let Err(e) = talk(&mut client, &server, "Verify return code:", &ping) {
            panic!("{case:?}: {e}");
        }
        let (client, server, report) = finish_both(client, server);
        let case_name = format!("{case:?}");
        check(client.status.success(), &case_name, &report);
        for needle in [
            &format!("New, TLSv1.2, Cipher is {}", case.suite.openssl),
            "    Protocol  : TLSv1.2\n",
            &format!("    Cipher    : {}\n", case.suite.openssl),
            "    Extended master secret: yes\n",
            "Verify return code: 0 (ok)",
            case.group.openssl_temp_key,
            signature_names(case.suite.kind).0,
        ] {
            check(
                client.stdout.contains(needle),
                &format!("{case_name}: {needle:?}"),
                &report,
            );
        }
        check(
            client_hellos(&client.stdout) == 1,
            &format!("{case_name}: one ClientHello"),
            &report,
        );
        // Asked for a certificate (naming the client CA) exactly when the case says so, and
        // then signing with it.
        let asked = client
            .stdout
            .contains("Acceptable client certificate CA names\nCN = ferrotls test client CA");
        let signed = client
            .stdout
            .lines()
            .any(|l| l.starts_with(">>> TLS 1.2, Handshake") && l.ends_with(", CertificateVerify"));
        check(
            asked == case.client_auth.is_some() && signed == case.client_auth.is_some(),
            &format!("{case_name}: client authentication as asked"),
            &report,
        );
        check(
            has_our_line(&server.stdout, case.suite.iana, case.group.name),
            &format!("{case_name}: our handshake line"),
            &report,
        );
        check(server.status.success(), &case_name, &report);
    }
}

#[test]
fn our_server_with_gnutls_client_every_suite_and_group() {
    let Some(gnutls_cli) = interop::require("gnutls-cli") else {
        return;
    };
    for (i, case) in matrix().into_iter().enumerate() {
        let (server, addr) = our_server_for(case);
        let groups = client_groups(case, ",", |g| g.gnutls);
        let groups: Vec<&str> = groups.split(',').collect();
        let priority = gnutls_priority(&groups, &[case.suite.gnutls]);
        let files = case.client_auth.map(client_files);
        let mut extra = Vec::new();
        if let Some((cert, key)) = &files {
            extra.extend(["--x509certfile", cert.as_str(), "--x509keyfile", key]);
        }
        let mut client = gnutls_client(&gnutls_cli, addr, &priority, &extra);
        let ping = format!("gnutls to ferrotls {i}");
        if let Err(e) = talk(&mut client, &server, "- Handshake was completed", &ping) {
            panic!("{case:?}: {e}");
        }
        let (client, server, report) = finish_both(client, server);
        let case_name = format!("{case:?}");
        check(client.status.success(), &case_name, &report);
        check(
            gnutls_described(&client.stdout, case),
            &format!("{case_name}: gnutls-cli's description"),
            &report,
        );
        for needle in [GNUTLS_EMS, "- Status: The certificate is trusted."] {
            check(
                client.stdout.contains(needle),
                &format!("{case_name}: {needle:?}"),
                &report,
            );
        }
        // GnuTLS says so only when asked for a certificate.
        let sent = client
            .stdout
            .lines()
            .find(|l| l.starts_with("- Successfully sent "));
        let expected = case
            .client_auth
            .map(|_| "- Successfully sent 1 certificate(s) to server.");
        check(
            sent == expected,
            &format!("{case_name}: client authentication as asked"),
            &report,
        );
        check(
            has_our_line(&server.stdout, case.suite.iana, case.group.name),
            &format!("{case_name}: our handshake line"),
            &report,
        );
        check(server.status.success(), &case_name, &report);
    }
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
            "sslv3 alert handshake failure",
            "sent fatal alert handshake_failure: client sent no certificate",
        ),
        (
            &server_ca,
            &["-cert", &cert, "-key", &key][..],
            "alert unknown ca",
            "sent fatal alert unknown_ca",
        ),
    ] {
        let (server, addr) = our_server(KeyKind::EcdsaP256, &["--tls12", "--client-ca", trusted]);
        // Its input stays open: at its end it would close the connection itself.
        let client = openssl_client(&openssl, addr, extra);
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
    }

    let (server, addr) = our_server(KeyKind::Rsa2048, &["--tls12", "--client-ca", &client_ca]);
    let priority = gnutls_priority(&["X25519"], &[]);
    let client = gnutls_client(&gnutls_cli, addr, &priority, &[]);
    let (client, server, report) = finish_both(client, server);
    check(
        !client.status.success()
            && client
                .stdout
                .contains("- Successfully sent 0 certificate(s) to server.")
            && client
                .stdout
                .contains("*** Received alert [40]: Handshake failed"),
        "gnutls-cli reports handshake_failure",
        &report,
    );
    check(
        !server.stdout.contains("handshake:")
            && server
                .stderr
                .contains("sent fatal alert handshake_failure: client sent no certificate"),
        "our server reports the refusal",
        &report,
    );
}

/// A default (both-versions) server meets a 1.2-only client: TLS 1.2, with the RFC 8446
/// §4.1.3 downgrade sentinel `DOWNGRD\x01` ending its ServerHello.random (seen in `-trace`).
#[test]
fn our_default_server_negotiates_tls12_with_a_tls12_only_client() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    for (versions, sentinel) in [
        // Both versions: the sentinel must be there.
        (None, true),
        // 1.2 only: a TLS 1.2 server does not send it.
        (Some("--tls12"), false),
    ] {
        let (server, addr) = our_server(KeyKind::Rsa2048, versions.as_slice());
        let mut client = openssl_client(&openssl, addr, &["-trace"]);
        talk(&mut client, &server, "Verify return code:", "downgraded")
            .unwrap_or_else(|e| panic!("{versions:?}: {e}"));
        let (client, server, report) = finish_both(client, server);
        check(client.status.success(), "openssl exit", &report);
        check(
            client.stdout.contains("    Protocol  : TLSv1.2\n")
                && client.stdout.contains("    Extended master secret: yes\n"),
            "openssl negotiated TLS 1.2 with extended master secret",
            &report,
        );
        check(
            has_our_line(
                &server.stdout,
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
                "x25519",
            ),
            "our handshake line",
            &report,
        );
        // `random_bytes (len=28): ...` is the ServerHello's, the first one after its header.
        let random = client
            .stdout
            .split("    ServerHello, Length=")
            .nth(1)
            .and_then(|hello| {
                hello
                    .lines()
                    .find_map(|l| l.trim().strip_prefix("random_bytes (len=28): "))
            });
        check(
            random.is_some_and(|r| r.ends_with("444F574E47524401")) == sentinel,
            &format!("{versions:?}: downgrade sentinel in the ServerHello random: {sentinel}"),
            &report,
        );
    }
}

/// `s_client`'s `R` command sends a ClientHello on the established connection; we answer with
/// a warning no_renegotiation, which OpenSSL answers with a fatal handshake_failure.
/// `gnutls-cli --rehandshake` presses on with a further ClientHello after our warning, which
/// we end with handshake_failure. Application data before the attempt flows in both cases.
#[test]
fn our_server_refuses_renegotiation() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let Some(gnutls_cli) = interop::require("gnutls-cli") else {
        return;
    };
    let (server, addr) = our_server(KeyKind::EcdsaP256, &["--tls12"]);
    let mut client = openssl_client(&openssl, addr, &[]);
    client
        .wait_for_stdout("Verify return code:", TIMEOUT)
        .unwrap_or_else(|e| panic!("{e}\n{}", server.report()));
    client.write_stdin(b"before renegotiation\n");
    client
        .wait_for_stdout("before renegotiation", TIMEOUT)
        .unwrap_or_else(|e| panic!("{e}\n{}", server.report()));
    client.write_stdin(b"R\n");
    // OpenSSL exits on its own; its input stays open.
    let (client, server, report) = finish_both(client, server);
    check(
        !client.status.success()
            && client.stderr.contains("RENEGOTIATING")
            && client.stderr.contains(":no renegotiation:"),
        "openssl tried and reports no renegotiation",
        &report,
    );
    let hello = ">>> TLS 1.2, Handshake";
    let warning = "<<< TLS 1.2, Alert [length 0002], warning no_renegotiation";
    let fatal = ">>> TLS 1.2, Alert [length 0002], fatal handshake_failure";
    let second_hello = client
        .stdout
        .match_indices(hello)
        .filter(|(at, _)| {
            client.stdout[*at..]
                .lines()
                .next()
                .is_some_and(|l| l.ends_with(", ClientHello"))
        })
        .nth(1)
        .map(|(at, _)| at);
    let ordered = match (
        second_hello,
        client.stdout.find(warning),
        client.stdout.find(fatal),
    ) {
        (Some(h), Some(w), Some(f)) => h < w && w < f,
        _ => false,
    };
    check(
        ordered && client_hellos(&client.stdout) == 2,
        "a second ClientHello, our warning no_renegotiation, OpenSSL's handshake_failure",
        &report,
    );
    check(
        server.status.success()
            && has_our_line(
                &server.stdout,
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "x25519",
            )
            && server
                .stderr
                .contains("peer sent fatal alert handshake_failure")
            && server
                .stdout
                .lines()
                .filter(|l| l.starts_with("handshake:"))
                .count()
                == 1,
        "our server: one handshake, then OpenSSL's alert",
        &report,
    );

    let (server, addr) = our_server(KeyKind::Rsa2048, &[]);
    let priority = gnutls_priority(&["X25519"], &[]);
    let client = gnutls_client(&gnutls_cli, addr, &priority, &["--rehandshake"]);
    let (client, server, report) = finish_both(client, server);
    check(
        !client.status.success()
            && client.stdout.contains("- Handshake was completed")
            && client.stdout.contains(GNUTLS_EMS)
            && client
                .stdout
                .contains("*** Received alert [100]: No renegotiation is allowed")
            && client.stderr.contains("*** ReHandshake has failed"),
        "gnutls-cli got our no_renegotiation",
        &report,
    );
    check(
        has_our_line(
            &server.stdout,
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "x25519",
        ) && server.stderr.contains(
            "sent fatal alert handshake_failure: client pursued a renegotiation we declined",
        ),
        "our server declined, then ended the insisting client",
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
        "--send",
        text,
    ];
    args.extend_from_slice(extra);
    interop::run(ferrotls_exe!(), &args, TIMEOUT)
}

/// The extra arguments of our client for `case`: TLS 1.2, its groups, its certificate.
fn our_client_args(case: Case) -> Vec<String> {
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
fn openssl_server(openssl: &Path, kind: KeyKind, extra: &[&str]) -> (Peer, SocketAddr) {
    let (cert, key) = server_files(kind);
    let mut args = vec![
        "s_server",
        "-accept",
        "127.0.0.1:0",
        "-tls1_2",
        "-cert",
        &cert,
        "-key",
        &key,
        "-naccept",
        "1",
        "-www",
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

/// Our client's output for a good exchange: our line first, then `answer` among the rest.
fn check_our_client(out: &Output, suite: &str, group: &str, answer: &str, report: &str) {
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
fn openssl_verify_args(client_ca: &str) -> [&str; 5] {
    ["-Verify", "1", "-verify_return_error", "-CAfile", client_ca]
}

const GET: &str = "GET / HTTP/1.0";

#[test]
fn our_client_with_openssl_server_every_suite_and_group() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let client_ca = path("client-ca.pem");
    for case in matrix() {
        let mut extra = vec!["-cipher", case.suite.openssl, "-groups", case.group.openssl];
        if case.client_auth.is_some() {
            extra.extend(openssl_verify_args(&client_ca));
        }
        let (server, addr) = openssl_server(&openssl, case.suite.kind, &extra);
        let args = our_client_args(case);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = our_client(addr, GET, &args);
        let server = server.finish(TIMEOUT).unwrap_or_else(|e| panic!("{e}"));
        let report = format!(
            "=== our client ===\n{}\n=== openssl s_server ===\n{}",
            describe(&out),
            describe(&server)
        );
        let case_name = format!("{case:?}");
        check_our_client(
            &out,
            case.suite.iana,
            case.group.name,
            "HTTP/1.0 200 ok\r\n",
            &report,
        );
        check(server.status.success(), &case_name, &report);
        // s_server's answer: its own view of the session.
        let cert_seen = match case.client_auth {
            Some(_) => "Subject: CN=ferrotls test client, O=ferrotls tests\n",
            None => "no client certificate available\n",
        };
        for needle in [
            &format!("New, TLSv1.2, Cipher is {}\n", case.suite.openssl),
            "    Protocol  : TLSv1.2\n",
            &format!("    Cipher    : {}\n", case.suite.openssl),
            "    Extended master secret: yes\n",
            "    Verify return code: 0 (ok)\n",
            &format!("Shared groups: {}\n", case.group.name),
            cert_seen,
        ] {
            check(
                out.stdout.contains(needle),
                &format!("{case_name}: s_server reports {needle:?}"),
                &report,
            );
        }
    }
}

#[test]
fn our_client_with_gnutls_server_every_suite_and_group() {
    let Some(gnutls_serv) = interop::require("gnutls-serv") else {
        return;
    };
    let client_ca = path("client-ca.pem");
    let verify = [
        "--x509cafile",
        &client_ca,
        "--require-client-cert",
        "--verify-client-cert",
    ];
    for (i, case) in matrix().into_iter().enumerate() {
        let priority = gnutls_priority(&[case.group.gnutls], &[case.suite.gnutls]);
        let extra = if case.client_auth.is_some() {
            &verify[..]
        } else {
            &[]
        };
        let (server, port) = gnutls_server(&gnutls_serv, case.suite.kind, &priority, extra);
        let text = format!("ferrotls to gnutls {i}");
        let args = our_client_args(case);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = our_client(loopback(port), &text, &args);
        // gnutls-serv prints the session once the handshake is done.
        let _ = server.wait_for_stdout("- Channel bindings", Duration::from_secs(5));
        let report = format!(
            "=== our client ===\n{}\n=== gnutls-serv ===\n{}",
            describe(&out),
            stop(server)
        );
        let case_name = format!("{case:?}");
        check_our_client(&out, case.suite.iana, case.group.name, &text, &report);
        check(
            gnutls_described(&report, case),
            &format!("{case_name}: gnutls-serv's description"),
            &report,
        );
        for needle in [
            "- Version: TLS1.2\n",
            &format!("- Cipher: {}\n", case.suite.gnutls),
            &format!(" - Using curve: {}\n", case.group.gnutls),
            GNUTLS_EMS,
        ] {
            check(
                report.contains(needle),
                &format!("{case_name}: gnutls-serv reports {needle:?}"),
                &report,
            );
        }
        let verified = report.contains("- Status: The certificate is trusted.")
            && report.contains("Subject: O=ferrotls tests,CN=ferrotls test client\n")
            && report.contains("- Client Signature: ");
        check(
            verified == case.client_auth.is_some(),
            &format!("{case_name}: gnutls-serv verified a client certificate as asked"),
            &report,
        );
    }
}

/// Servers requiring a certificate refuse our client without one; our client reports their
/// alert and sends nothing.
#[test]
fn our_client_is_refused_without_a_certificate() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let Some(gnutls_serv) = interop::require("gnutls-serv") else {
        return;
    };
    let client_ca = path("client-ca.pem");
    let (server, addr) = openssl_server(
        &openssl,
        KeyKind::EcdsaP256,
        &openssl_verify_args(&client_ca),
    );
    let out = our_client(addr, GET, &["--tls12"]);
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
                .contains("handshake failed: peer sent fatal alert handshake_failure")
            && !out.stdout.contains("handshake:"),
        "our client reports handshake_failure",
        &report,
    );
    check(
        server.stderr.contains("peer did not return a certificate"),
        "openssl s_server missed our certificate",
        &report,
    );

    let priority = gnutls_priority(&["X25519", "SECP256R1"], &[]);
    let (server, port) = gnutls_server(
        &gnutls_serv,
        KeyKind::Ed25519,
        &priority,
        &[
            "--x509cafile",
            &client_ca,
            "--require-client-cert",
            "--verify-client-cert",
        ],
    );
    let out = our_client(loopback(port), "should not be echoed", &["--tls12"]);
    let _ = server.wait_for_stdout("Error in handshake", Duration::from_secs(2));
    let report = format!(
        "=== our client ===\n{}\n=== gnutls-serv ===\n{}",
        describe(&out),
        stop(server)
    );
    // GnuTLS 3.7 sends decode_error here (to OpenSSL's client as well).
    check(
        out.status.code() == Some(1)
            && out
                .stderr
                .contains("handshake failed: peer sent fatal alert decode_error")
            && !out.stdout.contains("should not be echoed"),
        "our client reports gnutls-serv's alert",
        &report,
    );
    check(
        report.contains("Error in handshake: No certificate was found."),
        "gnutls-serv missed our certificate",
        &report,
    );
}

/// A default (both-versions) client meets a 1.2-only server: it offered TLS 1.3 (in
/// supported_versions, seen in the server's `-trace`), negotiates TLS 1.2, and data flows.
#[test]
fn our_default_client_negotiates_tls12_with_a_tls12_only_server() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let (server, addr) = openssl_server(&openssl, KeyKind::EcdsaP256, &["-trace"]);
    let out = our_client(addr, GET, &[]);
    let server = server.finish(TIMEOUT).unwrap_or_else(|e| panic!("{e}"));
    let report = format!(
        "=== our client ===\n{}\n=== openssl s_server ===\n{}",
        describe(&out),
        describe(&server)
    );
    check_our_client(
        &out,
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "x25519",
        "HTTP/1.0 200 ok\r\n",
        &report,
    );
    check(
        out.stdout.contains("    Protocol  : TLSv1.2\n")
            && out.stdout.contains("    Extended master secret: yes\n"),
        "s_server reports TLS 1.2 with extended master secret",
        &report,
    );
    check(
        server.stdout.contains(
            "extension_type=supported_versions(43), length=5\n          TLS 1.3 (772)\n          \
             TLS 1.2 (771)\n",
        ),
        "our ClientHello offered TLS 1.3 and 1.2",
        &report,
    );
    check(server.status.success(), "openssl s_server exit", &report);
}
