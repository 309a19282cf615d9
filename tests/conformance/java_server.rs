//! `ferrotls client` against a Java 17 JSSE server (`JsseServer.java`, compiled with `javac` into
//! a scratch directory here) limited to X25519 while our key shares are secp384r1 and secp256r1: the
//! server answers with a HelloRetryRequest, and sends a change_cipher_spec after it and another
//! after its ServerHello, which our client used to refuse. A missing `java`/`javac` skips
//! loudly (fails under `CI=true`).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use ferrotls_tests::cli_peers;
use ferrotls_tests::ferrotls_exe;
use ferrotls_tests::interop::{self, Peer, TIMEOUT};
use ferrotls_tests::interop_peers::path;

/// A scratch directory for the compiled server, removed when dropped.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn compile(javac: &Path) -> Scratch {
    let dir = std::env::temp_dir().join(format!("ferrotls-jsse-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch directory");
    let scratch = Scratch(dir);
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("conformance/JsseServer.java");
    let out = Command::new(javac)
        .arg("-d")
        .arg(&scratch.0)
        .arg(&source)
        .output()
        .expect("javac runs");
    assert!(
        out.status.success(),
        "javac failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    scratch
}

#[test]
fn our_client_completes_through_a_java_hello_retry_request() {
    let (Some(java), Some(javac)) = (interop::require("java"), interop::require("javac")) else {
        return;
    };
    let classes = compile(&javac);
    let mut command = Command::new(java);
    command
        .arg("-Djdk.tls.namedGroups=x25519")
        // The handshake log (stderr) is how we see that the server sent a HelloRetryRequest.
        .arg("-Djavax.net.debug=ssl:handshake")
        .arg("-cp")
        .arg(&classes.0)
        .arg("JsseServer")
        .arg(path("server-ecdsa-p256.pem"))
        .arg(path("server-ecdsa-p256.key"));
    let server = Peer::spawn_command(command);
    let addr = interop::listening_address(&server, "the Java server");
    let ours = cli_peers::our_client(
        ferrotls_exe!(),
        &addr.to_string(),
        &[
            "--tls13",
            // Our client shares the first two groups: neither is X25519.
            "--groups",
            "secp384r1,secp256r1,x25519",
            "--send",
            "hello from ferrotls",
        ],
    );
    let java = server
        .finish(TIMEOUT)
        .unwrap_or_else(|e| panic!("the Java server did not finish: {e}"));
    let report = format!(
        "our client: {ours:?}\nJava server stdout:\n{}\nstderr (last 4000 bytes):\n{}",
        java.stdout,
        java.stderr
            .get(java.stderr.len().saturating_sub(4000)..)
            .unwrap_or(&java.stderr)
    );
    assert!(
        java.stderr.contains("Produced HelloRetryRequest"),
        "no HelloRetryRequest\n{report}"
    );
    assert!(ours.status.success(), "{report}");
    assert!(
        ours.stdout.lines().next().is_some_and(
            |l| l.starts_with("handshake: version=TLSv1.3 ") && l.contains(" group=x25519 ")
        ),
        "{report}"
    );
    assert!(
        ours.stdout.lines().any(|l| l == "echo hello from ferrotls"),
        "{report}"
    );
    assert!(java.stdout.contains("negotiated TLSv1.3 "), "{report}");
    assert!(
        java.stdout.contains("received hello from ferrotls"),
        "{report}"
    );
}
