//! Server side after the first ClientHello: the second ClientHello of a HelloRetryRequest, the
//! client's encrypted flight, client certificates, and messages after the handshake.

use std::sync::Arc;

use ferrotls_core::verify::WebPkiClientVerifier;
use ferrotls_record::ContentType;
use ferrotls_tests::certs;
use ferrotls_tests::code_points::{
    EXT_COOKIE, EXT_KEY_SHARE, EXT_SERVER_NAME, HS_CERTIFICATE, HS_CERTIFICATE_VERIFY, HS_FINISHED,
    HS_KEY_UPDATE,
};
use ferrotls_tests::rfc8448_session::{Peer, Phase, Section, Session};
use ferrotls_tests::tls_bytes::message;

use crate::harness::{Case, Expect, A};
use crate::pki_setups::{
    after_expiry, pair, pki_client, pki_now, pki_server_requiring, ChainWithTraceRequest,
};
use crate::raw_hello::RawHello;
use crate::trace_setups::{
    corrupt_signature, index_of, server_connected_gets, server_gets_flight,
    server_gets_second_hello, trace_server,
};

pub(crate) fn server_handshake_cases() -> Vec<Case> {
    vec![
        Case {
            name: "second ClientHello without a share for the HRR's group (RFC 8446 §4.1.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                server_gets_second_hello(|h, s| {
                    let first = RawHello::parse(&s.handshake_record(Peer::Client, 0).payload);
                    h.set_ext(EXT_KEY_SHARE, first.ext(EXT_KEY_SHARE).to_vec());
                })
            },
        },
        Case {
            name: "second ClientHello with a changed cookie (RFC 8446 §4.2.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                server_gets_second_hello(|h, _| {
                    let mut cookie = h.ext(EXT_COOKIE).to_vec();
                    *cookie.last_mut().expect("cookie") ^= 1;
                    h.set_ext(EXT_COOKIE, cookie);
                })
            },
        },
        Case {
            name: "second ClientHello with changed cipher suites (RFC 8446 §4.1.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || server_gets_second_hello(|h, _| h.suites.truncate(2)),
        },
        Case {
            name: "second ClientHello with a changed server_name (RFC 8446 §4.1.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                server_gets_second_hello(|h, _| {
                    let mut name = vec![0, 8, 0, 0, 5];
                    name.extend_from_slice(b"other");
                    h.set_ext(EXT_SERVER_NAME, name);
                })
            },
        },
        Case {
            name: "client Finished with a wrong verify_data (RFC 8446 §4.4.4)",
            side: Peer::Server,
            expect: Expect::Sent(A::DECRYPT_ERROR),
            run: || {
                server_gets_flight(Section::Simple1Rtt, |m| {
                    *m.last_mut().and_then(|f| f.last_mut()).expect("finished") ^= 1;
                })
            },
        },
        Case {
            name: "client Finished of 31 bytes (RFC 8446 §4.4.4)",
            side: Peer::Server,
            expect: Expect::Sent(A::DECODE_ERROR),
            run: || {
                server_gets_flight(Section::Simple1Rtt, |m| {
                    let fin = m.last_mut().expect("finished");
                    *fin = message(HS_FINISHED, &fin[4..35]);
                })
            },
        },
        Case {
            name: "client Finished of 49 bytes, longer than any Hash.length (RFC 9846 §4.5.3)",
            side: Peer::Server,
            expect: Expect::Sent(A::DECODE_ERROR),
            run: || {
                server_gets_flight(Section::Simple1Rtt, |m| {
                    let fin = m.last_mut().expect("finished");
                    let mut body = fin[4..].to_vec();
                    body.resize(49, 0);
                    *fin = message(HS_FINISHED, &body);
                })
            },
        },
        Case {
            name: "client certificate required, empty Certificate sent (RFC 8446 §4.4.2.4)",
            side: Peer::Server,
            expect: Expect::Sent(A::CERTIFICATE_REQUIRED),
            run: || {
                server_gets_flight(Section::ClientAuth, |m| {
                    let cv = index_of(m, HS_CERTIFICATE_VERIFY);
                    m.remove(cv);
                    let cert = index_of(m, HS_CERTIFICATE);
                    m[cert] = message(HS_CERTIFICATE, &[0, 0, 0, 0]);
                })
            },
        },
        Case {
            name: "client CertificateVerify with a bad signature (RFC 8446 §4.4.3)",
            side: Peer::Server,
            expect: Expect::Sent(A::DECRYPT_ERROR),
            run: || server_gets_flight(Section::ClientAuth, |m| corrupt_signature(m)),
        },
        Case {
            name: "client Certificate not chaining to the trusted client CA (RFC 8446 §4.4.2.4)",
            side: Peer::Server,
            expect: Expect::Sent(A::UNKNOWN_CA),
            run: || {
                trace_server(
                    Section::ClientAuth,
                    |c| {
                        let trace = Session::new(Section::ClientAuth);
                        c.client_verifier = Some(Arc::new(ChainWithTraceRequest {
                            chain: WebPkiClientVerifier::new(
                                certs::roots("client-ca.pem"),
                                c.provider.verification,
                            ),
                            trace: trace.pinned_client_verifier(&c.provider),
                        }))
                    },
                    |s| {
                        vec![
                            s.handshake_record(Peer::Client, 0).complete,
                            s.handshake_record(Peer::Client, 1).complete,
                        ]
                    },
                )
            },
        },
        Case {
            name: "client certificate from an unknown CA, own client and server (RFC 8446 §6.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::UNKNOWN_CA),
            run: || {
                let mut client = pki_client();
                client.client_auth = Some(certs::certified_key("client-ecdsa-p256"));
                let server = pki_server_requiring("untrusted-ca.pem");
                pair(client, "localhost", pki_now(), server, pki_now())
            },
        },
        Case {
            name: "expired client certificate, own client and server (RFC 8446 §6.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::CERTIFICATE_EXPIRED),
            run: || {
                let mut client = pki_client();
                client.client_auth = Some(certs::certified_key("client-ecdsa-p256"));
                let server = pki_server_requiring("client-ca.pem");
                pair(client, "localhost", pki_now(), server, after_expiry())
            },
        },
        Case {
            name: "client KeyUpdate with request_update 2 (RFC 8446 §4.6.3)",
            side: Peer::Server,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                server_connected_gets(|s| {
                    s.seal(
                        Peer::Client,
                        Phase::Application,
                        0,
                        ContentType::HANDSHAKE,
                        &message(HS_KEY_UPDATE, &[2]),
                    )
                })
            },
        },
        Case {
            name: "a ClientHello after the handshake (RFC 8446 §4)",
            side: Peer::Server,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || {
                server_connected_gets(|s| {
                    s.seal(
                        Peer::Client,
                        Phase::Application,
                        0,
                        ContentType::HANDSHAKE,
                        &s.handshake_record(Peer::Client, 0).payload,
                    )
                })
            },
        },
    ]
}
