//! The rustls peer: `tests/interop-rustls` (its own cargo project, so aws-lc-sys is built only
//! here, once, into `target/interop-rustls`), built on first use by the test process.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;
use std::time::Duration;

use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::cli_peers;
use ferrotls_tests::ferrotls_exe;
use ferrotls_tests::interop::{self, Peer, TIMEOUT};
use ferrotls_tests::interop_checks::{check, describe};
use ferrotls_tests::interop_peers::{path, server_files};

/// aws-lc-sys compiles a C library: minutes on a busy machine, once.
const BUILD_TIMEOUT: Duration = Duration::from_secs(40 * 60);

const HYBRID: &str = "X25519MLKEM768";

/// The built `rustls-peer` binary, or `None` after announcing the skip (a failure under
/// `CI=true`): the build needs crates.io or a warm cargo cache, which a local run may lack.
fn rustls_peer() -> Option<PathBuf> {
    static BUILT: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let built = BUILT.get_or_init(build);
    match built {
        Ok(path) => Some(path.clone()),
        Err(e) => {
            assert!(!interop::ci(), "{e}\nand CI=true forbids skipping");
            eprintln!("SKIPPED: the rustls peer could not be built: {e}");
            None
        }
    }
}

fn build() -> Result<PathBuf, String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let manifest = root.join("interop-rustls/Cargo.toml");
    let target = root.join("../target/interop-rustls");
    let cargo = option_env!("CARGO").unwrap_or("cargo");
    let mut command = Command::new(cargo);
    command
        .args(["build", "--release", "--locked", "--manifest-path"])
        .arg(&manifest)
        .arg("--target-dir")
        .arg(&target);
    let mut peer = Peer::spawn_command(command);
    peer.close_stdin();
    let out = peer.finish(BUILD_TIMEOUT)?;
    if !out.status.success() {
        return Err(format!(
            "cargo build of {}:\n{}",
            manifest.display(),
            describe(&out)
        ));
    }
    Ok(target.join("release/ferrotls-interop-rustls"))
}

pub(crate) fn rustls_client_with_our_server() {
    let Some(rustls) = rustls_peer() else {
        return;
    };
    let (cert, key) = server_files(KeyKind::EcdsaP256);
    let (server, addr) = interop::ferrotls_server(
        ferrotls_exe!(),
        &["--cert", &cert, "--key", &key, "--max-connections", "1"],
    );
    let ca = path("ca.pem");
    let mut client = Peer::spawn(&rustls, &["client", &addr.to_string(), &ca, "localhost"]);
    client.close_stdin();
    let client = client
        .finish(TIMEOUT)
        .unwrap_or_else(|e| panic!("{e}\n=== our server ===\n{}", server.report()));
    let server = server.finish(TIMEOUT).unwrap_or_else(|e| panic!("{e}"));
    let report = format!(
        "=== rustls client ===\n{}\n=== our server ===\n{}",
        describe(&client),
        describe(&server)
    );
    check(
        client.status.success(),
        "rustls client exit status",
        &report,
    );
    check(
        client.stdout.contains(&format!(
            "negotiated: version=TLSv1_3 suite=TLS13_AES_128_GCM_SHA256 group={HYBRID}"
        )),
        "rustls reports the hybrid",
        &report,
    );
    check(
        client.stdout.contains("hello from rustls"),
        "our server echoed the line",
        &report,
    );
    check(
        server.stdout.contains(&format!(
            "handshake: version=TLSv1.3 suite=TLS_AES_128_GCM_SHA256 group={HYBRID} "
        )),
        "our handshake line",
        &report,
    );
}

pub(crate) fn our_client_with_rustls_server() {
    let Some(rustls) = rustls_peer() else {
        return;
    };
    let (cert, key) = server_files(KeyKind::EcdsaP256);
    let server = Peer::spawn(&rustls, &["server", &cert, &key]);
    let addr = interop::listening_address(&server, "the rustls peer");
    let out = cli_peers::our_client(
        ferrotls_exe!(),
        &addr.to_string(),
        &["--send", "hello from ferrotls"],
    );
    let server = server.finish(TIMEOUT).unwrap_or_else(|e| panic!("{e}"));
    let report = format!(
        "=== our client ===\n{}\n=== rustls server ===\n{}",
        describe(&out),
        describe(&server)
    );
    check(out.status.success(), "our client exit status", &report);
    check(
        out.stdout.lines().next().is_some_and(|l| {
            l.starts_with(&format!(
                "handshake: version=TLSv1.3 suite=TLS_AES_128_GCM_SHA256 group={HYBRID} "
            ))
        }),
        "our handshake line",
        &report,
    );
    check(
        out.stdout.contains("rustls: hello from ferrotls"),
        "the rustls server answered",
        &report,
    );
    check(
        server.status.success(),
        "rustls server exit status",
        &report,
    );
    check(
        server.stdout.contains(&format!("group={HYBRID}")),
        "rustls reports the hybrid",
        &report,
    );
}
