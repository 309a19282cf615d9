//! The TLS 1.2 server against a real peer: `openssl s_client -tls1_2` on loopback drives our
//! `ServerConnection` through a minimal blocking loop (below), for each of the six ECDHE suites,
//! both groups, with and without client authentication. OpenSSL's own report of the session
//! ("Protocol  : TLSv1.2", "Cipher    : ...", "Extended master secret: yes") and our
//! `ConnectionInfo` must agree.
//!
//! Without `openssl` on PATH the test says SKIPPED and passes, except under `CI=true`.

use std::io::{Read, Write};
use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, SystemTime};

use ferrotls_core::crypto::NamedGroup;
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::{AppData, ConnectionInfo, ProtocolVersion, ServerConfig, ServerConnection};
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::interop::{self, Peer, TIMEOUT};

/// Each suite: OpenSSL's name, the IANA name, and the key types that can serve it.
const SUITES: [(&str, &str, KeyKind); 6] = [
    (
        "ECDHE-ECDSA-AES128-GCM-SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        KeyKind::EcdsaP256,
    ),
    (
        "ECDHE-ECDSA-AES256-GCM-SHA384",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        KeyKind::Ed25519,
    ),
    (
        "ECDHE-ECDSA-CHACHA20-POLY1305",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
        KeyKind::EcdsaP256,
    ),
    (
        "ECDHE-RSA-AES128-GCM-SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        KeyKind::Rsa2048,
    ),
    (
        "ECDHE-RSA-AES256-GCM-SHA384",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        KeyKind::Rsa2048,
    ),
    (
        "ECDHE-RSA-CHACHA20-POLY1305",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
        KeyKind::Rsa2048,
    ),
];

/// OpenSSL's group names and ours.
const GROUPS: [(&str, NamedGroup); 2] = [
    ("X25519", NamedGroup::X25519),
    ("P-256", NamedGroup::SECP256R1),
];

fn now() -> UnixTime {
    let since = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or(Duration::ZERO);
    UnixTime::since_unix_epoch(since)
}

/// Serve one connection: handshake, read one line, answer "pong", close. Returns what was
/// negotiated, or why it failed.
fn serve_one(listener: &TcpListener, config: ServerConfig) -> Result<ConnectionInfo, String> {
    let (mut sock, _) = listener.accept().map_err(|e| format!("accept: {e}"))?;
    sock.set_read_timeout(Some(TIMEOUT))
        .map_err(|e| format!("timeout: {e}"))?;
    let mut conn = ServerConnection::new(Arc::new(config)).map_err(|e| format!("{e}"))?;
    let mut inbuf = Vec::new();
    let mut line = Vec::new();
    let mut replied = false;
    loop {
        flush(&mut conn, &mut sock)?;
        if replied {
            return Ok(conn.info().clone());
        }
        if line.contains(&b'\n') {
            conn.send(b"pong\n").map_err(|e| format!("send: {e}"))?;
            conn.close();
            replied = true;
            continue;
        }
        let mut chunk = [0u8; 16 * 1024];
        let n = sock.read(&mut chunk).map_err(|e| format!("read: {e}"))?;
        if n == 0 {
            return Err("the client closed before sending its line".into());
        }
        inbuf.extend_from_slice(&chunk[..n]);
        // The zero-copy path: the line is taken where it was decrypted, in `inbuf`.
        let mut records = conn.handle_tls_in_place(&mut inbuf, now());
        let handled = loop {
            match records.next_data() {
                Ok(Some(AppData::Data(data))) => line.extend_from_slice(data),
                Ok(Some(AppData::EarlyData(_))) => return Err("0-RTT data in TLS 1.2".into()),
                Ok(None) => break Ok(records.consumed()),
                Err(e) => break Err(e),
            }
        };
        // The fatal alert of a failure is worth sending before giving up.
        flush(&mut conn, &mut sock)?;
        let used = handled.map_err(|e| format!("handshake: {e}"))?;
        inbuf.drain(..used);
        while conn.poll_event().is_some() {}
    }
}

fn flush(conn: &mut ServerConnection, sock: &mut TcpStream) -> Result<(), String> {
    let mut out = Vec::new();
    conn.write_tls(&mut out);
    sock.write_all(&out).map_err(|e| format!("write: {e}"))
}

/// One handshake: our server with `kind`'s certificate (and a required client certificate of
/// the same kind if `client_auth`), OpenSSL restricted to `cipher` and `group`.
fn check(
    openssl: &std::path::Path,
    suite: (&str, &str, KeyKind),
    group: (&str, NamedGroup),
    client_auth: bool,
) {
    let (cipher, iana, kind) = suite;
    let mut config = if client_auth {
        certs::server_config_requiring_client_auth(kind)
    } else {
        certs::server_config(kind)
    };
    config.versions = vec![ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2];
    // Our only group, so the ECDHE group is the one under test.
    config.groups = vec![group.1];
    // RFC 8422 §5.1: the client's curve list also bounds the curve of an ECDSA certificate, so
    // a P-256 certificate needs P-256 listed even when the exchange uses X25519.
    let groups = match (kind, group.1) {
        (KeyKind::EcdsaP256, NamedGroup::X25519) => "X25519:P-256",
        (_, _) => group.0,
    };
    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind loopback");
    let port = listener.local_addr().expect("bound address").port();
    let server = thread::spawn(move || serve_one(&listener, config));

    let connect = format!("127.0.0.1:{port}");
    let ca = certs::path("ca.pem");
    let client_cert = certs::path(&format!("client-{}.pem", kind.file_part()));
    let client_key = certs::path(&format!("client-{}.key", kind.file_part()));
    let mut args = vec![
        "s_client".to_string(),
        "-connect".into(),
        connect,
        "-tls1_2".into(),
        "-cipher".into(),
        cipher.into(),
        "-groups".into(),
        groups.into(),
        "-servername".into(),
        certs::SERVER_NAME.into(),
        "-CAfile".into(),
        ca.display().to_string(),
        "-verify_return_error".into(),
    ];
    if client_auth {
        args.extend([
            "-cert".into(),
            client_cert.display().to_string(),
            "-key".into(),
            client_key.display().to_string(),
        ]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut peer = Peer::spawn(openssl, &args);
    // s_client sends its standard input once the handshake is done.
    peer.write_stdin(b"ping\n");
    let label = format!("{cipher} / {} / client auth {client_auth}", group.0);
    let served = server.join().expect("server thread panicked");
    let stdout = peer.wait_for_stdout("pong", TIMEOUT);
    peer.close_stdin();
    let info =
        served.unwrap_or_else(|e| panic!("{label}: our server failed: {e}\n{}", peer.report()));
    let stdout = stdout.unwrap_or_else(|e| panic!("{label}: {e}"));
    for needle in [
        "Protocol  : TLSv1.2".to_string(),
        format!("Cipher    : {cipher}"),
        "Extended master secret: yes".to_string(),
        "Verify return code: 0 (ok)".to_string(),
    ] {
        assert!(
            stdout.contains(&needle),
            "{label}: no {needle:?}\n{}",
            peer.report()
        );
    }
    assert_eq!(info.version, Some(ProtocolVersion::TLS1_2), "{label}");
    assert_eq!(info.suite.map(|s| s.name()), Some(iana), "{label}");
    assert_eq!(info.group, Some(group.1), "{label}");
    assert!(info.extended_master_secret, "{label}");
    assert_eq!(
        info.server_name.as_deref(),
        Some(certs::SERVER_NAME),
        "{label}"
    );
    assert_eq!(info.client_authenticated, client_auth, "{label}");
    assert_eq!(info.peer_certificates.is_empty(), !client_auth, "{label}");
}

#[test]
fn openssl_s_client_completes_every_suite_group_and_client_auth() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    for suite in SUITES {
        for group in GROUPS {
            for client_auth in [false, true] {
                check(&openssl, suite, group, client_auth);
            }
        }
    }
}
