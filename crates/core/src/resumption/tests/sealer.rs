//! `AeadTicketSealer`: round trips, tampering, foreign tickets, limits.

use alloc::format;
use alloc::sync::Arc;
use alloc::vec;

use ferrotls_crypto::random::{ScriptedRandom, SeededRandom};
use ferrotls_crypto::rustcrypto::provider_with_random;
use ferrotls_crypto::{CryptoError, CryptoProvider};

use super::{at, every_state, T0};
use crate::resumption::{
    AeadTicketSealer, SealError, ServerSessionState, TicketSealer, TICKET_KEY_LEN,
    TICKET_KEY_NAME_LEN, TICKET_OVERHEAD,
};

fn provider(seed: u8) -> CryptoProvider {
    provider_with_random(Arc::new(SeededRandom::new([seed; 32])))
}

#[test]
fn seal_open_round_trip_carries_a_server_state() {
    let sealer = AeadTicketSealer::new(&provider(1), 3600).unwrap();
    let rng = SeededRandom::new([2; 32]);
    assert_eq!(sealer.lifetime_hint(), 3600);
    for state in every_state() {
        let plaintext = state.to_bytes();
        let ticket = sealer.seal(&plaintext, &rng, at(T0)).unwrap();
        assert_eq!(ticket.len(), plaintext.len() + TICKET_OVERHEAD);
        assert_eq!(&ticket[..TICKET_KEY_NAME_LEN], sealer.key_name());
        // The plaintext does not appear in the ticket.
        assert!(!ticket.windows(8).any(|w| w == &plaintext[26..34]));
        let opened = sealer.open(&ticket, at(T0)).unwrap();
        assert_eq!(*opened, *plaintext);
        assert_eq!(
            ServerSessionState::from_bytes(&opened, at(T0)).unwrap(),
            state
        );
    }
    // The empty plaintext works too.
    let ticket = sealer.seal(&[], &rng, at(T0)).unwrap();
    assert_eq!(sealer.open(&ticket, at(T0)).unwrap().len(), 0);
}

#[test]
fn nonces_differ_between_tickets() {
    let sealer = AeadTicketSealer::new(&provider(1), 60).unwrap();
    let rng = SeededRandom::new([3; 32]);
    let a = sealer.seal(b"same", &rng, at(T0)).unwrap();
    let b = sealer.seal(b"same", &rng, at(T0)).unwrap();
    assert_ne!(a, b);
    assert_eq!(*sealer.open(&a, at(T0)).unwrap(), *b"same");
    assert_eq!(*sealer.open(&b, at(T0)).unwrap(), *b"same");
}

#[test]
fn every_tampered_byte_is_refused() {
    let sealer = AeadTicketSealer::new(&provider(1), 60).unwrap();
    let ticket = sealer
        .seal(
            &every_state()[0].to_bytes(),
            &SeededRandom::new([4; 32]),
            at(T0),
        )
        .unwrap();
    let mut buf = ticket.clone();
    for pos in 0..buf.len() {
        for flip in [0x01, 0x80, 0xff] {
            buf[pos] ^= flip;
            assert!(
                sealer.open(&buf, at(T0)).is_none(),
                "byte {pos} ^ {flip:#x}"
            );
            buf[pos] ^= flip;
        }
    }
    for len in 0..ticket.len() {
        assert!(
            sealer.open(&ticket[..len], at(T0)).is_none(),
            "prefix of {len}"
        );
    }
    let mut longer = ticket.clone();
    longer.push(0);
    assert!(sealer.open(&longer, at(T0)).is_none());
    assert!(sealer.open(&vec![0u8; 70_000], at(T0)).is_none());
    assert!(sealer.open(&ticket, at(T0)).is_some());
}

#[test]
fn another_instance_cannot_open() {
    let a = AeadTicketSealer::new(&provider(1), 60).unwrap();
    let b = AeadTicketSealer::new(&provider(9), 60).unwrap();
    assert_ne!(a.key_name(), b.key_name());
    let ticket = a
        .seal(b"state", &SeededRandom::new([5; 32]), at(T0))
        .unwrap();
    assert!(b.open(&ticket, at(T0)).is_none());
    // Even with a's key name in front, b's key does not authenticate it.
    let mut renamed = ticket.clone();
    renamed[..TICKET_KEY_NAME_LEN].copy_from_slice(b.key_name());
    assert!(b.open(&renamed, at(T0)).is_none());
}

#[test]
fn tickets_fit_the_tls_ticket_field() {
    let sealer = AeadTicketSealer::new(&provider(1), 60).unwrap();
    let rng = SeededRandom::new([6; 32]);
    let max = 0xffff - TICKET_OVERHEAD;
    let ticket = sealer.seal(&vec![1; max], &rng, at(T0)).unwrap();
    assert_eq!(ticket.len(), 0xffff);
    assert_eq!(sealer.open(&ticket, at(T0)).unwrap().len(), max);
    assert_eq!(
        sealer.seal(&vec![1; max + 1], &rng, at(T0)),
        Err(SealError::TooLong)
    );
}

#[test]
fn random_failures_are_reported() {
    // Key name (16) and key (32) need 48 bytes; 47 is one short.
    let short = provider_with_random(Arc::new(ScriptedRandom::new(vec![0u8; 47])));
    assert_eq!(
        AeadTicketSealer::new(&short, 60).unwrap_err(),
        CryptoError::RandomUnavailable
    );
    let sealer = AeadTicketSealer::new(&provider(1), 60).unwrap();
    assert_eq!(
        sealer.seal(b"x", &ScriptedRandom::new(vec![0u8; 11]), at(T0)),
        Err(SealError::Crypto(CryptoError::RandomUnavailable))
    );
}

#[test]
fn the_key_retires_after_its_nonce_budget() {
    let sealer = AeadTicketSealer::new(&provider(1), 60)
        .unwrap()
        .with_seal_budget(2);
    let rng = SeededRandom::new([7; 32]);
    assert!(sealer.seal(b"1", &rng, at(T0)).is_ok());
    assert!(sealer.seal(b"2", &rng, at(T0)).is_ok());
    assert_eq!(
        sealer.seal(b"3", &rng, at(T0)),
        Err(SealError::KeyExhausted)
    );
}

#[test]
fn debug_shows_no_key() {
    let sealer = AeadTicketSealer::new(&provider(1), 60).unwrap();
    let text = format!("{sealer:?}");
    assert!(text.starts_with("AeadTicketSealer { key_name: "), "{text}");
    assert!(text.contains("lifetime_hint: 60"));
}

#[test]
fn sealers_with_one_key_open_each_others_tickets_and_a_zero_key_is_refused() {
    let name = [7u8; TICKET_KEY_NAME_LEN];
    let key = [9u8; TICKET_KEY_LEN];
    let a = AeadTicketSealer::with_key(&provider(1), name, &key, 60).unwrap();
    let b = AeadTicketSealer::with_key(&provider(2), name, &key, 60).unwrap();
    assert_eq!(a.key_name(), &name);
    let ticket = a
        .seal(b"state", &SeededRandom::new([5; 32]), at(T0))
        .unwrap();
    assert_eq!(*b.open(&ticket, at(T0)).unwrap(), *b"state");
    let other = AeadTicketSealer::with_key(&provider(1), name, &[8u8; TICKET_KEY_LEN], 60).unwrap();
    assert!(other.open(&ticket, at(T0)).is_none());
    assert_eq!(
        AeadTicketSealer::with_key(&provider(1), name, &[0u8; TICKET_KEY_LEN], 60).unwrap_err(),
        CryptoError::KeyRejected("an all-zero ticket key")
    );
}
