//! The `resumption_data` and `ticket` targets: the stored-session formats of
//! `ferrotls_core::resumption`.
//!
//! Both read a clock offset first (4 bytes, a signed number of seconds from the fixed start
//! time), so expiry and "from the future" are reachable.
//!
//! - `resumption_data`: `ResumptionData::from_bytes(rest, now)`; when accepted, `to_bytes` must
//!   give the input back and decode to the same value; the accessors must not panic.
//! - `session_file`: one byte choosing the server name the client connects to (see
//!   [`SESSION_FILE_NAMES`]), then the file's bytes through the CLI's `session_file::decode`;
//!   when accepted, the session's name must match and the bytes must round-trip.
//! - `ticket`: one mode byte. Even: `rest` is a ticket for an `AeadTicketSealer` made from the
//!   seeded provider, opened and, if it opens, decoded as a `ServerSessionState`. Odd: `rest` is
//!   a `ServerSessionState` encoding; when accepted it must re-encode to the same bytes, and
//!   seal → open must give those bytes back.

use std::time::Duration;

use ferrotls_core::crypto::random::SeededRandom;
use ferrotls_core::crypto::rustcrypto::provider_with_random;
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::resumption::{
    AeadTicketSealer, ResumptionData, ServerSessionState, TicketSealer,
};
use std::sync::Arc;

use crate::input::Input;
use crate::peers::START_SECS;

fn clock(input: &mut Input<'_>) -> UnixTime {
    let offset = i64::from(i32::from_be_bytes(input.array()));
    UnixTime::since_unix_epoch(Duration::from_secs(
        START_SECS.saturating_add_signed(offset),
    ))
}

pub(crate) fn run_resumption_data(data: &[u8]) {
    let mut input = Input::new(data);
    let now = clock(&mut input);
    let bytes = input.rest();
    let Ok(d) = ResumptionData::from_bytes(bytes, now) else {
        return;
    };
    let again = d.to_bytes();
    assert_eq!(
        &again[..],
        bytes,
        "ResumptionData: from_bytes → to_bytes changed the bytes"
    );
    let back = ResumptionData::from_bytes(&again, now).expect("re-decoding an accepted value");
    assert!(back == d, "ResumptionData: re-decoding gave another value");
    // Accessors on an accepted value.
    let _ = (d.kind(), d.protocol_version(), d.cipher_suite(), d.params());
    let _ = (d.ticket(), d.session_id(), d.lifetime(), d.ticket_age_add());
    let _ = (
        d.received(),
        d.max_early_data_size(),
        d.server_name(),
        d.alpn(),
    );
    let _ = (
        d.extended_master_secret(),
        d.peer_certificates(),
        d.secret(),
    );
    assert!(!d.is_expired(now), "accepted at `now` but expired at `now`");
    let _ = d.expires_at();
    let _ = d.obfuscated_ticket_age(now);
    let _ = d.matches_server_name(Some("localhost"));
    let _ = d.matches_server_name(None);
}

/// The names a `session_file` input may be checked against, by its name byte: the names of the
/// seeds (the peers' `SERVER_NAME`, `localhost`; the RFC 8448 vector's `server`), another case
/// of one, another name, and no SNI (a connection to an IP address).
pub(crate) const SESSION_FILE_NAMES: [Option<&str>; 5] = [
    Some(crate::peers::SERVER_NAME),
    Some("server"),
    Some("LOCALHOST"),
    Some("example.com"),
    None,
];

pub(crate) fn run_session_file(data: &[u8]) {
    let mut input = Input::new(data);
    let now = clock(&mut input);
    let name = SESSION_FILE_NAMES[usize::from(input.u8()) % SESSION_FILE_NAMES.len()];
    let bytes = input.rest();
    let Ok(d) = ferrotls_cli::session_file::decode(bytes, name, now) else {
        return;
    };
    assert!(
        d.matches_server_name(name),
        "session_file: accepted a session for another server name"
    );
    assert!(
        !d.is_expired(now),
        "session_file: accepted an expired session"
    );
    let again = d.to_bytes();
    assert_eq!(
        &again[..],
        bytes,
        "session_file: decode → to_bytes changed the bytes"
    );
    let back = ferrotls_cli::session_file::decode(&again, name, now)
        .expect("re-decoding an accepted session file");
    assert!(back == d, "session_file: re-decoding gave another value");
}

fn sealer() -> AeadTicketSealer {
    let provider = provider_with_random(Arc::new(SeededRandom::new([0x7e; 32])));
    AeadTicketSealer::new(&provider, 7200).expect("the default provider has AES-256-GCM")
}

pub(crate) fn run_ticket(data: &[u8]) {
    let mut input = Input::new(data);
    let now = clock(&mut input);
    let mode = input.u8();
    let bytes = input.rest();
    let sealer = sealer();
    if mode & 1 == 0 {
        if let Some(plain) = sealer.open(bytes, now) {
            let _ = ServerSessionState::from_bytes(&plain, now);
        }
        return;
    }
    let Ok(state) = ServerSessionState::from_bytes(bytes, now) else {
        return;
    };
    let again = state.to_bytes();
    assert_eq!(
        &again[..],
        bytes,
        "ServerSessionState: from_bytes → to_bytes changed the bytes"
    );
    let back = ServerSessionState::from_bytes(&again, now).expect("re-decoding an accepted value");
    assert!(
        back == state,
        "ServerSessionState: re-decoding gave another value"
    );
    let rng = SeededRandom::new([0x17; 32]);
    if let Ok(ticket) = sealer.seal(&again, &rng, now) {
        let opened = sealer.open(&ticket, now).expect("our own ticket opens");
        assert_eq!(&opened[..], &again[..], "seal → open changed the state");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The valid `session_file` seeds (the vectors' accepted examples, the generated sessions)
    /// get past the check, so the fuzzer starts from inputs that reach the round trip.
    #[test]
    fn the_valid_session_file_seeds_are_accepted() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/session_file");
        let valid = [
            "gen-vector-00",
            "gen-vector-01",
            "gen-vector-02",
            "gen-vector-03",
            "gen-vector-04",
            "gen-tls12-session-id",
            "gen-tls12-ticket",
            "gen-tls13-ticket",
        ];
        for name in valid {
            let data = std::fs::read(dir.join(name)).unwrap();
            let mut input = Input::new(&data);
            let now = clock(&mut input);
            let server = SESSION_FILE_NAMES[usize::from(input.u8()) % SESSION_FILE_NAMES.len()];
            let decoded = ferrotls_cli::session_file::decode(input.rest(), server, now);
            assert!(decoded.is_ok(), "{name}: {decoded:?}");
        }
    }
}
