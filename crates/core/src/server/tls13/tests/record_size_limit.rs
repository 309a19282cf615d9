//! record_size_limit (RFC 8449 §4) in TLS 1.3, against the mini client: the server answers the
//! client's limit with its own in EncryptedExtensions, sends protected records (handshake and
//! application) within the client's limit, and refuses protected records beyond its own with
//! record_overflow.

use alloc::sync::Arc;

use ferrotls_record::{AlertDescription, ContentType};

use super::harness::{output, start, Done};
use super::{config, hello, now, replace};
use crate::config::ServerConfig;
use crate::msgs::extensions::{ClientExtension, RecordSizeLimit};

fn connected(server: ServerConfig, client_limit: Option<u16>) -> Done {
    let mut server = server;
    server.tls13_tickets = 0;
    let base = match client_limit {
        Some(l) => replace(
            hello(),
            ClientExtension::RecordSizeLimit(RecordSizeLimit(l)),
        ),
        None => hello(),
    };
    start(&Arc::new(server), base, None, None, now())
        .unwrap()
        .finish(now())
        .unwrap()
}

#[test]
fn the_server_answers_with_its_limit_even_when_unconfigured() {
    // RFC 8449 §4: "Endpoints SHOULD advertise the record_size_limit extension, even if they
    // have no need to limit the size of records"; 2^14 + 1 is TLS 1.3's maximum.
    let done = connected(config(), Some(1000));
    assert_eq!(done.client.seen.record_size_limit, Some((1 << 14) + 1));
    // Never unsolicited.
    let mut limited = config();
    limited.limits.record_size_limit = Some(500);
    let done = connected(limited, None);
    assert_eq!(done.client.seen.record_size_limit, None);
}

#[test]
fn both_limits_are_honoured_in_both_directions() {
    let mut server = config();
    server.limits.record_size_limit = Some(500);
    let mut done = connected(server, Some(64));
    // 500 bytes of content, plus the content type byte.
    assert_eq!(done.client.seen.record_size_limit, Some(501));
    // The server's protected handshake records fit the client's 64 (TLSInnerPlaintext).
    let lens = &done.client.seen.protected_record_lens;
    assert!(lens.len() > 1 && lens.iter().all(|l| *l <= 64), "{lens:?}");
    // Its application data too.
    done.server.send(&[9; 300]).unwrap();
    let records = done.client.read_records(&output(&mut done.server));
    assert_eq!(records.len(), 5, "{records:?}");
    assert!(records
        .iter()
        .all(|(t, l)| *t == ContentType::APPLICATION_DATA && *l <= 64));
    // The server enforces its own limit: 500 bytes of content pass, 501 are record_overflow.
    let mut ok = done.client.application_data(&[1; 500]);
    done.server.handle_tls(&mut ok, now()).unwrap();
    let mut over = done.client.application_data(&[1; 501]);
    let e = done.server.handle_tls(&mut over, now()).unwrap_err();
    assert_eq!(e.alert_sent(), Some(AlertDescription::RECORD_OVERFLOW));
}
