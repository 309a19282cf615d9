//! Every scenario once, every row, in a debug build: the run completes (every handshake
//! negotiates what its scenario asks for and resumes when it should; the driver asserts both),
//! the memory pass runs in its own process and its figures arrive, and the report has its
//! shape. No figure is judged here: performance is never a test.
#![forbid(unsafe_code)]

use ferrotls_bench::report;
use ferrotls_bench::run::{run, Options};
use ferrotls_bench::scenario::{Aead, Scenario};

#[test]
fn every_scenario_runs_once_and_reports() {
    let result = run(&Options {
        memory_exe: Some(env!("CARGO_BIN_EXE_ferrotls-bench-memory").into()),
        ..Options::once()
    });
    assert_eq!(result.memory_missing, None);
    let scenarios = Scenario::all();
    assert_eq!(result.scenarios.len(), scenarios.len());
    for (s, expected) in result.scenarios.iter().zip(&scenarios) {
        assert_eq!(s.scenario, *expected);
        let ferrotls: Vec<_> = s.rows.iter().filter(|r| r.library == "ferrotls").collect();
        let rustls: Vec<_> = s.rows.iter().filter(|r| r.library == "rustls").collect();
        assert_eq!(
            ferrotls.len(),
            3,
            "{}: RustCrypto, ring, aws-lc-rs",
            s.scenario.id()
        );
        assert_eq!(
            rustls.len(),
            3,
            "{}: ring, aws-lc-rs, RustCrypto",
            s.scenario.id()
        );
        for r in &s.rows {
            if let Some(why) = &r.skipped {
                // Only rustls, and only psk_ke, which it does not implement.
                assert_eq!(r.library, "rustls");
                assert_eq!(*expected, Scenario::Resumed13 { dhe: false }, "{why}");
                continue;
            }
            assert!(r.total_ns.is_finite() && r.lb_total_ns().is_finite());
            assert!(r.lb_client_ns > 0.0 && r.lb_server_ns > 0.0, "{}", r.name());
            assert!(r.client_allocations > 0 && r.server_allocations > 0);
            assert!(r.client_heap > 0 && r.server_heap > 0);
            assert!(r.wire_bytes > 0);
            let version = match expected {
                Scenario::Full12 { .. } | Scenario::Resumed12 { .. } => "1.2",
                Scenario::Bulk { version, .. } => version.label().trim_start_matches("TLS "),
                _ => "1.3",
            };
            // ferrotls says TLSv1.3, rustls's Debug TLSv1_3.
            let ours = r.negotiated.contains(&format!("TLSv{version}"));
            let theirs = r
                .negotiated
                .contains(&format!("TLSv{}", version.replace('.', "_")));
            assert!(ours || theirs, "{}: {}", r.name(), r.negotiated);
            if let Scenario::Bulk { aead, .. } = expected {
                let suite = match aead {
                    Aead::Aes128Gcm => "AES_128_GCM",
                    Aead::Aes256Gcm => "AES_256_GCM",
                    Aead::ChaCha20Poly1305 => "CHACHA20_POLY1305",
                };
                assert!(
                    r.negotiated.contains(suite),
                    "{}: {}",
                    r.name(),
                    r.negotiated
                );
            }
        }
    }

    let markdown = report::markdown(&result);
    assert!(markdown.contains("Machine: "));
    for s in &scenarios {
        assert!(
            markdown.contains(&format!("## {}\n", s.title())),
            "{}",
            s.id()
        );
    }
    assert!(markdown.contains("## Raw AEAD"));
    assert!(markdown.contains("## Targets (issue 15)"));
    assert!(markdown.contains("| rustls / ring |"));

    let json = report::json(&result);
    assert!(json.starts_with("{\"machine\":") && json.ends_with("}\n"));
    assert_eq!(json.matches("\"id\":").count(), scenarios.len());
    let mut depth = 0i32;
    let mut in_string = false;
    let mut escaped = false;
    for c in json.chars() {
        match (in_string, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, '\\') => escaped = true,
            (true, false, '"') => in_string = false,
            (false, _, '"') => in_string = true,
            (false, _, '{' | '[') => depth += 1,
            (false, _, '}' | ']') => depth -= 1,
            _ => {}
        }
        assert!(depth >= 0);
    }
    assert_eq!((depth, in_string), (0, false), "balanced JSON");
}

/// `--stores` once, with tiny counts: every figure arrives and every resumption resumed (the
/// driver asserts it); the Redis rows need `redis-server` (skipped loudly without it, except
/// under `CI=true`).
#[test]
fn the_store_section_runs_once() {
    use ferrotls_bench::stores::{self, StoreOptions};
    let options = StoreOptions::once();
    let result = stores::run(&options);
    let ci = std::env::var("CI").is_ok_and(|v| v == "true");
    if let Some(why) = &result.redis_missing {
        assert!(!ci, "CI=true needs redis-server: {why}");
        eprintln!("SKIPPED the Redis rows: {why}");
    }
    let redis = result.redis_missing.is_none();
    assert_eq!(
        result.memory.iter().map(|(t, _)| *t).collect::<Vec<_>>(),
        [1, 2]
    );
    assert_eq!(result.redis.len(), if redis { 7 } else { 0 });
    assert_eq!(result.resumed.len(), if redis { 8 } else { 4 });
    for f in result
        .memory
        .iter()
        .map(|(_, f)| f)
        .chain(result.redis.iter().map(|(_, f)| f))
    {
        assert!(f.ops > 0 && f.per_second() > 0.0);
    }
    let text = stores::markdown(&result, &options);
    assert!(text.contains(stores::COMMAND), "{text}");
    assert!(text.contains("TLS 1.3 stateful ticket"), "{text}");
}
