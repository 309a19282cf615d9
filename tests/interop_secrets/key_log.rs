//! Our key log holds the same lines as OpenSSL's `-keylogfile` for the same connection (labels,
//! client random and secrets; RFC 9850): `s_client` against our server and our client against
//! `s_server`, TLS 1.3 and TLS 1.2. Our side logs through `KeyLogFile`, as an application would.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use ferrotls_core::key_log::KeyLogFile;
use ferrotls_core::ProtocolVersion;
use ferrotls_tests::interop::{self, TIMEOUT};

use crate::ends::{
    client_config, openssl_client, openssl_server, our_client, our_server, server_config, Scratch,
    VERSIONS,
};

/// The lines of a key log file, without OpenSSL's comment line.
fn lines(path: &Path) -> BTreeSet<String> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

/// The labels a 1-RTT handshake of `version` logs.
fn labels(version: ProtocolVersion) -> BTreeSet<&'static str> {
    let labels: &[&str] = if version == ProtocolVersion::TLS1_3 {
        &[
            "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
            "SERVER_HANDSHAKE_TRAFFIC_SECRET",
            "CLIENT_TRAFFIC_SECRET_0",
            "SERVER_TRAFFIC_SECRET_0",
            "EXPORTER_SECRET",
        ]
    } else {
        &["CLIENT_RANDOM"]
    };
    labels.iter().copied().collect()
}

fn check(ours: &Path, theirs: &Path, version: ProtocolVersion) {
    let (ours, theirs) = (lines(ours), lines(theirs));
    assert_eq!(ours, theirs, "{version:?}");
    let logged: BTreeSet<&str> = ours
        .iter()
        .map(|l| l.split(' ').next().unwrap_or_default())
        .collect();
    assert_eq!(logged, labels(version), "{version:?}");
    // One connection: one client random on every line.
    let randoms: BTreeSet<&str> = ours.iter().filter_map(|l| l.split(' ').nth(1)).collect();
    assert_eq!(randoms.len(), 1, "{version:?}: {ours:?}");
}

#[test]
fn our_server_logs_what_openssl_s_client_logs() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    for version in VERSIONS {
        let scratch = Scratch::new("keylog-server");
        let (ours, theirs) = (scratch.path("ours.log"), scratch.path("theirs.log"));
        let mut config = server_config(version);
        config.key_log = Some(Arc::new(KeyLogFile::open(&ours).expect("key log")));
        let (addr, server) = our_server(config, |stream| {
            let _ = stream.close();
        });
        let theirs_arg = theirs.display().to_string();
        let mut client = openssl_client(&openssl, version, addr, &["-keylogfile", &theirs_arg]);
        // Our server completes on the client's Finished: s_client has logged everything.
        server
            .join()
            .expect("server thread")
            .unwrap_or_else(|e| panic!("{version:?}: {e}\n{}", client.report()));
        client.close_stdin();
        let _ = client.wait(TIMEOUT);
        check(&ours, &theirs, version);
    }
}

#[test]
fn our_client_logs_what_openssl_s_server_logs() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    for version in VERSIONS {
        let scratch = Scratch::new("keylog-client");
        let (ours, theirs) = (scratch.path("ours.log"), scratch.path("theirs.log"));
        let theirs_arg = theirs.display().to_string();
        let (mut server, addr) = openssl_server(&openssl, version, &["-keylogfile", &theirs_arg]);
        let mut config = client_config(version);
        config.key_log = Some(Arc::new(KeyLogFile::open(&ours).expect("key log")));
        let mut client = our_client(config, addr);
        // s_server prints what it reads, which it does only after our Finished: by then it has
        // logged every secret.
        client
            .write_all(b"ferrotls-ping\n")
            .and_then(|()| client.flush())
            .unwrap_or_else(|e| panic!("{version:?}: {e}"));
        server
            .wait_for_stdout("ferrotls-ping", TIMEOUT)
            .unwrap_or_else(|e| panic!("{version:?}: {e}"));
        let _ = client.close();
        drop(client);
        server.close_stdin();
        let _ = server.wait(TIMEOUT);
        check(&ours, &theirs, version);
    }
}
