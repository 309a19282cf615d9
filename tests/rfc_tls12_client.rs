//! The TLS 1.2 key schedule of a real handshake between our client and OpenSSL 3.0's
//! `s_server`, checked from the captured data (`vectors/tls12/openssl-capture-*.txt`, written by
//! `vectors/tls12/capture-openssl.sh`): the premaster secret from our ECDHE private key and the
//! server's public key, the (extended) master secret against OpenSSL's key log, the EMS session
//! hash, and both Finished verify_data values against the Finished messages OpenSSL logged.
//!
//! `capture_client` is the client half of the capture script (ignored: it needs the server the
//! script starts).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;

use ferrotls_core::crypto::random::SeededRandom;
use ferrotls_core::crypto::rustcrypto::{default_provider, provider_with_random};
use ferrotls_core::crypto::{HashAlgorithm, NamedGroup};
use ferrotls_core::key_schedule::{HashPrimitives, Side, Tls12MasterSecret};
use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::{ClientConfig, ClientConnection, Event, ProtocolVersion};
use ferrotls_tests::certs;
use ferrotls_tests::vectors::{Step, Trace};

/// The seed of the client's random source: the script's private key line is computed from it.
const SEED: u8 = 0x42;

fn handshake_messages(step: &Step) -> Vec<u8> {
    step.hex("messages")
}

/// The type (first byte) and bytes of each handshake message, in order.
fn split(mut messages: &[u8]) -> Vec<(u8, &[u8])> {
    let mut out = Vec::new();
    while messages.len() >= 4 {
        let len = usize::from(messages[1]) << 16
            | usize::from(messages[2]) << 8
            | usize::from(messages[3]);
        let (m, rest) = messages.split_at(4 + len);
        out.push((m[0], m));
        messages = rest;
    }
    assert!(messages.is_empty(), "trailing bytes in the message list");
    out
}

fn check(file: &str, ems: bool) {
    let trace = Trace::load(file);
    let capture = trace.step("capture");
    let hash = match capture.text("prf hash") {
        "SHA256" => HashAlgorithm::Sha256,
        "SHA384" => HashAlgorithm::Sha384,
        other => panic!("hash {other}"),
    };
    let provider = default_provider();
    let prims = HashPrimitives::from_provider(&provider, hash).unwrap();
    let all = handshake_messages(capture);
    let messages = split(&all);
    let types: Vec<u8> = messages.iter().map(|(t, _)| *t).collect();
    // ClientHello, ServerHello, Certificate, ServerKeyExchange, ServerHelloDone,
    // ClientKeyExchange, Finished (client), [NewSessionTicket,] Finished (server).
    assert_eq!(&types[..7], [1, 2, 11, 12, 14, 16, 20], "{types:?}");
    let client_random: [u8; 32] = messages[0].1[6..38].try_into().unwrap();
    let server_random: [u8; 32] = messages[1].1[6..38].try_into().unwrap();
    assert_eq!(client_random.to_vec(), capture.hex("client random"));
    assert_eq!(server_random.to_vec(), capture.hex("server random"));

    // RFC 8422 §5.4 / §5.7: the server's point follows curve type and named curve in
    // ServerKeyExchange; ours is ClientKeyExchange's body.
    let ske = messages[3].1;
    assert_eq!(ske[4], 3, "named_curve");
    let group = NamedGroup(u16::from_be_bytes([ske[5], ske[6]]));
    let point_len = usize::from(ske[7]);
    let server_point = &ske[8..8 + point_len];
    let cke = messages[5].1;
    let client_point = &cke[5..];
    assert_eq!(usize::from(cke[4]), client_point.len());

    // The premaster: our private key with the server's point.
    let kx = provider.kx_group(group).expect("group");
    let private = capture.hex("client private key");
    let ours = kx
        .start(&ferrotls_core::crypto::random::ScriptedRandom::new(private))
        .unwrap();
    assert_eq!(
        ours.public_key(),
        client_point,
        "private key matches ClientKeyExchange"
    );
    let premaster = ours.complete(server_point).unwrap();

    let through_cke: Vec<u8> = messages[..6].iter().flat_map(|(_, m)| m.to_vec()).collect();
    let master = if ems {
        // RFC 7627 §3: session_hash = Hash(ClientHello ... ClientKeyExchange).
        let session_hash = prims.hash.hash(&through_cke);
        assert_eq!(session_hash.as_bytes(), capture.hex("session hash"));
        Tls12MasterSecret::derive_extended(prims, premaster.as_bytes(), &session_hash).unwrap()
    } else {
        Tls12MasterSecret::derive(prims, premaster.as_bytes(), &client_random, &server_random)
    };
    assert_eq!(
        master.secret().as_bytes(),
        capture.hex("keylog master secret"),
        "master secret equals OpenSSL's key log"
    );

    // RFC 5246 §7.4.9: each Finished covers every message before it.
    let client_finished = messages[6].1;
    let hash = prims.hash.hash(&through_cke);
    let expected = master.verify_data(Side::Client, &hash).unwrap();
    assert_eq!(expected.as_bytes(), &client_finished[4..]);
    let server_finished = messages.last().unwrap();
    assert_eq!(server_finished.0, 20);
    let before: Vec<u8> = messages[..messages.len() - 1]
        .iter()
        .flat_map(|(_, m)| m.to_vec())
        .collect();
    let expected = master
        .verify_data(Side::Server, &prims.hash.hash(&before))
        .unwrap();
    assert_eq!(expected.as_bytes(), &server_finished.1[4..]);
}

#[test]
fn openssl_ems_session_recomputes() {
    check(
        "tls12/openssl-capture-ecdhe-ecdsa-aes128-gcm-sha256-ems.txt",
        true,
    );
}

#[test]
fn openssl_ems_sha384_session_recomputes() {
    check(
        "tls12/openssl-capture-ecdhe-rsa-aes256-gcm-sha384-ems.txt",
        true,
    );
}

#[test]
fn openssl_classic_session_recomputes() {
    check(
        "tls12/openssl-capture-ecdhe-ecdsa-aes128-gcm-sha256-no-ems.txt",
        false,
    );
}

/// The client half of `vectors/tls12/capture-openssl.sh`: connect to
/// `FERROTLS_CAPTURE_ADDR` with TLS 1.2 only, X25519 and secp256r1, and a seeded random source, complete
/// the handshake, exchange one line, close; then print the values the script stores.
#[test]
#[ignore = "run by vectors/tls12/capture-openssl.sh against openssl s_server"]
fn capture_client() {
    let addr = std::env::var("FERROTLS_CAPTURE_ADDR").expect("FERROTLS_CAPTURE_ADDR");
    let require_ems = std::env::var("FERROTLS_CAPTURE_NO_EMS").is_err();
    let random = Arc::new(SeededRandom::new([SEED; 32]));
    let provider = Arc::new(provider_with_random(random));
    let mut config = ClientConfig::new(provider, certs::roots("ca.pem"));
    config.versions = vec![ProtocolVersion::TLS1_2];
    // OpenSSL only picks an ECDSA certificate whose curve the client lists (RFC 8422 §5.1 as
    // TLS 1.2 servers read it); s_server -groups X25519 still picks X25519 for the exchange.
    config.groups = vec![NamedGroup::X25519, NamedGroup::SECP256R1];
    config.require_ems = require_ems;
    let config: Arc<ClientConfig> = Arc::new(config);
    let now = UnixTime::now();
    let mut conn =
        ClientConnection::new(config, ServerName::try_from("localhost").unwrap(), now).unwrap();
    let mut sock = TcpStream::connect(&addr).expect("connect");
    let mut inbuf = Vec::new();
    let mut done = false;
    while !done {
        let mut out = Vec::new();
        conn.write_tls(&mut out);
        sock.write_all(&out).unwrap();
        let mut buf = [0u8; 16384];
        let n = sock.read(&mut buf).unwrap();
        assert!(n > 0, "server closed during the handshake");
        inbuf.extend_from_slice(&buf[..n]);
        let used = conn.handle_tls(&mut inbuf, now).expect("handshake");
        inbuf.drain(..used);
        while let Some(ev) = conn.poll_event() {
            if let Event::HandshakeComplete { version } = ev {
                assert_eq!(version, ProtocolVersion::TLS1_2);
                done = true;
            }
        }
    }
    conn.send(b"ferrotls capture\n").unwrap();
    conn.close();
    let mut out = Vec::new();
    conn.write_tls(&mut out);
    sock.write_all(&out).unwrap();

    // Replay the seeded source: the client random, then (TLS 1.2 only: no session id, no key
    // share) the X25519 private key drawn after ServerKeyExchange (`ClientConnection::new`).
    let replay = SeededRandom::new([SEED; 32]);
    let mut client_random = [0u8; 32];
    let mut private = [0u8; 32];
    use ferrotls_core::crypto::SecureRandom;
    replay.fill(&mut client_random).unwrap();
    replay.fill(&mut private).unwrap();
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    println!("CAPTURE client random = {}", hex(&client_random));
    println!("CAPTURE client private key = {}", hex(&private));
    println!(
        "CAPTURE extended master secret = {}",
        conn.info().extended_master_secret
    );
}
