//! Our client with `openssl s_server` and `gnutls-serv`: every suite with both groups, with and
//! without client certificates.

use std::time::Duration;

use ferrotls_tests::interop::{self, TIMEOUT};
use ferrotls_tests::interop_checks::{check, describe};
use ferrotls_tests::interop_peers::{gnutls_server, loopback, path, stop};

use crate::matrix::{gnutls_described, gnutls_priority, matrix, GNUTLS_EMS};
use crate::our_client::{
    check_our_client, openssl_server, openssl_verify_args, our_client, our_client_args, GET,
};

pub(crate) fn our_client_with_openssl_server_every_suite_and_group() {
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

pub(crate) fn our_client_with_gnutls_server_every_suite_and_group() {
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
