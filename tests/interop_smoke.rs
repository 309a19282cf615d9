//! The interop harness with the real peers, before any TLS: are they there, and do they run.

use ferrotls_tests::interop::{self, TIMEOUT};

#[test]
fn openssl_runs() {
    let Some(openssl) = interop::require("openssl") else {
        return;
    };
    let out = interop::run(&openssl, &["version"], TIMEOUT);
    assert!(out.status.success(), "{out:?}");
    assert!(out.stdout.starts_with("OpenSSL "), "{out:?}");
}

#[test]
fn gnutls_cli_runs() {
    let Some(gnutls_cli) = interop::require("gnutls-cli") else {
        return;
    };
    let out = interop::run(&gnutls_cli, &["--version"], TIMEOUT);
    assert!(out.status.success(), "{out:?}");
    assert!(out.stdout.to_lowercase().contains("gnutls"), "{out:?}");
}
