//! What the stores and the ticket key ring count, shared through one [`Counters`] and read as a
//! [`Metrics`] snapshot.
//!
//! A server builds one `Arc<Counters>` and hands it to its session store, its anti-replay record
//! and its ticket key ring (each has a `with_counters` constructor), then reads
//! [`Counters::snapshot`] whenever it wants to report: the CLI prints it on SIGINT and every
//! `--stats-every` seconds. Counting is a relaxed atomic add per event (a mutex only for the
//! per-generation ticket counts, taken once per ticket), so it costs next to nothing beside a
//! handshake; a snapshot reads each counter once and is not one atomic picture of all of them.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Ticket key generations kept apart in [`Metrics::generations`]; older ones still count in the
/// totals. Twice the generations a ring with the default windows (1 h encrypt, 12 h decrypt)
/// holds at once.
pub const GENERATIONS_KEPT: usize = 32;

/// The live counters, shared by every store and key ring of one server (`Arc<Counters>`).
#[derive(Debug, Default)]
pub struct Counters {
    hits: AtomicU64,
    misses: AtomicU64,
    evictions: AtomicU64,
    expired: AtomicU64,
    store_errors: AtomicU64,
    zero_rtt_accepted: AtomicU64,
    zero_rtt_rejected: AtomicU64,
    replays_refused: AtomicU64,
    tickets_issued: AtomicU64,
    tickets_accepted: AtomicU64,
    tickets_rejected: AtomicU64,
    tickets_unknown_key: AtomicU64,
    generations: Mutex<BTreeMap<u64, GenerationCounts>>,
}

/// A snapshot of [`Counters`]. Every field counts since the counters were made.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Metrics {
    /// Session lookups (`get`/`take`) that found a live state.
    pub hits: u64,
    /// Session lookups that found nothing (never stored, evicted, expired or already taken).
    pub misses: u64,
    /// Live states pushed out to make room (capacity reached).
    pub evictions: u64,
    /// States dropped because their lifetime was over (found expired or reaped).
    pub expired: u64,
    /// Operations the backing store could not perform (a Redis outage, a timeout): each one
    /// turned a resumption into a full handshake, or a 0-RTT flight into a rejected one.
    pub store_errors: u64,
    /// 0-RTT anti-replay checks that let early data in (first use of the key).
    pub zero_rtt_accepted: u64,
    /// 0-RTT anti-replay checks refused for another reason than a replay: the record full,
    /// the key unusable, the store unavailable, or the restart window of RFC 9846 §8.2.
    pub zero_rtt_rejected: u64,
    /// 0-RTT anti-replay checks refused because the key had been used: replays stopped.
    pub replays_refused: u64,
    /// Tickets sealed, all generations.
    pub tickets_issued: u64,
    /// Tickets opened, all generations.
    pub tickets_accepted: u64,
    /// Tickets refused, all generations, unknown key names included.
    pub tickets_rejected: u64,
    /// Tickets refused because no key of the ring has their key name (a retired key, another
    /// fleet's key, or garbage); counted in `tickets_rejected` too.
    pub tickets_unknown_key: u64,
    /// Per ticket key generation (the ring's period number), oldest first, the latest
    /// [`GENERATIONS_KEPT`] only.
    pub generations: Vec<GenerationCounts>,
}

/// Tickets of one key generation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct GenerationCounts {
    /// The key's period number (see the key ring).
    pub generation: u64,
    /// Tickets sealed under this key.
    pub issued: u64,
    /// Tickets opened under this key.
    pub accepted: u64,
    /// Of those, tickets opened after this key stopped encrypting: the server renews them.
    pub renewed: u64,
    /// Tickets with this key's name that failed to open (forged or corrupted), or that named
    /// this key after its decrypt window.
    pub rejected: u64,
}

fn add(counter: &AtomicU64) {
    counter.fetch_add(1, Ordering::Relaxed);
}

impl Counters {
    /// Counters at zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// A lookup found a live state.
    pub fn hit(&self) {
        add(&self.hits);
    }

    /// A lookup found nothing.
    pub fn miss(&self) {
        add(&self.misses);
    }

    /// A live state was evicted for room.
    pub fn eviction(&self) {
        add(&self.evictions);
    }

    /// An expired state was dropped.
    pub fn expiry(&self) {
        add(&self.expired);
    }

    /// The backing store failed an operation.
    pub fn store_error(&self) {
        add(&self.store_errors);
    }

    /// Anti-replay let a 0-RTT flight in.
    pub fn zero_rtt_accepted(&self) {
        add(&self.zero_rtt_accepted);
    }

    /// Anti-replay refused a 0-RTT flight for another reason than a replay.
    pub fn zero_rtt_rejected(&self) {
        add(&self.zero_rtt_rejected);
    }

    /// Anti-replay refused a replayed 0-RTT flight.
    pub fn replay_refused(&self) {
        add(&self.replays_refused);
    }

    /// A ticket was sealed under `generation`'s key.
    pub fn ticket_issued(&self, generation: u64) {
        add(&self.tickets_issued);
        self.generation(generation, |g| g.issued += 1);
    }

    /// A ticket opened under `generation`'s key; `renew` if that key no longer encrypts.
    pub fn ticket_accepted(&self, generation: u64, renew: bool) {
        add(&self.tickets_accepted);
        self.generation(generation, |g| {
            g.accepted += 1;
            g.renewed += u64::from(renew);
        });
    }

    /// A ticket was refused: under a known key (`Some(generation)`) or an unknown one.
    pub fn ticket_rejected(&self, generation: Option<u64>) {
        add(&self.tickets_rejected);
        match generation {
            Some(generation) => self.generation(generation, |g| g.rejected += 1),
            None => add(&self.tickets_unknown_key),
        }
    }

    fn generation(&self, generation: u64, update: impl FnOnce(&mut GenerationCounts)) {
        let mut map = self.lock();
        let entry = map.entry(generation).or_insert(GenerationCounts {
            generation,
            ..GenerationCounts::default()
        });
        update(entry);
        while map.len() > GENERATIONS_KEPT {
            map.pop_first();
        }
    }

    /// Every update completes before anything could panic, so a poisoned map is consistent.
    fn lock(&self) -> MutexGuard<'_, BTreeMap<u64, GenerationCounts>> {
        self.generations
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The counters as they are now.
    pub fn snapshot(&self) -> Metrics {
        let load = |c: &AtomicU64| c.load(Ordering::Relaxed);
        Metrics {
            hits: load(&self.hits),
            misses: load(&self.misses),
            evictions: load(&self.evictions),
            expired: load(&self.expired),
            store_errors: load(&self.store_errors),
            zero_rtt_accepted: load(&self.zero_rtt_accepted),
            zero_rtt_rejected: load(&self.zero_rtt_rejected),
            replays_refused: load(&self.replays_refused),
            tickets_issued: load(&self.tickets_issued),
            tickets_accepted: load(&self.tickets_accepted),
            tickets_rejected: load(&self.tickets_rejected),
            tickets_unknown_key: load(&self.tickets_unknown_key),
            generations: self.lock().values().copied().collect(),
        }
    }
}

impl Metrics {
    /// The counts of one key generation, if it is among the kept ones and saw a ticket.
    pub fn generation(&self, generation: u64) -> Option<&GenerationCounts> {
        self.generations.iter().find(|g| g.generation == generation)
    }
}

/// One line of `name=value` pairs, then one `generation N: ...` line per kept generation:
/// what the CLI prints.
impl fmt::Display for Metrics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "hits={} misses={} evictions={} expired={} store_errors={} \
             0rtt_accepted={} 0rtt_rejected={} replays_refused={} \
             tickets_issued={} tickets_accepted={} tickets_rejected={} tickets_unknown_key={}",
            self.hits,
            self.misses,
            self.evictions,
            self.expired,
            self.store_errors,
            self.zero_rtt_accepted,
            self.zero_rtt_rejected,
            self.replays_refused,
            self.tickets_issued,
            self.tickets_accepted,
            self.tickets_rejected,
            self.tickets_unknown_key,
        )?;
        for g in &self.generations {
            write!(
                f,
                "\ngeneration {}: issued={} accepted={} renewed={} rejected={}",
                g.generation, g.issued, g.accepted, g.renewed, g.rejected
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_land_in_their_fields() {
        let c = Counters::new();
        c.hit();
        c.hit();
        c.miss();
        c.eviction();
        c.expiry();
        c.store_error();
        c.zero_rtt_accepted();
        c.zero_rtt_rejected();
        c.replay_refused();
        c.replay_refused();
        let m = c.snapshot();
        assert_eq!(
            (m.hits, m.misses, m.evictions, m.expired, m.store_errors),
            (2, 1, 1, 1, 1)
        );
        assert_eq!(
            (m.zero_rtt_accepted, m.zero_rtt_rejected, m.replays_refused),
            (1, 1, 2)
        );
        assert!(m.generations.is_empty());
    }

    #[test]
    fn tickets_count_per_generation_and_in_total() {
        let c = Counters::new();
        c.ticket_issued(7);
        c.ticket_issued(8);
        c.ticket_accepted(7, true);
        c.ticket_accepted(8, false);
        c.ticket_rejected(Some(7));
        c.ticket_rejected(None);
        let m = c.snapshot();
        assert_eq!(
            (m.tickets_issued, m.tickets_accepted, m.tickets_rejected),
            (2, 2, 2)
        );
        assert_eq!(m.tickets_unknown_key, 1);
        let g7 = m.generation(7).unwrap();
        assert_eq!(
            (g7.issued, g7.accepted, g7.renewed, g7.rejected),
            (1, 1, 1, 1)
        );
        let g8 = m.generation(8).unwrap();
        assert_eq!(
            (g8.issued, g8.accepted, g8.renewed, g8.rejected),
            (1, 1, 0, 0)
        );
        assert_eq!(m.generations.len(), 2);
        assert_eq!(m.generations[0].generation, 7);
    }

    #[test]
    fn only_the_latest_generations_are_kept_but_totals_keep_everything() {
        let c = Counters::new();
        for generation in 0..(GENERATIONS_KEPT as u64 + 10) {
            c.ticket_issued(generation);
        }
        let m = c.snapshot();
        assert_eq!(m.generations.len(), GENERATIONS_KEPT);
        assert_eq!(m.generations[0].generation, 10);
        assert!(m.generation(9).is_none());
        assert_eq!(m.tickets_issued, GENERATIONS_KEPT as u64 + 10);
    }

    #[test]
    fn display_names_every_counter() {
        let c = Counters::new();
        c.hit();
        c.ticket_issued(3);
        let text = c.snapshot().to_string();
        assert!(text.starts_with("hits=1 misses=0 "), "{text}");
        assert!(text.contains("tickets_issued=1"), "{text}");
        assert!(
            text.ends_with("\ngeneration 3: issued=1 accepted=0 renewed=0 rejected=0"),
            "{text}"
        );
    }

    #[test]
    fn counters_are_shared_across_threads() {
        let c = std::sync::Arc::new(Counters::new());
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let c = c.clone();
                std::thread::spawn(move || {
                    for _ in 0..1000 {
                        c.hit();
                        c.ticket_issued(1);
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let m = c.snapshot();
        assert_eq!(m.hits, 4000);
        assert_eq!(m.generation(1).unwrap().issued, 4000);
    }
}
