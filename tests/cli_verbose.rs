//! `-v` and `-vv` on the `ferrotls` binary, client and server: the library's tracing points on
//! standard error (state transitions, negotiated values, at `-vv` every record), in each
//! connection's span; nothing of them without `-v`; and none of the secrets the client wrote
//! to its SSLKEYLOGFILE in any line of either side.

use std::fs;
use std::path::PathBuf;
use std::process::Command;

use ferrotls_tests::certs;
use ferrotls_tests::cli_peers;
use ferrotls_tests::ferrotls_exe;
use ferrotls_tests::interop::{Output, Peer, TIMEOUT};

/// One connection between a server and a client, each with `flags` (and the client logging
/// its secrets to a key log file); returns both outputs and the secrets logged, in hex.
fn exchange(flags: &[&str]) -> (Output, Output, Vec<String>) {
    let (server, addr) = cli_peers::our_server(ferrotls_exe!(), 1, flags);
    let keylog = std::env::temp_dir().join(format!(
        "ferrotls-cli-verbose-{}-{}.keys",
        std::process::id(),
        flags.join("")
    ));
    let _ = fs::remove_file(&keylog);
    let ca = certs::path("ca.pem");
    let mut command = Command::new(ferrotls_exe!());
    command
        .args([
            "client",
            &addr,
            "--server-name",
            "localhost",
            "--send",
            "hello",
        ])
        .arg("--cafile")
        .arg(&ca)
        .args(flags)
        .env("SSLKEYLOGFILE", &keylog);
    let client = Peer::spawn_command(command)
        .finish(TIMEOUT)
        .expect("the client ends");
    let server_out = server.finish(TIMEOUT).expect("the server ends after one");
    assert!(client.status.success(), "{client:?}\n{server_out:?}");
    assert!(server_out.status.success(), "{server_out:?}");
    assert!(client.stdout.ends_with("hello\n"), "{client:?}");
    (client, server_out, secrets(keylog))
}

/// The secrets of a key log file (`LABEL client_random secret` lines, RFC 9850).
fn secrets(path: PathBuf) -> Vec<String> {
    let text = fs::read_to_string(&path).expect("the client wrote its key log");
    let _ = fs::remove_file(&path);
    let secrets: Vec<String> = text
        .lines()
        .filter_map(|line| line.split(' ').nth(2))
        .map(str::to_string)
        .collect();
    assert!(secrets.len() >= 5, "{text}");
    secrets
}

fn assert_no_secret(side: &str, stderr: &str, secrets: &[String]) {
    for secret in secrets {
        for form in [secret.to_lowercase(), secret.to_uppercase()] {
            assert!(
                !stderr.contains(&form),
                "{side}: a secret on stderr:\n{stderr}"
            );
        }
    }
}

fn lines<'a>(stderr: &'a str, needle: &str) -> Vec<&'a str> {
    stderr.lines().filter(|l| l.contains(needle)).collect()
}

#[test]
fn v_traces_transitions_on_both_sides() {
    let (client, server, secrets) = exchange(&["-v"]);
    for (side, out, first) in [
        ("client", &client, "ExpectServerHello"),
        ("server", &server, "ExpectClientHello"),
    ] {
        let transitions = lines(&out.stderr, "state transition");
        assert!(transitions.len() >= 2, "{side}: {}", out.stderr);
        assert!(transitions[0].contains(first), "{side}: {}", transitions[0]);
        for line in &transitions {
            assert!(line.contains("DEBUG"), "{side}: {line}");
            assert!(line.contains(&format!("side=\"{side}\"")), "{side}: {line}");
            assert!(line.contains("ferrotls::handshake"), "{side}: {line}");
        }
        let complete = lines(&out.stderr, "handshake complete");
        assert_eq!(complete.len(), 1, "{side}: {}", out.stderr);
        assert!(
            !lines(&out.stderr, "version negotiated").is_empty(),
            "{side}"
        );
        // Records are traced at trace level: -vv only.
        assert!(lines(&out.stderr, "ferrotls::record").is_empty(), "{side}");
        assert_no_secret(side, &out.stderr, &secrets);
    }
    assert!(
        !lines(&client.stderr, "close_notify received").is_empty(),
        "{}",
        client.stderr
    );
}

#[test]
fn vv_traces_every_record() {
    let (client, server, secrets) = exchange(&["-vv"]);
    for (side, out) in [("client", &client), ("server", &server)] {
        let records = lines(&out.stderr, "ferrotls::record");
        assert!(records.len() >= 4, "{side}: {}", out.stderr);
        assert!(records.iter().all(|l| l.contains("TRACE")), "{side}");
        assert!(!lines(&out.stderr, "state transition").is_empty(), "{side}");
        assert_no_secret(side, &out.stderr, &secrets);
    }
}

#[test]
fn without_v_nothing_is_traced() {
    let (client, server, _) = exchange(&[]);
    for (side, out) in [("client", &client), ("server", &server)] {
        for needle in ["state transition", "ferrotls::", "DEBUG", "TRACE"] {
            assert!(
                lines(&out.stderr, needle).is_empty(),
                "{side}: {needle} in {}",
                out.stderr
            );
        }
    }
}
