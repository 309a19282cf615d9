//! Thread CPU time (`cpu-time`: `clock_gettime(CLOCK_THREAD_CPUTIME_ID)`) and the counting
//! allocator (`stats_alloc` for counts, around `peak_alloc` for the bytes in use and their
//! peak).
//!
//! The counting allocator is [`COUNTING`], installed as the global allocator by the
//! `ferrotls-bench-memory` binary only: counting costs about 33 ns per allocation and free on
//! this machine (a few atomic read-modify-writes), a sixth of a TLS 1.2 resumption's time, so the
//! timing process runs on the plain system allocator and the memory figures come from that
//! child process. Without it installed, every count here is zero.

use cpu_time::ThreadTime;
use peak_alloc::PeakAlloc;
use stats_alloc::StatsAlloc;

/// The counting allocator, for a binary to install with
/// `#[global_allocator] static A: &StatsAlloc<PeakAlloc> = &COUNTING;`.
pub static COUNTING: StatsAlloc<PeakAlloc> = StatsAlloc::new(PeakAlloc);

/// Whether [`COUNTING`] is this process's allocator (it has counted something by now).
pub fn counting() -> bool {
    COUNTING.stats().allocations > 0
}

/// What one side spent: CPU time and trips to the allocator (a reallocation counts: it is a trip
/// too, as in tests/handshake_allocations.rs).
#[derive(Clone, Copy, Debug, Default)]
pub struct Cost {
    pub ns: f64,
    pub allocations: u64,
}

impl Cost {
    pub fn add(&mut self, other: Cost) {
        self.ns += other.ns;
        self.allocations += other.allocations;
    }
}

fn allocations() -> u64 {
    let s = COUNTING.stats();
    (s.allocations + s.reallocations) as u64
}

/// Bytes on the heap now.
pub fn heap_in_use() -> usize {
    PeakAlloc.current_usage()
}

/// Start watching the peak from what is in use now.
pub fn reset_peak() {
    PeakAlloc.reset_peak_usage();
}

/// The highest heap use since [`reset_peak`].
pub fn peak() -> usize {
    PeakAlloc.peak_usage()
}

/// Heap bytes that dropping `value` gives back: what it held.
pub fn held_by<T>(value: T) -> usize {
    let before = heap_in_use();
    drop(value);
    before.saturating_sub(heap_in_use())
}

/// The clock, with its own cost measured so that it can be taken off every span: a thread
/// CPU-time read is a system call (no vDSO), a few hundred nanoseconds, which is not small
/// next to a resumed handshake's steps.
#[derive(Clone, Copy, Debug)]
pub struct Meter {
    overhead_ns: f64,
}

impl Meter {
    pub fn calibrate() -> Self {
        let mut meter = Self { overhead_ns: 0.0 };
        let mut spans: Vec<f64> = (0..2001).map(|_| meter.measure(|| ()).1.ns).collect();
        meter.overhead_ns = median(&mut spans);
        meter
    }

    /// The clock's own cost per span, already taken off.
    pub fn overhead_ns(&self) -> f64 {
        self.overhead_ns
    }

    /// Run `f`, returning what it returns and what it cost.
    pub fn measure<T>(&self, f: impl FnOnce() -> T) -> (T, Cost) {
        let allocs = allocations();
        let start = ThreadTime::now();
        let out = f();
        let elapsed = start.elapsed();
        let allocs = allocations() - allocs;
        let ns = (elapsed.as_nanos() as f64 - self.overhead_ns).max(0.0);
        (
            out,
            Cost {
                ns,
                allocations: allocs,
            },
        )
    }

    /// Run `f` and add its cost to `cost`.
    pub fn charge<T>(&self, cost: &mut Cost, f: impl FnOnce() -> T) -> T {
        let (out, spent) = self.measure(f);
        cost.add(spent);
        out
    }
}

/// The median of `values` (sorted in place); 0 for none.
pub fn median(values: &mut [f64]) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(median(&mut []), 0.0);
    }

    #[test]
    fn without_the_counting_allocator_nothing_is_counted() {
        let meter = Meter::calibrate();
        let (v, cost) = meter.measure(|| vec![0u8; 4096]);
        assert!(!counting());
        assert_eq!(cost.allocations, 0);
        assert_eq!(held_by(v), 0);
    }
}
