//! The data path through the public API, in memory: `send` takes what fits under
//! `Limits::max_send_buffer` before and after the handshake and never refuses the protocol's own
//! records; `write_tls` hands its buffer over and `pending_tls` / `consume_tls` serve partial
//! writes; `handle_tls` stops opening records while the unread data is at
//! `Limits::max_unread_plaintext`, leaving them in the caller's buffer; `handle_tls_in_place`
//! lends data in place, after what was buffered, in order; `seal_in_place` and `seal_into` seal
//! in the caller's buffer after what is pending. (Allocation counts:
//! `data_path_alloc.rs`.)
#![forbid(unsafe_code)]

use std::sync::Arc;

use ferrotls_core::crypto::NamedGroup;
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::suites::{self, SupportedCipherSuite, TLS_AES_128_GCM_SHA256};
use ferrotls_core::{ApiError, AppData, Event, Limits, ProtocolVersion};
use ferrotls_record::limits::MAX_PLAINTEXT_LEN;
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::chunks::Delivery;
use ferrotls_tests::matrix::{pattern, Cell};
use ferrotls_tests::pair::{Pair, START_TIME};

fn now() -> UnixTime {
    UnixTime::since_unix_epoch(START_TIME)
}

/// A TLS 1.3 pair with `client` and `server` limits, not yet connected.
fn pair(client: Limits, server: Limits) -> Pair {
    pair_of(&TLS_AES_128_GCM_SHA256, client, server)
}

/// A pair negotiating `suite` (ECDSA certificate), default limits, not yet connected.
fn pair_with_suite(suite: &'static SupportedCipherSuite) -> Pair {
    pair_of(suite, Limits::default(), Limits::default())
}

fn pair_of(suite: &'static SupportedCipherSuite, client: Limits, server: Limits) -> Pair {
    let cell = Cell {
        version: suite.version,
        suite,
        server_picks_suite: false,
        group: NamedGroup::X25519,
        server_key: KeyKind::EcdsaP256,
        hello_retry: false,
        client_key: None,
    };
    let mut setup = cell.setup();
    setup.client.limits = client;
    setup.server.limits = server;
    Pair::new(
        Arc::new(setup.client),
        Arc::new(setup.server),
        certs::SERVER_NAME,
        Delivery::Flights,
    )
}

fn connected(client: Limits, server: Limits) -> Pair {
    let mut p = pair(client, server);
    p.handshake().expect("handshake");
    p.pump();
    p
}

fn limits(max_send_buffer: usize, max_unread_plaintext: usize) -> Limits {
    Limits {
        max_send_buffer,
        max_unread_plaintext,
        ..Limits::default()
    }
}

#[test]
fn send_takes_what_fits_before_and_after_the_handshake() {
    let mut p = pair(limits(1000, 64 << 10), Limits::default());
    // The ClientHello counts too: until it is taken there is less room.
    let hello = p.client.conn.pending_tls().len();
    assert_eq!(
        p.client.conn.send_capacity(),
        1000usize.saturating_sub(hello)
    );
    p.client_to_server();
    assert_eq!(p.client.conn.send_capacity(), 1000);
    let data = pattern(1, 3000);
    assert_eq!(
        p.client.conn.send(&data),
        Ok(1000),
        "held until the handshake completes"
    );
    assert_eq!(p.client.conn.send(&data[1000..]), Ok(0), "full");
    assert_eq!(p.client.conn.send_capacity(), 0);
    p.handshake().expect("handshake");
    p.pump();
    assert_eq!(p.server.take_data(), data[..1000]);
    // Taken by write_tls: room again, and the rest goes in pieces.
    let mut rest = &data[1000..];
    while !rest.is_empty() {
        let taken = p.client.conn.send(rest).expect("send");
        assert!((1..=1000).contains(&taken), "{taken}");
        rest = &rest[taken..];
        p.pump();
    }
    assert_eq!(p.server.take_data(), data[1000..]);
    assert_eq!(p.client.conn.send(b""), Ok(0));
    p.client.conn.close();
    assert_eq!(p.client.conn.send_capacity(), 0);
    assert_eq!(p.client.conn.send(b"x"), Err(ApiError::Closed));
}

#[test]
fn protocol_records_are_written_whatever_the_buffer_holds() {
    let mut p = connected(limits(1000, 64 << 10), Limits::default());
    let data = pattern(2, 5000);
    let taken = p.client.conn.send(&data).unwrap();
    assert_eq!(taken, 1000);
    assert_eq!(p.client.conn.send_capacity(), 0);
    let before = p.client.conn.pending_tls().len();
    p.client
        .conn
        .update_keys(true)
        .expect("a KeyUpdate is never refused");
    assert!(p.client.conn.pending_tls().len() > before);
    p.client.conn.close();
    p.pump();
    assert_eq!(p.server.received_data(), data[..taken]);
    assert!(p.server.saw(&Event::KeyUpdated {
        we_updated_too: true
    }));
    assert!(p.server.saw(&Event::PeerClosed));
}

#[test]
fn write_tls_swaps_into_an_empty_vec_and_consume_tls_takes_part() {
    let mut p = connected(Limits::default(), Limits::default());
    p.client.conn.send(b"hello").unwrap();
    let queued = p.client.conn.pending_tls().as_ptr();
    let mut out = Vec::new();
    let n = p.client.conn.write_tls(&mut out);
    assert_eq!(
        (n, out.as_ptr()),
        (out.len(), queued),
        "handed over, not copied"
    );
    assert!(!p.client.conn.wants_write());

    p.client.conn.send(b"world").unwrap();
    let pending = p.client.conn.pending_tls().to_vec();
    p.client.conn.consume_tls(3);
    assert_eq!(p.client.conn.pending_tls(), &pending[3..]);
    let mut more = pending[..3].to_vec();
    assert_eq!(p.client.conn.write_tls(&mut more), pending.len() - 3);
    assert_eq!(more, pending, "appended after the caller's bytes");
    p.client.conn.consume_tls(usize::MAX);
    assert!(p.client.conn.pending_tls().is_empty());

    out.extend_from_slice(&more);
    let mut server = p.server;
    assert!(server.receive(&out, now()));
    assert_eq!(server.received_data(), b"helloworld");
}

/// The server sends `records` full records; the client's `handle_tls` sees all of them at once.
fn flood_client(max_unread_plaintext: usize, records: usize) {
    let mut p = connected(
        limits(64 << 10, max_unread_plaintext),
        limits(records * MAX_PLAINTEXT_LEN, 64 << 10),
    );
    let data = pattern(3, records * MAX_PLAINTEXT_LEN);
    assert_eq!(p.server.conn.send(&data), Ok(data.len()));
    let mut wire = Vec::new();
    p.server.conn.write_tls(&mut wire);
    let most = max_unread_plaintext.max(MAX_PLAINTEXT_LEN);
    let (mut received, mut calls) = (Vec::new(), 0);
    while !wire.is_empty() {
        let used = p.client.conn.handle_tls(&mut wire, now()).unwrap();
        calls += 1;
        let unread = p.client.conn.readable();
        assert!(unread <= most, "{unread} bytes unread, limit {most}");
        // Unread data at the limit: nothing more is opened until the application reads.
        if used > 0 && !wire[used..].is_empty() && unread + MAX_PLAINTEXT_LEN > most {
            let mut again = wire[used..].to_vec();
            assert_eq!(p.client.conn.handle_tls(&mut again, now()), Ok(0));
        }
        wire.drain(..used);
        let mut buf = vec![0; 7000];
        loop {
            let n = p.client.conn.read(&mut buf).unwrap();
            if n == 0 {
                break;
            }
            received.extend_from_slice(&buf[..n]);
        }
    }
    assert_eq!(received, data);
    assert!(calls >= records * MAX_PLAINTEXT_LEN / most, "{calls} calls");
}

#[test]
fn handle_tls_leaves_records_while_unread_data_is_at_the_limit() {
    flood_client(0, 4);
    flood_client(20_000, 6);
    flood_client(64 << 10, 8);
}

#[test]
fn in_place_lends_buffered_data_first_then_records_in_order() {
    let mut p = connected(Limits::default(), Limits::default());
    let mut wire = Vec::new();
    p.server.conn.send(b"first ").unwrap();
    p.server.conn.write_tls(&mut wire);
    let used = p.client.conn.handle_tls(&mut wire, now()).unwrap();
    assert_eq!(used, wire.len());
    assert_eq!(p.client.conn.readable(), 6, "buffered, not read");
    let mut wire = Vec::new();
    p.server.conn.send(b"second ").unwrap();
    p.server.conn.send(b"third").unwrap();
    p.server.conn.write_tls(&mut wire);
    let len = wire.len();
    let mut records = p.client.conn.handle_tls_in_place(&mut wire, now());
    let mut lent = Vec::new();
    while let Some(data) = records.next_data().unwrap() {
        match data {
            AppData::Data(d) => lent.push(d.to_vec()),
            AppData::EarlyData(_) => panic!("0-RTT data on a client"),
        }
    }
    assert_eq!(records.consumed(), len);
    assert_eq!(lent, [&b"first "[..], b"second ", b"third"]);
    assert_eq!(p.client.conn.readable(), 0);
    assert_eq!(p.client.conn.read(&mut [0; 16]), Ok(0));
    // A failure is returned by the next pull and by every later one.
    let mut garbage = vec![23, 3, 3, 0, 20];
    garbage.extend_from_slice(&[0; 20]);
    let mut records = p.client.conn.handle_tls_in_place(&mut garbage, now());
    let e = records.next_data().unwrap_err();
    assert_eq!(records.next_data().unwrap_err(), e);
    assert_eq!(p.client.conn.read(&mut [0; 16]), Err(ApiError::Failed(e)));
}

/// Everything `conn` lends from `wire` in place, concatenated.
fn open_in_place<H: ferrotls_core::conn::Handshake>(
    conn: &mut ferrotls_core::Connection<H>,
    wire: &mut [u8],
) -> Vec<u8> {
    let len = wire.len();
    let mut records = conn.handle_tls_in_place(wire, now());
    let mut data = Vec::new();
    while let Some(AppData::Data(d)) = records.next_data().unwrap() {
        data.extend_from_slice(d);
    }
    assert_eq!(records.consumed(), len);
    data
}

#[test]
fn seal_in_place_seals_in_the_callers_buffer_after_what_is_pending() {
    let mut p = pair(Limits::default(), Limits::default());
    assert_eq!(
        p.client.conn.send_layout(),
        Err(ApiError::HandshakeNotComplete)
    );
    assert_eq!(
        p.client.conn.seal_in_place(&mut [0; 64], 4),
        Err(ApiError::HandshakeNotComplete)
    );
    p.handshake().expect("handshake");
    p.pump();
    let client = &mut p.client.conn;
    let server = &mut p.server.conn;
    let layout = client.send_layout().unwrap();
    // TLS 1.3: a 5-byte header; after the data, the inner content type and a 16-byte tag.
    assert_eq!(
        (
            layout.header_len(),
            layout.max_data_len(),
            layout.trailer_len()
        ),
        (5, MAX_PLAINTEXT_LEN, 17)
    );
    assert_eq!(layout.record_len(10), 32);
    assert_eq!(layout.data_range(10), 5..15);

    // Misuse is refused and changes nothing: the next record still opens.
    let mut record = vec![0; layout.record_len(MAX_PLAINTEXT_LEN + 1)];
    assert!(matches!(
        client.seal_in_place(&mut record, MAX_PLAINTEXT_LEN + 1),
        Err(ApiError::InvalidArgument(_))
    ));
    assert!(matches!(
        client.seal_in_place(&mut record[..layout.record_len(10) - 1], 10),
        Err(ApiError::InvalidArgument(_))
    ));
    assert_eq!(client.seal_in_place(&mut record, 0), Ok(0));
    assert!(!client.wants_write() && client.failure().is_none());

    record[layout.data_range(5)].copy_from_slice(b"hello");
    let n = client.seal_in_place(&mut record, 5).unwrap();
    assert_eq!(n, layout.record_len(5));
    assert!(
        !client.wants_write(),
        "the record never entered the connection"
    );
    assert_eq!(open_in_place(server, &mut record[..n]), b"hello");

    // A record the connection sealed itself (here a KeyUpdate) is pending ahead of the one sealed
    // in place: sent in that order, the peer opens both, under the old keys then the new.
    client.update_keys(false).unwrap();
    let data = pattern(9, MAX_PLAINTEXT_LEN);
    record[layout.data_range(data.len())].copy_from_slice(&data);
    let n = client.seal_in_place(&mut record, data.len()).unwrap();
    let mut wire = client.pending_tls().to_vec();
    client.consume_tls(wire.len());
    assert!(!wire.is_empty(), "the KeyUpdate");
    wire.extend_from_slice(&record[..n]);
    assert_eq!(open_in_place(server, &mut wire), data);
    assert!(server.failure().is_none());

    // After close_notify nothing more is sealed.
    client.close();
    assert_eq!(client.send_layout(), Err(ApiError::Closed));
    assert_eq!(client.seal_in_place(&mut record, 5), Err(ApiError::Closed));
}

#[test]
fn seal_into_seals_from_the_callers_data_after_what_is_pending() {
    for suite in [
        &suites::TLS_AES_128_GCM_SHA256,
        &suites::TLS_CHACHA20_POLY1305_SHA256,
        &suites::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        &suites::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
    ] {
        let mut p = pair_with_suite(suite);
        assert_eq!(
            p.client.conn.seal_into(b"early", &mut [0; 64]),
            Err(ApiError::HandshakeNotComplete)
        );
        p.handshake().expect("handshake");
        p.pump();
        let client = &mut p.client.conn;
        let server = &mut p.server.conn;
        let layout = client.send_layout().unwrap();

        // Misuse is refused and changes nothing: the next record still opens.
        let mut record = vec![0xee; layout.record_len(MAX_PLAINTEXT_LEN + 1)];
        let too_much = pattern(3, MAX_PLAINTEXT_LEN + 1);
        assert!(matches!(
            client.seal_into(&too_much, &mut record),
            Err(ApiError::InvalidArgument(_))
        ));
        assert!(matches!(
            client.seal_into(b"0123456789", &mut record[..layout.record_len(10) - 1]),
            Err(ApiError::InvalidArgument(_))
        ));
        assert_eq!(client.seal_into(b"", &mut record), Ok(0));
        assert!(!client.wants_write() && client.failure().is_none());

        // The same record `seal_in_place` makes of the same data, and the data stays as it was.
        let data = pattern(5, MAX_PLAINTEXT_LEN);
        let n = client.seal_into(&data, &mut record).unwrap();
        assert_eq!(n, layout.record_len(data.len()), "{}", suite.name());
        assert_eq!(data, pattern(5, MAX_PLAINTEXT_LEN));
        assert!(
            !client.wants_write(),
            "the record never entered the connection"
        );
        assert_eq!(open_in_place(server, &mut record[..n]), data);

        // A KeyUpdate (TLS 1.3) the connection sealed itself goes first; both open in order.
        if suite.version == ProtocolVersion::TLS1_3 {
            client.update_keys(false).unwrap();
        }
        let n = client.seal_into(b"after", &mut record).unwrap();
        let mut wire = client.pending_tls().to_vec();
        client.consume_tls(wire.len());
        wire.extend_from_slice(&record[..n]);
        assert_eq!(open_in_place(server, &mut wire), b"after");
        assert!(server.failure().is_none(), "{}", suite.name());

        client.close();
        assert_eq!(
            client.seal_into(b"late", &mut record),
            Err(ApiError::Closed)
        );
    }
}
