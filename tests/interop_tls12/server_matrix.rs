//! Our server with `openssl s_client` and `gnutls-cli`: every suite with both groups, with and
//! without client certificates.

use ferrotls_tests::interop::{self};
use ferrotls_tests::interop_checks::{check, client_hellos};
use ferrotls_tests::interop_peers::{client_files, finish_both, gnutls_client};

use crate::matrix::{
    client_groups, gnutls_described, gnutls_priority, has_our_line, matrix, signature_names,
    GNUTLS_EMS,
};
use crate::our_server::{openssl_client, our_server_for, talk};

pub(crate) fn our_server_with_openssl_client_every_suite_and_group() {
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

pub(crate) fn our_server_with_gnutls_client_every_suite_and_group() {
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
