//! RFC 8446 §8.3 freshness: the client's ticket age against the server's.

use alloc::vec;

use super::{at, tls13_params, T0};
use crate::resumption::{replay_window_end, ticket_age_is_fresh, ServerSessionState};

fn state(age_add: u32) -> ServerSessionState {
    ServerSessionState::tls13(tls13_params(), vec![1], at(T0), 3600, age_add, 16384).unwrap()
}

#[test]
fn ages_within_the_tolerance_plus_a_second_are_fresh() {
    let s = state(0x8000_0000);
    let obf = |age_ms: u32| age_ms.wrapping_add(0x8000_0000);
    // Ten seconds after issue, with a 2 s tolerance (+1 s clock resolution): 7..13 s pass.
    let now = at(T0 + 10);
    assert!(ticket_age_is_fresh(&s, obf(10_000), now, 2000));
    assert!(ticket_age_is_fresh(&s, obf(7_000), now, 2000));
    assert!(ticket_age_is_fresh(&s, obf(13_000), now, 2000));
    assert!(!ticket_age_is_fresh(&s, obf(6_999), now, 2000));
    assert!(!ticket_age_is_fresh(&s, obf(13_001), now, 2000));
    // The replayed age of an old ClientHello is stale later on.
    assert!(!ticket_age_is_fresh(&s, obf(10_000), at(T0 + 20), 2000));
}

#[test]
fn obfuscation_wraps_modulo_2_32() {
    let s = state(u32::MAX);
    // age 5000 ms + (2^32 - 1) = 4999 mod 2^32.
    assert!(ticket_age_is_fresh(&s, 4999, at(T0 + 5), 0));
    assert!(!ticket_age_is_fresh(&s, 5000 + 2000, at(T0 + 5), 0));
}

#[test]
fn tickets_from_the_future_are_not_fresh() {
    let s = state(0);
    assert!(!ticket_age_is_fresh(&s, 0, at(T0 - 1), 10_000));
    assert!(ticket_age_is_fresh(&s, 0, at(T0), 0));
}

#[test]
fn the_replay_window_ends_when_freshness_does() {
    let s = state(7);
    let tolerance = 2000;
    for age_ms in [0u32, 999, 1000, 10_000, 12_345] {
        let obf = age_ms.wrapping_add(7);
        let end = replay_window_end(&s, obf, tolerance);
        // Fresh at every second before `end`, never at or after it.
        let first_fresh = (T0..end.as_secs())
            .find(|&t| ticket_age_is_fresh(&s, obf, at(t), tolerance))
            .unwrap();
        for t in first_fresh..end.as_secs() {
            assert!(
                ticket_age_is_fresh(&s, obf, at(t), tolerance),
                "{age_ms} at {t}"
            );
        }
        for t in end.as_secs()..end.as_secs() + 5 {
            assert!(
                !ticket_age_is_fresh(&s, obf, at(t), tolerance),
                "{age_ms} at {t}"
            );
        }
    }
}
