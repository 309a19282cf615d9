//! The command line shared by the binary and the `cargo bench` entry.

use crate::report;
use crate::run::{self, Options};
use crate::stores::{self, StoreOptions};

pub const USAGE: &str = "usage: ferrotls-bench [--json] [--reps N] [--handshakes N] [--records N] [--once] [--row NAME] [SCENARIO-ID-PREFIX...]
       ferrotls-bench --stores [--once]
  --stores        the session stores instead: in-memory ops/s (1 and 2 threads), Redis round
                  trips on loopback (blocking, async with 64 in flight; starts its own
                  redis-server), resumed handshakes/s through each store
  --json          one JSON document instead of Markdown tables
  --reps N        repetitions, every figure is their median (default 21)
  --handshakes N  handshakes per repetition (default 10)
  --records N     16 KiB records each way per bulk repetition (default 64)
  --once          everything once, no timing worth reading (a smoke run)
  --row NAME      only rows whose 'library / provider' starts with NAME (repeatable; to profile
                  one library, e.g. --row ferrotls)
  SCENARIO...     only scenarios whose id starts with one of these (e.g. full13 bulk-tls-1-3)";

/// Options and whether JSON was asked for.
pub fn parse(args: impl Iterator<Item = String>) -> Result<(Options, bool), String> {
    let mut options = Options::default();
    let mut json = false;
    let mut args = args.peekable();
    let number = |value: Option<String>, flag: &str| -> Result<usize, String> {
        value
            .and_then(|v| v.parse().ok())
            .filter(|n| *n > 0)
            .ok_or_else(|| format!("{flag} takes a positive number\n{USAGE}"))
    };
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--json" => json = true,
            "--reps" => options.reps = number(args.next(), "--reps")?,
            "--handshakes" => options.handshakes = number(args.next(), "--handshakes")?,
            "--records" => options.bulk_records = number(args.next(), "--records")?,
            "--row" => options.rows.push(
                args.next()
                    .ok_or_else(|| format!("--row takes a name\n{USAGE}"))?,
            ),
            "--once" => {
                let only = std::mem::take(&mut options.only);
                let rows = std::mem::take(&mut options.rows);
                let stores = options.stores;
                options = Options {
                    only,
                    rows,
                    stores,
                    ..Options::once()
                };
            }
            "--stores" => options.stores = true,
            "-h" | "--help" => return Err(USAGE.into()),
            a if a.starts_with('-') => return Err(format!("unknown option {a}\n{USAGE}")),
            a => options.only.push(a.to_string()),
        }
    }
    if options.scenarios().is_empty() {
        return Err(format!("no scenario matches {:?}\n{USAGE}", options.only));
    }
    Ok((options, json))
}

pub fn run(options: &Options, json: bool) {
    if options.stores {
        // `--once` shows as a single repetition.
        let stores = if options.reps == 1 {
            StoreOptions::once()
        } else {
            StoreOptions::default()
        };
        print!("{}", stores::markdown(&stores::run(&stores), &stores));
        return;
    }
    let result = run::run(options);
    if json {
        print!("{}", report::json(&result));
    } else {
        print!("{}", report::markdown(&result));
    }
}
