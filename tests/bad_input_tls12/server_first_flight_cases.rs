//! Server side: the scripted client's ClientHello or ClientKeyExchange breaks a rule.

use ferrotls_tests::code_points::{
    EXT_EC_POINT_FORMATS, EXT_EMS, EXT_RENEGOTIATION_INFO, EXT_SIGNATURE_ALGORITHMS,
    EXT_SUPPORTED_GROUPS, HS_CLIENT_KEY_EXCHANGE, P256_GX, SECP521R1,
};
use ferrotls_tests::tls_bytes::{message, u16_list};

use crate::harness::{Case, Expect, A};
use crate::messages::{
    cke_message, remove_ext, set_ext, FALLBACK_SCSV, RSA_AES128_GCM_SHA256, TLS13_AES128_GCM_SHA256,
};
use crate::server_setups::{server_config, server_gets_ch, server_with};

pub(crate) fn server_first_flight_cases() -> Vec<Case> {
    use Expect::*;
    let c = Case::server;
    vec![
        // RFC 5246 Appendix E.1, RFC 8996: nothing below TLS 1.2.
        c("client_hello_ssl30_only", Sent(A::PROTOCOL_VERSION), || {
            server_gets_ch(|ch| ch.version = [3, 0])
        }),
        c("client_hello_tls10_only", Sent(A::PROTOCOL_VERSION), || {
            server_gets_ch(|ch| ch.version = [3, 1])
        }),
        c("client_hello_tls11_only", Sent(A::PROTOCOL_VERSION), || {
            server_gets_ch(|ch| ch.version = [3, 2])
        }),
        // RFC 7507 §3.
        c(
            "client_hello_fallback_scsv_to_tls13_server",
            Sent(A::INAPPROPRIATE_FALLBACK),
            || server_gets_ch(|ch| ch.suites.push(FALLBACK_SCSV)),
        ),
        // RFC 5246 §7.4.1.2: null compression MUST be offered.
        c(
            "client_hello_without_null_compression",
            Sent(A::ILLEGAL_PARAMETER),
            || server_gets_ch(|ch| ch.compression = vec![1]),
        ),
        // RFC 7627 §5.2 (config.require_ems).
        c(
            "client_hello_without_ems_while_required",
            Sent(A::HANDSHAKE_FAILURE),
            || server_gets_ch(|ch| remove_ext(&mut ch.exts, EXT_EMS)),
        ),
        // RFC 5246 §7.4.1.3: no suite in common is handshake_failure.
        c(
            "client_hello_no_common_suite",
            Sent(A::HANDSHAKE_FAILURE),
            || server_gets_ch(|ch| ch.suites = vec![RSA_AES128_GCM_SHA256]),
        ),
        c(
            "client_hello_only_tls13_suites_under_tls12",
            Sent(A::HANDSHAKE_FAILURE),
            || server_gets_ch(|ch| ch.suites = vec![TLS13_AES128_GCM_SHA256]),
        ),
        // RFC 8422 §5.1: no curve in common leaves no ECDHE suite.
        c(
            "client_hello_no_common_group",
            Sent(A::HANDSHAKE_FAILURE),
            || {
                server_gets_ch(|ch| {
                    set_ext(&mut ch.exts, EXT_SUPPORTED_GROUPS, u16_list(&[SECP521R1]))
                })
            },
        ),
        // RFC 8422 §5.1.2: the point formats list must contain uncompressed.
        c(
            "client_hello_point_formats_without_uncompressed",
            Sent(A::ILLEGAL_PARAMETER),
            || server_gets_ch(|ch| set_ext(&mut ch.exts, EXT_EC_POINT_FORMATS, vec![1, 1])),
        ),
        // RFC 5246 §7.4.1.4.1: without signature_algorithms only SHA-1 pairs are implied,
        // which our P-256 key does not sign with.
        c(
            "client_hello_without_signature_algorithms",
            Sent(A::HANDSHAKE_FAILURE),
            || server_gets_ch(|ch| remove_ext(&mut ch.exts, EXT_SIGNATURE_ALGORITHMS)),
        ),
        // RFC 5746 §3.6: a non-empty renegotiated_connection in an initial handshake.
        c(
            "client_hello_non_empty_renegotiation_info",
            Sent(A::HANDSHAKE_FAILURE),
            || server_gets_ch(|ch| set_ext(&mut ch.exts, EXT_RENEGOTIATION_INFO, vec![2, 1, 2])),
        ),
        // RFC 8422 §5.7 / §5.11.
        c(
            "client_key_exchange_point_off_curve",
            Sent(A::ILLEGAL_PARAMETER),
            || {
                let mut run = server_with(server_config()).hello();
                run.s.cke();
                // The server offered X25519; a P-256-looking point does not fit.
                let mut point = vec![4];
                point.extend_from_slice(&P256_GX);
                point.extend_from_slice(&[0x55; 32]);
                let cke = run.s.hs(&[cke_message(&point)]);
                run.feed(&cke);
                run
            },
        ),
        c(
            "client_key_exchange_x25519_all_zero",
            Sent(A::ILLEGAL_PARAMETER),
            || {
                let mut run = server_with(server_config()).hello();
                run.s.cke();
                let cke = run.s.hs(&[cke_message(&[0; 32])]);
                run.feed(&cke);
                run
            },
        ),
        c(
            "client_key_exchange_empty_point",
            Sent(A::DECODE_ERROR),
            || {
                let mut run = server_with(server_config()).hello();
                run.s.cke();
                let cke = run.s.hs(&[message(HS_CLIENT_KEY_EXCHANGE, &[0])]);
                run.feed(&cke);
                run
            },
        ),
    ]
}
