//! `--showcerts` against `openssl s_server` sending a two-certificate chain: one summary line
//! per certificate, then exactly the certificates received, in PEM.

use ferrotls_core::pki_types::pem::PemObject;
use ferrotls_core::pki_types::CertificateDer;
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::interop;
use ferrotls_tests::interop_checks::describe;

use crate::peers::{finish, openssl_server, our_client, our_client_against, pki};

#[test]
fn the_chain_openssl_sent_is_summarized_and_printed_in_pem() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let ca = pki("ca.pem");
    let (server, addr) =
        openssl_server(&openssl, "-tls1_3", KeyKind::Rsa2048, &["-cert_chain", &ca]);
    let ran = our_client_against(server, &addr.to_string(), &["--showcerts"]);
    let (out, report) = (ran.client, ran.report);
    assert!(out.status.success(), "{report}");
    let lines: Vec<&str> = out.stdout.lines().collect();
    let first = lines.iter().position(|l| l.starts_with("certificate 0: "));
    let first = first.unwrap_or_else(|| panic!("no summary\n{report}"));
    assert_eq!(
        lines[first],
        "certificate 0: subject: O=ferrotls tests,CN=localhost; \
         issuer: O=ferrotls tests,CN=ferrotls test CA; \
         valid: 2025-01-01T00:00:00Z to 2049-12-31T23:59:59Z; key: RSA 2048",
        "{report}"
    );
    assert!(
        lines[first + 1].starts_with(
            "certificate 1: subject: O=ferrotls tests,CN=ferrotls test CA; \
             issuer: O=ferrotls tests,CN=ferrotls test CA; "
        ),
        "{report}"
    );
    assert!(lines[first + 1].ends_with("; key: ECDSA P-256"), "{report}");
    let printed: Vec<CertificateDer<'static>> =
        CertificateDer::pem_slice_iter(out.stdout.as_bytes())
            .collect::<Result<_, _>>()
            .unwrap_or_else(|e| panic!("bad PEM: {e}\n{report}"));
    let mut sent = certs::certs("server-rsa2048.pem");
    sent.extend(certs::certs("ca.pem"));
    assert_eq!(printed, sent, "{report}");
    // Without the flag, none of it.
    let (server, addr) = openssl_server(&openssl, "-tls1_3", KeyKind::EcdsaP256, &[]);
    let out = our_client(&addr.to_string(), &[]);
    drop(finish(server));
    assert!(out.status.success(), "{}", describe(&out));
    assert!(!out.stdout.contains("certificate 0:"), "{}", describe(&out));
    assert!(
        !out.stdout.contains("BEGIN CERTIFICATE"),
        "{}",
        describe(&out)
    );
}
