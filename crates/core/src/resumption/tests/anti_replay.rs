//! `SingleUseAntiReplay`: single use, expiry, capacity, start-up refusal.

use alloc::sync::Arc;
use alloc::vec;
use std::thread;

use super::{at, T0};
use crate::resumption::{AntiReplay, SingleUseAntiReplay, MAX_ANTI_REPLAY_KEY_LEN};

#[test]
fn each_key_is_accepted_once() {
    let ar = SingleUseAntiReplay::new(10);
    assert!(ar.check(b"ticket-a", at(T0 + 100), at(T0)));
    assert!(!ar.check(b"ticket-a", at(T0 + 100), at(T0)));
    assert!(!ar.check(b"ticket-a", at(T0 + 200), at(T0 + 50)));
    assert!(ar.check(b"ticket-b", at(T0 + 100), at(T0)));
    assert_eq!(ar.len(), 2);
}

#[test]
fn keys_are_forgotten_when_they_expire() {
    let ar = SingleUseAntiReplay::new(10);
    assert!(ar.check(b"k", at(T0 + 10), at(T0)));
    assert!(!ar.check(b"k", at(T0 + 20), at(T0 + 9)));
    // At valid_until the key is gone (the ticket it stands for is expired by then).
    assert!(ar.check(b"k", at(T0 + 20), at(T0 + 10)));
    assert_eq!(ar.len(), 1);
}

#[test]
fn a_full_record_refuses_instead_of_forgetting() {
    let ar = SingleUseAntiReplay::new(2);
    assert!(ar.check(b"1", at(T0 + 10), at(T0)));
    assert!(ar.check(b"2", at(T0 + 20), at(T0)));
    assert!(!ar.check(b"3", at(T0 + 30), at(T0)));
    assert!(!ar.check(b"1", at(T0 + 10), at(T0)));
    // Once "1" expires there is room again, and "1" is gone.
    assert!(ar.check(b"3", at(T0 + 30), at(T0 + 10)));
    assert!(!ar.check(b"4", at(T0 + 30), at(T0 + 10)));
    assert!(SingleUseAntiReplay::new(0).is_empty());
    assert!(!SingleUseAntiReplay::new(0).check(b"1", at(T0 + 1), at(T0)));
}

#[test]
fn unusable_keys_are_refused() {
    let ar = SingleUseAntiReplay::new(10);
    assert!(!ar.check(b"", at(T0 + 10), at(T0)));
    assert!(!ar.check(&[1; MAX_ANTI_REPLAY_KEY_LEN + 1], at(T0 + 10), at(T0)));
    assert!(ar.check(&[1; MAX_ANTI_REPLAY_KEY_LEN], at(T0 + 10), at(T0)));
    // Already past its validity: nothing to protect, and no 0-RTT either.
    assert!(!ar.check(b"late", at(T0), at(T0)));
    assert_eq!(ar.len(), 1);
}

#[test]
fn start_up_window_refuses_everything() {
    let ar = SingleUseAntiReplay::new(10).refusing_until(at(T0 + 10));
    assert!(!ar.check(b"k", at(T0 + 100), at(T0)));
    assert!(!ar.check(b"k", at(T0 + 100), at(T0 + 9)));
    assert!(ar.check(b"k", at(T0 + 100), at(T0 + 10)));
}

#[test]
fn concurrent_checks_accept_a_key_once() {
    let ar = Arc::new(SingleUseAntiReplay::new(1000));
    let handles: vec::Vec<_> = (0..8)
        .map(|_| {
            let ar = Arc::clone(&ar);
            thread::spawn(move || {
                (0..100u8)
                    .filter(|i| ar.check(&[*i], at(T0 + 60), at(T0)))
                    .count()
            })
        })
        .collect();
    let accepted: usize = handles.into_iter().map(|h| h.join().unwrap()).sum();
    assert_eq!(accepted, 100);
}
