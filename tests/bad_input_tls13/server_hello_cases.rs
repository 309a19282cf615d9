//! Server side: a forged first ClientHello (RFC 8446 §4.1.2, §4.2, §9.2; RFC 7301).

use ferrotls_tests::code_points::{
    EXT_ALPN, EXT_KEY_SHARE, EXT_PRE_SHARED_KEY, EXT_SIGNATURE_ALGORITHMS, EXT_SUPPORTED_GROUPS,
    EXT_SUPPORTED_VERSIONS, HS_FINISHED, P256_GX, SECP256R1, SECP521R1, X25519,
};
use ferrotls_tests::rfc8448_session::Peer;
use ferrotls_tests::tls_bytes::{message, plaintext, u16_list};

use crate::harness::{Case, Expect, A};
use crate::raw_hello::client_key_share;
use crate::trace_setups::{server_gets, server_gets_hello, server_gets_hello_with};

pub(crate) fn server_hello_cases() -> Vec<Case> {
    vec![
        Case {
            name: "ClientHello truncated inside its extensions (RFC 8446 §4.1.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::DECODE_ERROR),
            run: || {
                server_gets(|s| {
                    let hello = s.handshake_record(Peer::Client, 0).payload;
                    vec![plaintext(22, &message(1, &hello[4..hello.len() - 5]))]
                })
            },
        },
        Case {
            name: "ClientHello with bytes after the extensions (RFC 8446 §4.1.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::DECODE_ERROR),
            run: || server_gets_hello(|h| h.trailing = vec![0, 0, 0]),
        },
        Case {
            name: "duplicated supported_groups extension (RFC 8446 §4.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                server_gets_hello(|h| {
                    let groups = h.ext(EXT_SUPPORTED_GROUPS).to_vec();
                    h.exts.insert(0, (EXT_SUPPORTED_GROUPS, groups));
                })
            },
        },
        Case {
            name: "pre_shared_key not the last extension (RFC 8446 §4.2.11)",
            side: Peer::Server,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                server_gets_hello(|h| {
                    // identities: one (identity "x", age 0); binders: one of 32 bytes.
                    let mut psk = vec![0, 7, 0, 1, b'x', 0, 0, 0, 0, 0, 33, 32];
                    psk.extend_from_slice(&[0xbb; 32]);
                    h.exts.insert(0, (EXT_PRE_SHARED_KEY, psk));
                })
            },
        },
        Case {
            name: "no supported_versions: a TLS 1.2 ClientHello (RFC 8446 §4.2.1)",
            side: Peer::Server,
            expect: Expect::Sent(A::PROTOCOL_VERSION),
            run: || server_gets_hello(|h| h.remove_ext(EXT_SUPPORTED_VERSIONS)),
        },
        Case {
            name: "supported_versions without TLS 1.3 (RFC 8446 §4.2.1)",
            side: Peer::Server,
            expect: Expect::Sent(A::PROTOCOL_VERSION),
            run: || server_gets_hello(|h| h.set_ext(EXT_SUPPORTED_VERSIONS, vec![4, 3, 3, 3, 2])),
        },
        Case {
            name: "legacy_version SSL 3.0 (RFC 8446 §D.5)",
            side: Peer::Server,
            expect: Expect::Sent(A::PROTOCOL_VERSION),
            run: || server_gets_hello(|h| h.version = [3, 0]),
        },
        Case {
            name: "compression methods without null (RFC 8446 §4.1.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || server_gets_hello(|h| h.compression = vec![1]),
        },
        Case {
            name: "no key_share (RFC 8446 §9.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::MISSING_EXTENSION),
            run: || server_gets_hello(|h| h.remove_ext(EXT_KEY_SHARE)),
        },
        Case {
            name: "no signature_algorithms (RFC 8446 §9.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::MISSING_EXTENSION),
            run: || server_gets_hello(|h| h.remove_ext(EXT_SIGNATURE_ALGORITHMS)),
        },
        Case {
            name: "key_share without supported_groups (RFC 8446 §9.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::MISSING_EXTENSION),
            run: || server_gets_hello(|h| h.remove_ext(EXT_SUPPORTED_GROUPS)),
        },
        Case {
            name: "key_share group not in supported_groups (RFC 8446 §4.2.8)",
            side: Peer::Server,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || server_gets_hello(|h| h.set_ext(EXT_SUPPORTED_GROUPS, u16_list(&[SECP256R1]))),
        },
        Case {
            name: "no group in common (RFC 8446 §4.1.1)",
            side: Peer::Server,
            expect: Expect::Sent(A::HANDSHAKE_FAILURE),
            run: || {
                server_gets_hello_with(
                    |c| c.groups = ferrotls_core::config::DEFAULT_GROUPS.to_vec(),
                    |h| {
                        h.set_ext(EXT_SUPPORTED_GROUPS, u16_list(&[SECP521R1]));
                        h.set_ext(EXT_KEY_SHARE, client_key_share(&[]));
                    },
                )
            },
        },
        Case {
            name: "X25519 share of all zeros (RFC 8446 §7.4.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                server_gets_hello(|h| {
                    h.set_ext(EXT_KEY_SHARE, client_key_share(&[(X25519, &[0; 32])]))
                })
            },
        },
        Case {
            name: "X25519 share of 31 bytes (RFC 8446 §4.2.8.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                server_gets_hello(|h| {
                    h.set_ext(EXT_KEY_SHARE, client_key_share(&[(X25519, &[9; 31])]))
                })
            },
        },
        Case {
            name: "P-256 share off the curve (RFC 8446 §4.2.8.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                server_gets_hello(|h| {
                    let mut point = vec![4];
                    point.extend_from_slice(&[1; 64]);
                    h.set_ext(EXT_KEY_SHARE, client_key_share(&[(SECP256R1, &point)]));
                })
            },
        },
        Case {
            name: "P-256 share in compressed form (RFC 8446 §4.2.8.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::ILLEGAL_PARAMETER),
            run: || {
                server_gets_hello(|h| {
                    let mut point = vec![2];
                    point.extend_from_slice(&P256_GX);
                    h.set_ext(EXT_KEY_SHARE, client_key_share(&[(SECP256R1, &point)]));
                })
            },
        },
        Case {
            name: "no cipher suite in common (RFC 8446 §4.1.1)",
            side: Peer::Server,
            expect: Expect::Sent(A::HANDSHAKE_FAILURE),
            run: || server_gets_hello(|h| h.suites = vec![0xc02f, 0x1304]),
        },
        Case {
            name: "ALPN without a protocol in common (RFC 7301 §3.2)",
            side: Peer::Server,
            expect: Expect::Sent(A::NO_APPLICATION_PROTOCOL),
            run: || {
                server_gets_hello_with(
                    |c| c.alpn_protocols = vec![b"h2".to_vec()],
                    |h| {
                        let mut alpn = vec![0, 9, 8];
                        alpn.extend_from_slice(b"http/1.1");
                        h.exts.insert(1, (EXT_ALPN, alpn));
                    },
                )
            },
        },
        Case {
            name: "Finished as the first message (RFC 8446 §4)",
            side: Peer::Server,
            expect: Expect::Sent(A::UNEXPECTED_MESSAGE),
            run: || server_gets(|_| vec![plaintext(22, &message(HS_FINISHED, &[0; 32]))]),
        },
    ]
}
