//! Server side with client authentication (RFC 5246 §7.4.6, §7.4.8): the scripted client's
//! Certificate and CertificateVerify.

use std::sync::Arc;

use ferrotls_core::verify::WebPkiClientVerifier;
use ferrotls_tests::certs;
use ferrotls_tests::code_points::HS_CERTIFICATE;
use ferrotls_tests::tls_bytes::message;

use crate::harness::{Case, Expect, A};
use crate::messages::{certificate, ECDSA_P256_SHA256, ECDSA_SHA1};
use crate::server_setups::{server_config, server_requiring_auth, server_with};

pub(crate) fn server_client_auth_cases() -> Vec<Case> {
    use Expect::*;
    let c = Case::server;
    vec![
        // Client authentication (RFC 5246 §7.4.6, §7.4.8).
        c(
            "client_certificate_empty_while_required",
            Sent(A::HANDSHAKE_FAILURE),
            || {
                let mut run = server_requiring_auth().hello();
                let cert = run.s.hs(&[message(HS_CERTIFICATE, &[0, 0, 0])]);
                run.feed(&cert);
                run
            },
        ),
        // RFC 5246 §7.2.2: unknown_ca.
        c(
            "client_certificate_from_unknown_ca",
            Sent(A::UNKNOWN_CA),
            || {
                let mut config = server_config();
                config.client_verifier = Some(Arc::new(WebPkiClientVerifier::new(
                    certs::roots("untrusted-ca.pem"),
                    config.provider.verification,
                )));
                let mut run = server_with(config).hello();
                let cert = run.s.hs(&[certificate(&["client-ecdsa-p256.pem"])]);
                run.feed(&cert);
                run
            },
        ),
        c(
            "client_certificate_verify_missing",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = server_requiring_auth().through_client_cert();
                let ccs = run.s.ccs();
                run.feed(&ccs);
                run
            },
        ),
        c(
            "client_certificate_verify_bad_signature",
            Sent(A::DECRYPT_ERROR),
            || {
                let mut run = server_requiring_auth().through_client_cert();
                let cv = run.certificate_verify(ECDSA_P256_SHA256, true);
                let cv = run.s.hs(&[cv]);
                run.feed(&cv);
                run
            },
        ),
        c(
            "client_certificate_verify_scheme_not_offered",
            Sent(A::ILLEGAL_PARAMETER),
            || {
                let mut run = server_requiring_auth().through_client_cert();
                let cv = run.certificate_verify(ECDSA_SHA1, false);
                let cv = run.s.hs(&[cv]);
                run.feed(&cv);
                run
            },
        ),
        c(
            "client_key_exchange_before_required_certificate",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = server_requiring_auth().hello();
                let cke = run.s.cke();
                let cke = run.s.hs(&[cke]);
                run.feed(&cke);
                run
            },
        ),
    ]
}
