//! Headless Chromium (the Debian `chromium` package) fetching a page from `ferrotls server`.
//! Chromium offers X25519MLKEM768 first with an X25519 share beside it; our server prefers the
//! hybrid, and its HTTP answer to a GET is the negotiated parameters, which `--dump-dom` prints.

use std::time::Duration;

use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::ferrotls_exe;
use ferrotls_tests::interop::{self, Peer};
use ferrotls_tests::interop_checks::{check, describe};
use ferrotls_tests::interop_peers::server_files;

/// Chromium's start-up is slow on a loaded machine.
const CHROMIUM_TIMEOUT: Duration = Duration::from_secs(90);

pub(crate) fn chromium_fetches_a_page_from_our_server() {
    let Some(chromium) = interop::require("chromium") else {
        return;
    };
    let (cert, key) = server_files(KeyKind::EcdsaP256);
    // No --max-connections: Chromium may open a spare connection besides the one it uses.
    let (mut server, addr) =
        interop::ferrotls_server(ferrotls_exe!(), &["--cert", &cert, "--key", &key]);
    let profile = std::env::temp_dir().join(format!("ferrotls-chromium-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&profile);
    let user_data_dir = format!("--user-data-dir={}", profile.display());
    let url = format!("https://localhost:{}/", addr.port());
    let mut browser = Peer::spawn(
        &chromium,
        &[
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--ignore-certificate-errors",
            &user_data_dir,
            "--dump-dom",
            &url,
        ],
    );
    browser.close_stdin();
    let page = browser.finish(CHROMIUM_TIMEOUT);
    let _ = std::fs::remove_dir_all(&profile);
    let page = page.unwrap_or_else(|e| panic!("{e}\n=== our server ===\n{}", server.report()));
    // Give the server a moment to print the line of the connection it served, then stop it.
    let _ = server.wait_for_stdout(" group=", Duration::from_secs(5));
    server.kill();
    let served = server.stdout();
    let report = format!(
        "=== chromium ===\n{}\n=== our server ===\n{}",
        describe(&page),
        server.report()
    );
    check(page.status.success(), "chromium exit status", &report);
    check(
        page.stdout
            .contains("version=TLSv1.3 suite=TLS_AES_128_GCM_SHA256 group=X25519MLKEM768 "),
        "the page Chromium fetched names the hybrid",
        &report,
    );
    check(
        served
            .lines()
            .filter(|l| l.starts_with("handshake: "))
            .all(|l| l.contains(" group=X25519MLKEM768 ")),
        "every handshake line of our server names the hybrid",
        &report,
    );
    check(
        served.contains(
            "handshake: version=TLSv1.3 suite=TLS_AES_128_GCM_SHA256 group=X25519MLKEM768 ",
        ),
        "our server's handshake line",
        &report,
    );
}
