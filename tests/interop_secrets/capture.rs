//! `tshark` decrypts a loopback capture of a ferrotls connection (the `ferrotls` client and
//! server binaries) with the key log the client wrote to `SSLKEYLOGFILE`, and shows the HTTP
//! request inside; without the key log it shows none. TLS 1.3 and TLS 1.2.
//!
//! Capturing on `lo` needs root (as in CI); without it, or without `dumpcap`/`tshark`, the
//! test skips loudly, and fails under `CI=true`. Every process is bounded: the capture stops
//! itself after 60 s at the latest and is normally stopped with SIGINT once the exchange is
//! over; the filter is the server's port (and a probe port that shows the capture is live).

use std::net::{Ipv4Addr, UdpSocket};
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use ferrotls_core::ProtocolVersion;
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::ferrotls_exe;
use ferrotls_tests::interop::{self, Peer, TIMEOUT};
use ferrotls_tests::interop_peers::{path, server_files};

use crate::ends::{Scratch, VERSIONS};

const REQUEST: &str = "GET /ferrotls-capture HTTP/1.0\r\nHost: localhost\r\n\r\n";

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status").is_ok_and(|status| {
        status
            .lines()
            .find_map(|l| l.strip_prefix("Uid:"))
            .and_then(|ids| ids.split_whitespace().nth(1))
            == Some("0")
    })
}

fn version_flag(version: ProtocolVersion) -> &'static str {
    if version == ProtocolVersion::TLS1_3 {
        "--tls13"
    } else {
        "--tls12"
    }
}

/// `tshark` over `pcap` with `keylog` (empty: none), the TLS dissector on `port`, printing the
/// HTTP requests' method, URI and host.
fn http_requests(tshark: &std::path::Path, pcap: &str, keylog: &str, port: u16) -> String {
    let keylog = format!("tls.keylog_file:{keylog}");
    let decode_as = format!("tcp.port=={port},tls");
    let out = interop::run(
        tshark,
        &[
            "-r",
            pcap,
            "-o",
            &keylog,
            "-d",
            &decode_as,
            "-Y",
            "http.request",
            "-T",
            "fields",
            "-e",
            "http.request.method",
            "-e",
            "http.request.uri",
            "-e",
            "http.host",
        ],
        TIMEOUT,
    );
    assert!(out.status.success(), "tshark failed: {}", out.stderr);
    out.stdout
}

#[test]
fn tshark_decrypts_a_capture_with_our_key_log() {
    let Some(dumpcap) = interop::require("dumpcap") else {
        return;
    };
    let Some(tshark) = interop::require("tshark") else {
        return;
    };
    if !is_root() {
        assert!(
            !interop::ci(),
            "capturing on lo needs root, and CI=true forbids skipping"
        );
        eprintln!("SKIPPED: capturing on lo needs root");
        return;
    }
    for version in VERSIONS {
        let scratch = Scratch::new("capture");
        let keylog = scratch.path("keylog.txt").display().to_string();
        let pcap = scratch.path("capture.pcapng").display().to_string();
        let (cert, key) = server_files(KeyKind::EcdsaP256);
        let flag = version_flag(version);
        let (server, addr) = interop::ferrotls_server(
            ferrotls_exe!(),
            &[
                "--cert",
                &cert,
                "--key",
                &key,
                "--alpn",
                "http/1.1",
                "--max-connections",
                "1",
                flag,
            ],
        );

        // dumpcap announces itself before it captures: probe datagrams to ourselves (inside
        // the filter) until it counts packets, so the connection is not missed.
        let probe = UdpSocket::bind((Ipv4Addr::LOCALHOST, 0)).expect("probe socket");
        let probe_addr = probe.local_addr().expect("probe address");
        let filter = format!("tcp port {} or udp port {}", addr.port(), probe_addr.port());
        let capture = Peer::spawn(
            &dumpcap,
            &["-i", "lo", "-f", &filter, "-w", &pcap, "-a", "duration:60"],
        );
        let deadline = Instant::now() + TIMEOUT;
        while !capture.stderr().contains("Packets: ") {
            assert!(
                Instant::now() < deadline,
                "dumpcap captured nothing\n{}",
                capture.report()
            );
            let _ = probe.send_to(b"probe", probe_addr);
            thread::sleep(Duration::from_millis(50));
        }

        let mut client = Command::new(ferrotls_exe!());
        client
            .args(["client", &addr.to_string(), "--cafile", &path("ca.pem")])
            .args([
                "--server-name",
                certs::SERVER_NAME,
                "--alpn",
                "http/1.1",
                flag,
            ])
            .args(["--send", REQUEST])
            .env("SSLKEYLOGFILE", &keylog);
        let client = Peer::spawn_command(client)
            .finish(TIMEOUT)
            .unwrap_or_else(|e| panic!("{version:?}: our client: {e}"));
        assert!(
            client.status.success() && client.stdout.contains("HTTP/1.0 200 OK"),
            "{version:?}: our client\n{}\n{}",
            client.stdout,
            client.stderr
        );
        let _ = server.finish(TIMEOUT);

        // Let dumpcap read the last packets, then stop it; SIGINT makes it close the file.
        thread::sleep(Duration::from_millis(500));
        let stopped = Command::new("kill")
            .args(["-INT", &capture.id().to_string()])
            .status()
            .is_ok_and(|s| s.success());
        assert!(stopped, "cannot signal dumpcap");
        let capture = capture
            .finish(TIMEOUT)
            .unwrap_or_else(|e| panic!("dumpcap: {e}"));
        assert!(capture.status.success(), "dumpcap: {}", capture.stderr);

        let logged = std::fs::read_to_string(&keylog).expect("the client wrote SSLKEYLOGFILE");
        let expected_label = if version == ProtocolVersion::TLS1_3 {
            "CLIENT_TRAFFIC_SECRET_0 "
        } else {
            "CLIENT_RANDOM "
        };
        assert!(logged.contains(expected_label), "{version:?}: {logged}");

        let port = addr.port();
        let decrypted = http_requests(&tshark, &pcap, &keylog, port);
        if decrypted.trim_end() != "GET\t/ferrotls-capture\tlocalhost" {
            let packets = interop::run(&tshark, &["-r", &pcap], TIMEOUT);
            panic!(
                "{version:?}: no HTTP request found with our key log: {decrypted:?}\n\
                 capture:\n{}\ndumpcap:\n{}\nkey log:\n{logged}",
                packets.stdout, capture.stderr
            );
        }
        // Without the key log the request stays encrypted: the key log is what decrypts it.
        assert_eq!(
            http_requests(&tshark, &pcap, "", port).trim(),
            "",
            "{version:?}: without a key log"
        );
    }
}
