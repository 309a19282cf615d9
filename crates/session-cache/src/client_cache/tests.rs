use std::sync::Arc;
use std::time::Duration;

use ferrotls_core::crypto::Secret;
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::resumption::{ClientSessionStore, SessionParams};
use ferrotls_core::ResumptionData;
use ferrotls_core::{CertificateChain, CipherSuite};

use super::{decode, encode, CacheFileError, ClientCache, ClientCacheOptions};
use crate::metrics::Counters;

const T: u64 = 1_700_000_000;

fn at(secs: u64) -> UnixTime {
    UnixTime::since_unix_epoch(Duration::from_secs(secs))
}

fn params(suite: CipherSuite, secret_len: usize, tag: u8, name: Option<&str>) -> SessionParams {
    SessionParams {
        cipher_suite: suite,
        secret: Secret::new(&vec![tag; secret_len]),
        server_name: name.map(String::from),
        alpn: None,
        extended_master_secret: true,
        peer_certificates: CertificateChain::empty(),
    }
}

/// A TLS 1.3 ticket for `name`, tagged in its ticket bytes, received at `received`.
fn tls13(name: Option<&str>, tag: u8, received: u64, lifetime: u32) -> ResumptionData {
    ResumptionData::tls13_ticket(
        params(CipherSuite::TLS_AES_128_GCM_SHA256, 32, tag, name),
        vec![tag; 40],
        at(received),
        lifetime,
        0x0102_0304,
        0,
    )
    .unwrap()
}

fn tls12(name: Option<&str>, tag: u8, received: u64, lifetime: u32) -> ResumptionData {
    ResumptionData::tls12_ticket(
        params(
            CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            48,
            tag,
            name,
        ),
        vec![tag; 40],
        vec![tag; 32],
        at(received),
        lifetime,
    )
    .unwrap()
}

fn tag(d: &ResumptionData) -> u8 {
    d.ticket()[0]
}

fn all(_: &ResumptionData) -> bool {
    true
}

fn cache() -> ClientCache {
    ClientCache::new(ClientCacheOptions::default())
}

const NAME: Option<&str> = Some("example.com");

#[test]
fn tls13_tickets_are_offered_once_newest_first() {
    let c = cache();
    for t in 1..=3 {
        c.insert(tls13(NAME, t, T, 3600));
    }
    let offered: Vec<u8> = (0..4)
        .filter_map(|_| c.take_for_resumption(NAME, at(T + 1), &all))
        .map(|d| tag(&d))
        .collect();
    assert_eq!(offered, [3, 2, 1]);
    let m = c.metrics();
    assert_eq!((m.hits, m.misses), (3, 1));
}

#[test]
fn a_server_keeps_at_most_per_server_sessions() {
    let c = cache();
    for t in 1..=6 {
        c.insert(tls13(NAME, t, T, 3600));
    }
    assert_eq!(c.len_for(NAME), 4);
    assert_eq!(c.metrics().evictions, 2);
    assert_eq!(tag(&c.take(NAME, at(T)).unwrap()), 6);
}

#[test]
fn a_tls12_session_is_reused_until_a_newer_one_replaces_it() {
    let c = cache();
    c.insert(tls12(NAME, 1, T, 3600));
    for _ in 0..3 {
        assert_eq!(tag(&c.take_for_resumption(NAME, at(T), &all).unwrap()), 1);
    }
    c.insert(tls13(NAME, 5, T, 3600));
    c.insert(tls12(NAME, 2, T, 3600));
    assert_eq!(c.len_for(NAME), 2, "the older TLS 1.2 session is gone");
    assert_eq!(tag(&c.take_for_resumption(NAME, at(T), &all).unwrap()), 2);
    assert_eq!(tag(&c.take_for_resumption(NAME, at(T), &all).unwrap()), 2);
    // Only TLS 1.3 sessions usable: the ticket, once.
    let tls13_only =
        |d: &ResumptionData| d.protocol_version() == ferrotls_core::ProtocolVersion::TLS1_3;
    assert_eq!(
        tag(&c.take_for_resumption(NAME, at(T), &tls13_only).unwrap()),
        5
    );
    assert!(c.take_for_resumption(NAME, at(T), &tls13_only).is_none());
    assert_eq!(c.len_for(NAME), 1);
}

#[test]
fn expired_sessions_are_never_offered() {
    let c = cache();
    c.insert(tls13(NAME, 1, T, 100));
    c.insert(tls12(NAME, 2, T, 50));
    assert!(c.get(NAME, at(T + 100)).is_none());
    assert!(c.take_for_resumption(NAME, at(T + 100), &all).is_none());
    assert_eq!(c.len_for(NAME), 0);
    assert_eq!(c.metrics().expired, 2);
    // The newer of two live ones, when the newest expired.
    c.insert(tls13(NAME, 3, T, 1000));
    c.insert(tls13(NAME, 4, T, 10));
    assert_eq!(
        tag(&c.take_for_resumption(NAME, at(T + 10), &all).unwrap()),
        3
    );
}

#[test]
fn names_match_without_case_and_no_sni_is_its_own_name() {
    let c = cache();
    c.insert(tls13(Some("Example.COM"), 1, T, 3600));
    c.insert(tls13(None, 2, T, 3600));
    assert_eq!(tag(&c.get(Some("example.com"), at(T)).unwrap()), 1);
    assert_eq!(tag(&c.get(None, at(T)).unwrap()), 2);
    c.remove_all(Some("EXAMPLE.com"));
    assert!(c.get(Some("example.com"), at(T)).is_none());
    assert!(c.get(None, at(T)).is_some());
}

#[test]
fn the_server_stored_longest_ago_goes_first() {
    let c = ClientCache::new(ClientCacheOptions {
        per_server: 2,
        max_servers: 2,
    });
    c.insert(tls13(Some("a.example"), 1, T, 3600));
    c.insert(tls13(Some("b.example"), 2, T, 3600));
    c.insert(tls13(Some("a.example"), 3, T, 3600));
    c.insert(tls13(Some("c.example"), 4, T, 3600));
    assert!(c.get(Some("b.example"), at(T)).is_none());
    assert_eq!(c.len_for(Some("a.example")), 2);
    assert_eq!(c.len_for(Some("c.example")), 1);
}

fn scratch(test: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "ferrotls-client-cache-{}-{test}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_persistent_cache_comes_back_as_it_was_left() {
    let dir = scratch("reopen");
    let path = dir.join("sessions");
    let options = ClientCacheOptions::default();
    let (c, dropped) = ClientCache::persistent(&path, options, at(T)).unwrap();
    assert_eq!(dropped, 0);
    assert!(!path.exists(), "nothing written before a change");
    c.insert(tls13(NAME, 1, T, 3600));
    c.insert(tls13(NAME, 2, T, 3600));
    c.insert(tls12(Some("other.example"), 3, T, 60));
    // Offered once: gone from the file too.
    assert_eq!(tag(&c.take_for_resumption(NAME, at(T), &all).unwrap()), 2);
    drop(c);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(leftovers.len(), 1, "no temporary file left: {leftovers:?}");
    // A minute later the TLS 1.2 session has expired and is dropped on loading.
    let (again, dropped) = ClientCache::persistent(&path, options, at(T + 60)).unwrap();
    assert_eq!(dropped, 1);
    assert_eq!(
        tag(&again.take_for_resumption(NAME, at(T + 60), &all).unwrap()),
        1
    );
    assert!(again.take_for_resumption(NAME, at(T + 60), &all).is_none());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_file_that_is_not_a_cache_is_refused_and_left_alone() {
    let dir = scratch("foreign");
    let path = dir.join("notes.txt");
    std::fs::write(&path, b"my notes, not sessions").unwrap();
    let e = ClientCache::persistent(&path, ClientCacheOptions::default(), at(T)).unwrap_err();
    assert!(matches!(e, CacheFileError::NotACacheFile), "{e}");
    assert_eq!(std::fs::read(&path).unwrap(), b"my notes, not sessions");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_single_session_file_reads_as_a_cache_of_one() {
    let one = tls13(NAME, 7, T, 3600);
    let decoded = decode(&one.to_bytes(), at(T)).unwrap();
    assert_eq!(decoded.sessions, vec![one]);
}

#[test]
fn the_format_round_trips_and_refuses_damage() {
    let sessions = vec![tls13(NAME, 1, T, 3600), tls12(None, 2, T, 3600)];
    let bytes = encode(sessions.iter());
    assert_eq!(&bytes[..5], b"FTSC\x01");
    assert_eq!(&bytes[5..9], &2u32.to_be_bytes());
    assert_eq!(decode(&bytes, at(T)).unwrap().sessions, sessions);
    for cut in 0..bytes.len() {
        assert!(decode(&bytes[..cut], at(T)).is_err(), "cut at {cut}");
    }
    let mut longer = bytes.to_vec();
    longer.push(0);
    assert!(matches!(
        decode(&longer, at(T)),
        Err(CacheFileError::Malformed("bytes after the last session"))
    ));
    let mut newer = bytes.to_vec();
    newer[4] = 2;
    assert!(matches!(
        decode(&newer, at(T)),
        Err(CacheFileError::UnknownVersion(2))
    ));
    // An entry this version cannot read is dropped; the others stay.
    let mut damaged = bytes.to_vec();
    damaged[13] = b'X';
    let decoded = decode(&damaged, at(T)).unwrap();
    assert_eq!((decoded.sessions.len(), decoded.dropped), (1, 1));
}

#[test]
fn a_failed_write_is_counted_and_the_session_kept() {
    let dir = scratch("unwritable");
    let path = dir.join("missing-dir").join("sessions");
    let (c, _) = ClientCache::persistent(&path, ClientCacheOptions::default(), at(T)).unwrap();
    let counters = Arc::new(Counters::new());
    let c = c.with_counters(Arc::clone(&counters));
    c.insert(tls13(NAME, 1, T, 3600));
    assert_eq!(counters.snapshot().store_errors, 1);
    assert!(c.save().is_err());
    assert!(c.get(NAME, at(T)).is_some());
    let _ = std::fs::remove_dir_all(dir);
}
