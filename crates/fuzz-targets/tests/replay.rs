//! Replays every input of `fuzz/corpus/<target>/` and `fuzz/regressions/<target>/` through the
//! target's entry point on stable, so corpus and past findings run with `cargo test`.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use ferrotls_fuzz_targets::TARGETS;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

fn replay(kind: &str) -> usize {
    let mut total = 0;
    for (name, run) in TARGETS {
        let dir = fuzz_dir().join(kind).join(name);
        let start = Instant::now();
        let inputs = files(&dir);
        for path in &inputs {
            let data = fs::read(path).unwrap();
            let result = std::panic::catch_unwind(|| run(&data));
            assert!(result.is_ok(), "{name}: {} panics", path.display());
        }
        eprintln!(
            "{kind}/{name}: {} inputs in {:.2?}",
            inputs.len(),
            start.elapsed()
        );
        total += inputs.len();
    }
    total
}

#[test]
fn corpus_replays() {
    let n = replay("corpus");
    assert!(n > 0, "no corpus under {}", fuzz_dir().display());
}

#[test]
fn regressions_replay() {
    replay("regressions");
}

/// An empty script in peer mode is an honest handshake followed by data both ways and
/// close_notify: every configuration must get through it (the targets assert so).
#[test]
fn every_configuration_completes_honestly() {
    for config in 0..=255u8 {
        // Skip RSA for most configurations to keep the test fast.
        if (config >> 4) & 3 == 3 && config % 16 != 3 {
            continue;
        }
        ferrotls_fuzz_targets::client(&[config, 0]);
        ferrotls_fuzz_targets::server(&[config, 0]);
    }
}

#[test]
fn empty_and_tiny_inputs() {
    for (_, run) in TARGETS {
        run(&[]);
        run(&[0]);
        run(&[0xff; 3]);
    }
}
