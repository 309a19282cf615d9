//! ServerHello and HelloRetryRequest refusals (RFC 8446 §4.1.3, §4.1.4, §4.2).

use alloc::vec;
use alloc::vec::Vec;

use ferrotls_crypto::NamedGroup;
use ferrotls_record::{AlertDescription, ContentType, ProtocolVersion};

use super::alert;
use super::fake_server::{config, connect, now, FakeServer};
use crate::client::ClientConnection;
use crate::config::ClientConfig;
use crate::msgs::enums::{CipherSuite, CompressionMethod};
use crate::msgs::extensions::{
    Cookie, HelloRetryExtension, KeyShareEntry, ProtocolName, SelectedProtocol, ServerExtension,
};
use crate::msgs::handshake::{
    ClientHello, HandshakeMessage, HelloRetryRequest, ServerHello, TLS12_DOWNGRADE_SENTINEL,
};

/// A named refusal case: what to break, and the alert it must cause.
type Case<F> = (&'static str, F, AlertDescription);
/// The extensions of a HelloRetryRequest under test.
type RetryExtensions = fn() -> Vec<HelloRetryExtension>;

/// Start a client with `config`, let `edit` break the server's ServerHello, and return the
/// client's answer to it.
fn answer_to(
    config: ClientConfig,
    edit: impl FnOnce(&mut ServerHello),
) -> Result<usize, crate::error::Error> {
    let mut client = connect(config);
    let mut server = FakeServer::new();
    let ch = server.client_hello(&mut client);
    let mut sh = server.server_hello(&ch);
    edit(&mut sh);
    let mut record = server.send_plain(&HandshakeMessage::ServerHello(sh), &ch);
    client.handle_tls(&mut record, now())
}

#[test]
fn a_valid_server_hello_is_accepted() {
    assert!(answer_to(config(), |_| {}).is_ok());
}

#[test]
fn tls12_server_hello_is_protocol_version_or_downgrade() {
    let tls12 = |sh: &mut ServerHello| {
        sh.extensions
            .retain(|e| !matches!(e, ServerExtension::SupportedVersions(_)));
    };
    assert_eq!(
        alert(answer_to(config(), tls12)),
        AlertDescription::PROTOCOL_VERSION
    );
    // With TLS 1.2 offered the TLS 1.2 machine takes over, which refuses the TLS 1.3 suite.
    let mut with_tls12 = config();
    with_tls12.versions.push(ProtocolVersion::TLS1_2);
    assert_eq!(
        alert(answer_to(with_tls12, tls12)),
        AlertDescription::ILLEGAL_PARAMETER
    );
    // Older versions are protocol_version whatever we offered.
    let tls11 = |sh: &mut ServerHello| {
        tls12(sh);
        sh.legacy_version = ProtocolVersion::TLS1_1;
    };
    let mut with_tls12 = config();
    with_tls12.versions.push(ProtocolVersion::TLS1_2);
    assert_eq!(
        alert(answer_to(with_tls12, tls11)),
        AlertDescription::PROTOCOL_VERSION
    );
    // RFC 8446 §4.1.3: the downgrade sentinel is illegal_parameter.
    let sentinel = |sh: &mut ServerHello| {
        tls12(sh);
        sh.random[24..].copy_from_slice(&TLS12_DOWNGRADE_SENTINEL);
    };
    assert_eq!(
        alert(answer_to(config(), sentinel)),
        AlertDescription::ILLEGAL_PARAMETER
    );
}

#[test]
fn field_refusals() {
    let illegal = AlertDescription::ILLEGAL_PARAMETER;
    let cases: Vec<Case<fn(&mut ServerHello)>> = vec![
        ("session id echo", |sh| sh.session_id = vec![1; 32], illegal),
        (
            "suite not offered",
            |sh| sh.cipher_suite = CipherSuite::TLS_AES_128_CCM_SHA256,
            illegal,
        ),
        (
            "TLS 1.2 suite",
            |sh| sh.cipher_suite = CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
            illegal,
        ),
        (
            "compression",
            |sh| sh.compression_method = CompressionMethod::DEFLATE,
            illegal,
        ),
        (
            "selected version",
            |sh| {
                for e in &mut sh.extensions {
                    if let ServerExtension::SupportedVersions(v) = e {
                        *v = ProtocolVersion::TLS1_2;
                    }
                }
            },
            illegal,
        ),
        (
            "share for a group we sent none for",
            |sh| {
                for e in &mut sh.extensions {
                    if let ServerExtension::KeyShare(k) = e {
                        *k = KeyShareEntry {
                            group: NamedGroup::SECP256R1,
                            key_exchange: vec![4; 65],
                        };
                    }
                }
            },
            illegal,
        ),
        (
            "bad share",
            |sh| {
                for e in &mut sh.extensions {
                    if let ServerExtension::KeyShare(k) = e {
                        k.key_exchange = vec![0; 32];
                    }
                }
            },
            illegal,
        ),
        (
            // draft-ietf-tls-ecdhe-mlkem §3: the server's hybrid share is exactly 1120 bytes.
            "X25519MLKEM768 share of the wrong length",
            |sh| {
                for e in &mut sh.extensions {
                    if let ServerExtension::KeyShare(k) = e {
                        *k = KeyShareEntry {
                            group: NamedGroup::X25519MLKEM768,
                            key_exchange: vec![1; 1119],
                        };
                    }
                }
            },
            illegal,
        ),
        (
            // ... and its X25519 part may not give the all-zero secret (RFC 8446 §7.4.2).
            "X25519MLKEM768 share with a zero X25519 part",
            |sh| {
                for e in &mut sh.extensions {
                    if let ServerExtension::KeyShare(k) = e {
                        let mut key_exchange = vec![1; 1088];
                        key_exchange.extend_from_slice(&[0; 32]);
                        *k = KeyShareEntry {
                            group: NamedGroup::X25519MLKEM768,
                            key_exchange,
                        };
                    }
                }
            },
            illegal,
        ),
        (
            "missing key_share",
            |sh| {
                sh.extensions
                    .retain(|e| !matches!(e, ServerExtension::KeyShare(_)));
            },
            AlertDescription::MISSING_EXTENSION,
        ),
        (
            "unsolicited ALPN",
            |sh| {
                sh.extensions
                    .push(ServerExtension::Alpn(SelectedProtocol(ProtocolName(
                        b"h2".to_vec(),
                    ))));
            },
            AlertDescription::UNSUPPORTED_EXTENSION,
        ),
        (
            "TLS 1.2-only extension we did send",
            |sh| {
                sh.extensions
                    .push(ServerExtension::RenegotiationInfo(Default::default()));
            },
            illegal,
        ),
    ];
    for (name, edit, expected) in cases {
        assert_eq!(alert(answer_to(config(), edit)), expected, "{name}");
    }
}

fn hrr(ch: &ClientHello, extensions: Vec<HelloRetryExtension>) -> HandshakeMessage {
    HandshakeMessage::HelloRetryRequest(HelloRetryRequest {
        legacy_version: ProtocolVersion::TLS1_2,
        session_id: ch.session_id.clone(),
        cipher_suite: CipherSuite::TLS_AES_128_GCM_SHA256,
        compression_method: CompressionMethod::NULL,
        extensions,
    })
}

fn versions() -> HelloRetryExtension {
    HelloRetryExtension::SupportedVersions(ProtocolVersion::TLS1_3)
}

fn retry(
    config: ClientConfig,
    extensions: impl FnOnce(&ClientHello) -> Vec<HelloRetryExtension>,
) -> (
    ClientConnection,
    FakeServer,
    Result<usize, crate::error::Error>,
) {
    let mut client = connect(config);
    let mut server = FakeServer::new();
    let ch = server.client_hello(&mut client);
    let mut record = server.send_plain(&hrr(&ch, extensions(&ch)), &ch);
    let result = client.handle_tls(&mut record, now());
    (client, server, result)
}

#[test]
fn hello_retry_request_refusals() {
    let illegal = AlertDescription::ILLEGAL_PARAMETER;
    let cases: Vec<Case<RetryExtensions>> = vec![
        ("no change", || vec![versions()], illegal),
        (
            "group already shared",
            || {
                vec![
                    versions(),
                    HelloRetryExtension::KeyShare(NamedGroup::X25519),
                ]
            },
            illegal,
        ),
        (
            "group not supported",
            || {
                vec![
                    versions(),
                    HelloRetryExtension::KeyShare(NamedGroup::FFDHE2048),
                ]
            },
            illegal,
        ),
        (
            "no supported_versions",
            || vec![HelloRetryExtension::KeyShare(NamedGroup::SECP256R1)],
            AlertDescription::MISSING_EXTENSION,
        ),
    ];
    for (name, extensions, expected) in cases {
        assert_eq!(
            alert(retry(config(), |_| extensions()).2),
            expected,
            "{name}"
        );
    }
}

#[test]
fn hello_retry_request_gets_a_new_client_hello_and_only_once() {
    let mut c = config();
    c.middlebox_compat = true;
    let cookie = Cookie(vec![7; 20]);
    let (mut client, mut server, result) = retry(c, |_| {
        vec![
            HelloRetryExtension::KeyShare(NamedGroup::SECP256R1),
            HelloRetryExtension::Cookie(Cookie(vec![7; 20])),
            versions(),
        ]
    });
    assert!(result.is_ok());
    assert!(client.info().hello_retry);
    let mut bytes = Vec::new();
    client.write_tls(&mut bytes);
    // RFC 8446 §D.4: the compatibility change_cipher_spec, then ClientHello2 under 0x0303.
    assert_eq!(
        bytes[..6],
        [ContentType::CHANGE_CIPHER_SPEC.0, 3, 3, 0, 1, 1]
    );
    assert_eq!(bytes[6..9], [ContentType::HANDSHAKE.0, 3, 3]);
    let HandshakeMessage::ClientHello(ch2) =
        HandshakeMessage::decode(&bytes[11..], crate::msgs::Version::Tls13).unwrap()
    else {
        panic!("ClientHello2");
    };
    assert_eq!(ch2.cookie(), Some(&cookie));
    let shares = ch2.key_shares().unwrap();
    assert_eq!(shares.len(), 1);
    assert_eq!(shares[0].group, NamedGroup::SECP256R1);
    assert_eq!(shares[0].key_exchange.len(), 65);

    // A second HelloRetryRequest is unexpected_message (RFC 8446 §4.1.4).
    let mut record = server.send_plain(
        &hrr(
            &ch2,
            vec![versions(), HelloRetryExtension::Cookie(Cookie(vec![1]))],
        ),
        &ch2,
    );
    assert_eq!(
        alert(client.handle_tls(&mut record, now())),
        AlertDescription::UNEXPECTED_MESSAGE
    );
}

#[test]
fn server_hello_after_retry_must_keep_suite_and_group() {
    let (mut client, mut server, result) = retry(config(), |_| {
        vec![
            versions(),
            HelloRetryExtension::KeyShare(NamedGroup::SECP256R1),
        ]
    });
    assert!(result.is_ok());
    let ch2 = server.client_hello(&mut client);
    // The fake server answers with X25519, which the HelloRetryRequest did not ask for.
    let sh = server.server_hello(&ch2);
    let mut record = server.send_plain(&HandshakeMessage::ServerHello(sh), &ch2);
    assert_eq!(
        alert(client.handle_tls(&mut record, now())),
        AlertDescription::ILLEGAL_PARAMETER
    );
}

/// RFC 9149 §3: servers do not echo ticket_request in the ServerHello, and a client that finds
/// it there aborts with illegal_parameter; likewise in a HelloRetryRequest, which may carry only
/// the extensions RFC 8446 §4.1.4 lists. After a HelloRetryRequest the request goes out again
/// unchanged (RFC 9149 §3): with no ticket offered, 0 on resumption in both hellos.
#[test]
fn ticket_request_in_server_hello_or_retry_is_illegal_parameter() {
    let request = crate::msgs::extensions::TicketRequest {
        new_session_count: 4,
        resumption_count: 1,
    };
    let mut asked = config();
    asked.ticket_request = Some(request);
    let echo = || crate::msgs::extensions::UnknownExtension {
        typ: crate::msgs::enums::ExtensionType::TICKET_REQUEST,
        data: vec![4],
    };
    for c in [asked.clone(), config()] {
        assert_eq!(
            alert(answer_to(c, |sh| sh
                .extensions
                .push(ServerExtension::Unknown(echo())))),
            AlertDescription::ILLEGAL_PARAMETER
        );
    }
    let (client, _, result) = retry(asked.clone(), |_| {
        vec![
            versions(),
            HelloRetryExtension::KeyShare(NamedGroup::SECP256R1),
            HelloRetryExtension::Unknown(echo()),
        ]
    });
    assert_eq!(alert(result), AlertDescription::ILLEGAL_PARAMETER);
    assert!(client.failure().is_some());

    let (mut client, _, result) = retry(asked, |_| {
        vec![
            versions(),
            HelloRetryExtension::KeyShare(NamedGroup::SECP256R1),
        ]
    });
    assert!(result.is_ok());
    let mut bytes = Vec::new();
    client.write_tls(&mut bytes);
    let HandshakeMessage::ClientHello(ch2) =
        HandshakeMessage::decode(&bytes[5..], crate::msgs::Version::Tls13).unwrap()
    else {
        panic!("ClientHello2");
    };
    assert_eq!(
        ch2.extension(crate::msgs::enums::ExtensionType::TICKET_REQUEST),
        Some(&crate::msgs::extensions::ClientExtension::TicketRequest(
            crate::msgs::extensions::TicketRequest {
                resumption_count: 0,
                ..request
            }
        ))
    );
}
