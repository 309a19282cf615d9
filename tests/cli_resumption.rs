//! Session resumption through the `ferrotls` binary, against itself: `ferrotls demo`,
//! `client --resume` in both versions and both TLS 1.2 mechanisms, `--session-file` across two
//! client processes, and `--early-data` accepted (server `--max-early-data`) and rejected (a
//! server that cannot open the ticket), with `--export-early` on both ends.

use std::fs;
use std::path::PathBuf;

use ferrotls_tests::cli_peers;
use ferrotls_tests::ferrotls_exe;
use ferrotls_tests::interop::{Output, Peer, TIMEOUT};

/// A server for `connections` connections with the ECDSA certificate, and its address.
fn server(connections: usize, extra: &[&str]) -> (Peer, String) {
    cli_peers::our_server(ferrotls_exe!(), connections, extra)
}

fn client(addr: &str, extra: &[&str]) -> Output {
    cli_peers::our_client(ferrotls_exe!(), addr, extra)
}

/// A scratch directory for one test's files.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "ferrotls-cli-resumption-{}-{test}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

fn handshake_lines(out: &str) -> Vec<&str> {
    out.lines()
        .filter(|l| l.starts_with("handshake: "))
        .collect()
}

/// The value of `key=` on a handshake line.
fn field<'a>(line: &'a str, key: &str) -> &'a str {
    line.split(' ')
        .find_map(|f| f.strip_prefix(key)?.strip_prefix('='))
        .unwrap_or_else(|| panic!("no {key}= in {line:?}"))
}

/// The server's output once it has served all its connections.
fn server_output(server: Peer) -> Output {
    server
        .finish(TIMEOUT)
        .expect("the server exits after its connections")
}

#[test]
fn the_demo_runs_without_files_and_resumes() {
    let dir = scratch("demo");
    // Anywhere: the demo needs nothing from the working directory.
    let mut command = std::process::Command::new(ferrotls_exe!());
    command.arg("demo").current_dir(&dir);
    let out = Peer::spawn_command(command)
        .finish(TIMEOUT * 3)
        .expect("the demo finishes");
    let report = format!("{out:?}");
    assert!(out.status.success(), "{report}");
    assert_eq!(
        out.stdout.matches("resumed=yes").count(),
        4,
        "four resumptions: {report}"
    );
    assert_eq!(out.stdout.matches("resumed=no").count(), 3, "{report}");
    assert!(out.stdout.contains("early data: accepted"), "{report}");
    assert!(
        out.stdout
            .contains("All 7 connections behaved as expected."),
        "{report}"
    );
    let _ = fs::remove_dir_all(dir);
}

/// `client --resume` with `version_flag`: two handshake lines on each side, the second resumed,
/// the server's session ID the same.
fn resume_against_our_server(version_flag: &str, server_extra: &[&str]) {
    let mut server_args = vec![version_flag];
    server_args.extend_from_slice(server_extra);
    let (server, addr) = server(2, &server_args);
    let out = client(&addr, &["--resume", version_flag, "--send", "hello"]);
    let server_out = server_output(server);
    let report = format!("{out:?}\n{server_out:?}");
    assert!(out.status.success(), "{report}");
    assert!(out.stdout.ends_with("hello\n"), "{report}");
    let lines = handshake_lines(&out.stdout);
    assert_eq!(lines.len(), 2, "{report}");
    assert_eq!(field(lines[0], "resumed"), "no", "{report}");
    assert_eq!(field(lines[1], "resumed"), "yes", "{report}");
    let server_lines = handshake_lines(&server_out.stdout);
    assert_eq!(server_lines.len(), 2, "{report}");
    assert_eq!(field(server_lines[0], "resumed"), "no", "{report}");
    assert_eq!(field(server_lines[1], "resumed"), "yes", "{report}");
    let id = field(server_lines[0], "session_id");
    assert_ne!(id, "-", "{report}");
    assert_eq!(field(server_lines[1], "session_id"), id, "{report}");
}

#[test]
fn resume_tls13() {
    resume_against_our_server("--tls13", &[]);
}

#[test]
fn resume_tls12_with_a_ticket() {
    resume_against_our_server("--tls12", &[]);
}

#[test]
fn resume_tls12_by_session_id() {
    resume_against_our_server("--tls12", &["--no-tickets"]);
}

#[test]
fn without_tickets_or_cache_the_second_connection_is_full() {
    let (server, addr) = server(2, &["--tls12", "--no-tickets", "--no-session-cache"]);
    let out = client(&addr, &["--resume", "--tls12", "--send", "hello"]);
    let server_out = server_output(server);
    let report = format!("{out:?}\n{server_out:?}");
    assert!(out.status.success(), "{report}");
    let lines = handshake_lines(&out.stdout);
    assert_eq!(lines.len(), 2, "{report}");
    assert_eq!(field(lines[1], "resumed"), "no", "{report}");
    assert!(out.stderr.contains("full handshake"), "{report}");
}

#[test]
fn a_session_file_carries_the_session_to_the_next_process() {
    let dir = scratch("session-file");
    let file = dir.join("session");
    let file_arg = file.display().to_string();
    for version in ["--tls13", "--tls12"] {
        let _ = fs::remove_file(&file);
        let (server, addr) = server(2, &[]);
        let first = client(
            &addr,
            &[version, "--session-file", &file_arg, "--send", "one"],
        );
        assert!(first.status.success(), "{first:?}\n{}", server.report());
        assert!(file.is_file(), "no session stored: {first:?}");
        let second = client(
            &addr,
            &[version, "--session-file", &file_arg, "--send", "two"],
        );
        let server_out = server_output(server);
        let report = format!("{first:?}\n{second:?}\n{server_out:?}");
        assert!(second.status.success(), "{report}");
        let a = handshake_lines(&first.stdout);
        let b = handshake_lines(&second.stdout);
        assert_eq!(field(a[0], "resumed"), "no", "{version}: {report}");
        assert_eq!(field(b[0], "resumed"), "yes", "{version}: {report}");
        let server_lines = handshake_lines(&server_out.stdout);
        assert_eq!(
            field(server_lines[0], "session_id"),
            field(server_lines[1], "session_id"),
            "{version}: {report}"
        );
    }
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn a_bad_session_file_is_reported_and_ignored() {
    let dir = scratch("bad-session-file");
    let file = dir.join("session");
    fs::write(&file, b"this is not a session").unwrap();
    let (server, addr) = server(1, &[]);
    let file_arg = file.display().to_string();
    let out = client(&addr, &["--session-file", &file_arg, "--send", "hi"]);
    let report = format!("{out:?}\n{}", server.report());
    assert!(out.status.success(), "{report}");
    assert!(out.stderr.contains("bad magic"), "{report}");
    assert!(out.stderr.contains(&file_arg), "{report}");
    assert_eq!(
        field(handshake_lines(&out.stdout)[0], "resumed"),
        "no",
        "{report}"
    );
    // Replaced by the session this connection received.
    assert_ne!(
        fs::read(&file).unwrap(),
        b"this is not a session",
        "{report}"
    );
    let _ = fs::remove_dir_all(dir);
}

/// A session file from a first run against `addr`, and the early data file.
fn early_data_files(test: &str, addr: &str) -> (PathBuf, String, String) {
    let dir = scratch(test);
    let session = dir.join("session").display().to_string();
    let early = dir.join("early.txt");
    fs::write(&early, b"early words\n").unwrap();
    let first = client(
        addr,
        &["--tls13", "--session-file", &session, "--send", "first"],
    );
    assert!(first.status.success(), "{first:?}");
    (dir, session, early.display().to_string())
}

/// `--export-early` and `--export` with the same label and length, on either side.
const EXPORTS: [&str; 4] = [
    "--export-early",
    "EXPERIMENTAL-ferrotls-early:32",
    "--export",
    "EXPERIMENTAL-ferrotls-early:32",
];

/// The hex of each `PREFIX EXPERIMENTAL-ferrotls-early 32 HEX` line.
fn exported<'a>(out: &'a str, prefix: &str) -> Vec<&'a str> {
    let prefix = format!("{prefix} EXPERIMENTAL-ferrotls-early 32 ");
    out.lines()
        .filter_map(|l| l.strip_prefix(prefix.as_str()))
        .inspect(|hex| assert_eq!(hex.len(), 64, "{hex}"))
        .collect()
}

/// Our client resuming the session in `session` with `early`'s contents as 0-RTT data, then
/// sending `after`, with [`EXPORTS`].
fn early_client(addr: &str, session: &str, early: &str) -> Output {
    let args = [
        "--tls13",
        "--session-file",
        session,
        "--early-data",
        early,
        "--send",
        "after",
    ];
    client(addr, &[&args[..], &EXPORTS].concat())
}

/// What `--export-early` says on a connection without 0-RTT.
const NO_EARLY_EXPORT: &str = "--export-early EXPERIMENTAL-ferrotls-early:32: nothing exported, \
                               no 0-RTT data was accepted on this connection";

#[test]
fn early_data_is_accepted_by_a_server_that_allows_it() {
    let (server, addr) = server(2, &[&["--max-early-data", "1024"][..], &EXPORTS].concat());
    let (dir, session, early) = early_data_files("early-accepted", &addr);
    let out = early_client(&addr, &session, &early);
    let server_out = server_output(server);
    let report = format!("{out:?}\n{server_out:?}");
    assert!(out.status.success(), "{report}");
    let line = handshake_lines(&out.stdout)[0];
    assert_eq!(field(line, "resumed"), "yes", "{report}");
    assert_eq!(field(line, "early_data"), "accepted", "{report}");
    // The early exporter (RFC 9846 §7.5) gives both ends the same value, other than the
    // exporter's; the server's first connection, a full handshake, had none.
    let early_values = exported(&out.stdout, "exported-early:");
    assert_eq!(early_values.len(), 1, "{report}");
    assert_eq!(
        exported(&server_out.stdout, "exported-early:"),
        early_values,
        "{report}"
    );
    let values = exported(&out.stdout, "exported:");
    assert_eq!(
        exported(&server_out.stdout, "exported:")[1..],
        values,
        "{report}"
    );
    assert_ne!(values, early_values, "{report}");
    assert!(!out.stderr.contains(NO_EARLY_EXPORT), "{report}");
    assert_eq!(
        server_out.stderr.matches(NO_EARLY_EXPORT).count(),
        1,
        "{report}"
    );
    // The echo server answers early data like any other line.
    assert!(out.stdout.ends_with("early words\nafter\n"), "{report}");
    assert!(
        server_out.stdout.contains("early-data: early words\\n"),
        "{report}"
    );
    let server_line = handshake_lines(&server_out.stdout)[1];
    assert_eq!(field(server_line, "early_data"), "accepted", "{report}");
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn early_data_refused_by_the_server_is_sent_after_the_handshake() {
    let (first_server, first_addr) = server(1, &["--max-early-data", "1024"]);
    let (dir, session, early) = early_data_files("early-rejected", &first_addr);
    drop(server_output(first_server));
    // Another server process: its ticket key cannot open the ticket, and it takes no 0-RTT.
    let (server, addr) = server(1, &EXPORTS);
    let out = early_client(&addr, &session, &early);
    let server_out = server_output(server);
    let report = format!("{out:?}\n{server_out:?}");
    assert!(out.status.success(), "{report}");
    let line = handshake_lines(&out.stdout)[0];
    assert_eq!(field(line, "resumed"), "no", "{report}");
    assert_eq!(field(line, "early_data"), "rejected", "{report}");
    // No early exporter on either end, said as such; the exporter still agrees.
    for side in [&out, &server_out] {
        assert!(
            exported(&side.stdout, "exported-early:").is_empty(),
            "{report}"
        );
        assert!(side.stderr.contains(NO_EARLY_EXPORT), "{report}");
    }
    assert_eq!(
        exported(&out.stdout, "exported:"),
        exported(&server_out.stdout, "exported:"),
        "{report}"
    );
    assert!(out.stderr.contains("refused the early data"), "{report}");
    assert!(out.stdout.ends_with("early words\nafter\n"), "{report}");
    assert!(!server_out.stdout.contains("early-data:"), "{report}");
    let _ = fs::remove_dir_all(dir);
}
