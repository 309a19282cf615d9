//! The run: every row (library × provider) through every scenario, interleaved repetition by
//! repetition so that a change in the machine's load touches every row alike; medians over the
//! repetitions; a memory pass per row; the primitives priced in the same interleaved way.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;
use std::rc::Rc;

use crate::endpoint::{Buffers, Endpoint, Pair};
use crate::ferro::{self, FerroSetup};
use crate::meter::{self, median, Cost, Meter};
use crate::peer::{PeerProvider, RustlsSetup};
use crate::primitives::{self, FerroPrimitives, Job, Op, PeerPrimitives, Primitives};
use crate::scenario::{Scenario, BULK_RECORDS, RECORD};

/// A library configured for one scenario.
pub trait Setup {
    fn client(&mut self) -> Box<dyn Endpoint>;
    fn server(&mut self) -> Box<dyn Endpoint>;
    /// After each completed handshake, outside any measurement: keep what the next resumption
    /// needs.
    fn completed(&mut self, client: &dyn Endpoint);
}

/// How much to measure.
#[derive(Clone, Debug)]
pub struct Options {
    /// Repetitions; every figure is the median over them.
    pub reps: usize,
    /// Handshakes per repetition, at least (their mean is the repetition's figure).
    pub handshakes: usize,
    /// CPU time one row's share of a repetition should take, at least, in nanoseconds: short
    /// handshakes (resumptions) are run more times per repetition than full ones, so that the
    /// clock's resolution and a stray interrupt weigh alike on each.
    pub rep_ns: f64,
    /// Full records each way per repetition of a bulk scenario.
    pub bulk_records: usize,
    /// Wanted CPU time of one batch when pricing a primitive, in nanoseconds.
    pub batch_ns: f64,
    /// Scenario ids to run (all when empty); an id matches by prefix.
    pub only: Vec<String>,
    /// Rows to run (all when empty), by prefix of "library / provider" (for profiling one).
    pub rows: Vec<String>,
    /// The memory pass only (the `ferrotls-bench-memory` process).
    pub memory_only: bool,
    /// Where the `ferrotls-bench-memory` binary is (default: beside this executable, or one
    /// directory up, as for `cargo bench`'s `deps/`).
    pub memory_exe: Option<PathBuf>,
    /// `--stores`: the session stores' section ([`crate::stores`]) instead of the comparison.
    pub stores: bool,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            reps: 21,
            handshakes: 10,
            rep_ns: 5e6,
            bulk_records: BULK_RECORDS,
            batch_ns: 2e5,
            only: Vec::new(),
            rows: Vec::new(),
            memory_only: false,
            memory_exe: None,
            stores: false,
        }
    }
}

impl Options {
    /// Once through everything: the smoke test's run.
    pub fn once() -> Self {
        Self {
            reps: 1,
            handshakes: 1,
            rep_ns: 0.0,
            bulk_records: 1,
            batch_ns: 0.0,
            only: Vec::new(),
            rows: Vec::new(),
            memory_only: false,
            memory_exe: None,
            stores: false,
        }
    }

    pub fn scenarios(&self) -> Vec<Scenario> {
        Scenario::all()
            .into_iter()
            .filter(|s| self.only.is_empty() || self.only.iter().any(|o| s.id().starts_with(o)))
            .collect()
    }
}

/// A library's setup for a scenario, or why it cannot run it.
type MakeSetup = Box<dyn Fn(Scenario) -> Result<Box<dyn Setup>, String>>;

/// One row of the tables: a library on a provider.
struct RowSpec {
    library: &'static str,
    provider: &'static str,
    make: MakeSetup,
    primitives: Rc<dyn Primitives>,
}

fn rows() -> Vec<RowSpec> {
    let mut rows = Vec::new();
    for (name, provider) in ferro::providers() {
        let p = provider.clone();
        rows.push(RowSpec {
            library: "ferrotls",
            provider: name,
            make: Box::new(move |s| Ok(Box::new(FerroSetup::new(s, &p)) as Box<dyn Setup>)),
            primitives: Rc::new(FerroPrimitives(provider)),
        });
    }
    for peer in PeerProvider::ALL {
        rows.push(RowSpec {
            library: "rustls",
            provider: peer.label(),
            make: Box::new(move |s| {
                RustlsSetup::new(s, peer).map(|r| Box::new(r) as Box<dyn Setup>)
            }),
            primitives: Rc::new(PeerPrimitives(peer)),
        });
    }
    rows
}

/// What one row measured in one scenario.
#[derive(Clone, Debug, Default)]
pub struct RowResult {
    pub library: String,
    pub provider: String,
    /// Why the row could not run the scenario.
    pub skipped: Option<String>,
    /// Version, suite and group as the client saw them.
    pub negotiated: String,
    /// Medians of CPU time, ns: per handshake, or per repetition of a bulk scenario.
    pub client_ns: f64,
    pub server_ns: f64,
    pub total_ns: f64,
    /// The lower bound of the same work on the same provider, ns.
    pub lb_client_ns: f64,
    pub lb_server_ns: f64,
    /// Allocations per handshake (construction included), each side.
    pub client_allocations: u64,
    pub server_allocations: u64,
    /// Heap held by each idle connection after the handshake (or after the bulk transfer).
    pub client_heap: usize,
    pub server_heap: usize,
    /// Highest heap in use during a handshake above what was in use before it, both sides.
    pub peak_heap: usize,
    /// Bulk: allocations per record sent or received (both sides together).
    pub allocations_per_record: f64,
    /// Handshake bytes on the wire (both ways).
    pub wire_bytes: usize,
}

impl RowResult {
    pub fn lb_total_ns(&self) -> f64 {
        self.lb_client_ns + self.lb_server_ns
    }

    pub fn name(&self) -> String {
        format!("{} / {}", self.library, self.provider)
    }
}

#[derive(Clone, Debug)]
pub struct ScenarioResult {
    pub scenario: Scenario,
    pub rows: Vec<RowResult>,
}

/// The raw AEAD rate of one provider: one 16 KiB record sealed and opened.
#[derive(Clone, Debug)]
pub struct AeadRate {
    pub primitives: String,
    pub aead: &'static str,
    /// Bytes per second of seal+open, in MB/s (10^6).
    pub mb_per_s: f64,
}

#[derive(Clone, Debug)]
pub struct RunResult {
    pub machine: String,
    pub options: Options,
    pub clock_overhead_ns: f64,
    pub scenarios: Vec<ScenarioResult>,
    pub aead_rates: Vec<AeadRate>,
    /// Each row's primitive prices, ns: (row, op label, price).
    pub prices: Vec<(String, String, f64)>,
    /// Why the memory columns are empty, if they are.
    pub memory_missing: Option<String>,
}

/// The machine, as `lscpu` names its processor.
pub fn machine() -> String {
    let model = std::process::Command::new("lscpu")
        .env("LC_ALL", "C")
        .output()
        .ok()
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .find(|l| l.starts_with("Model name:"))
                .map(|l| l["Model name:".len()..].trim().to_string())
        })
        .unwrap_or_else(|| "unknown processor".into());
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    format!("{model}, {cpus} CPUs")
}

/// Run everything `options` asks for.
pub fn run(options: &Options) -> RunResult {
    let meter = Meter::calibrate();
    let rows: Vec<RowSpec> = rows()
        .into_iter()
        .filter(|r| {
            let name = format!("{} / {}", r.library, r.provider);
            options.rows.is_empty() || options.rows.iter().any(|p| name.starts_with(p.as_str()))
        })
        .collect();
    let scenarios = options.scenarios();
    let mut pricer = Pricer::new(&meter, &rows, options.batch_ns);

    let mut results = Vec::new();
    for scenario in &scenarios {
        results.push(run_scenario(&meter, &rows, *scenario, options, &mut pricer));
    }
    let prices = pricer.prices();
    let memory_missing = if meter::counting() {
        None
    } else {
        memory_from_child(options, &mut results).err()
    };

    let mut aead_rates = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        for aead in crate::scenario::Aead::ALL {
            if let Some(ns) = prices.get(&(i, Op::SealOpen(aead, RECORD))) {
                aead_rates.push(AeadRate {
                    primitives: format!("{} / {}", row.library, row.provider),
                    aead: aead.label(),
                    mb_per_s: RECORD as f64 / ns * 1e3,
                });
            }
        }
    }
    let mut price_list: Vec<(String, String, f64)> = prices
        .iter()
        .map(|((i, op), ns)| {
            (
                format!("{} / {}", rows[*i].library, rows[*i].provider),
                format!("{op:?}"),
                *ns,
            )
        })
        .collect();
    price_list.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));

    RunResult {
        machine: machine(),
        options: options.clone(),
        clock_overhead_ns: meter.overhead_ns(),
        scenarios: results,
        aead_rates,
        prices: price_list,
        memory_missing,
    }
}

/// The memory pass's figures, one line per row and scenario (tab-separated: scenario id, row
/// name, client and server allocations per handshake, client and server heap, peak heap,
/// allocations per record). Run by `ferrotls-bench-memory`, which has the counting allocator.
pub fn memory_lines(options: &Options) -> String {
    assert!(
        meter::counting(),
        "the memory pass needs the counting allocator installed"
    );
    let options = Options {
        memory_only: true,
        ..options.clone()
    };
    let result = run(&options);
    let mut out = String::new();
    for s in &result.scenarios {
        for r in s.rows.iter().filter(|r| r.skipped.is_none()) {
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
                s.scenario.id(),
                r.name(),
                r.client_allocations,
                r.server_allocations,
                r.client_heap,
                r.server_heap,
                r.peak_heap,
                r.allocations_per_record
            ));
        }
    }
    out
}

fn memory_exe(options: &Options) -> Option<PathBuf> {
    if let Some(path) = &options.memory_exe {
        return Some(path.clone());
    }
    let exe = std::env::current_exe().ok()?;
    let dir = exe.parent()?;
    [dir.to_path_buf(), dir.parent()?.to_path_buf()]
        .into_iter()
        .map(|d| d.join("ferrotls-bench-memory"))
        .find(|p| p.is_file())
}

/// Fill the memory columns from a `ferrotls-bench-memory` run of the same scenarios and rows.
fn memory_from_child(options: &Options, results: &mut [ScenarioResult]) -> Result<(), String> {
    let exe = memory_exe(options).ok_or(
        "ferrotls-bench-memory not found beside this binary (cargo build --release -p ferrotls-bench)",
    )?;
    let mut command = Command::new(&exe);
    command
        .arg("--records")
        .arg(options.bulk_records.to_string());
    for row in &options.rows {
        command.arg("--row").arg(row);
    }
    command.args(&options.only);
    let output = command
        .output()
        .map_err(|e| format!("{}: {e}", exe.display()))?;
    if !output.status.success() {
        return Err(format!(
            "{} failed: {}",
            exe.display(),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let [id, row, ca, sa, ch, sh, peak, apr] = f[..] else {
            return Err(format!("unexpected line from the memory pass: {line}"));
        };
        let bad = |_| format!("unexpected line from the memory pass: {line}");
        let Some(r) = results
            .iter_mut()
            .filter(|s| s.scenario.id() == id)
            .flat_map(|s| s.rows.iter_mut())
            .find(|r| r.name() == row)
        else {
            continue;
        };
        r.client_allocations = ca.parse().map_err(bad)?;
        r.server_allocations = sa.parse().map_err(bad)?;
        r.client_heap = ch.parse().map_err(bad)?;
        r.server_heap = sh.parse().map_err(bad)?;
        r.peak_heap = peak.parse().map_err(bad)?;
        r.allocations_per_record = apr
            .parse()
            .map_err(|_| format!("unexpected line from the memory pass: {line}"))?;
    }
    Ok(())
}

/// Prices primitives on each row's provider: every job prepared once (warmed, and its batch sized
/// to about `batch_ns`), sampled a batch at a time between the timed handshakes.
struct Pricer<'a> {
    meter: &'a Meter,
    rows: &'a [RowSpec],
    batch_ns: f64,
    jobs: HashMap<(usize, Op), (Job, usize)>,
    /// Every sample of the run, for the report's price list and raw AEAD rates.
    all: HashMap<(usize, Op), Vec<f64>>,
}

impl<'a> Pricer<'a> {
    fn new(meter: &'a Meter, rows: &'a [RowSpec], batch_ns: f64) -> Self {
        Self {
            meter,
            rows,
            batch_ns,
            jobs: HashMap::new(),
            all: HashMap::new(),
        }
    }

    /// One batch of `op` on `row`'s primitives: ns per operation.
    fn sample(&mut self, row: usize, op: Op) -> f64 {
        let (meter, rows, batch_ns) = (self.meter, self.rows, self.batch_ns);
        let (job, batch) = self.jobs.entry((row, op)).or_insert_with(|| {
            let mut job = rows[row].primitives.prepare(op);
            job();
            let (_, once) = meter.measure(&mut job);
            let batch = if batch_ns <= 0.0 {
                1
            } else {
                ((batch_ns / once.ns.max(1.0)).ceil() as usize).clamp(1, 100_000)
            };
            (job, batch)
        });
        let n = *batch;
        let (_, cost) = meter.measure(|| (0..n).for_each(|_| job()));
        let ns = cost.ns / n as f64;
        self.all.entry((row, op)).or_default().push(ns);
        ns
    }

    /// The median of every sample of the run.
    fn prices(&self) -> HashMap<(usize, Op), f64> {
        self.all
            .iter()
            .map(|(k, v)| (*k, median(&mut v.clone())))
            .collect()
    }
}

/// One pair through one handshake.
fn handshake(meter: &Meter, setup: &mut dyn Setup, buffers: Buffers) -> Pair {
    let mut pair = Pair::new(meter, buffers, setup);
    pair.handshake(meter);
    setup.completed(&*pair.client);
    pair
}

fn expects_resumption(scenario: Scenario) -> bool {
    matches!(
        scenario,
        Scenario::Resumed13 { .. } | Scenario::Resumed12 { .. }
    )
}

fn run_scenario(
    meter: &Meter,
    rows: &[RowSpec],
    scenario: Scenario,
    options: &Options,
    pricer: &mut Pricer<'_>,
) -> ScenarioResult {
    let record = vec![0x61u8; RECORD];
    let resumed = expects_resumption(scenario);
    let mut results: Vec<RowResult> = Vec::new();
    let mut setups: Vec<Option<Box<dyn Setup>>> = Vec::new();
    // Handshakes per repetition, each row's.
    let mut counts: Vec<usize> = Vec::new();
    let mut buffers = Some(Buffers::default());

    // Set up, warm up (a resumption scenario's first handshake makes the session), check what
    // was negotiated, and measure memory once.
    for row in rows {
        let mut result = RowResult {
            library: row.library.into(),
            provider: row.provider.into(),
            ..RowResult::default()
        };
        let mut setup = match (row.make)(scenario) {
            Ok(setup) => setup,
            Err(why) => {
                result.skipped = Some(why);
                results.push(result);
                setups.push(None);
                counts.push(0);
                continue;
            }
        };
        let mut warm_ns = 0.0;
        for _ in 0..2 {
            let pair = handshake(meter, &mut *setup, buffers.take().expect("buffers"));
            result.negotiated = pair.client.describe();
            result.wire_bytes = pair.wire_bytes;
            warm_ns = pair.client_cost.ns + pair.server_cost.ns;
            buffers = Some(pair.into_parts().2);
        }
        let wanted = (options.rep_ns / warm_ns.max(1.0)).ceil() as usize;
        counts.push(wanted.clamp(options.handshakes, 10_000));

        // Memory, where the counting allocator is installed (the memory process).
        meter::reset_peak();
        let base = meter::heap_in_use();
        let mut pair = handshake(meter, &mut *setup, buffers.take().expect("buffers"));
        result.peak_heap = meter::peak().saturating_sub(base);
        assert_eq!(pair.client.is_resumed(), resumed, "{}", result.name());
        assert_eq!(pair.server.is_resumed(), resumed, "{}", result.name());
        result.client_allocations = pair.client_cost.allocations;
        result.server_allocations = pair.server_cost.allocations;
        if scenario.is_bulk() {
            pair.client_cost = Cost::default();
            pair.server_cost = Cost::default();
            pair.bulk(meter, options.bulk_records, &record);
            let allocations = pair.client_cost.allocations + pair.server_cost.allocations;
            result.allocations_per_record = allocations as f64 / (2 * options.bulk_records) as f64;
        }
        let (client, server, b) = pair.into_parts();
        buffers = Some(b);
        result.client_heap = meter::held_by(client);
        result.server_heap = meter::held_by(server);
        results.push(result);
        setups.push(Some(setup));
    }

    // The timed repetitions, every row in each, starting at a different row each time; after
    // each row's handshakes, one batch of each primitive its lower bound needs.
    let ops = {
        let (c, s) = scenario.work(1, options.bulk_records);
        primitives::ops_for(&[&c, &s], scenario.aead())
    };
    let mut op_samples: HashMap<(usize, Op), Vec<f64>> = HashMap::new();
    let mut samples: Vec<(Vec<f64>, Vec<f64>, Vec<f64>)> = vec![Default::default(); rows.len()];
    let reps = if options.memory_only { 0 } else { options.reps };
    for rep in 0..reps {
        for k in 0..rows.len() {
            let i = (rep + k) % rows.len();
            let Some(setup) = setups[i].as_mut() else {
                continue;
            };
            let (c, s) = if scenario.is_bulk() {
                let mut pair = handshake(meter, &mut **setup, buffers.take().expect("buffers"));
                pair.client_cost = Cost::default();
                pair.server_cost = Cost::default();
                pair.bulk(meter, options.bulk_records, &record);
                let costs = (pair.client_cost.ns, pair.server_cost.ns);
                buffers = Some(pair.into_parts().2);
                costs
            } else {
                let (mut c, mut s) = (0.0, 0.0);
                for _ in 0..counts[i] {
                    let pair = handshake(meter, &mut **setup, buffers.take().expect("buffers"));
                    debug_assert_eq!(pair.client.is_resumed(), resumed);
                    c += pair.client_cost.ns;
                    s += pair.server_cost.ns;
                    buffers = Some(pair.into_parts().2);
                }
                let n = counts[i] as f64;
                (c / n, s / n)
            };
            samples[i].0.push(c);
            samples[i].1.push(s);
            samples[i].2.push(c + s);
            for op in &ops {
                let ns = pricer.sample(i, *op);
                op_samples.entry((i, *op)).or_default().push(ns);
            }
        }
    }

    for (i, result) in results.iter_mut().enumerate() {
        if result.skipped.is_some() || options.memory_only {
            continue;
        }
        let (c, s, t) = &mut samples[i];
        result.client_ns = median(c);
        result.server_ns = median(s);
        result.total_ns = median(t);
        let (cw, sw) = scenario.work(result.wire_bytes, options.bulk_records);
        let prices: HashMap<Op, f64> = ops
            .iter()
            .map(|op| (*op, median(&mut op_samples[&(i, *op)].clone())))
            .collect();
        let price = |op: Op| prices[&op];
        result.lb_client_ns = primitives::lower_bound(&cw, scenario.aead(), price);
        result.lb_server_ns = primitives::lower_bound(&sw, scenario.aead(), price);
    }
    ScenarioResult {
        scenario,
        rows: results,
    }
}
