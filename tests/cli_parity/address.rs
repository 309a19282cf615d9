//! `HOST:PORT` by name: `localhost` is resolved (to 127.0.0.1 and perhaps ::1, tried in turn)
//! and reaches `openssl s_server` on 127.0.0.1.

use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::interop;
use ferrotls_tests::interop_checks::describe;

use crate::peers::{handshake_line, openssl_server, our_client, our_client_against};

#[test]
fn a_host_name_is_resolved() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let (server, addr) = openssl_server(&openssl, "-tls1_3", KeyKind::EcdsaP256, &[]);
    let by_name = format!("localhost:{}", addr.port());
    let ran = our_client_against(server, &by_name, &["--connect-timeout", "5"]);
    assert!(ran.client.status.success(), "{}", ran.report);
    assert!(
        handshake_line(&ran.client.stdout).contains("version=TLSv1.3"),
        "{}",
        ran.report
    );
}

#[test]
fn nothing_listening_is_a_connect_error_naming_the_address() {
    let refused = interop::refused_port();
    let port = refused.port();
    let out = our_client(&format!("127.0.0.1:{port}"), &[]);
    assert_eq!(out.status.code(), Some(1), "{}", describe(&out));
    assert!(
        out.stderr
            .contains(&format!("cannot connect to 127.0.0.1:{port}: ")),
        "{}",
        describe(&out)
    );
}
