//! The `ferrotls` binary builds its configs through `ServerConfig::builder` /
//! `ClientConfig::builder`: a config mistake stops it before any connection, with the builder's
//! error naming the option and the files.

use ferrotls_tests::cli_peers::refused;
use ferrotls_tests::ferrotls_exe;
use ferrotls_tests::interop_peers::path;

#[test]
fn a_server_key_of_another_certificate_is_refused_before_listening() {
    let (cert, key) = (path("server-ecdsa-p256.pem"), path("other-name.key"));
    let out = refused(
        ferrotls_exe!(),
        &[
            "server",
            "--listen",
            "127.0.0.1:0",
            "--cert",
            &cert,
            "--key",
            &key,
        ],
    );
    let want = format!("--cert {cert} --key {key}: cert: the private key does not match");
    assert!(out.stderr.contains(&want), "{out:?}");
}

#[test]
fn a_client_key_of_another_certificate_is_refused_before_connecting() {
    let (cert, key) = (path("client-ecdsa-p256.pem"), path("server-ecdsa-p256.key"));
    // Nothing listens on port 1: the refusal must come before any connection attempt.
    let out = refused(
        ferrotls_exe!(),
        &[
            "client",
            "127.0.0.1:1",
            "--cafile",
            &path("ca.pem"),
            "--cert",
            &cert,
            "--key",
            &key,
        ],
    );
    assert!(!out.stderr.contains("cannot connect"), "{out:?}");
    assert!(
        out.stderr
            .contains("the private key does not match the certificate"),
        "{out:?}"
    );
}
