//! Setups on an RFC 8448 session: the endpoint under test is configured like the trace's and fed
//! the trace's randoms, so it derives the trace's keys, and forged messages are sealed with them.

use std::rc::Rc;

use ferrotls_core::{ClientConfig, ServerConfig};
use ferrotls_record::ContentType;
use ferrotls_tests::bad_input::AnyConn;
use ferrotls_tests::code_points::{HS_CERTIFICATE_VERIFY, HS_ENCRYPTED_EXTENSIONS};
use ferrotls_tests::rfc8448_session::{trace_now, Peer, Phase, Section, Session};
use ferrotls_tests::tls_bytes::{encode_extensions, message, plaintext, split_messages};

use crate::harness::{drive, Attempt, Opener};
use crate::raw_hello::{parse_extensions, RawHello};

pub(crate) fn session(section: Section) -> Rc<Session> {
    Rc::new(Session::new(section))
}

/// The §3 (or other) trace's server, fed `inputs`.
pub(crate) fn trace_server(
    section: Section,
    configure: impl FnOnce(&mut ServerConfig),
    inputs: impl FnOnce(&Session) -> Vec<Vec<u8>>,
) -> Attempt {
    let s = session(section);
    let conn = AnyConn::Server(s.server_with(configure));
    let inputs = inputs(&s);
    drive(
        conn,
        &inputs,
        Opener::Trace(Rc::clone(&s), Peer::Server),
        trace_now(),
    )
}

pub(crate) fn trace_client(
    section: Section,
    configure: impl FnOnce(&mut ClientConfig),
    inputs: impl FnOnce(&Session) -> Vec<Vec<u8>>,
) -> Attempt {
    let s = session(section);
    let conn = AnyConn::Client(s.client_with(configure));
    let inputs = inputs(&s);
    drive(
        conn,
        &inputs,
        Opener::Trace(Rc::clone(&s), Peer::Client),
        trace_now(),
    )
}

pub(crate) fn server_gets(inputs: impl FnOnce(&Session) -> Vec<Vec<u8>>) -> Attempt {
    trace_server(Section::Simple1Rtt, |_| {}, inputs)
}

pub(crate) fn client_gets(inputs: impl FnOnce(&Session) -> Vec<Vec<u8>>) -> Attempt {
    trace_client(Section::Simple1Rtt, |_| {}, inputs)
}

/// The trace's first ClientHello, taken apart.
pub(crate) fn trace_hello(s: &Session) -> RawHello {
    RawHello::parse(&s.handshake_record(Peer::Client, 0).payload)
}

/// A server given the §3 ClientHello after `change`.
pub(crate) fn server_gets_hello(change: impl FnOnce(&mut RawHello)) -> Attempt {
    server_gets_hello_with(|_| {}, change)
}

pub(crate) fn server_gets_hello_with(
    configure: impl FnOnce(&mut ServerConfig),
    change: impl FnOnce(&mut RawHello),
) -> Attempt {
    trace_server(Section::Simple1Rtt, configure, |s| {
        let mut hello = trace_hello(s);
        change(&mut hello);
        vec![plaintext(22, &hello.encode())]
    })
}

/// The §5 server: first ClientHello from the trace, then the second one after `change`.
pub(crate) fn server_gets_second_hello(change: impl FnOnce(&mut RawHello, &Session)) -> Attempt {
    trace_server(
        Section::HelloRetry,
        |_| {},
        |s| {
            let mut second = RawHello::parse(&s.handshake_record(Peer::Client, 1).payload);
            change(&mut second, s);
            vec![
                s.handshake_record(Peer::Client, 0).complete,
                plaintext(22, &second.encode()),
            ]
        },
    )
}

/// The §3 or §6 server: ClientHello, then the client's encrypted flight with `change` applied to
/// its plaintext.
pub(crate) fn server_gets_flight(
    section: Section,
    change: impl FnOnce(&mut Vec<Vec<u8>>),
) -> Attempt {
    trace_server(
        section,
        |_| {},
        |s| {
            let mut messages = split_messages(&s.handshake_record(Peer::Client, 1).payload);
            change(&mut messages);
            vec![
                s.handshake_record(Peer::Client, 0).complete,
                s.seal(
                    Peer::Client,
                    Phase::Handshake,
                    0,
                    ContentType::HANDSHAKE,
                    &messages.concat(),
                ),
            ]
        },
    )
}

/// The §3 server after its handshake completed, then `last`.
pub(crate) fn server_connected_gets(last: impl FnOnce(&Session) -> Vec<u8>) -> Attempt {
    server_gets(|s| {
        vec![
            s.handshake_record(Peer::Client, 0).complete,
            s.handshake_record(Peer::Client, 1).complete,
            last(s),
        ]
    })
}

/// The §3 server after the ClientHello, then `next`.
pub(crate) fn server_after_hello_gets(next: impl FnOnce(&Session) -> Vec<u8>) -> Attempt {
    server_gets(|s| vec![s.handshake_record(Peer::Client, 0).complete, next(s)])
}

/// The §3 client given the trace's ServerHello after `change`.
pub(crate) fn client_gets_server_hello(change: impl FnOnce(&mut RawHello)) -> Attempt {
    client_gets(|s| {
        let mut hello = RawHello::parse(&s.handshake_record(Peer::Server, 0).payload);
        change(&mut hello);
        vec![plaintext(22, &hello.encode())]
    })
}

/// The §3 client: ServerHello, then the server's encrypted flight (EncryptedExtensions,
/// Certificate, CertificateVerify, Finished) with `change` applied.
pub(crate) fn client_gets_flight(change: impl FnOnce(&mut Vec<Vec<u8>>)) -> Attempt {
    client_gets(|s| {
        let mut messages = split_messages(&s.handshake_record(Peer::Server, 1).payload);
        change(&mut messages);
        vec![
            s.handshake_record(Peer::Server, 0).complete,
            s.seal(
                Peer::Server,
                Phase::Handshake,
                0,
                ContentType::HANDSHAKE,
                &messages.concat(),
            ),
        ]
    })
}

/// The §3 client after its handshake completed, then `last`.
pub(crate) fn client_connected_gets(last: impl FnOnce(&Session) -> Vec<u8>) -> Attempt {
    client_gets(|s| {
        vec![
            s.handshake_record(Peer::Server, 0).complete,
            s.handshake_record(Peer::Server, 1).complete,
            last(s),
        ]
    })
}

/// Adds an extension to the EncryptedExtensions message (the first of the server's flight).
pub(crate) fn add_to_encrypted_extensions(messages: &mut [Vec<u8>], t: u16, body: Vec<u8>) {
    assert_eq!(messages[0][0], HS_ENCRYPTED_EXTENSIONS);
    let mut exts = parse_extensions(&messages[0][4..]);
    exts.push((t, body));
    messages[0] = message(HS_ENCRYPTED_EXTENSIONS, &encode_extensions(&exts));
}

pub(crate) fn index_of(messages: &[Vec<u8>], typ: u8) -> usize {
    messages
        .iter()
        .position(|m| m[0] == typ)
        .unwrap_or_else(|| panic!("no message of type {typ}"))
}

/// Flips one bit of the signature in the CertificateVerify (after type, length, scheme, length).
pub(crate) fn corrupt_signature(messages: &mut [Vec<u8>]) {
    let cv = index_of(messages, HS_CERTIFICATE_VERIFY);
    messages[cv][4 + 2 + 2 + 10] ^= 0x01;
}
