//! Every handshake message RFC 8448 prints (sections 3–7) decodes and re-encodes to the same
//! bytes, alone and as the plaintext payload of each "send handshake record" step, and the
//! decoded fields hold the values the RFC's narrative describes.

use ferrotls_core::msgs::codec::Codec;
use ferrotls_core::msgs::enums::{CipherSuite, HandshakeType, PskKeyExchangeMode};
use ferrotls_core::msgs::extensions::{ClientExtension, EncryptedExtension, RecordSizeLimit};
use ferrotls_core::msgs::handshake::{ClientHello, HandshakeMessage, Version};
use ferrotls_core::msgs::DecodeError;
use ferrotls_crypto::{NamedGroup, SignatureScheme};
use ferrotls_record::ProtocolVersion;
use ferrotls_tests::vectors::rfc8448::{self, all_sections};
use ferrotls_tests::vectors::{Step, Trace};

/// The labels RFC 8448 gives whole handshake messages, with their `msg_type`.
const MESSAGE_LABELS: [(&str, HandshakeType); 9] = [
    ("ClientHello", HandshakeType::CLIENT_HELLO),
    ("ServerHello", HandshakeType::SERVER_HELLO),
    ("EncryptedExtensions", HandshakeType::ENCRYPTED_EXTENSIONS),
    ("Certificate", HandshakeType::CERTIFICATE),
    ("CertificateRequest", HandshakeType::CERTIFICATE_REQUEST),
    ("CertificateVerify", HandshakeType::CERTIFICATE_VERIFY),
    ("Finished", HandshakeType::FINISHED),
    ("NewSessionTicket", HandshakeType::NEW_SESSION_TICKET),
    ("EndOfEarlyData", HandshakeType::END_OF_EARLY_DATA),
];

/// Whether the value's handshake header claims more bytes than it holds: RFC 8448 §4 prints
/// the ClientHello only up to the binders (477 of 512 octets).
fn is_truncated_message(bytes: &[u8]) -> bool {
    let claimed = bytes
        .get(1..4)
        .map(|l| u32::from_be_bytes([0, l[0], l[1], l[2]]) as usize + 4);
    claimed != Some(bytes.len())
}

/// The message labelled `$label` in the first step starting with `$step`, which must be a
/// `HandshakeMessage::$variant`.
macro_rules! step_message {
    ($trace:expr, $step:expr, $label:expr, $variant:ident) => {
        match decode_one(&$trace.step($step).hex($label)) {
            HandshakeMessage::$variant(m) => m,
            other => panic!("{} is not a {}: {other:?}", $step, stringify!($variant)),
        }
    };
}

fn decode_one(bytes: &[u8]) -> HandshakeMessage {
    HandshakeMessage::decode(bytes, Version::Tls13)
        .unwrap_or_else(|e| panic!("{e:?}: {}", hex(bytes)))
}

fn hex(bytes: &[u8]) -> String {
    ferrotls_tests::hex::encode(bytes)
}

fn client_hello(msg: HandshakeMessage) -> ClientHello {
    match msg {
        HandshakeMessage::ClientHello(ch) => ch,
        other => panic!("not a ClientHello: {other:?}"),
    }
}

/// The first handshake message of the `n`th "send handshake record" step of `side`.
fn sent_message(trace: &Trace, side: &str, n: usize) -> HandshakeMessage {
    let step = trace.nth(&format!("{{{side}}} send handshake record"), n);
    let all = HandshakeMessage::decode_all(&step.hex("payload"), Version::Tls13).unwrap();
    all.into_iter().next().unwrap()
}

#[test]
fn every_printed_message_round_trips() {
    let mut whole = 0;
    let mut truncated = 0;
    for trace in all_sections() {
        for step in &trace.steps {
            for (label, typ) in MESSAGE_LABELS {
                if !step.has(label) {
                    continue;
                }
                let bytes = step.hex(label);
                if is_truncated_message(&bytes) {
                    // Checked against the partial-ClientHello encoding below.
                    assert_eq!(label, "ClientHello", "{}: {}", trace.name, step.title);
                    let err = HandshakeMessage::decode(&bytes, Version::Tls13).unwrap_err();
                    assert_eq!(err, DecodeError::Truncated);
                    truncated += 1;
                    continue;
                }
                let msg = decode_one(&bytes);
                assert_eq!(msg.typ(), typ, "{}: {}", trace.name, step.title);
                assert_eq!(
                    hex(&msg.to_bytes().unwrap()),
                    hex(&bytes),
                    "{}: {}",
                    trace.name,
                    step.title
                );
                whole += 1;
            }
        }
    }
    // 5 ClientHellos + 6 ServerHellos (one a HelloRetryRequest) + 5 EncryptedExtensions +
    // 5 Certificates + 1 CertificateRequest + 5 CertificateVerify + 10 Finished +
    // 1 NewSessionTicket + 1 EndOfEarlyData; plus §4's ClientHello printed without binders.
    assert_eq!(whole, 39);
    assert_eq!(truncated, 1);
}

#[test]
fn every_handshake_record_payload_splits_and_round_trips() {
    let mut records = 0;
    let mut messages = 0;
    for trace in all_sections() {
        for step in trace
            .all("{client} send handshake record")
            .into_iter()
            .chain(trace.all("{server} send handshake record"))
        {
            let payload = step.hex("payload");
            let decoded = HandshakeMessage::decode_all(&payload, Version::Tls13)
                .unwrap_or_else(|e| panic!("{}: {}: {e:?}", trace.name, step.title));
            let mut again = Vec::new();
            for m in &decoded {
                m.encode(&mut again).unwrap();
            }
            assert_eq!(hex(&again), hex(&payload), "{}: {}", trace.name, step.title);
            records += 1;
            messages += decoded.len();
        }
    }
    assert_eq!(records, 24);
    // The 39 messages printed whole, plus §4's ClientHello, which is printed without binders.
    assert_eq!(messages, 40);
}

/// Every message printed on its own also appears, byte for byte, inside some record payload.
#[test]
fn printed_messages_are_the_ones_sent() {
    for trace in all_sections() {
        let payloads: Vec<Vec<u8>> = trace
            .steps
            .iter()
            .filter(|s| s.title.ends_with("send handshake record"))
            .map(|s| s.hex("payload"))
            .collect();
        for step in &trace.steps {
            for (label, _) in MESSAGE_LABELS {
                if step.has(label) {
                    let bytes = step.hex(label);
                    let found = payloads
                        .iter()
                        .any(|p| p.windows(bytes.len()).any(|w| w == bytes));
                    assert!(
                        found,
                        "{}: {} {label} not in any record",
                        trace.name, step.title
                    );
                }
            }
        }
    }
}

#[test]
fn section3_client_hello_fields() {
    let trace = rfc8448::simple_1rtt();
    let ch = client_hello(decode_one(
        &trace
            .step("{client} construct a ClientHello")
            .hex("ClientHello"),
    ));
    assert_eq!(ch.legacy_version, ProtocolVersion::TLS1_2);
    assert!(ch.session_id.is_empty());
    assert_eq!(
        ch.cipher_suites,
        [
            CipherSuite::TLS_AES_128_GCM_SHA256,
            CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
            CipherSuite::TLS_AES_256_GCM_SHA384
        ]
    );
    assert_eq!(
        ch.server_name().and_then(|n| n.first_host_name()),
        Some(&b"server"[..])
    );
    assert_eq!(
        ch.supported_groups().unwrap(),
        [
            NamedGroup::X25519,
            NamedGroup::SECP256R1,
            NamedGroup::SECP384R1,
            NamedGroup::SECP521R1,
            NamedGroup::FFDHE2048,
            NamedGroup::FFDHE3072,
            NamedGroup::FFDHE4096,
            NamedGroup::FFDHE6144,
            NamedGroup::FFDHE8192,
        ]
    );
    let client_public = trace
        .step("{client} create an ephemeral x25519 key pair")
        .hex("public key");
    let shares = ch.key_shares().unwrap();
    assert_eq!(shares.len(), 1);
    assert_eq!(shares[0].group, NamedGroup::X25519);
    assert_eq!(shares[0].key_exchange, client_public);
    assert_eq!(ch.supported_versions().unwrap(), [ProtocolVersion::TLS1_3]);
    assert_eq!(ch.psk_modes().unwrap(), [PskKeyExchangeMode::PSK_DHE_KE]);
    let sigs = ch.signature_algorithms().unwrap();
    assert_eq!(sigs.len(), 15);
    assert_eq!(sigs[0], SignatureScheme::ECDSA_NISTP256_SHA256);
    assert!(ch
        .extensions
        .contains(&ClientExtension::RecordSizeLimit(RecordSizeLimit(0x4001))));
    assert!(ch.psk().is_none());
    assert_eq!(ch.binders_len(), None);
}

#[test]
fn section3_server_messages_fields() {
    let trace = rfc8448::simple_1rtt();
    let sh = step_message!(
        trace,
        "{server} construct a ServerHello",
        "ServerHello",
        ServerHello
    );
    assert_eq!(sh.cipher_suite, CipherSuite::TLS_AES_128_GCM_SHA256);
    assert_eq!(sh.selected_version(), Some(ProtocolVersion::TLS1_3));
    let server_public = trace
        .step("{server} create an ephemeral x25519 key pair")
        .hex("public key");
    assert_eq!(sh.key_share().unwrap().key_exchange, server_public);
    assert_eq!(sh.downgrade_sentinel(), None);

    let cert = step_message!(
        trace,
        "{server} construct a Certificate",
        "Certificate",
        CertificateTls13
    );
    assert!(cert.context.is_empty());
    assert_eq!(cert.entries.len(), 1);
    assert_eq!(cert.end_entity().unwrap().0.len(), 0x1b0);

    let cv = step_message!(
        trace,
        "{server} construct a CertificateVerify",
        "CertificateVerify",
        CertificateVerify
    );
    assert_eq!(cv.scheme, SignatureScheme::RSA_PSS_RSAE_SHA256);
    assert_eq!(cv.signature.len(), 128);

    let HandshakeMessage::Finished(fin) =
        decode_one(&trace.step("{server} construct a Finished").hex("Finished"))
    else {
        panic!("not a Finished")
    };
    assert_eq!(
        fin.verify_data.as_bytes(),
        trace.step("{server} calculate finished").hex("finished")
    );

    let nst = step_message!(
        trace,
        "{server} construct a NewSessionTicket",
        "NewSessionTicket",
        NewSessionTicketTls13
    );
    assert_eq!(nst.lifetime, 0x1e);
    assert_eq!(nst.age_add, 0xfad6aac5);
    assert_eq!(nst.nonce, [0, 0]);
    assert_eq!(nst.ticket.len(), 0xb2);
    assert_eq!(nst.max_early_data_size(), Some(0x400));
}

#[test]
fn section4_psk_offer_and_partial_client_hello() {
    let s3 = rfc8448::simple_1rtt();
    let nst = step_message!(
        s3,
        "{server} construct a NewSessionTicket",
        "NewSessionTicket",
        NewSessionTicketTls13
    );

    let trace = rfc8448::resumed_0rtt();
    let ch = client_hello(sent_message(&trace, "client", 0));
    let psk = ch.psk().expect("pre_shared_key offered");
    assert_eq!(psk.identities.len(), 1);
    assert_eq!(psk.identities[0].identity, nst.ticket);
    assert_eq!(psk.identities[0].obfuscated_ticket_age, 0xfad6aacb);
    let binder = trace.step("{client} calculate PSK binder").hex("finished");
    assert_eq!(psk.binders.len(), 1);
    assert_eq!(psk.binders[0].0, binder);
    assert!(ch.early_data_offered());
    assert!(matches!(
        ch.extensions.last(),
        Some(ClientExtension::PreSharedKey(_))
    ));

    // RFC 8446 §4.2.11.2: the binder covers the ClientHello up to the identities.
    assert_eq!(ch.binders_len(), Some(2 + 1 + 32));
    let partial = ch.encode_partial().unwrap();
    let prefix = trace
        .step("{client} calculate PSK binder")
        .hex("ClientHello prefix");
    assert_eq!(hex(&partial), hex(&prefix));
    let printed = trace
        .step("{client} construct a ClientHello")
        .hex("ClientHello");
    assert_eq!(hex(&partial), hex(&printed));

    // Writing the binder into an encoding with a zeroed placeholder gives the bytes sent.
    let mut with_placeholder = ch.clone();
    if let Some(ClientExtension::PreSharedKey(p)) = with_placeholder.extensions.last_mut() {
        p.binders[0].0.fill(0);
    }
    let mut encoded = HandshakeMessage::ClientHello(with_placeholder)
        .to_bytes()
        .unwrap();
    assert_eq!(&encoded[..partial.len()], &partial[..]);
    ferrotls_core::msgs::extensions::OfferedPsks::write_binders(&mut encoded, &psk.binders)
        .unwrap();
    let sent = trace
        .nth("{client} send handshake record", 0)
        .hex("payload");
    assert_eq!(hex(&encoded), hex(&sent));

    let HandshakeMessage::ServerHello(sh) = sent_message(&trace, "server", 0) else {
        panic!("not a ServerHello")
    };
    assert_eq!(sh.selected_psk(), Some(0));
    let ee = step_message!(
        trace,
        "{server} construct an EncryptedExtensions",
        "EncryptedExtensions",
        EncryptedExtensions
    );
    assert!(ee.early_data_accepted());
    assert!(ee.extensions.contains(&EncryptedExtension::ServerName));
    let eoed = decode_one(
        &trace
            .step("{client} construct an EndOfEarlyData")
            .hex("EndOfEarlyData"),
    );
    assert_eq!(eoed.typ(), HandshakeType::END_OF_EARLY_DATA);
}

#[test]
fn section5_hello_retry_request() {
    let trace = rfc8448::hello_retry_request();
    let hrr_bytes = trace
        .nth("{server} construct a ServerHello", 0)
        .hex("ServerHello");
    let HandshakeMessage::HelloRetryRequest(hrr) = decode_one(&hrr_bytes) else {
        panic!("not a HelloRetryRequest")
    };
    assert_eq!(hrr.cipher_suite, CipherSuite::TLS_AES_128_GCM_SHA256);
    assert_eq!(hrr.selected_group(), Some(NamedGroup::SECP256R1));
    assert_eq!(hrr.selected_version(), Some(ProtocolVersion::TLS1_3));
    let cookie = hrr.cookie().unwrap();
    assert_eq!(cookie.0.len(), 0x72);
    assert_eq!(cookie.0[..4], [0x71, 0xdc, 0xd0, 0x4b]);
    // ServerHello::decode refuses the HelloRetryRequest random.
    assert!(ferrotls_core::msgs::handshake::ServerHello::decode(&hrr_bytes[4..]).is_err());

    let ch1 = client_hello(decode_one(
        &trace
            .nth("{client} construct a ClientHello", 0)
            .hex("ClientHello"),
    ));
    assert_eq!(ch1.key_shares().unwrap()[0].group, NamedGroup::X25519);
    let ch2 = client_hello(decode_one(
        &trace
            .nth("{client} construct a ClientHello", 1)
            .hex("ClientHello"),
    ));
    assert_eq!(ch2.cookie(), Some(cookie));
    let p256_public = trace
        .step("{client} create an ephemeral P-256 key pair")
        .hex("public key");
    let shares = ch2.key_shares().unwrap();
    assert_eq!(shares.len(), 1);
    assert_eq!(shares[0].group, NamedGroup::SECP256R1);
    assert_eq!(shares[0].key_exchange, p256_public);
    assert_eq!(ch2.random, ch1.random);

    let HandshakeMessage::ServerHello(sh) = decode_one(
        &trace
            .nth("{server} construct a ServerHello", 1)
            .hex("ServerHello"),
    ) else {
        panic!("not a ServerHello")
    };
    assert_eq!(sh.key_share().unwrap().group, NamedGroup::SECP256R1);
}

#[test]
fn section6_certificate_request_and_client_certificate() {
    let trace = rfc8448::client_auth();
    let cr = step_message!(
        trace,
        "{server} construct a CertificateRequest",
        "CertificateRequest",
        CertificateRequestTls13
    );
    assert!(cr.context.is_empty());
    let sigs = cr.signature_algorithms().unwrap();
    assert!(sigs.contains(&SignatureScheme::RSA_PSS_RSAE_SHA256));
    let cert = step_message!(
        trace,
        "{client} construct a Certificate",
        "Certificate",
        CertificateTls13
    );
    assert_eq!(cert.context, cr.context);
    assert_eq!(cert.entries.len(), 1);
}

#[test]
fn section7_compatibility_mode_session_id() {
    let trace = rfc8448::compatibility_mode();
    let ch = client_hello(decode_one(
        &trace
            .step("{client} construct a ClientHello")
            .hex("ClientHello"),
    ));
    assert_eq!(ch.session_id.len(), 32);
    let sh = step_message!(
        trace,
        "{server} construct a ServerHello",
        "ServerHello",
        ServerHello
    );
    assert_eq!(sh.session_id, ch.session_id);
}

#[test]
fn alert_and_change_cipher_spec_records() {
    use ferrotls_core::msgs::{Alert, ChangeCipherSpec};
    for trace in all_sections() {
        for step in trace
            .steps
            .iter()
            .filter(|s| s.title.ends_with("send alert record"))
        {
            let payload = step.hex("payload");
            let alert = Alert::decode(&payload).unwrap();
            assert_eq!(
                alert.description,
                ferrotls_record::AlertDescription::CLOSE_NOTIFY
            );
            assert_eq!(alert.to_bytes().unwrap(), payload);
        }
        for step in trace
            .steps
            .iter()
            .filter(|s| s.title.ends_with("send change_cipher_spec record"))
        {
            let payload = step.hex("payload");
            assert_eq!(ChangeCipherSpec::decode(&payload), Ok(ChangeCipherSpec));
        }
    }
    let _: &Step = rfc8448::compatibility_mode().step("{client} send change_cipher_spec record");
}
