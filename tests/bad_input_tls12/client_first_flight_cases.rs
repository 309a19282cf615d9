//! Client side: the scripted server's first flight (ServerHello, Certificate, ServerKeyExchange,
//! CertificateRequest, ServerHelloDone) breaks a rule.

use ferrotls_core::crypto::NamedGroup;
use ferrotls_core::ProtocolVersion;
use ferrotls_tests::code_points::{
    EXT_ALPN, EXT_EMS, EXT_KEY_SHARE, EXT_RENEGOTIATION_INFO, HS_CERTIFICATE,
    HS_CERTIFICATE_REQUEST, HS_SERVER_HELLO_DONE, P256_GX, SECP256R1, SECP384R1, X25519,
};
use ferrotls_tests::tls_bytes::{message, plaintext, u16_list, u16b};

use crate::client_setups::{
    client, client_gets_flight, client_gets_sh, client_gets_ske, client_with, dual_client_gets_sh,
};
use crate::harness::{Case, Expect, A};
use crate::messages::{
    certificate, ecdh_params, remove_ext, set_ext, Sh, DOWNGRADE_TLS12, ECDSA_P256_SHA256,
    ECDSA_SHA1, RSA_AES128_GCM_SHA256, RSA_PKCS1_SHA256, TLS13_AES128_GCM_SHA256,
};

pub(crate) fn client_first_flight_cases() -> Vec<Case> {
    use Expect::*;
    let c = Case::client;
    vec![
        // RFC 5246 §7.4.1.3: "cipher_suite: The single cipher suite selected by the server
        // from the list in ClientHello.cipher_suites."
        c(
            "server_hello_suite_not_offered",
            Sent(A::ILLEGAL_PARAMETER),
            || client_gets_sh(|sh| sh.suite = RSA_AES128_GCM_SHA256),
        ),
        c(
            "server_hello_tls13_suite_under_tls12",
            Sent(A::ILLEGAL_PARAMETER),
            || {
                // A client offering both versions offers TLS_AES_128_GCM_SHA256 too.
                let mut run = client_with(|c| {
                    c.versions = vec![ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2]
                });
                let sh = Sh {
                    suite: TLS13_AES128_GCM_SHA256,
                    ..Sh::default()
                };
                let flight = run.server_flight(sh, |s| s.ske(X25519, ECDSA_P256_SHA256), |_| {});
                run.feed(&flight);
                run
            },
        ),
        c(
            "server_hello_non_null_compression",
            Sent(A::ILLEGAL_PARAMETER),
            || client_gets_sh(|sh| sh.compression = 1),
        ),
        // RFC 5246 §7.4.1.4: an extension the client did not request.
        c(
            "server_hello_unsolicited_alpn",
            Sent(A::UNSUPPORTED_EXTENSION),
            || client_gets_sh(|sh| sh.exts.push((EXT_ALPN, vec![0, 3, 2, b'h', b'2']))),
        ),
        // RFC 5746 §3.4 / §4.1.
        c(
            "server_hello_without_renegotiation_info",
            Sent(A::HANDSHAKE_FAILURE),
            || client_gets_sh(|sh| remove_ext(&mut sh.exts, EXT_RENEGOTIATION_INFO)),
        ),
        c(
            "server_hello_non_empty_renegotiation_info",
            Sent(A::HANDSHAKE_FAILURE),
            || client_gets_sh(|sh| set_ext(&mut sh.exts, EXT_RENEGOTIATION_INFO, vec![2, 1, 2])),
        ),
        // RFC 7627 §5.2.
        c(
            "server_hello_without_ems_while_required",
            Sent(A::HANDSHAKE_FAILURE),
            || client_gets_sh(|sh| remove_ext(&mut sh.exts, EXT_EMS)),
        ),
        // RFC 5246 Appendix E.1 and RFC 8996.
        c("server_hello_tls11", Sent(A::PROTOCOL_VERSION), || {
            client_gets_sh(|sh| sh.version = [3, 2])
        }),
        // RFC 8446 §4.1.3.
        c(
            "server_hello_downgrade_sentinel_to_tls13_client",
            Sent(A::ILLEGAL_PARAMETER),
            || {
                let mut run = client_with(|c| {
                    c.versions = vec![ProtocolVersion::TLS1_3, ProtocolVersion::TLS1_2]
                });
                let mut sh = Sh::default();
                sh.random[24..].copy_from_slice(&DOWNGRADE_TLS12);
                let flight = run.server_flight(sh, |s| s.ske(X25519, ECDSA_P256_SHA256), |_| {});
                run.feed(&flight);
                run
            },
        ),
        // RFC 5246 §7.4.1.3: an echoed session_id resumes; TLS 1.3's compatibility-mode id
        // (RFC 8446 §D.4) names no session.
        c(
            "server_hello_echoes_compatibility_session_id",
            Sent(A::ILLEGAL_PARAMETER),
            || {
                dual_client_gets_sh(|sh, sid| {
                    assert_eq!(sid.len(), 32, "middlebox compatibility session id");
                    sh.session_id = sid.to_vec();
                })
            },
        ),
        // RFC 8446 §4.2: key_share is not specified for a TLS 1.2 ServerHello.
        c(
            "server_hello_tls12_with_key_share",
            Sent(A::ILLEGAL_PARAMETER),
            || {
                dual_client_gets_sh(|sh, _| {
                    let mut share = X25519.to_be_bytes().to_vec();
                    share.extend_from_slice(&u16b(32));
                    share.extend_from_slice(&[9; 32]);
                    sh.exts.push((EXT_KEY_SHARE, share));
                })
            },
        ),
        // RFC 5246 §7.1: ChangeCipherSpec only after the key exchange.
        c(
            "change_cipher_spec_after_server_hello",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = client();
                let sh = run.s.hs(&[Sh::default().encode()]);
                run.ok(&sh);
                run.feed(&plaintext(20, &[1]));
                run
            },
        ),
        // RFC 5246 §7.4.2: the sender's certificate comes first.
        c("certificate_empty", Sent(A::DECODE_ERROR), || {
            client_gets_flight(|m| m[1] = message(HS_CERTIFICATE, &[0, 0, 0]))
        }),
        // RFC 8422 §5.3 / RFC 5246 §7.4.2.
        c(
            "certificate_rsa_key_for_ecdsa_suite",
            Sent(A::HANDSHAKE_FAILURE),
            || client_gets_flight(|m| m[1] = certificate(&["server-rsa2048.pem"])),
        ),
        c("server_hello_twice", Sent(A::UNEXPECTED_MESSAGE), || {
            client_gets_flight(|m| m.insert(1, Sh::default().encode()))
        }),
        // RFC 5246 §7.2.2: unknown_ca, bad_certificate.
        c("certificate_from_unknown_ca", Sent(A::UNKNOWN_CA), || {
            client_gets_flight(|m| m[1] = certificate(&["untrusted-server.pem"]))
        }),
        c(
            "certificate_for_another_name",
            Sent(A::BAD_CERTIFICATE),
            || client_gets_flight(|m| m[1] = certificate(&["other-name.pem"])),
        ),
        // RFC 5246 §7.4 / §7.3: the order of Figure 1.
        c(
            "server_key_exchange_missing",
            Sent(A::UNEXPECTED_MESSAGE),
            || client_gets_flight(|m| drop(m.remove(2))),
        ),
        // RFC 8422 §5.4: explicit curves are deprecated and MUST NOT be used.
        c(
            "server_key_exchange_explicit_prime_curve",
            Sent(A::ILLEGAL_PARAMETER),
            || {
                client_gets_ske(|s| {
                    let params = ecdh_params(1, X25519, &[9; 32]);
                    s.ske_raw(&params, &params, ECDSA_P256_SHA256)
                })
            },
        ),
        // RFC 8422 §5.4: the server picks one of the client's curves.
        c(
            "server_key_exchange_curve_not_offered",
            Sent(A::ILLEGAL_PARAMETER),
            || client_gets_ske(|s| s.ske(SECP384R1, ECDSA_P256_SHA256)),
        ),
        // RFC 8422 §5.11: invalid points are illegal_parameter.
        c(
            "server_key_exchange_p256_point_off_curve",
            Sent(A::ILLEGAL_PARAMETER),
            || {
                client_gets_ske(|s| {
                    let mut point = vec![4];
                    point.extend_from_slice(&P256_GX);
                    point.extend_from_slice(&[0x55; 32]);
                    s.ske_with_point(SECP256R1, &point)
                })
            },
        ),
        c(
            "server_key_exchange_p256_point_compressed",
            Sent(A::ILLEGAL_PARAMETER),
            || {
                client_gets_ske(|s| {
                    let mut point = vec![3];
                    point.extend_from_slice(&P256_GX);
                    s.ske_with_point(SECP256R1, &point)
                })
            },
        ),
        c(
            "server_key_exchange_x25519_wrong_length",
            Sent(A::ILLEGAL_PARAMETER),
            || client_gets_ske(|s| s.ske_with_point(X25519, &[9; 31])),
        ),
        c(
            "server_key_exchange_x25519_all_zero",
            Sent(A::ILLEGAL_PARAMETER),
            || client_gets_ske(|s| s.ske_with_point(X25519, &[0; 32])),
        ),
        // RFC 5246 §7.2.2: a signature that does not verify is decrypt_error.
        c(
            "server_key_exchange_bad_signature",
            Sent(A::DECRYPT_ERROR),
            || {
                client_gets_ske(|s| {
                    let kx = s
                        .provider
                        .kx_group(NamedGroup::X25519)
                        .expect("x25519")
                        .start(s.provider.random.as_ref())
                        .expect("share");
                    let params = ecdh_params(3, X25519, kx.public_key());
                    let mut other = params.clone();
                    other[4] ^= 1;
                    s.ske_raw(&params, &other, ECDSA_P256_SHA256)
                })
            },
        ),
        // RFC 5246 §7.4.1.4.1: the server uses one of the client's signature_algorithms.
        c(
            "server_key_exchange_scheme_not_offered",
            Sent(A::ILLEGAL_PARAMETER),
            || client_gets_ske(|s| s.ske(X25519, ECDSA_SHA1)),
        ),
        // RFC 8422 §5.4: ECDHE_ECDSA is signed with ECDSA or EdDSA.
        c(
            "server_key_exchange_rsa_scheme_for_ecdsa_suite",
            Sent(A::ILLEGAL_PARAMETER),
            || client_gets_ske(|s| s.ske(X25519, RSA_PKCS1_SHA256)),
        ),
        // RFC 5246 §7.4.5: `struct { } ServerHelloDone;`
        c("server_hello_done_not_empty", Sent(A::DECODE_ERROR), || {
            client_gets_flight(|m| m[3] = message(HS_SERVER_HELLO_DONE, &[0]))
        }),
        // RFC 5246 §7.4.4: supported_signature_algorithms<2..2^16-2>.
        c(
            "certificate_request_without_schemes",
            Sent(A::DECODE_ERROR),
            || {
                client_gets_flight(|m| {
                    m.insert(3, message(HS_CERTIFICATE_REQUEST, &[1, 64, 0, 0, 0, 0]))
                })
            },
        ),
        c(
            "certificate_request_twice",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                client_gets_flight(|m| {
                    let mut body = vec![1, 64];
                    body.extend_from_slice(&u16_list(&[ECDSA_P256_SHA256]));
                    body.extend_from_slice(&[0, 0]);
                    let request = message(HS_CERTIFICATE_REQUEST, &body);
                    m.insert(3, request.clone());
                    m.insert(3, request);
                })
            },
        ),
    ]
}
