//! Our server with `openssl s_client` and `gnutls-cli`: every suite with both groups.

use ferrotls_tests::interop::{self};
use ferrotls_tests::interop_checks::{check, client_hellos};
use ferrotls_tests::interop_peers::{finish_both, gnutls_client, talk};

use crate::matrix::{gnutls_described, gnutls_priority, matrix, our_line, signature_names};
use crate::our_server::{openssl_client, our_server};

pub(crate) fn our_server_with_openssl_client_every_suite_and_group() {
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

pub(crate) fn our_server_with_gnutls_client_every_suite_and_group() {
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
