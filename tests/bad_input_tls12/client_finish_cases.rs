//! Client side after its own Finished: the scripted server's ticket, ChangeCipherSpec and
//! Finished, protected records, and messages after the handshake.

use ferrotls_record::ContentType;
use ferrotls_tests::code_points::{HS_HELLO_REQUEST, HS_KEY_UPDATE, HS_NEW_SESSION_TICKET};
use ferrotls_tests::tls_bytes::{message, plaintext};

use crate::client_setups::client;
use crate::harness::{Case, Expect, A};

pub(crate) fn client_finish_cases() -> Vec<Case> {
    use Expect::*;
    let c = Case::client;
    vec![
        // RFC 5077 §3.3: no NewSessionTicket without the ServerHello's extension.
        c(
            "new_session_ticket_unsolicited",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = client().client_flight_done();
                let nst = run
                    .s
                    .hs(&[message(HS_NEW_SESSION_TICKET, &[0, 0, 0, 60, 0, 1, 7])]);
                run.feed(&nst);
                run
            },
        ),
        // RFC 5246 §7.1 / §7.4.9: Finished comes under the new keys, after ChangeCipherSpec.
        c(
            "finished_before_change_cipher_spec",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = client().client_flight_done();
                let fin = run.s.finished();
                let fin = run.s.hs(&[fin]);
                run.feed(&fin);
                run
            },
        ),
        c(
            "change_cipher_spec_twice",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = client().client_flight_done();
                let ccs = run.s.ccs();
                run.ok(&ccs);
                let again = run.s.ccs();
                run.feed(&again);
                run
            },
        ),
        // RFC 5246 §7.4.9 / §7.2.2.
        c("finished_wrong", Sent(A::DECRYPT_ERROR), || {
            let mut run = client().client_flight_done();
            let ccs = run.s.ccs();
            run.ok(&ccs);
            let mut fin = run.s.finished();
            fin[6] ^= 0x80;
            let fin = run.s.hs(&[fin]);
            run.feed(&fin);
            run
        }),
        c("finished_wrong_length", Sent(A::DECODE_ERROR), || {
            let mut run = client().client_flight_done();
            let ccs = run.s.ccs();
            run.ok(&ccs);
            let mut fin = run.s.finished();
            fin.push(0);
            fin[3] += 1;
            let fin = run.s.hs(&[fin]);
            run.feed(&fin);
            run
        }),
        // Longer than any suite's verify_data (48, TLS 1.3 under SHA-384): refused as it is
        // decoded, with the same alert.
        c(
            "finished_longer_than_any_suite",
            Sent(A::DECODE_ERROR),
            || {
                let mut run = client().client_flight_done();
                let ccs = run.s.ccs();
                run.ok(&ccs);
                let mut fin = run.s.finished();
                fin.resize(4 + 49, 0);
                fin[3] = 49;
                let fin = run.s.hs(&[fin]);
                run.feed(&fin);
                run
            },
        ),
        // RFC 5246 §6.2.3.3 / §7.2.2.
        c(
            "record_bad_mac_under_tls12_keys",
            Sent(A::BAD_RECORD_MAC),
            || {
                let mut run = client().client_flight_done();
                let ccs = run.s.ccs();
                run.ok(&ccs);
                let fin = run.s.finished();
                let mut fin = run.s.hs(&[fin]);
                let last = fin.len() - 1;
                fin[last] ^= 1;
                run.feed(&fin);
                run
            },
        ),
        c(
            "record_shorter_than_explicit_nonce_and_tag",
            Sent(A::BAD_RECORD_MAC),
            || {
                let mut run = client().client_flight_done();
                let ccs = run.s.ccs();
                run.ok(&ccs);
                run.feed(&plaintext(22, &[0; 8 + 15]));
                run
            },
        ),
        // TLS 1.2 has no KeyUpdate: an unknown message after the handshake.
        c(
            "key_update_under_tls12",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = client().client_connected();
                let ku = run
                    .s
                    .record(ContentType::HANDSHAKE, &message(HS_KEY_UPDATE, &[0]));
                run.feed(&ku);
                run
            },
        ),
        // RFC 5246 §7.4.1.1 / §7.2.2: the client may decline with a warning no_renegotiation.
        c(
            "hello_request_after_handshake",
            Warned(A::NO_RENEGOTIATION),
            || {
                let mut run = client().client_connected();
                let hr = run
                    .s
                    .record(ContentType::HANDSHAKE, &message(HS_HELLO_REQUEST, &[]));
                run.feed(&hr);
                run
            },
        ),
    ]
}
