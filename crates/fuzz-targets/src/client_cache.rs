//! The `client_cache_file` target: the session-cache crate's client cache file
//! (`ferrotls_session_cache::client_cache::decode`, the `FTSC` list of `ResumptionData`, or one
//! bare `ResumptionData`), which a client reads back from disk at start-up.
//!
//! Input: a clock offset (4 bytes, signed seconds from the fixed start time), then the file.
//! What the decoder accepts must hold only sessions usable at `now`, account for every entry
//! the header counts, re-encode to the same bytes when nothing was dropped, and load into a
//! [`ClientCache`] whose offers are live sessions for the name asked for.

use std::collections::BTreeSet;
use std::time::Duration;

use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::resumption::ClientSessionStore;
use ferrotls_session_cache::client_cache::{self, CACHE_FILE_MAGIC};
use ferrotls_session_cache::{ClientCache, ClientCacheOptions};

use crate::input::Input;
use crate::peers::START_SECS;

pub(crate) fn run(data: &[u8]) {
    let mut input = Input::new(data);
    let offset = i64::from(i32::from_be_bytes(input.array()));
    let now = UnixTime::since_unix_epoch(Duration::from_secs(
        START_SECS.saturating_add_signed(offset),
    ));
    let bytes = input.rest();
    let Ok(decoded) = client_cache::decode(bytes, now) else {
        return;
    };
    for d in &decoded.sessions {
        assert!(!d.is_expired(now), "client cache: kept an expired session");
    }
    let entries = decoded.sessions.len() + decoded.dropped;
    if bytes.starts_with(&CACHE_FILE_MAGIC) {
        let count = u32::from_be_bytes([bytes[5], bytes[6], bytes[7], bytes[8]]);
        assert_eq!(
            u64::try_from(entries).ok(),
            Some(u64::from(count)),
            "client cache: sessions + dropped is not the header's count"
        );
    } else {
        assert_eq!(entries, 1, "client cache: a bare session is one entry");
    }

    let again = client_cache::encode(decoded.sessions.iter());
    if decoded.dropped == 0 && bytes.starts_with(&CACHE_FILE_MAGIC) {
        assert_eq!(
            &again[..],
            bytes,
            "client cache: decode → encode changed the bytes"
        );
    }
    let back = client_cache::decode(&again, now).expect("re-decoding an encoded cache");
    assert_eq!(
        back.dropped, 0,
        "client cache: re-decoding dropped a session"
    );
    assert!(
        back.sessions == decoded.sessions,
        "client cache: re-decoding gave other sessions"
    );

    // What a restarted client does with them: load them, then offer them by server name.
    let cache = ClientCache::new(ClientCacheOptions::default());
    let names: BTreeSet<Option<String>> = decoded
        .sessions
        .iter()
        .map(|d| d.server_name().map(str::to_ascii_lowercase))
        .collect();
    for d in decoded.sessions {
        cache.insert(d);
    }
    for name in &names {
        let name = name.as_deref();
        let held = cache.len_for(name);
        assert!(held <= ClientCacheOptions::default().per_server);
        for _ in 0..=held {
            let Some(offered) = cache.take(name, now) else {
                break;
            };
            assert!(
                offered.matches_server_name(name),
                "client cache: offered a session of another server"
            );
            assert!(
                !offered.is_expired(now),
                "client cache: offered an expired session"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The generated seeds get past the decoder (so the fuzzer starts from inputs that reach
    /// the round trip and the cache); the expired list keeps nothing and drops all.
    #[test]
    fn the_seeds_decode() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../fuzz/corpus/client_cache_file");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !name.starts_with("gen-") {
                continue;
            }
            let data = std::fs::read(&path).unwrap();
            let mut input = Input::new(&data);
            let offset = i64::from(i32::from_be_bytes(input.array()));
            let now = UnixTime::since_unix_epoch(Duration::from_secs(
                START_SECS.saturating_add_signed(offset),
            ));
            let decoded =
                client_cache::decode(input.rest(), now).unwrap_or_else(|e| panic!("{name}: {e}"));
            let expected_kept = name != "gen-all-expired" && name != "gen-empty";
            assert_eq!(!decoded.sessions.is_empty(), expected_kept, "{name}");
            assert_eq!(decoded.dropped > 0, name == "gen-all-expired", "{name}");
            run(&data);
            seen += 1;
        }
        assert!(seen >= 8, "{seen} seeds");
    }
}
