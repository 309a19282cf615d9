//! The session-cache crate through the `ferrotls` binary:
//! - `server --ticket-secret-file`: two server processes sharing a secret file resume each
//!   other's sessions (a ticket made on A resumes on B, TLS 1.3 and TLS 1.2, with the same
//!   server session ID); a server with another secret declines it; weak secrets are refused;
//! - `server --stats-every` prints the metrics while the server runs, and SIGINT prints them
//!   once more and stops the server (exit status 130);
//! - `client --session-cache`: successive client processes resume through the file, each TLS
//!   1.3 ticket offered once.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use ferrotls_tests::cli_peers;
use ferrotls_tests::ferrotls_exe;
use ferrotls_tests::interop::{Output, Peer, TIMEOUT};

fn server(connections: usize, extra: &[&str]) -> (Peer, String) {
    cli_peers::our_server(ferrotls_exe!(), connections, extra)
}

fn client(addr: &str, extra: &[&str]) -> Output {
    cli_peers::our_client(ferrotls_exe!(), addr, extra)
}

fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "ferrotls-cli-session-cache-{}-{test}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// The value of `key=` on the first `handshake: ` line of `out`.
fn handshake_field(out: &str, key: &str) -> String {
    let line = out
        .lines()
        .find(|l| l.starts_with("handshake: "))
        .unwrap_or_else(|| panic!("no handshake line in {out:?}"));
    line.split(' ')
        .find_map(|f| f.strip_prefix(key)?.strip_prefix('='))
        .unwrap_or_else(|| panic!("no {key}= in {line:?}"))
        .to_string()
}

fn finished(server: Peer) -> Output {
    server
        .finish(TIMEOUT)
        .expect("the server exits after its connections")
}

#[test]
fn servers_sharing_a_ticket_secret_resume_each_others_sessions() {
    let dir = scratch("fleet");
    let shared = dir.join("fleet.key");
    let other = dir.join("other.key");
    fs::write(&shared, b"0123456789abcdef0123456789abcdef: the fleet's").unwrap();
    fs::write(&other, b"another fleet's secret, 32 bytes or more").unwrap();
    let session = dir.join("session");
    let (shared_arg, other_arg, session_arg) = (
        shared.display().to_string(),
        other.display().to_string(),
        session.display().to_string(),
    );
    for version in ["--tls13", "--tls12"] {
        let _ = fs::remove_file(&session);
        let (a, a_addr) = server(1, &["--ticket-secret-file", &shared_arg]);
        let (b, b_addr) = server(1, &["--ticket-secret-file", &shared_arg]);
        let (c, c_addr) = server(1, &["--ticket-secret-file", &other_arg]);
        let with = |extra: &'static str| [version, "--session-file", &session_arg, "--send", extra];
        let first = client(&a_addr, &with("to A"));
        assert!(first.status.success(), "{first:?}");
        // The client stores the session after the first; copies for the other two offers.
        let stored = fs::read(&session).expect("a session stored");
        let on_b = client(&b_addr, &with("to B"));
        fs::write(&session, &stored).unwrap();
        let on_c = client(&c_addr, &with("to C"));
        let (a, b, c) = (finished(a), finished(b), finished(c));
        let report = format!("{first:?}\n{on_b:?}\n{on_c:?}\nA {a:?}\nB {b:?}\nC {c:?}");
        assert_eq!(handshake_field(&first.stdout, "resumed"), "no", "{report}");
        assert_eq!(
            handshake_field(&on_b.stdout, "resumed"),
            "yes",
            "{version}: {report}"
        );
        assert_eq!(
            handshake_field(&a.stdout, "session_id"),
            handshake_field(&b.stdout, "session_id"),
            "{version}: B reports A's session: {report}"
        );
        assert_eq!(handshake_field(&on_c.stdout, "resumed"), "no", "{report}");
        assert!(
            c.stdout.contains("resumption declined: "),
            "{version}: C cannot open A's ticket: {report}"
        );
    }
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn weak_or_missing_secret_files_are_refused_at_start() {
    let dir = scratch("weak");
    let short = dir.join("short.key");
    fs::write(&short, b"too short").unwrap();
    let (cert, key) = (
        ferrotls_tests::certs::path("server-ecdsa-p256.pem"),
        ferrotls_tests::certs::path("server-ecdsa-p256.key"),
    );
    for (file, needle) in [
        (short.clone(), "at least 32 are needed"),
        (dir.join("missing.key"), "missing.key"),
    ] {
        let out = Command::new(ferrotls_exe!())
            .args(["server", "--listen", "127.0.0.1:0", "--cert"])
            .arg(&cert)
            .arg("--key")
            .arg(&key)
            .arg("--ticket-secret-file")
            .arg(&file)
            .output()
            .expect("ferrotls runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(needle), "{stderr}");
    }
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn metrics_are_printed_periodically_and_on_sigint() {
    let (mut server, addr) = server(10, &["--stats-every", "1", "--tls13"]);
    let out = client(&addr, &["--send", "hello"]);
    assert!(out.status.success(), "{out:?}");
    // Two TLS 1.3 tickets, sealed under the current key.
    server
        .wait_for_stdout("tickets_issued=2 ", TIMEOUT)
        .unwrap_or_else(|e| panic!("no periodic report: {e}"));
    let killed = Command::new("kill")
        .args(["-INT", &server.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = server.wait(TIMEOUT).expect("SIGINT stops the server");
    let stdout = server.stdout();
    assert_eq!(status.code(), Some(130), "{stdout}");
    let last = stdout
        .lines()
        .rfind(|l| l.starts_with("stats: hits="))
        .unwrap_or_else(|| panic!("no report: {stdout}"));
    assert!(last.contains("tickets_issued=2 "), "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("stats: generation ") && l.contains("issued=2 ")),
        "{stdout}"
    );
}

#[test]
fn client_processes_resume_through_a_session_cache_file() {
    let dir = scratch("client-cache");
    let cache = dir.join("sessions");
    let cache_arg = cache.display().to_string();
    for version in ["--tls13", "--tls12"] {
        let _ = fs::remove_file(&cache);
        let (server, addr) = server(3, &[]);
        let runs: Vec<Output> = (0..3)
            .map(|i| {
                let text = format!("run {i}");
                let out = client(
                    &addr,
                    &[version, "--session-cache", &cache_arg, "--send", &text],
                );
                assert!(out.status.success(), "{version} run {i}: {out:?}");
                out
            })
            .collect();
        let server_out = finished(server);
        let report = format!("{runs:?}\n{server_out:?}");
        let resumed: Vec<String> = runs
            .iter()
            .map(|o| handshake_field(&o.stdout, "resumed"))
            .collect();
        assert_eq!(resumed, ["no", "yes", "yes"], "{version}: {report}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&cache).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{version}");
        }
        let bytes = fs::read(&cache).unwrap();
        assert_eq!(&bytes[..5], b"FTSC\x01", "{version}");
        let held = u32::from_be_bytes(bytes[5..9].try_into().unwrap());
        match version {
            // Two tickets per connection, one taken by each of the two later connections:
            // 2 + 2 + 2 - 2, at most 4 kept.
            "--tls13" => assert_eq!(held, 4, "{version}"),
            // One reusable session, replaced by each new one.
            _ => assert_eq!(held, 1, "{version}"),
        }
    }
    let _ = fs::remove_dir_all(dir);
}
