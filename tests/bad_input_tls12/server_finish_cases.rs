//! Server side after the key exchange: ChangeCipherSpec and Finished, messages out of order,
//! protected records, and messages (renegotiation) after the handshake.

use ferrotls_record::ContentType;
use ferrotls_tests::code_points::{HS_FINISHED, HS_HELLO_REQUEST, HS_KEY_UPDATE};
use ferrotls_tests::tls_bytes::{message, plaintext};

use crate::harness::{Case, Expect, A};
use crate::messages::Ch;
use crate::server_setups::{server_config, server_with};

pub(crate) fn server_finish_cases() -> Vec<Case> {
    use Expect::*;
    let c = Case::server;
    vec![
        // RFC 5246 §7.1: ChangeCipherSpec only once the keys exist.
        c(
            "change_cipher_spec_before_client_key_exchange",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = server_with(server_config()).hello();
                run.feed(&plaintext(20, &[1]));
                run
            },
        ),
        c(
            "change_cipher_spec_twice",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = server_with(server_config()).through_ccs();
                let again = run.s.ccs();
                run.feed(&again);
                run
            },
        ),
        c(
            "finished_before_change_cipher_spec",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = server_with(server_config()).through_cke();
                let fin = run.s.finished();
                let fin = run.s.hs(&[fin]);
                run.feed(&fin);
                run
            },
        ),
        // RFC 5246 §7.4.9 / §7.2.2.
        c("finished_wrong", Sent(A::DECRYPT_ERROR), || {
            let mut run = server_with(server_config()).through_ccs();
            let mut fin = run.s.finished();
            fin[4] ^= 1;
            let fin = run.s.hs(&[fin]);
            run.feed(&fin);
            run
        }),
        c("finished_wrong_length", Sent(A::DECODE_ERROR), || {
            let mut run = server_with(server_config()).through_ccs();
            let mut fin = run.s.finished();
            fin.truncate(fin.len() - 1);
            fin[3] -= 1;
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
                let mut run = server_with(server_config()).through_ccs();
                let mut fin = run.s.finished();
                fin.resize(4 + 49, 0);
                fin[3] = 49;
                let fin = run.s.hs(&[fin]);
                run.feed(&fin);
                run
            },
        ),
        // RFC 5246 §7.1: the key change must fall on a message boundary (as RFC 8446 §5.1
        // spells out); here a Finished header precedes the ChangeCipherSpec.
        c(
            "change_cipher_spec_inside_a_fragmented_message",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = server_with(server_config()).hello();
                let cke = run.s.cke();
                run.s.add(&cke);
                let mut payload = cke;
                payload.extend_from_slice(&[HS_FINISHED, 0, 0]);
                let record = run.s.record(ContentType::HANDSHAKE, &payload);
                run.ok(&record);
                run.feed(&plaintext(20, &[1]));
                run
            },
        ),
        // RFC 5246 §7.4: messages out of order.
        c(
            "second_client_hello_during_handshake",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = server_with(server_config()).hello();
                let ch = run.s.hs(&[Ch::default().encode()]);
                run.feed(&ch);
                run
            },
        ),
        c(
            "hello_request_to_the_server",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = server_with(server_config()).hello();
                let hr = run.s.hs(&[message(HS_HELLO_REQUEST, &[])]);
                run.feed(&hr);
                run
            },
        ),
        // RFC 5246 §7.4.9: application data flows only after Finished.
        c(
            "application_data_before_change_cipher_spec",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = server_with(server_config()).through_cke();
                run.feed(&plaintext(23, b"early"));
                run
            },
        ),
        c(
            "application_data_before_finished",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = server_with(server_config()).through_ccs();
                let data = run.s.record(ContentType::APPLICATION_DATA, b"early");
                run.feed(&data);
                run
            },
        ),
        // Record layer.
        c(
            "record_bad_mac_under_tls12_keys",
            Sent(A::BAD_RECORD_MAC),
            || {
                let mut run = server_with(server_config()).through_ccs();
                let fin = run.s.finished();
                let mut fin = run.s.hs(&[fin]);
                fin[5 + 8] ^= 1;
                run.feed(&fin);
                run
            },
        ),
        c(
            "record_shorter_than_explicit_nonce_and_tag",
            Sent(A::BAD_RECORD_MAC),
            || {
                let mut run = server_with(server_config()).through_ccs();
                run.feed(&plaintext(22, &[0; 10]));
                run
            },
        ),
        // TLS 1.2 has no KeyUpdate.
        c(
            "key_update_under_tls12",
            Sent(A::UNEXPECTED_MESSAGE),
            || {
                let mut run = server_with(server_config()).server_connected();
                let ku = run
                    .s
                    .record(ContentType::HANDSHAKE, &message(HS_KEY_UPDATE, &[0]));
                run.feed(&ku);
                run
            },
        ),
        // RFC 5246 §7.4.1.1, §7.2.2; RFC 5746 §4.4: declined with a warning.
        c(
            "renegotiating_client_hello",
            Warned(A::NO_RENEGOTIATION),
            || {
                let mut run = server_with(server_config()).server_connected();
                let ch = run
                    .s
                    .record(ContentType::HANDSHAKE, &Ch::default().encode());
                run.feed(&ch);
                run
            },
        ),
        // "the original requester can decide whether to proceed": one that insists cannot.
        c(
            "renegotiating_client_hello_insisting",
            Sent(A::HANDSHAKE_FAILURE),
            || {
                let mut run = server_with(server_config()).server_connected();
                let ch = run
                    .s
                    .record(ContentType::HANDSHAKE, &Ch::default().encode());
                run.ok(&ch);
                let again = run
                    .s
                    .record(ContentType::HANDSHAKE, &Ch::default().encode());
                run.feed(&again);
                run
            },
        ),
    ]
}
