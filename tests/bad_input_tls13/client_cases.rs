//! Client side: a forged ServerHello or HelloRetryRequest, the server's encrypted flight, the
//! server's certificate, and messages after the handshake.

use ferrotls_record::ContentType;
use ferrotls_tests::code_points::{
    EXT_ALPN, EXT_EARLY_DATA, EXT_KEY_SHARE, EXT_SUPPORTED_VERSIONS, HS_CERTIFICATE,
    HS_CERTIFICATE_VERIFY, HS_FINISHED, HS_KEY_UPDATE, SECP384R1, SECP521R1, X25519,
};
use ferrotls_tests::rfc8448_session::{Peer, Phase, Section};
use ferrotls_tests::tls_bytes::{message, plaintext};

use crate::harness::{Case, Expect, A};
use crate::pki_setups::{after_expiry, pair, pki_client, pki_now, pki_server};
use crate::raw_hello::RawHello;
use crate::trace_setups::{
    add_to_encrypted_extensions, client_connected_gets, client_gets_flight,
    client_gets_server_hello, corrupt_signature, index_of, trace_client,
};

pub(crate) fn client_cases() -> Vec<Case> {
    vec![
        Case {
            name: "ServerHello with a session id the client did not send (RFC 8446 §4.1.3)",
            side: Peer::Client,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || client_gets_server_hello(|h| h.session_id = vec![7; 32]),
        },
        Case {
            name: "ServerHello with a suite not offered (RFC 8446 §4.1.3)",
            side: Peer::Client,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || client_gets_server_hello(|h| h.suites = vec![0x1304]),
        },
        Case {
            name: "ServerHello key_share for a group without a share offered (RFC 8446 §4.2.8)",
            side: Peer::Client,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                client_gets_server_hello(|h| {
                    let mut share = h.ext(EXT_KEY_SHARE).to_vec();
                    share[..2].copy_from_slice(&SECP384R1.to_be_bytes());
                    h.set_ext(EXT_KEY_SHARE, share);
                })
            },
        },
        Case {
            name: "ServerHello selected_version TLS 1.2 (RFC 8446 §4.2.1)",
            side: Peer::Client,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || client_gets_server_hello(|h| h.set_ext(EXT_SUPPORTED_VERSIONS, vec![3, 3])),
        },
        Case {
            name: "TLS 1.2 ServerHello with the downgrade sentinel (RFC 8446 §4.1.3)",
            side: Peer::Client,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                client_gets_server_hello(|h| {
                    h.exts.clear();
                    h.suites = vec![0xc02f];
                    h.random[24..].copy_from_slice(b"DOWNGRD\x01");
                })
            },
        },
        Case {
            name: "TLS 1.2 ServerHello to a TLS 1.3-only client (RFC 8446 §4.2.1)",
            side: Peer::Client,
            expect: Expect::Sent(A::PROTOCOL_VERSION),
            run: || {
                client_gets_server_hello(|h| {
                    h.exts.clear();
                    h.suites = vec![0xc02f];
                })
            },
        },
        Case {
            name: "ServerHello with compression method 1 (RFC 8446 §4.1.3)",
            side: Peer::Client,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || client_gets_server_hello(|h| h.compression = vec![1]),
        },
        Case {
            name: "ServerHello without key_share (RFC 8446 §9.2)",
            side: Peer::Client,
            expect: Expect::Sent(A::MISSING_EXTENSION),
            run: || client_gets_server_hello(|h| h.remove_ext(EXT_KEY_SHARE)),
        },
        Case {
            name: "a second HelloRetryRequest (RFC 8446 §4.1.4)",
            side: Peer::Client,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || {
                trace_client(
                    Section::HelloRetry,
                    |_| {},
                    |s| {
                        let hrr = s.handshake_record(Peer::Server, 0).complete;
                        vec![hrr.clone(), hrr]
                    },
                )
            },
        },
        Case {
            name: "HelloRetryRequest for the group already shared (RFC 8446 §4.1.4)",
            side: Peer::Client,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                trace_client(
                    Section::HelloRetry,
                    |_| {},
                    |s| {
                        let mut hrr = RawHello::parse(&s.handshake_record(Peer::Server, 0).payload);
                        hrr.set_ext(EXT_KEY_SHARE, X25519.to_be_bytes().to_vec());
                        vec![plaintext(22, &hrr.encode())]
                    },
                )
            },
        },
        Case {
            name: "HelloRetryRequest for a group not in supported_groups (RFC 8446 §4.2.8)",
            side: Peer::Client,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                trace_client(
                    Section::HelloRetry,
                    |_| {},
                    |s| {
                        let mut hrr = RawHello::parse(&s.handshake_record(Peer::Server, 0).payload);
                        hrr.set_ext(EXT_KEY_SHARE, SECP521R1.to_be_bytes().to_vec());
                        vec![plaintext(22, &hrr.encode())]
                    },
                )
            },
        },
        Case {
            name: "EncryptedExtensions with unsolicited early_data (RFC 8446 §4.2)",
            side: Peer::Client,
            expect: Expect::Sent(A::UNSUPPORTED_EXTENSION),
            run: || client_gets_flight(|m| add_to_encrypted_extensions(m, EXT_EARLY_DATA, vec![])),
        },
        Case {
            name: "EncryptedExtensions with an extension type never sent (RFC 8446 §4.2)",
            side: Peer::Client,
            expect: Expect::Sent(A::UNSUPPORTED_EXTENSION),
            run: || client_gets_flight(|m| add_to_encrypted_extensions(m, 0x1234, vec![1])),
        },
        Case {
            name: "EncryptedExtensions with ALPN the client did not offer (RFC 8446 §4.2)",
            side: Peer::Client,
            expect: Expect::Sent(A::UNSUPPORTED_EXTENSION),
            run: || {
                client_gets_flight(|m| {
                    add_to_encrypted_extensions(m, EXT_ALPN, vec![0, 3, 2, b'h', b'2'])
                })
            },
        },
        Case {
            name: "EncryptedExtensions with key_share (RFC 8446 §4.2)",
            side: Peer::Client,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                client_gets_flight(|m| {
                    let mut share = X25519.to_be_bytes().to_vec();
                    share.extend_from_slice(&[0, 32]);
                    share.extend_from_slice(&[9; 32]);
                    add_to_encrypted_extensions(m, EXT_KEY_SHARE, share)
                })
            },
        },
        Case {
            name: "server Certificate with no certificate (RFC 8446 §4.4.2.4)",
            side: Peer::Client,
            expect: Expect::Sent(A::DECODE_ERROR),
            run: || {
                client_gets_flight(|m| {
                    let cert = index_of(m, HS_CERTIFICATE);
                    m[cert] = message(HS_CERTIFICATE, &[0, 0, 0, 0]);
                })
            },
        },
        Case {
            name: "server CertificateVerify with a bad signature (RFC 8446 §4.4.3)",
            side: Peer::Client,
            expect: Expect::Sent(A::DECRYPT_ERROR),
            run: || client_gets_flight(|m| corrupt_signature(m)),
        },
        Case {
            name: "server Finished with a wrong verify_data (RFC 8446 §4.4.4)",
            side: Peer::Client,
            expect: Expect::Sent(A::DECRYPT_ERROR),
            run: || {
                client_gets_flight(|m| {
                    *m.last_mut().and_then(|f| f.last_mut()).expect("finished") ^= 1;
                })
            },
        },
        Case {
            name: "server Finished of 33 bytes (RFC 8446 §4.4.4)",
            side: Peer::Client,
            expect: Expect::Sent(A::DECODE_ERROR),
            run: || {
                client_gets_flight(|m| {
                    let fin = m.last_mut().expect("finished");
                    let mut body = fin[4..].to_vec();
                    body.push(0);
                    *fin = message(HS_FINISHED, &body);
                })
            },
        },
        Case {
            name: "server Finished of 49 bytes, longer than any Hash.length (RFC 9846 §4.5.3)",
            side: Peer::Client,
            expect: Expect::Sent(A::DECODE_ERROR),
            run: || {
                client_gets_flight(|m| {
                    let fin = m.last_mut().expect("finished");
                    let mut body = fin[4..].to_vec();
                    body.resize(49, 0);
                    *fin = message(HS_FINISHED, &body);
                })
            },
        },
        Case {
            name: "Finished where CertificateVerify is expected (RFC 8446 §4.4)",
            side: Peer::Client,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || {
                client_gets_flight(|m| {
                    let cv = index_of(m, HS_CERTIFICATE_VERIFY);
                    m.remove(cv);
                })
            },
        },
        Case {
            name: "server certificate from an unknown CA, own client and server (RFC 8446 §6.2)",
            side: Peer::Client,
            expect: Expect::Sent(A::UNKNOWN_CA),
            run: || {
                pair(
                    pki_client(),
                    "localhost",
                    pki_now(),
                    pki_server("untrusted-server"),
                    pki_now(),
                )
            },
        },
        Case {
            name: "server certificate for another name, own client and server (RFC 8446 §6.2)",
            side: Peer::Client,
            expect: Expect::Sent(A::BAD_CERTIFICATE),
            run: || {
                pair(
                    pki_client(),
                    "localhost",
                    pki_now(),
                    pki_server("other-name"),
                    pki_now(),
                )
            },
        },
        Case {
            name: "server certificate expired at `now`, own client and server (RFC 8446 §6.2)",
            side: Peer::Client,
            expect: Expect::Sent(A::CERTIFICATE_EXPIRED),
            run: || {
                pair(
                    pki_client(),
                    "localhost",
                    after_expiry(),
                    pki_server("server-ecdsa-p256"),
                    pki_now(),
                )
            },
        },
        Case {
            name: "server KeyUpdate with request_update 2 (RFC 8446 §4.6.3)",
            side: Peer::Client,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                client_connected_gets(|s| {
                    s.seal(
                        Peer::Server,
                        Phase::Application,
                        0,
                        ContentType::HANDSHAKE,
                        &message(HS_KEY_UPDATE, &[2]),
                    )
                })
            },
        },
        Case {
            name: "handshake data after a KeyUpdate in the same record (RFC 8446 §5.1)",
            side: Peer::Client,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || {
                client_connected_gets(|s| {
                    let mut payload = message(HS_KEY_UPDATE, &[0]);
                    payload.extend_from_slice(&s.handshake_record(Peer::Server, 2).payload);
                    s.seal(
                        Peer::Server,
                        Phase::Application,
                        0,
                        ContentType::HANDSHAKE,
                        &payload,
                    )
                })
            },
        },
        Case {
            name: "a ServerHello after the handshake (RFC 8446 §4)",
            side: Peer::Client,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || {
                client_connected_gets(|s| {
                    s.seal(
                        Peer::Server,
                        Phase::Application,
                        0,
                        ContentType::HANDSHAKE,
                        &s.handshake_record(Peer::Server, 0).payload,
                    )
                })
            },
        },
    ]
}
