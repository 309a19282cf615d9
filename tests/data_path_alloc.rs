//! The data path measured with a counting global allocator (`stats_alloc`): after the handshake,
//! application data costs no allocation per record on either side, in both versions and every
//! suite, through each way of moving bytes (`write_tls` into a reused `Vec`, `pending_tls` /
//! `consume_tls`, or `seal_in_place` / `seal_into` in the caller's buffer; `read`, `received` /
//! `consume_received` or `handle_tls_in_place`); and a sender pushing 64 MiB through a pair
//! holds no more than `Limits::max_send_buffer` plus one record. Counts are process-wide, so this
//! is a target of its own with a single test: nothing may run beside the measured loops.
#![forbid(unsafe_code)]

use std::alloc::System;
use std::sync::Arc;

use ferrotls_core::conn::Handshake;
use ferrotls_core::crypto::NamedGroup;
use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::suites::{SupportedCipherSuite, Tls12Auth, ALL_CIPHER_SUITES};
use ferrotls_core::{AppData, Connection, Event, Limits, ProtocolVersion};
use ferrotls_record::limits::{HEADER_LEN, MAX_PLAINTEXT_LEN};
use ferrotls_tests::certs::KeyKind;
use ferrotls_tests::chunks::Delivery;
use ferrotls_tests::matrix::{pattern, Cell};
use ferrotls_tests::pair::{Pair, START_TIME};
use stats_alloc::{Region, Stats, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Rounds before measuring: buffers reach their steady size (the two `Vec`s `write_tls` swaps
/// with the caller, the receiver's plaintext buffer).
const WARM_UP: usize = 8;
/// Rounds measured per direction and path.
const MEASURED: usize = 64;
/// The largest record on the wire: a full fragment with the largest expansion we produce.
const MAX_RECORD: usize = HEADER_LEN + MAX_PLAINTEXT_LEN + 256;

fn now() -> UnixTime {
    UnixTime::since_unix_epoch(START_TIME)
}

/// A connected pair negotiating `suite` (with a server key that can serve it).
fn connected(suite: &'static SupportedCipherSuite, limits: Limits) -> Pair {
    let server_key = match suite.tls12_auth {
        Some(Tls12Auth::Rsa) => KeyKind::Rsa2048,
        _ => KeyKind::EcdsaP256,
    };
    let cell = Cell {
        version: suite.version,
        suite,
        server_picks_suite: false,
        group: NamedGroup::X25519,
        server_key,
        hello_retry: false,
        client_key: None,
    };
    let mut setup = cell.setup();
    setup.client.limits = limits;
    setup.server.limits = limits;
    let mut pair = Pair::new(
        Arc::new(setup.client),
        Arc::new(setup.server),
        ferrotls_tests::certs::SERVER_NAME,
        Delivery::Flights,
    );
    pair.handshake()
        .unwrap_or_else(|e| panic!("{}: {e}", suite.name()));
    // Tickets and the like: nothing but application data is in flight from here on.
    pair.pump();
    pair
}

/// How the bytes move from one connection to the other.
#[derive(Clone, Copy, Debug)]
enum Path {
    /// `write_tls` into a `Vec` the caller clears and reuses; `handle_tls` then `read`.
    SwapAndRead,
    /// As `SwapAndRead`, the data lent by `received` instead of copied out by `read`, and
    /// consumed half at a time, as a line reader would: no more allocation than `read`.
    SwapAndLend,
    /// `pending_tls` / `consume_tls` into a fixed buffer; `handle_tls_in_place`.
    BorrowInPlace,
    /// The data written straight into a fixed buffer and sealed there (`seal_in_place`), the
    /// receiver opening it there (`handle_tls_in_place`): no copy by the connections at all.
    SealInPlace,
    /// The data sealed from its own buffer into a fixed buffer (`seal_into`), the receiver
    /// opening it there (`handle_tls_in_place`).
    SealInto,
}

/// The caller's side of a one-way transfer: its buffers, allocated once.
struct Wire {
    vec: Vec<u8>,
    fixed: Vec<u8>,
    sink: Vec<u8>,
}

impl Wire {
    fn new() -> Self {
        Self {
            vec: Vec::new(),
            fixed: vec![0; 2 * MAX_RECORD],
            sink: vec![0; 4096],
        }
    }

    /// `data` from `from` to `to` along `path`; returns the bytes `to` received.
    fn transfer<F: Handshake, T: Handshake>(
        &mut self,
        from: &mut Connection<F>,
        to: &mut Connection<T>,
        data: &[u8],
        path: Path,
    ) -> usize {
        if !matches!(path, Path::SealInPlace | Path::SealInto) {
            let taken = from.send(data).expect("send");
            assert_eq!(taken, data.len(), "the send buffer takes a record's worth");
        }
        let mut received = 0;
        match path {
            Path::SwapAndRead => {
                from.write_tls(&mut self.vec);
                let used = to.handle_tls(&mut self.vec, now()).expect("handle_tls");
                assert_eq!(used, self.vec.len());
                self.vec.clear();
                loop {
                    let n = to.read(&mut self.sink).expect("read");
                    if n == 0 {
                        break;
                    }
                    received += n;
                }
            }
            Path::SwapAndLend => {
                from.write_tls(&mut self.vec);
                let used = to.handle_tls(&mut self.vec, now()).expect("handle_tls");
                assert_eq!(used, self.vec.len());
                self.vec.clear();
                loop {
                    let lent = to.received().expect("received");
                    if lent.is_empty() {
                        break;
                    }
                    assert!(data[received..].starts_with(lent), "lent in order");
                    let n = lent.len().div_ceil(2);
                    to.consume_received(n);
                    received += n;
                }
            }
            Path::SealInPlace | Path::SealInto => {
                let layout = from.send_layout().expect("send_layout");
                assert!(data.len() <= layout.max_data_len());
                assert!(!from.wants_write(), "nothing pending ahead of the record");
                let n = if matches!(path, Path::SealInto) {
                    from.seal_into(data, &mut self.fixed).expect("seal_into")
                } else {
                    self.fixed[layout.data_range(data.len())].copy_from_slice(data);
                    from.seal_in_place(&mut self.fixed, data.len())
                        .expect("seal_in_place")
                };
                assert!(n <= layout.record_len(data.len()));
                let mut records = to.handle_tls_in_place(&mut self.fixed[..n], now());
                while let Some(chunk) = records.next_data().expect("next_data") {
                    match chunk {
                        AppData::Data(d) => {
                            assert_eq!(d, data, "the data sealed in place arrives");
                            received += d.len();
                        }
                        AppData::EarlyData(_) => panic!("0-RTT data after the handshake"),
                    }
                }
                assert_eq!(records.consumed(), n);
            }
            Path::BorrowInPlace => {
                let pending = from.pending_tls();
                let n = pending.len();
                self.fixed[..n].copy_from_slice(pending);
                from.consume_tls(n);
                let mut records = to.handle_tls_in_place(&mut self.fixed[..n], now());
                while let Some(chunk) = records.next_data().expect("next_data") {
                    match chunk {
                        AppData::Data(d) => received += d.len(),
                        AppData::EarlyData(_) => panic!("0-RTT data after the handshake"),
                    }
                }
                assert_eq!(records.consumed(), n);
            }
        }
        while let Some(event) = to.poll_event() {
            assert_eq!(event, Event::ApplicationData);
        }
        received
    }
}

/// Allocations while `rounds` records of `len` bytes go one way along `path`, after a warm-up.
fn steady_state<F: Handshake, T: Handshake>(
    from: &mut Connection<F>,
    to: &mut Connection<T>,
    len: usize,
    path: Path,
) -> Stats {
    let data = pattern(7, len);
    let mut wire = Wire::new();
    for _ in 0..WARM_UP {
        assert_eq!(wire.transfer(from, to, &data, path), len);
    }
    let region = Region::new(GLOBAL);
    for _ in 0..MEASURED {
        assert_eq!(wire.transfer(from, to, &data, path), len);
    }
    region.change()
}

fn check_steady_state(suite: &'static SupportedCipherSuite) {
    let mut pair = connected(suite, Limits::default());
    for path in [
        Path::SwapAndRead,
        Path::SwapAndLend,
        Path::BorrowInPlace,
        Path::SealInPlace,
        Path::SealInto,
    ] {
        // A full record, and a short one.
        for len in [MAX_PLAINTEXT_LEN, 100] {
            let client = &mut pair.client.conn;
            let server = &mut pair.server.conn;
            let up = steady_state(client, server, len, path);
            let down = steady_state(server, client, len, path);
            for (direction, stats) in [("client to server", up), ("server to client", down)] {
                println!(
                    "{} {path:?} {len}-byte records, {direction}: {} allocations, {} \
                     reallocations in {MEASURED} records",
                    suite.name(),
                    stats.allocations,
                    stats.reallocations,
                );
                assert_eq!(
                    (stats.allocations, stats.reallocations),
                    (0, 0),
                    "{} {path:?} {len} {direction}: allocations per record in steady state",
                    suite.name()
                );
            }
        }
    }
}

/// Heap held now (net of everything freed), as counted since the region began. `stats_alloc`
/// already counts a reallocation's growth in `bytes_allocated` (and its shrinking in
/// `bytes_deallocated`); `bytes_reallocated` is the same change again, so it is not added.
fn held(region: &Region<'_, System>) -> isize {
    let stats = region.change();
    stats.bytes_allocated as isize - stats.bytes_deallocated as isize
}

/// 64 MiB from client to server in one `send` loop: the transport takes what the client has
/// queued in pieces of at most one fixed buffer, as a socket does, and the server consumes the
/// records in place, so any heap that grows during the loop is the sender's.
fn check_bounded_sending(suite: &'static SupportedCipherSuite) {
    const TOTAL: usize = 64 << 20;
    let limits = Limits::default();
    let mut pair = connected(suite, limits);
    let client = &mut pair.client.conn;
    let server = &mut pair.server.conn;
    let data = pattern(3, 1 << 20);
    // The "socket": fixed, allocated before the measurement.
    let mut socket = vec![0; 20_000];
    let mut filled = 0;
    let (mut sent, mut received, mut peak) = (0, 0, 0);
    let region = Region::new(GLOBAL);
    while received < TOTAL {
        if sent < TOTAL {
            let offset = sent % data.len();
            let end = data.len().min(offset + (TOTAL - sent));
            // One call offers everything left of the source: the connection takes what fits.
            sent += client.send(&data[offset..end]).expect("send");
            assert!(
                client.pending_tls().len() <= limits.max_send_buffer + MAX_RECORD,
                "{} bytes queued",
                client.pending_tls().len()
            );
        }
        peak = peak.max(held(&region));
        let pending = client.pending_tls();
        let n = pending.len().min(socket.len() - filled);
        socket[filled..filled + n].copy_from_slice(&pending[..n]);
        client.consume_tls(n);
        filled += n;
        let mut records = server.handle_tls_in_place(&mut socket[..filled], now());
        while let Some(AppData::Data(d)) = records.next_data().expect("next_data") {
            received += d.len();
        }
        let used = records.consumed();
        socket.copy_within(used..filled, 0);
        filled -= used;
        peak = peak.max(held(&region));
    }
    assert_eq!((sent, received), (TOTAL, TOTAL));
    let bound = (limits.max_send_buffer + MAX_RECORD) as isize;
    println!(
        "{}: sending 64 MiB held at most {peak} bytes more heap (bound {bound})",
        suite.name()
    );
    assert!(
        peak <= bound,
        "{}: the sender held {peak} bytes, more than {bound}",
        suite.name()
    );
}

#[test]
fn data_path_allocations() {
    let suites: Vec<_> = ALL_CIPHER_SUITES
        .iter()
        .copied()
        .filter(|s| [ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2].contains(&s.version))
        .collect();
    assert_eq!(suites.len(), 9, "3 TLS 1.3 suites and 6 TLS 1.2 suites");
    for suite in suites {
        check_steady_state(suite);
    }
    for suite in ALL_CIPHER_SUITES.iter().copied().filter(|s| {
        s.name() == "TLS_AES_128_GCM_SHA256"
            || s.name() == "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"
    }) {
        check_bounded_sending(suite);
    }
}
