//! Record-layer cases, both sides: content types, lengths, protection, alerts received
//! (RFC 8446 §5, §6).

use ferrotls_record::ContentType;
use ferrotls_tests::code_points::{HS_ENCRYPTED_EXTENSIONS, HS_FINISHED};
use ferrotls_tests::rfc8448_session::{Peer, Phase};
use ferrotls_tests::tls_bytes::{message, plaintext, u16b};

use crate::harness::{Case, Expect, A};
use crate::trace_setups::{
    client_connected_gets, client_gets, server_after_hello_gets, server_connected_gets, server_gets,
};

pub(crate) fn record_level_cases() -> Vec<Case> {
    vec![
        Case {
            name: "first record is application_data (RFC 8446 §5)",
            side: Peer::Server,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || server_gets(|_| vec![plaintext(23, b"hello")]),
        },
        Case {
            name: "unknown content type 0x63 (RFC 8446 §5)",
            side: Peer::Server,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || server_gets(|_| vec![plaintext(0x63, &[1, 2, 3])]),
        },
        Case {
            name: "plaintext record of 2^14 + 1 bytes (RFC 8446 §5.1)",
            side: Peer::Server,
            expect: Expect::Sent(A::RECORD_OVERFLOW),
            run: || server_gets(|_| vec![plaintext(22, &vec![0; (1 << 14) + 1])]),
        },
        Case {
            name: "empty handshake record (RFC 8446 §5.1)",
            side: Peer::Server,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || server_gets(|_| vec![plaintext(22, &[])]),
        },
        Case {
            // A ClientHello may be as long as the largest legal one (131,396 bytes, RFC 9846
            // §4.2.2); a claim of one byte more is refused on its header.
            name: "ClientHello longer than the largest legal one (our limit)",
            side: Peer::Server,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || server_gets(|_| vec![plaintext(22, &[1, 0x02, 0x01, 0x45, 3, 3])]),
        },
        Case {
            name: "partial ClientHello, then an alert record (RFC 8446 §5.1)",
            side: Peer::Server,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || {
                server_gets(|s| {
                    let hello = s.handshake_record(Peer::Client, 0).payload;
                    vec![plaintext(22, &hello[..40]), plaintext(21, &[1, 0])]
                })
            },
        },
        Case {
            name: "alert record of 3 bytes (RFC 8446 §6)",
            side: Peer::Server,
            expect: Expect::Sent(A::DECODE_ERROR),
            run: || server_gets(|_| vec![plaintext(21, &[2, 40, 0])]),
        },
        Case {
            name: "change_cipher_spec of value 0x02 (RFC 8446 §5)",
            side: Peer::Server,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || {
                server_gets(|s| {
                    vec![
                        s.handshake_record(Peer::Client, 0).complete,
                        plaintext(20, &[2]),
                    ]
                })
            },
        },
        Case {
            name: "change_cipher_spec after the handshake (RFC 8446 §5)",
            side: Peer::Server,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || server_connected_gets(|_| plaintext(20, &[1])),
        },
        Case {
            name: "change_cipher_spec after the handshake, client side (RFC 8446 §5)",
            side: Peer::Client,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || client_connected_gets(|_| plaintext(20, &[1])),
        },
        Case {
            name: "protected change_cipher_spec (RFC 8446 §5)",
            side: Peer::Server,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || {
                server_after_hello_gets(|s| {
                    s.seal(
                        Peer::Client,
                        Phase::Handshake,
                        0,
                        ContentType::CHANGE_CIPHER_SPEC,
                        &[1],
                    )
                })
            },
        },
        Case {
            name: "application data under handshake keys, before Finished (RFC 8446 §5)",
            side: Peer::Server,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || {
                server_after_hello_gets(|s| {
                    s.seal(
                        Peer::Client,
                        Phase::Handshake,
                        0,
                        ContentType::APPLICATION_DATA,
                        b"too early",
                    )
                })
            },
        },
        Case {
            name: "client Finished record with a corrupted tag (RFC 8446 §5.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::BAD_RECORD_MAC),
            run: || {
                server_after_hello_gets(|s| {
                    let mut record = s.handshake_record(Peer::Client, 1).complete;
                    *record.last_mut().expect("tag") ^= 0x80;
                    record
                })
            },
        },
        Case {
            name: "server flight with a corrupted ciphertext byte (RFC 8446 §5.2)",
            side: Peer::Client,
            expect: Expect::Sent(A::BAD_RECORD_MAC),
            run: || {
                client_gets(|s| {
                    let mut flight = s.handshake_record(Peer::Server, 1).complete;
                    flight[10] ^= 0x01;
                    vec![s.handshake_record(Peer::Server, 0).complete, flight]
                })
            },
        },
        Case {
            name: "protected record whose inner plaintext is all zeros (RFC 8446 §5.4)",
            side: Peer::Server,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || {
                server_after_hello_gets(|s| {
                    s.seal_inner(Peer::Client, Phase::Handshake, 0, &[0; 8])
                })
            },
        },
        Case {
            name: "protected record longer than 2^14 + 256 (RFC 8446 §5.2)",
            side: Peer::Client,
            expect: Expect::Sent(A::RECORD_OVERFLOW),
            run: || {
                client_gets(|s| {
                    let mut record = vec![23, 3, 3];
                    record.extend_from_slice(&u16b((1 << 14) + 257));
                    record.extend_from_slice(&vec![0x42; (1 << 14) + 257]);
                    vec![s.handshake_record(Peer::Server, 0).complete, record]
                })
            },
        },
        Case {
            name: "ClientHello record carrying the start of another message (RFC 8446 §5.1)",
            side: Peer::Server,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || {
                server_gets(|s| {
                    let mut payload = s.handshake_record(Peer::Client, 0).payload;
                    payload.extend_from_slice(&[HS_FINISHED, 0, 0, 32, 1, 2]);
                    vec![plaintext(22, &payload)]
                })
            },
        },
        Case {
            name: "ServerHello record carrying EncryptedExtensions in the clear (RFC 8446 §5.1)",
            side: Peer::Client,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || {
                client_gets(|s| {
                    let mut payload = s.handshake_record(Peer::Server, 0).payload;
                    payload.extend_from_slice(&message(HS_ENCRYPTED_EXTENSIONS, &[0, 0]));
                    vec![plaintext(22, &payload)]
                })
            },
        },
        Case {
            name: "fatal handshake_failure alert received (RFC 8446 §6.2)",
            side: Peer::Server,
            expect: Expect::Received(A::HANDSHAKE_FAILURE),
            run: || server_gets(|_| vec![plaintext(21, &[2, 40])]),
        },
        Case {
            name: "fatal bad_certificate alert received in the client's flight (RFC 8446 §6.2)",
            side: Peer::Server,
            expect: Expect::Received(A::BAD_CERTIFICATE),
            run: || {
                server_after_hello_gets(|s| {
                    s.seal(
                        Peer::Client,
                        Phase::Handshake,
                        0,
                        ContentType::ALERT,
                        &[2, 42],
                    )
                })
            },
        },
    ]
}
