//! Resource limits against peer claims, with every allocation counted: a claimed length must
//! cost an error, not memory. The counting global allocator (`stats_alloc`, no unsafe code on
//! our side) is why this is a test target of its own, and why it is a single test: the counts
//! are process-wide, so nothing may run beside the measured calls.
#![forbid(unsafe_code)]

use std::alloc::System;
use std::sync::Arc;

use ferrotls_core::error::Cause;
use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::{AlertDescription, ClientConnection, Error, ProtocolVersion, ServerConnection};
use ferrotls_tests::certs::{self, KeyKind};
use ferrotls_tests::pair::START_TIME;
use stats_alloc::{Region, StatsAlloc, INSTRUMENTED_SYSTEM};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// What every scenario must stay under.
const BUDGET: usize = 64 * 1024;

fn now() -> UnixTime {
    UnixTime::since_unix_epoch(START_TIME)
}

fn record(content_type: u8, payload: &[u8]) -> Vec<u8> {
    let mut r = vec![content_type, 3, 3];
    r.extend_from_slice(&u16::try_from(payload.len()).unwrap().to_be_bytes());
    r.extend_from_slice(payload);
    r
}

fn handshake_message(typ: u8, body: &[u8]) -> Vec<u8> {
    let mut m = vec![typ];
    m.extend_from_slice(&u32::try_from(body.len()).unwrap().to_be_bytes()[1..]);
    m.extend_from_slice(body);
    m
}

/// Feed `input` (already allocated, so it is not counted) and return the error and the bytes
/// allocated while handling it.
fn measure(
    handle: impl FnOnce(&mut [u8]) -> Result<usize, Error>,
    mut input: Vec<u8>,
) -> (Error, usize) {
    let region = Region::new(GLOBAL);
    let result = handle(&mut input);
    let allocated = region.change().bytes_allocated;
    (result.expect_err("the claim must be refused"), allocated)
}

fn assert_refused(what: &str, (err, allocated): (Error, usize), alert: AlertDescription) {
    assert_eq!(err.alert_sent(), Some(alert), "{what}: {err}");
    assert!(allocated < BUDGET, "{what}: {allocated} bytes allocated");
    println!("{what}: {err}; {allocated} bytes allocated");
}

/// A TLS 1.2 client that has processed a real server's ServerHello and expects its Certificate.
fn tls12_client_expecting_certificate() -> ClientConnection {
    let mut client_config = certs::client_config();
    client_config.versions = vec![ProtocolVersion::TLS1_2];
    let mut server_config = certs::server_config(KeyKind::EcdsaP256);
    server_config.versions = vec![ProtocolVersion::TLS1_2];
    let name = ServerName::try_from(certs::SERVER_NAME).unwrap();
    let mut client = ClientConnection::new(Arc::new(client_config), name, now()).unwrap();
    let mut server = ServerConnection::new(Arc::new(server_config)).unwrap();
    let mut hello = Vec::new();
    client.write_tls(&mut hello);
    server.handle_tls(&mut hello, now()).unwrap();
    let mut flight = Vec::new();
    server.write_tls(&mut flight);
    // The first handshake message of the first record is the ServerHello.
    let len = usize::from(flight[6]) << 16 | usize::from(flight[7]) << 8 | usize::from(flight[8]);
    let mut server_hello = record(22, &flight[5..5 + 4 + len]);
    client.handle_tls(&mut server_hello, now()).unwrap();
    client
}

#[test]
fn claimed_lengths_cost_no_memory() {
    let server =
        || ServerConnection::new(Arc::new(certs::server_config(KeyKind::EcdsaP256))).unwrap();

    // A 1 MiB handshake message claim with 10 bytes of payload.
    let mut conn = server();
    let claim = record(22, &[&[1, 0x10, 0, 0][..], &[0u8; 10]].concat());
    assert_refused(
        "1 MiB handshake message",
        measure(|b| conn.handle_tls(b, now()), claim),
        AlertDescription::ILLEGAL_PARAMETER,
    );

    // The largest record claim a header can make (its length is 16 bits, so no 10 MiB claim
    // exists on the wire): refused on the header, before its payload is awaited.
    let mut conn = server();
    let claim = [&[22, 3, 3, 0xff, 0xff][..], &[0u8; 10]].concat();
    assert_refused(
        "64 KiB record",
        measure(|b| conn.handle_tls(b, now()), claim),
        AlertDescription::RECORD_OVERFLOW,
    );

    // A certificate_list claiming 16 MiB inside a 10-byte message.
    let mut client = tls12_client_expecting_certificate();
    let claim = record(
        22,
        &handshake_message(11, &[0xff, 0xff, 0xff, 0, 0, 1, 0x30, 0, 0, 1]),
    );
    assert_refused(
        "16 MiB certificate list",
        measure(|b| client.handle_tls(b, now()), claim),
        AlertDescription::DECODE_ERROR,
    );

    // 4000 one-byte certificates, well formed: decoding would allocate once per certificate;
    // the chain limit refuses them first.
    let mut client = tls12_client_expecting_certificate();
    let list: Vec<u8> = (0..4000).flat_map(|_| [0, 0, 1, 0x30]).collect();
    let body = [
        &u32::try_from(list.len()).unwrap().to_be_bytes()[1..],
        &list[..],
    ]
    .concat();
    let claim = record(22, &handshake_message(11, &body));
    let (err, allocated) = measure(|b| client.handle_tls(b, now()), claim);
    assert_eq!(
        err,
        Error::AlertSent {
            alert: AlertDescription::BAD_CERTIFICATE,
            cause: Cause::Limit("max_certificate_chain_len"),
        }
    );
    assert!(
        allocated < BUDGET,
        "4000 certificates: {allocated} bytes allocated"
    );
    println!("4000 certificates: {err}; {allocated} bytes allocated");

    the_most_extensions_a_client_hello_holds_cost_linear_memory();
}

/// Bytes a server may allocate per byte of a legal ClientHello: decoding keeps one 56-byte
/// value per extension, and an empty extension takes four bytes of the block (measured: 16.8
/// for a block full of them, 1.10 MB in all).
const PER_CLIENT_HELLO_BYTE: usize = 20;

/// RFC 9846 §9.3: a server ignores extensions it does not know, and a legal ClientHello's
/// block holds up to 16,383 of them. Such a ClientHello is answered, and what that costs stays
/// proportional to its size (part of the single test: the counts are process-wide).
fn the_most_extensions_a_client_hello_holds_cost_linear_memory() {
    use ferrotls_core::msgs::enums::ExtensionType;
    use ferrotls_core::msgs::extensions::{ClientExtension, UnknownExtension};
    use ferrotls_core::msgs::{HandshakeMessage, Version};

    let name = ServerName::try_from(certs::SERVER_NAME).unwrap();
    let mut client = ClientConnection::new(Arc::new(certs::client_config()), name, now()).unwrap();
    let mut first = Vec::new();
    client.write_tls(&mut first);
    let Ok(HandshakeMessage::ClientHello(mut hello)) =
        HandshakeMessage::decode(&first[5..], Version::Tls13)
    else {
        panic!("not a ClientHello");
    };
    let ours = HandshakeMessage::ClientHello(hello.clone())
        .to_bytes()
        .unwrap();
    // Fill the extension block (at most 2^16-1 bytes) with empty unknown extensions.
    let room = (0xffff
        - (ours.len()
            - 4
            - 2
            - 32
            - 1
            - hello.session_id.len()
            - 2
            - 2 * hello.cipher_suites.len()
            - 1
            - hello.compression_methods.len()
            - 2))
        / 4;
    let mut extensions: Vec<ClientExtension> = (0..room)
        .map(|i| {
            ClientExtension::Unknown(UnknownExtension {
                typ: ExtensionType(0x4000 + u16::try_from(i).unwrap()),
                data: Vec::new(),
            })
        })
        .collect();
    extensions.append(&mut hello.extensions);
    hello.extensions = extensions;
    let count = hello.extensions.len();
    let message = HandshakeMessage::ClientHello(hello).to_bytes().unwrap();
    let mut input = Vec::new();
    for fragment in message.chunks(1 << 14) {
        input.extend(record(22, fragment));
    }
    let mut server =
        ServerConnection::new(Arc::new(certs::server_config(KeyKind::EcdsaP256))).unwrap();
    let region = Region::new(GLOBAL);
    let answered = server.handle_tls(&mut input, now());
    let allocated = region.change().bytes_allocated;
    answered.expect("a legal ClientHello is answered");
    assert!(server.wants_write());
    assert!(
        allocated < PER_CLIENT_HELLO_BYTE * message.len(),
        "{count} extensions, {} bytes: {allocated} bytes allocated",
        message.len()
    );
    println!(
        "ClientHello with {count} extensions, {} bytes: answered; {allocated} bytes allocated",
        message.len()
    );
}
