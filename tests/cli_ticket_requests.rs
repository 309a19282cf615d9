//! `ferrotls client --request-tickets N` against `ferrotls server` (RFC 9149): the client
//! notes each session it receives on standard error, and gets 0, 1 and min(5, the server's
//! `--max-requested-tickets`) tickets on new connections and on connections resuming a
//! session from `--session-file`.

use std::fs;
use std::path::PathBuf;

use ferrotls_tests::cli_peers;
use ferrotls_tests::ferrotls_exe;
use ferrotls_tests::interop::{Output, Peer, TIMEOUT};

/// Our server, TLS 1.3 only (ticket requests are a TLS 1.3 extension).
fn server(connections: usize, extra: &[&str]) -> (Peer, String) {
    let args = [&["--tls13"], extra].concat();
    cli_peers::our_server(ferrotls_exe!(), connections, &args)
}

/// Our client, sending one line.
fn client(addr: &str, extra: &[&str]) -> Output {
    let args = [&["--send", "hello"], extra].concat();
    cli_peers::our_client(ferrotls_exe!(), addr, &args)
}

fn tickets_received(out: &Output) -> usize {
    out.stderr
        .matches("ferrotls: session received (TLS 1.3 ticket)")
        .count()
}

fn resumed(out: &Output) -> bool {
    out.stdout.contains("resumed=yes")
}

fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "ferrotls-cli-ticket-requests-{}-{test}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

#[test]
fn the_client_gets_the_tickets_it_asks_for_within_the_servers_maximum() {
    let dir = scratch("counts");
    let file = dir.join("session");
    let file_arg = file.display().to_string();
    // Per count: a new connection that stores its session, then one resuming it.
    let (server, addr) = server(7, &["--max-requested-tickets", "3"]);
    let mut report = String::new();
    for (asked, expected) in [("0", 0), ("1", 1), ("5", 3)] {
        let _ = fs::remove_file(&file);
        let new = client(
            &addr,
            &["--request-tickets", asked, "--session-file", &file_arg],
        );
        report.push_str(&format!("{new:?}\n"));
        assert!(new.status.success(), "{report}{}", server.report());
        assert!(!resumed(&new), "{report}");
        assert_eq!(
            tickets_received(&new),
            expected,
            "new, asked {asked}: {report}"
        );
        if expected == 0 {
            // Nothing to resume with: seed the file with one ticket.
            let seed = client(
                &addr,
                &["--request-tickets", "1", "--session-file", &file_arg],
            );
            report.push_str(&format!("{seed:?}\n"));
            assert_eq!(tickets_received(&seed), 1, "{report}");
        }
        let again = client(
            &addr,
            &["--request-tickets", asked, "--session-file", &file_arg],
        );
        report.push_str(&format!("{again:?}\n"));
        assert!(again.status.success(), "{report}");
        assert!(resumed(&again), "{report}");
        assert_eq!(
            tickets_received(&again),
            expected,
            "resumed, asked {asked}: {report}"
        );
    }
    let out = server
        .finish(TIMEOUT)
        .expect("the server exits after its connections");
    assert!(out.status.success(), "{report}{out:?}");
    let _ = fs::remove_dir_all(dir);
}

#[test]
fn without_a_request_the_server_sends_its_default() {
    let (server, addr) = server(1, &["--tickets", "3", "--max-requested-tickets", "1"]);
    let out = client(&addr, &[]);
    let report = format!("{out:?}\n{}", server.report());
    assert!(out.status.success(), "{report}");
    assert_eq!(tickets_received(&out), 3, "{report}");
}
