//! `--no-require-ems` on both sides, against an OpenSSL whose TLS 1.2 has no extended master
//! secret (`Options = -ExtendedMasterSecret` through `OPENSSL_CONF`: OpenSSL 3.0's s_client
//! and s_server have no flag for it): refused by default (RFC 7627 §5.2), accepted with the
//! flag, and the `handshake:` line then says `ems=no`.

use std::path::Path;
use std::process::Command;

use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::interop::{self, Peer};
use ferrotls_tests::interop_checks::describe;
use ferrotls_tests::interop_peers::{finish_both, openssl_server_env, talk};

use crate::peers::{
    finish, handshake_line, our_client, our_client_against, our_server, pki, Scratch,
};

const NO_EMS_CONF: &str = "\
openssl_conf = openssl_init
[openssl_init]
ssl_conf = ssl_module
[ssl_module]
system_default = tls_defaults
[tls_defaults]
Options = -ExtendedMasterSecret
";

/// `openssl` with `args`, configured without the extended master secret.
fn openssl_without_ems(openssl: &Path, conf: &str, args: &[&str]) -> Peer {
    let mut command = Command::new(openssl);
    command.args(args).env("OPENSSL_CONF", conf);
    Peer::spawn_command(command)
}

/// `s_server -tls1_2` without EMS, and its address.
fn server_without_ems(openssl: &Path, conf: &str) -> (Peer, String) {
    let (server, addr) = openssl_server_env(
        openssl,
        "-tls1_2",
        KeyKind::EcdsaP256,
        &[],
        &[("OPENSSL_CONF", conf)],
    );
    (server, addr.to_string())
}

fn conf(scratch: &Scratch) -> String {
    let path = scratch.path("no-ems.cnf");
    std::fs::write(&path, NO_EMS_CONF).unwrap_or_else(|e| panic!("{path}: {e}"));
    path
}

#[test]
fn our_client_needs_the_flag_for_a_server_without_ems() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let scratch = Scratch::new("no-ems-client");
    let conf = conf(&scratch);
    let (server, addr) = server_without_ems(&openssl, &conf);
    let refused = our_client(&addr, &["--tls12"]);
    drop(finish(server));
    assert_eq!(refused.status.code(), Some(1), "{}", describe(&refused));
    assert!(
        refused.stderr.contains("handshake failed"),
        "{}",
        describe(&refused)
    );

    let (server, addr) = server_without_ems(&openssl, &conf);
    let ran = our_client_against(server, &addr, &["--tls12", "--no-require-ems"]);
    let report = &ran.report;
    assert!(ran.client.status.success(), "{report}");
    assert!(
        handshake_line(&ran.client.stdout).ends_with(" ems=no"),
        "{report}"
    );
}

#[test]
fn our_server_needs_the_flag_for_a_client_without_ems() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let scratch = Scratch::new("no-ems-server");
    let conf = conf(&scratch);
    let ca = pki("ca.pem");
    let client_args = |addr: &str| {
        [
            "s_client".to_string(),
            "-connect".into(),
            addr.to_string(),
            "-tls1_2".into(),
            "-CAfile".into(),
            ca.clone(),
            "-servername".into(),
            "localhost".into(),
            "-verify_return_error".into(),
        ]
    };

    let (server, addr) = our_server(1, &["--tls12"]);
    let args = client_args(&addr);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut client = openssl_without_ems(&openssl, &conf, &args);
    client.close_stdin();
    let (client, server, report) = finish_both(client, server);
    assert!(!client.status.success(), "{report}");
    assert!(!server.stdout.contains("handshake: "), "{report}");

    let (server, addr) = our_server(1, &["--tls12", "--no-require-ems"]);
    let args = client_args(&addr);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let mut client = openssl_without_ems(&openssl, &conf, &args);
    talk(&mut client, &server, "Verify return code:", "ping", "ping")
        .unwrap_or_else(|e| panic!("{e}"));
    let (client, server, report) = finish_both(client, server);
    assert!(client.status.success(), "{report}");
    assert!(
        handshake_line(&server.stdout).ends_with(" ems=no"),
        "{report}"
    );
    assert!(
        client.stdout.contains("Extended master secret: no"),
        "{report}"
    );
}
