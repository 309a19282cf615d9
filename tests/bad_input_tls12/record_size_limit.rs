//! record_size_limit (RFC 8449 §4) in TLS 1.2, against the scripted peer, both sides: the
//! server answers the client's limit with its own in the ServerHello; each endpoint sends
//! protected records no larger than the peer's limit, and a protected record larger than the
//! limit it announced is record_overflow.

use ferrotls_core::{AlertDescription, Error};
use ferrotls_record::{ContentType, ProtocolVersion};
use ferrotls_tests::code_points::{EXT_RECORD_SIZE_LIMIT, HS_SERVER_HELLO};
use ferrotls_tests::tls_bytes::split_messages;

use crate::client_setups::client_with;
use crate::harness::Run;
use crate::messages::{set_ext, Ch, Sh, ECDSA_P256_SHA256};
use crate::server_setups::{server_config, server_with};
use ferrotls_tests::code_points::X25519;

/// The extension's value in a TLS 1.2 ServerHello message (header included), if present.
fn server_hello_limit(sh: &[u8]) -> Option<u16> {
    let sid = usize::from(sh[38]);
    let mut rest = &sh[39 + sid + 3 + 2..];
    while rest.len() >= 4 {
        let typ = u16::from_be_bytes([rest[0], rest[1]]);
        let len = usize::from(u16::from_be_bytes([rest[2], rest[3]]));
        if typ == EXT_RECORD_SIZE_LIMIT {
            assert_eq!(len, 2, "record_size_limit is a uint16");
            return Some(u16::from_be_bytes([rest[4], rest[5]]));
        }
        rest = &rest[4 + len..];
    }
    None
}

/// Our server, configured with `ours`, after a handshake with a scripted client that sent
/// `client`; returns the run and the limit the ServerHello answered with.
fn server_connected(ours: Option<u16>, client: Option<u16>) -> (Run, Option<u16>) {
    let mut config = server_config();
    config.limits.record_size_limit = ours;
    let mut run = server_with(config);
    let mut ch = Ch::default();
    if let Some(l) = client {
        set_ext(
            &mut ch.exts,
            EXT_RECORD_SIZE_LIMIT,
            l.to_be_bytes().to_vec(),
        );
    }
    let hello = run.s.hs(&[ch.encode()]);
    run.ok(&hello);
    let flight = run.take();
    let sh = split_messages(&flight[0].1).remove(0);
    assert_eq!(sh[0], HS_SERVER_HELLO);
    let answer = server_hello_limit(&sh);
    let cke = run.s.cke();
    let cke = run.s.hs(&[cke]);
    run.ok(&cke);
    let ccs = run.s.ccs();
    run.ok(&ccs);
    let fin = run.s.finished();
    let fin = run.s.hs(&[fin]);
    run.ok(&fin);
    let done = run.take();
    // The server's Finished is protected: within the client's limit too.
    if let Some(l) = client {
        assert!(done.iter().all(|(_, p)| p.len() <= usize::from(l)));
    }
    assert!(!run.conn.is_handshaking());
    (run, answer)
}

fn overflowed(run: &Run) -> bool {
    matches!(
        &run.result,
        Err(Error::AlertSent { alert, .. }) if *alert == AlertDescription::RECORD_OVERFLOW
    )
}

#[test]
fn server_answers_and_both_limits_hold() {
    // Unconfigured: the answer is the TLS 1.2 maximum (RFC 8449 §4: endpoints SHOULD
    // advertise it "even if they have no need to limit the size of records").
    let (_, answer) = server_connected(None, Some(1000));
    assert_eq!(answer, Some(1 << 14));
    // Nothing to a client that did not offer it (no unsolicited extension, RFC 5246 §7.4.1.4).
    let (_, answer) = server_connected(Some(500), None);
    assert_eq!(answer, None);

    let (mut run, answer) = server_connected(Some(500), Some(100));
    assert_eq!(answer, Some(500));
    // The server honours the client's 100: 1000 bytes go out in records of at most 100.
    run.conn.send(&[7; 1000]).unwrap();
    let records = run.take();
    assert_eq!(records.len(), 10);
    assert!(records
        .iter()
        .all(|(t, p)| *t == ContentType::APPLICATION_DATA && p.len() == 100));
    // The server enforces its own 500: exactly 500 is fine, 501 is record_overflow.
    let at_limit = run.s.record(ContentType::APPLICATION_DATA, &[1; 500]);
    run.ok(&at_limit);
    let over = run.s.record(ContentType::APPLICATION_DATA, &[1; 501]);
    run.feed(&over);
    assert!(overflowed(&run), "{:?}", run.result);
}

#[test]
fn client_honours_the_answer_and_enforces_its_own() {
    // A ClientHello offering TLS 1.2 only announces the 300 of content (RFC 8449 §4: the TLS 1.2
    // value counts no content type byte); one also offering TLS 1.3 is sent before the version
    // is known and announces 301 (300 plus the TLS 1.3 content type byte), which then bounds
    // the TLS 1.2 records too. Each enforces exactly what it announced.
    for (versions, announced) in [
        (vec![ProtocolVersion::TLS1_2], 300),
        (vec![ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2], 301),
    ] {
        let mut run = client_with(|c| {
            c.versions = versions;
            c.limits.record_size_limit = Some(300);
        });
        let mut sh = Sh::default();
        sh.exts
            .push((EXT_RECORD_SIZE_LIMIT, 200u16.to_be_bytes().to_vec()));
        let flight = run.server_flight(sh, |s| s.ske(X25519, ECDSA_P256_SHA256), |_| {});
        run.ok(&flight);
        let client_flight = run.take();
        // The client's Finished (protected) is within our 200.
        assert!(client_flight.iter().all(|(_, p)| p.len() <= 200));
        let ccs = run.s.ccs();
        run.ok(&ccs);
        let fin = run.s.finished();
        let fin = run.s.hs(&[fin]);
        run.ok(&fin);
        run.conn.send(&[7; 450]).unwrap();
        let lens: Vec<usize> = run.take().iter().map(|(_, p)| p.len()).collect();
        assert_eq!(lens, [200, 200, 50]);
        let at_limit = run
            .s
            .record(ContentType::APPLICATION_DATA, &vec![1; announced]);
        run.ok(&at_limit);
        let over = run
            .s
            .record(ContentType::APPLICATION_DATA, &vec![1; announced + 1]);
        run.feed(&over);
        assert!(overflowed(&run), "{announced}: {:?}", run.result);
    }
}
