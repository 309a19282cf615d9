use std::sync::Arc;
use std::time::Duration;

use ferrotls_core::crypto::random::{ScriptedRandom, SeededRandom};
use ferrotls_core::crypto::rustcrypto::{default_provider, provider_with_random};
use ferrotls_core::crypto::{CryptoError, CryptoProvider};
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::resumption::{TicketSealer, TICKET_KEY_NAME_LEN};

use super::{KeyRingError, Rotation, TicketKeyRing, MAX_SECRET_LEN};

const E: u64 = 3600;
const D: u64 = 12 * 3600;
/// The start of a period.
const T0: u64 = 1_700_000_000 / E * E;

fn at(secs: u64) -> UnixTime {
    UnixTime::since_unix_epoch(Duration::from_secs(secs))
}

fn provider() -> CryptoProvider {
    default_provider()
}

fn secret(tag: u8) -> Vec<u8> {
    (0..32u8).map(|i| i.wrapping_mul(31) ^ tag).collect()
}

fn rng() -> SeededRandom {
    SeededRandom::new([3; 32])
}

fn derived(tag: u8, now: u64) -> TicketKeyRing {
    TicketKeyRing::from_secret(&provider(), &secret(tag), Rotation::default(), at(now)).unwrap()
}

#[test]
fn a_ticket_opens_through_its_keys_decrypt_window_and_not_after() {
    for ring in [
        derived(1, T0),
        TicketKeyRing::random(&provider(), Rotation::default(), at(T0)).unwrap(),
    ] {
        let ticket = ring.seal(b"state", &rng(), at(T0 + 10)).unwrap();
        // Sealing period, then every later second of the decrypt window (sampled).
        for t in [T0, T0 + E - 1, T0 + E, T0 + E + D / 2, T0 + E + D - 1] {
            assert_eq!(
                ring.open(&ticket, at(t)).as_deref().map(|p| &p[..]),
                Some(&b"state"[..]),
                "at +{}",
                t - T0
            );
        }
        assert!(ring.open(&ticket, at(T0 + E + D)).is_none());
        assert!(ring.open(&ticket, at(T0 + 10 * D)).is_none());
        let m = ring.counters().snapshot();
        let g = m.generation(T0 / E).unwrap();
        assert_eq!((g.issued, g.accepted, g.renewed), (1, 5, 3));
        assert_eq!(m.tickets_rejected, 2);
    }
}

#[test]
fn each_period_seals_under_its_own_key() {
    let ring = derived(1, T0);
    let first = ring.current_key_name(at(T0)).unwrap();
    assert_eq!(ring.current_key_name(at(T0 + E - 1)).unwrap(), first);
    let second = ring.current_key_name(at(T0 + E)).unwrap();
    assert_ne!(first, second);
    let ticket = ring.seal(b"x", &rng(), at(T0 + E)).unwrap();
    assert_eq!(ticket[..TICKET_KEY_NAME_LEN], second);
    // The ring keeps the current key, the next (derived) and the decrypt window's.
    let period = (T0 + E) / E;
    let held = ring.held_periods();
    assert_eq!(held.first(), Some(&(period - D / E)));
    assert_eq!(held.last(), Some(&(period + 1)));
}

#[test]
fn a_random_ring_makes_a_new_key_each_period_and_keeps_the_old_ones_for_opening() {
    let ring = TicketKeyRing::random(&provider(), Rotation::default(), at(T0)).unwrap();
    let mut names = Vec::new();
    let mut tickets = Vec::new();
    for i in 0..5 {
        let now = at(T0 + i * E);
        names.push(ring.current_key_name(now).unwrap());
        tickets.push(ring.seal(&[i as u8], &rng(), now).unwrap());
    }
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 5);
    for (i, t) in tickets.iter().enumerate() {
        assert_eq!(ring.open(t, at(T0 + 4 * E)).unwrap()[..], [i as u8]);
    }
    assert_eq!(ring.held_periods().len(), 5);
}

#[test]
fn two_rings_from_one_secret_agree_on_every_key_and_other_secrets_on_none() {
    // Made at different times, as servers started at different times are.
    let a = derived(1, T0);
    let b = derived(1, T0 + 100 * E);
    let c = derived(2, T0);
    let mut c_names = std::collections::HashSet::new();
    for period in (T0 / E - 500)..(T0 / E + 500) {
        let name = a.key_name_of(period).unwrap();
        assert_eq!(b.key_name_of(period), Some(name), "period {period}");
        c_names.insert(c.key_name_of(period).unwrap());
        assert_ne!(name, [0; TICKET_KEY_NAME_LEN]);
    }
    for period in (T0 / E - 500)..(T0 / E + 500) {
        assert!(!c_names.contains(&a.key_name_of(period).unwrap()));
    }
    // And tickets cross between the first two only.
    for i in 0..30 {
        let now = at(T0 + i * 997);
        let ticket = a.seal(b"shared", &rng(), now).unwrap();
        assert!(b.open(&ticket, now).is_some());
        assert!(c.open(&ticket, now).is_none());
    }
    assert_eq!(c.counters().snapshot().tickets_unknown_key, 30);
}

#[test]
fn the_encrypt_window_is_part_of_the_derivation() {
    let hourly = derived(1, T0);
    let daily = TicketKeyRing::from_secret(
        &provider(),
        &secret(1),
        Rotation::new(86_400, 86_400),
        at(T0),
    )
    .unwrap();
    assert_ne!(hourly.key_name_of(5), daily.key_name_of(5));
}

#[test]
fn a_server_whose_clock_runs_ahead_issues_tickets_the_others_open() {
    let ahead = derived(1, T0 + E);
    let behind = derived(1, T0);
    let ticket = ahead.seal(b"early", &rng(), at(T0 + E + 5)).unwrap();
    assert!(behind.open(&ticket, at(T0 + 5)).is_some());
    // Two periods ahead is too far.
    let far = ahead.seal(b"far", &rng(), at(T0 + 2 * E)).unwrap();
    assert!(behind.open(&far, at(T0 + 5)).is_none());
}

#[test]
fn tampered_tickets_count_against_their_key() {
    let ring = derived(1, T0);
    let mut ticket = ring.seal(b"state", &rng(), at(T0)).unwrap();
    let last = ticket.len() - 1;
    ticket[last] ^= 1;
    assert!(ring.open(&ticket, at(T0)).is_none());
    assert!(ring.open(b"short", at(T0)).is_none());
    let m = ring.counters().snapshot();
    assert_eq!(m.generation(T0 / E).unwrap().rejected, 1);
    assert_eq!(m.tickets_unknown_key, 1);
}

#[test]
fn weak_secrets_and_windows_are_refused() {
    let p = provider();
    let r = Rotation::default();
    assert!(matches!(
        TicketKeyRing::from_secret(&p, &[7; 31], r, at(T0)),
        Err(KeyRingError::SecretTooShort(31))
    ));
    assert!(matches!(
        TicketKeyRing::from_secret(&p, &[0; 64], r, at(T0)),
        Err(KeyRingError::SecretNotRandom)
    ));
    assert!(matches!(
        TicketKeyRing::from_secret(&p, &secret(1), Rotation::new(0, 10), at(T0)),
        Err(KeyRingError::BadRotation(_))
    ));
    assert!(matches!(
        TicketKeyRing::random(&p, Rotation::new(10, 0), at(T0)),
        Err(KeyRingError::BadRotation(_))
    ));
}

#[test]
fn the_first_key_is_never_zero_nor_made_without_randomness() {
    // A random source that yields zeros: the key would be all-zero, which is refused.
    let zeros = provider_with_random(Arc::new(ScriptedRandom::new(vec![0; 4096])));
    assert!(matches!(
        TicketKeyRing::random(&zeros, Rotation::default(), at(T0)),
        Err(KeyRingError::Crypto(CryptoError::KeyRejected(_)))
    ));
    // One that fails: no ring.
    let empty = provider_with_random(Arc::new(ScriptedRandom::new(Vec::new())));
    assert!(matches!(
        TicketKeyRing::random(&empty, Rotation::default(), at(T0)),
        Err(KeyRingError::Crypto(CryptoError::RandomUnavailable))
    ));
    // Two processes: two different first keys.
    let a = TicketKeyRing::random(&provider(), Rotation::default(), at(T0)).unwrap();
    let b = TicketKeyRing::random(&provider(), Rotation::default(), at(T0)).unwrap();
    assert_ne!(
        a.current_key_name(at(T0)).unwrap(),
        b.current_key_name(at(T0)).unwrap()
    );
}

#[test]
fn secret_files_are_read_as_they_are() {
    let dir = std::env::temp_dir().join(format!("ferrotls-ring-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("secret");
    std::fs::write(&file, secret(1)).unwrap();
    let from_file =
        TicketKeyRing::from_secret_file(&provider(), &file, Rotation::default(), at(T0)).unwrap();
    assert_eq!(from_file.key_name_of(42), derived(1, T0).key_name_of(42));
    std::fs::write(&file, vec![1u8; MAX_SECRET_LEN + 1]).unwrap();
    assert!(matches!(
        TicketKeyRing::from_secret_file(&provider(), &file, Rotation::default(), at(T0)),
        Err(KeyRingError::SecretTooLong)
    ));
    assert!(matches!(
        TicketKeyRing::from_secret_file(
            &provider(),
            &dir.join("none"),
            Rotation::default(),
            at(T0)
        ),
        Err(KeyRingError::Io(_))
    ));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_announced_lifetime_is_the_decrypt_window_and_debug_shows_no_key() {
    let ring = derived(1, T0);
    assert_eq!(ring.lifetime_hint(), D as u32);
    let text = format!("{ring:?}");
    assert!(text.starts_with("TicketKeyRing { shared: true"), "{text}");
    assert!(!text.contains("prk"), "{text}");
}

/// Counts the requests made to the random source, and the bytes drawn.
struct Counting {
    inner: SeededRandom,
    requests: std::sync::atomic::AtomicUsize,
    bytes: std::sync::atomic::AtomicUsize,
}

impl ferrotls_core::crypto::SecureRandom for Counting {
    fn fill(&self, dest: &mut [u8]) -> Result<(), CryptoError> {
        use std::sync::atomic::Ordering::Relaxed;
        self.requests.fetch_add(1, Relaxed);
        self.bytes.fetch_add(dest.len(), Relaxed);
        self.inner.fill(dest)
    }
}

#[test]
fn a_seal_draws_what_the_ring_announces_in_one_request() {
    use std::sync::atomic::Ordering::Relaxed;
    for ring in [
        derived(1, T0),
        TicketKeyRing::random(&provider(), Rotation::default(), at(T0)).unwrap(),
    ] {
        let announced = ring.seal_random_len();
        assert_eq!(announced, 12, "the AEAD sealer's nonce");
        let counting = Counting {
            inner: rng(),
            requests: Default::default(),
            bytes: Default::default(),
        };
        ring.seal(b"state", &counting, at(T0 + E + 5)).unwrap();
        assert_eq!(counting.requests.load(Relaxed), 1);
        assert_eq!(counting.bytes.load(Relaxed), announced);
    }
}
