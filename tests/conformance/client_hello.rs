//! Any legal ClientHello is accepted (RFC 9846 §4.2.2; §9.3: unrecognized extensions MUST be
//! ignored). An external test suite sent one with 1,000 unknown extensions, which we refused as
//! decode_error (more than 64 in a block), and one of 100 KB, which we refused as larger than
//! the 64 KiB handshake message limit; a legal ClientHello reaches 131,396 bytes.

use ferrotls_core::msgs::enums::{CipherSuite, ExtensionType};
use ferrotls_core::msgs::extensions::{ClientExtension, UnknownExtension};
use ferrotls_core::msgs::handshake::{ClientHello, HandshakeMessage, Version};
use ferrotls_core::{AlertDescription, ServerConnection};
use ferrotls_crypto::NamedGroup;

use super::scripted::{give, pair, take};

/// Our client's ClientHello, decoded, and the server it was meant for.
fn our_hello() -> (ClientHello, ServerConnection) {
    let (mut client, server) = pair(&[NamedGroup::X25519], &[NamedGroup::X25519]);
    let wire = take(&mut client);
    let Ok(HandshakeMessage::ClientHello(hello)) =
        HandshakeMessage::decode(&wire[5..], Version::Tls13)
    else {
        panic!("not a ClientHello");
    };
    (hello, server)
}

/// `message` in handshake records of at most 2^14 bytes each.
fn in_records(message: &[u8]) -> Vec<u8> {
    let mut wire = Vec::new();
    for fragment in message.chunks(1 << 14) {
        wire.extend_from_slice(&[22, 3, 3]);
        wire.extend_from_slice(&u16::try_from(fragment.len()).unwrap().to_be_bytes());
        wire.extend_from_slice(fragment);
    }
    wire
}

fn unknown(typ: u16, len: usize) -> ClientExtension {
    ClientExtension::Unknown(UnknownExtension {
        typ: ExtensionType(typ),
        data: vec![0x5a; len],
    })
}

/// The server's answer to `hello`: its first handshake message type, or its alert.
fn answer(
    mut server: ServerConnection,
    hello: ClientHello,
) -> Result<u8, Option<AlertDescription>> {
    let encoded = HandshakeMessage::ClientHello(hello).to_bytes().unwrap();
    give(&mut server, &in_records(&encoded)).map_err(|e| e.alert_sent())?;
    let out = take(&mut server);
    Ok(out[5])
}

const SERVER_HELLO: u8 = 2;

#[test]
fn a_client_hello_with_1000_unknown_extensions_is_answered() {
    let (mut hello, server) = our_hello();
    let mut extensions: Vec<ClientExtension> = (0..1000).map(|i| unknown(0xfa00 + i, 1)).collect();
    extensions.append(&mut hello.extensions);
    hello.extensions = extensions;
    assert_eq!(answer(server, hello), Ok(SERVER_HELLO));
}

#[test]
fn a_client_hello_of_100_kb_is_answered() {
    let (mut hello, server) = our_hello();
    // 20,000 cipher suites we do not know after ours, and a 60,000-byte unknown extension.
    hello
        .cipher_suites
        .extend((0..20_000u16).map(|i| CipherSuite(0x5000 + i)));
    hello.extensions.insert(0, unknown(0xfa00, 60_000));
    let len = HandshakeMessage::ClientHello(hello.clone())
        .to_bytes()
        .unwrap()
        .len();
    assert!(len > 100_000, "{len}");
    assert_eq!(answer(server, hello), Ok(SERVER_HELLO));
}

#[test]
fn a_duplicate_among_many_extensions_is_still_illegal_parameter() {
    let (mut hello, server) = our_hello();
    let mut extensions: Vec<ClientExtension> = (0..1000).map(|i| unknown(0xfa00 + i, 0)).collect();
    extensions.push(unknown(0xfa00 + 999, 0));
    extensions.append(&mut hello.extensions);
    hello.extensions = extensions;
    assert_eq!(
        answer(server, hello),
        Err(Some(AlertDescription::ILLEGAL_PARAMETER))
    );
}

#[test]
fn a_client_hello_claim_beyond_the_largest_legal_one_is_refused() {
    let (_, mut server) = our_hello();
    let claim = ClientHello::MAX_BODY_LEN + 1;
    let header = [1, (claim >> 16) as u8, (claim >> 8) as u8, claim as u8];
    let err = give(&mut server, &in_records(&header)).unwrap_err();
    assert_eq!(err.alert_sent(), Some(AlertDescription::ILLEGAL_PARAMETER));
}

#[test]
fn other_messages_keep_the_general_limit() {
    // A 100 KB ServerHello claim, and a ClientHello one at a client: both over 64 KiB.
    for typ in [SERVER_HELLO, 1] {
        let (mut client, _) = pair(&[NamedGroup::X25519], &[NamedGroup::X25519]);
        take(&mut client);
        let claim = 100_000usize;
        let header = [typ, (claim >> 16) as u8, (claim >> 8) as u8, claim as u8];
        let err = give(&mut client, &in_records(&header)).unwrap_err();
        assert_eq!(
            err.alert_sent(),
            Some(AlertDescription::ILLEGAL_PARAMETER),
            "{typ}"
        );
    }
}
