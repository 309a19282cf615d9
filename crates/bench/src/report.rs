//! The run as Markdown tables (one per scenario, then the raw AEAD rates and the issue's
//! targets) or as JSON.

use std::fmt::Write;

use crate::run::{RowResult, RunResult, ScenarioResult};
use crate::scenario::{Scenario, RECORD};

fn us(ns: f64) -> String {
    format!("{:.1}", ns / 1e3)
}

fn kib(bytes: usize) -> String {
    format!("{:.1}", bytes as f64 / 1024.0)
}

/// Bytes moved by one repetition of a bulk scenario: records each way, both ways.
fn bulk_bytes(run: &RunResult) -> f64 {
    (2 * run.options.bulk_records * RECORD) as f64
}

fn mb_per_s(bytes: f64, ns: f64) -> f64 {
    bytes / ns * 1e3
}

/// The rustls rows of a scenario that ran.
fn peers(s: &ScenarioResult) -> Vec<&RowResult> {
    s.rows
        .iter()
        .filter(|r| r.library == "rustls" && r.skipped.is_none())
        .collect()
}

/// rustls on the same provider as `row`.
fn same_provider<'a>(s: &'a ScenarioResult, row: &RowResult) -> Option<&'a RowResult> {
    peers(s).into_iter().find(|p| p.provider == row.provider)
}

pub fn markdown(run: &RunResult) -> String {
    let mut out = String::new();
    let o = &run.options;
    let _ = writeln!(out, "# ferrotls-bench\n");
    let _ = writeln!(
        out,
        "Machine: {}. Thread CPU time, medians of {} repetitions (each row's share of one: at \
         least {} handshakes and {:.0} ms; bulk: {} records of 16 KiB each way); clock cost \
         {:.0} ns per span, taken off. Ratios are of time: below 1 is faster. `× LB`: time over \
         the crypto lower bound of the same work on the same provider; overhead: time minus \
         that bound. Memory: the counting allocator's process (`ferrotls-bench-memory`).\n",
        run.machine,
        o.reps,
        o.handshakes,
        o.rep_ns / 1e6,
        o.bulk_records,
        run.clock_overhead_ns
    );
    if let Some(why) = &run.memory_missing {
        let _ = writeln!(out, "Memory columns not measured: {why}.\n");
    }
    out.push_str(&summary(run));
    for s in &run.scenarios {
        scenario_table(&mut out, run, s);
    }
    aead_table(&mut out, run);
    targets(&mut out, run);
    out
}

/// One line per scenario: each row's total CPU time (µs per handshake) or bulk rate (MB/s), and
/// each ferrotls row's time over its lower bound.
pub fn summary(run: &RunResult) -> String {
    let mut out = String::new();
    let Some(first) = run.scenarios.first() else {
        return out;
    };
    let mut header = String::from("| scenario |");
    let mut rule = String::from("|---|");
    for r in &first.rows {
        let _ = write!(header, " {} |", r.name());
        rule.push_str("---:|");
    }
    let ours: Vec<usize> = (0..first.rows.len())
        .filter(|i| first.rows[*i].library == "ferrotls")
        .collect();
    for i in &ours {
        let _ = write!(header, " {} × LB |", first.rows[*i].name());
        rule.push_str("---:|");
    }
    let _ = writeln!(
        out,
        "## Summary: µs per handshake, client and server together (bulk: MB/s)\n\n{header}\n{rule}"
    );
    for s in &run.scenarios {
        let mut line = format!("| {} |", s.scenario.id());
        for r in &s.rows {
            if r.skipped.is_some() {
                line.push_str(" - |");
            } else if s.scenario.is_bulk() {
                let _ = write!(line, " {:.0} |", mb_per_s(bulk_bytes(run), r.total_ns));
            } else {
                let _ = write!(line, " {} |", us(r.total_ns));
            }
        }
        for i in &ours {
            let r = &s.rows[*i];
            let _ = write!(line, " {:.3} |", r.total_ns / r.lb_total_ns());
        }
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');
    out
}

fn scenario_table(out: &mut String, run: &RunResult, s: &ScenarioResult) {
    let bulk = s.scenario.is_bulk();
    let peers = peers(s);
    let _ = writeln!(out, "## {}\n", s.scenario.title());
    let mut header = String::from("| row | client µs | server µs | total µs |");
    let mut rule = String::from("|---|---:|---:|---:|");
    if bulk {
        header.push_str(" MB/s | raw AEAD MB/s | × LB |");
        rule.push_str("---:|---:|---:|");
    } else {
        header.push_str(" lower bound µs | × LB | overhead µs |");
        rule.push_str("---:|---:|---:|");
    }
    for p in &peers {
        let _ = write!(header, " vs rustls/{} |", p.provider);
        rule.push_str("---:|");
    }
    if bulk {
        header.push_str(" allocs/record | heap after, client/server KiB |");
        rule.push_str("---:|---:|");
    } else {
        header.push_str(" allocs client/server | idle heap client/server KiB | peak KiB |");
        rule.push_str("---:|---:|---:|");
    }
    let _ = writeln!(out, "{header}\n{rule}");
    for r in &s.rows {
        if let Some(why) = &r.skipped {
            let _ = writeln!(out, "| {} | not run: {why} |", r.name());
            continue;
        }
        let mut line = format!(
            "| {} | {} | {} | {} |",
            r.name(),
            us(r.client_ns),
            us(r.server_ns),
            us(r.total_ns)
        );
        let lb = r.lb_total_ns();
        if bulk {
            let bytes = bulk_bytes(run);
            let _ = write!(
                line,
                " {:.0} | {:.0} | {:.3} |",
                mb_per_s(bytes, r.total_ns),
                mb_per_s(bytes, lb),
                r.total_ns / lb
            );
        } else {
            let _ = write!(
                line,
                " {} | {:.3} | {} |",
                us(lb),
                r.total_ns / lb,
                us(r.total_ns - lb)
            );
        }
        for p in &peers {
            let _ = write!(line, " {:.3} |", r.total_ns / p.total_ns);
        }
        if bulk {
            let _ = write!(
                line,
                " {:.2} | {} / {} |",
                r.allocations_per_record,
                kib(r.client_heap),
                kib(r.server_heap)
            );
        } else {
            let _ = write!(
                line,
                " {} / {} | {} / {} | {} |",
                r.client_allocations,
                r.server_allocations,
                kib(r.client_heap),
                kib(r.server_heap),
                kib(r.peak_heap)
            );
        }
        let _ = writeln!(out, "{line}");
    }
    let negotiated: Vec<String> = s
        .rows
        .iter()
        .filter(|r| r.skipped.is_none())
        .map(|r| format!("{}: {}", r.name(), r.negotiated))
        .collect();
    let _ = writeln!(out, "\nNegotiated: {}.", negotiated.join("; "));
    if bulk {
        let _ = writeln!(out, "\nAPIs: {BULK_APIS}");
    }
    out.push('\n');
}

/// How each library moves bulk data, printed under every bulk table.
const BULK_APIS: &str = "ferrotls, through its fastest public API, seals each record from the \
application's data straight into the wire buffer (`Connection::send_layout` / `seal_into`: the \
encryption reads the data where it lies; aws-lc-rs, and RustCrypto in TLS 1.2, encrypt from one \
buffer into the other, ring and RustCrypto's TLS 1.3 copy the data in first) and opens records \
where they arrive (`handle_tls_in_place`: no copy); rustls, through its buffered API, takes the \
data with `writer().write_all` and hands records out with `write_tls` (buffered) and reads with \
`read_tls` / `process_new_packets` and borrows the plaintext with `reader().fill_buf()` / \
`consume` (its `BufRead`: no copy out). Both write into the driver's reused wire buffers.";

fn aead_table(out: &mut String, run: &RunResult) {
    if run.aead_rates.is_empty() {
        return;
    }
    let _ = writeln!(
        out,
        "## Raw AEAD: one 16 KiB record sealed and opened, MB/s\n\n| primitives | AEAD | MB/s |\n|---|---|---:|"
    );
    for r in &run.aead_rates {
        let _ = writeln!(out, "| {} | {} | {:.0} |", r.primitives, r.aead, r.mb_per_s);
    }
    let _ = writeln!(out);
}

/// One target checked for one ferrotls row in one scenario.
struct Check {
    target: &'static str,
    scenario: String,
    row: String,
    figure: String,
    met: bool,
}

fn checks(run: &RunResult) -> Vec<Check> {
    let mut checks = Vec::new();
    let fastest_ferro = |s: &ScenarioResult| {
        s.rows
            .iter()
            .filter(|r| r.library == "ferrotls" && r.skipped.is_none())
            .min_by(|a, b| a.total_ns.total_cmp(&b.total_ns))
            .cloned()
    };
    for s in &run.scenarios {
        let id = s.scenario.id();
        let handshake = !s.scenario.is_bulk();
        let full = matches!(
            s.scenario,
            Scenario::Full13 { .. } | Scenario::Full12 { .. }
        );
        for r in s.rows.iter().filter(|r| r.library == "ferrotls") {
            if r.skipped.is_some() {
                continue;
            }
            let lb = r.lb_total_ns();
            let mut check = |target, figure: String, met| {
                checks.push(Check {
                    target,
                    scenario: id.clone(),
                    row: r.name(),
                    figure,
                    met,
                })
            };
            let peer = same_provider(s, r);
            if handshake {
                if let Some(p) = peer {
                    let ours = r.total_ns - lb;
                    let theirs = p.total_ns - p.lb_total_ns();
                    check(
                        "protocol overhead ≤ 0.5× rustls's (same provider)",
                        format!(
                            "{:.2}× ({} µs vs {} µs)",
                            ours / theirs,
                            us(ours),
                            us(theirs)
                        ),
                        ours <= 0.5 * theirs,
                    );
                    let allocs = (r.client_allocations + r.server_allocations) as f64;
                    let peer_allocs = (p.client_allocations + p.server_allocations) as f64;
                    check(
                        "allocations per handshake ≤ 0.7× rustls's",
                        format!("{:.2}× ({allocs} vs {peer_allocs})", allocs / peer_allocs),
                        allocs <= 0.7 * peer_allocs,
                    );
                    let heap = (r.client_heap + r.server_heap) as f64;
                    let peer_heap = (p.client_heap + p.server_heap) as f64;
                    check(
                        "heap per idle connection ≤ 0.6× rustls's",
                        format!(
                            "{:.2}× ({} vs {} KiB)",
                            heap / peer_heap,
                            kib(heap as usize),
                            kib(peer_heap as usize)
                        ),
                        heap <= 0.6 * peer_heap,
                    );
                    if matches!(s.scenario, Scenario::Resumed12 { .. }) {
                        let speed = p.total_ns / r.total_ns;
                        check(
                            "TLS 1.2 resumption ≥ 1.5× rustls's handshakes/s",
                            format!("{speed:.2}×"),
                            speed >= 1.5,
                        );
                    }
                }
                if full {
                    check(
                        "full handshake ≤ 1.05× the lower bound",
                        format!("{:.3}×", r.total_ns / lb),
                        r.total_ns <= 1.05 * lb,
                    );
                }
            } else {
                check(
                    "bulk ≥ 0.97× the raw AEAD seal+open rate",
                    format!("{:.3}×", lb / r.total_ns),
                    lb / r.total_ns >= 0.97,
                );
                if let Some(p) = peer {
                    check(
                        "bulk above rustls's on the same provider",
                        format!("{:.3}× rustls's rate", p.total_ns / r.total_ns),
                        r.total_ns < p.total_ns,
                    );
                }
            }
        }
        if let (Some(best), Some(aws)) = (
            fastest_ferro(s),
            peers(s).into_iter().find(|p| p.provider == "aws-lc-rs"),
        ) {
            checks.push(Check {
                target: "fastest provider at or above rustls on aws-lc-rs",
                scenario: id.clone(),
                row: best.name(),
                figure: format!(
                    "{:.2}× rustls/aws-lc-rs's time",
                    best.total_ns / aws.total_ns
                ),
                met: best.total_ns <= aws.total_ns,
            });
        }
    }
    checks
}

fn targets(out: &mut String, run: &RunResult) {
    let checks = checks(run);
    let met = checks.iter().filter(|c| c.met).count();
    let _ = writeln!(
        out,
        "## Targets (issue 15): {met} of {} met\n\n| target | scenario | row | figure | met |\n|---|---|---|---|---|",
        checks.len()
    );
    for c in &checks {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            c.target,
            c.scenario,
            c.row,
            c.figure,
            if c.met { "yes" } else { "**no**" }
        );
    }
}

/// A JSON string literal.
fn js(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON number (finite; NaN and infinities, from a zero lower bound, become null).
fn jn(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.1}")
    } else {
        "null".into()
    }
}

pub fn json(run: &RunResult) -> String {
    let mut out = String::new();
    let o = &run.options;
    let _ = write!(
        out,
        "{{\"machine\":{},\"reps\":{},\"handshakes_per_rep\":{},\"bulk_records\":{},\"clock_overhead_ns\":{},\"scenarios\":[",
        js(&run.machine),
        o.reps,
        o.handshakes,
        o.bulk_records,
        jn(run.clock_overhead_ns)
    );
    for (i, s) in run.scenarios.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "{{\"id\":{},\"title\":{},\"bulk\":{},\"rows\":[",
            js(&s.scenario.id()),
            js(&s.scenario.title()),
            s.scenario.is_bulk()
        );
        for (j, r) in s.rows.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            let _ = write!(
                out,
                "{{\"library\":{},\"provider\":{}",
                js(&r.library),
                js(&r.provider)
            );
            match &r.skipped {
                Some(why) => {
                    let _ = write!(out, ",\"skipped\":{}}}", js(why));
                }
                None => {
                    let _ = write!(
                        out,
                        ",\"negotiated\":{},\"client_ns\":{},\"server_ns\":{},\"total_ns\":{},\"lower_bound_client_ns\":{},\"lower_bound_server_ns\":{},\"client_allocations\":{},\"server_allocations\":{},\"client_heap_bytes\":{},\"server_heap_bytes\":{},\"peak_heap_bytes\":{},\"allocations_per_record\":{},\"wire_bytes\":{}}}",
                        js(&r.negotiated),
                        jn(r.client_ns),
                        jn(r.server_ns),
                        jn(r.total_ns),
                        jn(r.lb_client_ns),
                        jn(r.lb_server_ns),
                        r.client_allocations,
                        r.server_allocations,
                        r.client_heap,
                        r.server_heap,
                        r.peak_heap,
                        jn(r.allocations_per_record),
                        r.wire_bytes
                    );
                }
            }
        }
        out.push_str("]}");
    }
    out.push_str("],\"memory_missing\":");
    out.push_str(&run.memory_missing.as_deref().map_or("null".into(), js));
    out.push_str(",\"aead_rates\":[");
    for (i, r) in run.aead_rates.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "{{\"primitives\":{},\"aead\":{},\"mb_per_s\":{}}}",
            js(&r.primitives),
            js(r.aead),
            jn(r.mb_per_s)
        );
    }
    out.push_str("],\"primitive_prices_ns\":[");
    for (i, (row, op, ns)) in run.prices.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "{{\"primitives\":{},\"op\":{},\"ns\":{}}}",
            js(row),
            js(op),
            jn(*ns)
        );
    }
    out.push_str("],\"targets\":[");
    for (i, c) in checks(run).iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            "{{\"target\":{},\"scenario\":{},\"row\":{},\"figure\":{},\"met\":{}}}",
            js(c.target),
            js(&c.scenario),
            js(&c.row),
            js(&c.figure),
            c.met
        );
    }
    out.push_str("]}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_and_numbers() {
        assert_eq!(js("a\"b\\c\n"), "\"a\\\"b\\\\c\\u000a\"");
        assert_eq!(jn(1.25), "1.2");
        assert_eq!(jn(f64::INFINITY), "null");
    }
}
