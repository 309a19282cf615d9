//! Replaying an RFC 8448 trace through our client, record by record.

use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::{ClientConnection, Event};

use crate::hex;
use crate::vectors::Trace;

/// Walk every record step of `trace` in order: server records go into `handle_tls` at `now`;
/// each client record must be exactly the next bytes the client wrote. Application data is
/// produced through the API at its step: as 0-RTT data (`send_early_data`) while no server
/// record has been read (only §4 has any), else with `send`; the client's close_notify with
/// `close`. Nothing may be left over at the end. Returns the client's events.
pub fn replay_client(trace: &Trace, conn: &mut ClientConnection, now: UnixTime) -> Vec<Event> {
    let mut written = Vec::new();
    let mut events = Vec::new();
    let mut server_spoke = false;
    for step in &trace.steps {
        let title = step.title.as_str();
        if !title.contains(" send ") || !title.ends_with(" record") {
            continue;
        }
        let record = step.hex("complete record");
        if title.starts_with("{server}") {
            server_spoke = true;
            let mut input = record.clone();
            let used = conn
                .handle_tls(&mut input, now)
                .unwrap_or_else(|e| panic!("{}: {title}: {e}", trace.name));
            assert_eq!(used, record.len(), "{}: {title}", trace.name);
            events.extend(std::iter::from_fn(|| conn.poll_event()));
            continue;
        }
        if title.ends_with("send application_data record") {
            let payload = step.hex("payload");
            if server_spoke {
                assert_eq!(conn.send(&payload), Ok(payload.len()));
            } else {
                assert_eq!(conn.send_early_data(&payload), Ok(payload.len()));
            }
        } else if title.ends_with("send alert record") {
            assert_eq!(step.hex("payload"), [1, 0], "close_notify");
            conn.close();
        }
        conn.write_tls(&mut written);
        assert!(
            written.len() >= record.len(),
            "{}: {title}: client wrote only {} of {} bytes: {}",
            trace.name,
            written.len(),
            record.len(),
            hex::encode(&written)
        );
        let ours: Vec<u8> = written.drain(..record.len()).collect();
        assert_eq!(
            hex::encode(&ours),
            hex::encode(&record),
            "{}: {title}",
            trace.name
        );
    }
    conn.write_tls(&mut written);
    assert!(
        written.is_empty(),
        "{}: unexpected extra client bytes",
        trace.name
    );
    events
}
