//! `vectors/resumption/resumption-data-v1.txt`: the frozen examples of format version 1. Each
//! step's fields must build a value that encodes to exactly `encoded`, and decoding `encoded`
//! at `now` must give `result` and re-encode to the same bytes, so a format change cannot slip
//! in unnoticed.

use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;

use ferrotls_crypto::Secret;
use rustls_pki_types::CertificateDer;

use super::at;
use crate::msgs::enums::CipherSuite;
use crate::resumption::{ResumptionData, ResumptionDataError, SessionParams};

const VECTORS: &str = include_str!("../../../../../vectors/resumption/resumption-data-v1.txt");

struct Step<'a> {
    title: &'a str,
    values: Vec<(&'a str, &'a str)>,
}

impl<'a> Step<'a> {
    fn get(&self, label: &str) -> &'a str {
        self.values
            .iter()
            .find(|(l, _)| *l == label)
            .map(|(_, v)| *v)
            .unwrap_or_else(|| panic!("{}: no {label}", self.title))
    }

    fn all(&self, label: &str) -> Vec<&'a str> {
        self.values
            .iter()
            .filter(|(l, _)| *l == label)
            .map(|(_, v)| *v)
            .collect()
    }

    fn hex(&self, label: &str) -> Vec<u8> {
        unhex(self.get(label))
    }

    fn num<T: core::str::FromStr>(&self, label: &str) -> T {
        self.get(label)
            .parse()
            .unwrap_or_else(|_| panic!("{}: {label} is not a number", self.title))
    }
}

fn unhex(text: &str) -> Vec<u8> {
    if text == "(empty)" {
        return Vec::new();
    }
    assert!(text.len().is_multiple_of(2), "odd hex {text:?}");
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

fn steps() -> Vec<Step<'static>> {
    let mut steps: Vec<Step<'static>> = Vec::new();
    for line in VECTORS.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if let Some(title) = line.strip_prefix("[step] ") {
            steps.push(Step {
                title,
                values: Vec::new(),
            });
        } else {
            let (label, value) = line.split_once(" = ").expect("label = value");
            steps
                .last_mut()
                .expect("a [step] first")
                .values
                .push((label, value));
        }
    }
    steps
}

/// The value the step's fields describe, built through the public constructors.
fn build(step: &Step<'_>) -> ResumptionData {
    let optional = |label: &str| Some(step.get(label)).filter(|v| *v != "(none)");
    let params = SessionParams {
        cipher_suite: CipherSuite(u16::from_str_radix(step.get("cipher suite"), 16).unwrap()),
        secret: Secret::new(&step.hex("secret")),
        server_name: optional("server name").map(String::from),
        alpn: optional("alpn").map(unhex),
        extended_master_secret: match step.get("extended master secret") {
            "yes" => true,
            "no" => false,
            other => panic!("{other:?}"),
        },
        peer_certificates: step
            .all("certificate")
            .into_iter()
            .map(|c| CertificateDer::from(unhex(c)))
            .collect(),
    };
    let received = at(step.num("received"));
    let lifetime = step.num("lifetime");
    let built = match step.get("kind") {
        "tls12-session-id" => {
            ResumptionData::tls12_session_id(params, step.hex("session id"), received, lifetime)
        }
        "tls12-ticket" => ResumptionData::tls12_ticket(
            params,
            step.hex("ticket"),
            step.hex("session id"),
            received,
            lifetime,
        ),
        "tls13-ticket" => ResumptionData::tls13_ticket(
            params,
            step.hex("ticket"),
            received,
            lifetime,
            step.num("ticket age add"),
            step.num("max early data size"),
        ),
        other => panic!("unknown kind {other:?}"),
    };
    built.unwrap_or_else(|e| panic!("{}: {e}", step.title))
}

/// The `result` spelling of an error.
fn result_label(e: ResumptionDataError) -> String {
    match e {
        ResumptionDataError::Expired => "expired".to_string(),
        ResumptionDataError::BadMagic => "bad magic".to_string(),
        ResumptionDataError::UnknownFormatVersion(v) => format!("unknown format version {v}"),
        ResumptionDataError::Malformed(what) => format!("malformed: {what}"),
        other => format!("{other:?}"),
    }
}

#[test]
fn the_format_v1_vectors_decode_and_re_encode() {
    let steps = steps();
    assert_eq!(steps.len(), 10);
    for step in &steps {
        let value = build(step);
        let encoded = step.hex("encoded");
        let now = at(step.num("now"));
        match step.get("result") {
            "ok" => {
                assert_eq!(*value.to_bytes(), encoded, "{}: encoding", step.title);
                let decoded = ResumptionData::from_bytes(&encoded, now)
                    .unwrap_or_else(|e| panic!("{}: {e}", step.title));
                assert_eq!(decoded, value, "{}", step.title);
                assert_eq!(*decoded.to_bytes(), encoded, "{}", step.title);
            }
            expected => {
                let got = ResumptionData::from_bytes(&encoded, now).unwrap_err();
                assert_eq!(result_label(got), expected, "{}", step.title);
            }
        }
    }
}

#[test]
fn the_rfc8448_ticket_is_what_the_trace_says() {
    let steps = steps();
    let data = build(&steps[0]);
    assert_eq!(data.lifetime(), 30);
    assert_eq!(data.ticket_age_add(), 0xfad6_aac5);
    assert_eq!(data.max_early_data_size(), 1024);
    assert_eq!(data.ticket().len(), 0xb2);
    assert_eq!(data.server_name(), Some("server"));
    assert_eq!(data.peer_certificates()[0].as_ref().len(), 0x1b0);
}
