//! Our client with `openssl s_server` and `gnutls-serv`: every suite with both groups.

use std::time::Duration;

use ferrotls_tests::interop::{self, TIMEOUT};
use ferrotls_tests::interop_checks::{check, client_hellos, describe};
use ferrotls_tests::interop_peers::{gnutls_server, loopback, stop};

use crate::matrix::{gnutls_described, gnutls_priority, matrix, our_line};
use crate::our_client::{check_our_client, openssl_server, our_client, reversed};

pub(crate) fn our_client_with_openssl_server_every_suite_and_group() {
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

pub(crate) fn our_client_with_gnutls_server_every_suite_and_group() {
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
