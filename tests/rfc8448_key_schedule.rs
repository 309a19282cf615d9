//! RFC 8448 (TLS 1.3 traces) against `ferrotls_core::key_schedule`.
//!
//! Two passes over every section:
//! - step by step: each "extract", "derive", "calculate" and "generate" step of the trace is
//!   recomputed from the inputs it lists (PRK, hash, IKM...), including the HkdfLabel `info`;
//! - end to end: the typed schedule is driven from the (EC)DHE shared secret (and, in §4, the
//!   ticket PSK that §3 derives) with transcript hashes computed over the listed handshake
//!   messages, and every secret, key, IV, Finished and binder is compared to the trace.

use ferrotls_core::key_schedule::{
    derive_secret, expand_label_secret, message_hash, EarlySecret, HashPrimitives, HkdfLabel,
    PskKind, Side, TrafficSecret,
};
use ferrotls_crypto::{AeadAlgorithm, HashAlgorithm, HashOutput, Secret};
use ferrotls_tests::providers::client_provider;
use ferrotls_tests::providers::on_every_provider;
use ferrotls_tests::vectors::{rfc8448, Step, Trace};

/// Every RFC 8448 trace uses TLS_AES_128_GCM_SHA256.
const AEAD: AeadAlgorithm = AeadAlgorithm::Aes128Gcm;

fn prims() -> HashPrimitives {
    HashPrimitives::from_provider(&client_provider().os(), HashAlgorithm::Sha256).unwrap()
}

/// The quoted label of a step title without its "tls13 " prefix: `derive secret "tls13 c hs
/// traffic"` gives `c hs traffic`.
fn quoted_label(title: &str) -> &str {
    let start = title.find('"').expect("title has a quoted label") + 1;
    let len = title[start..].find('"').expect("closing quote");
    let label = &title[start..start + len];
    label.strip_prefix("tls13 ").unwrap_or(label)
}

// ---------------------------------------------------------------------------------------------
// Step by step.
// ---------------------------------------------------------------------------------------------

/// Recompute one step from its own inputs. Returns false for steps that carry no key-schedule
/// values (messages, records, key pairs).
fn check_step(p: &HashPrimitives, trace: &Trace, index: usize) -> bool {
    let step = &trace.steps[index];
    let title = step.title.as_str();
    let what = |v: &str| format!("{}: {title}: {v}", trace.name);
    if step.values.is_empty() {
        return false;
    }
    if title.contains("extract secret") {
        let salt = match step.text("salt") {
            "0 (all zero octets)" => None,
            _ => Some(step.hex("salt")),
        };
        let ikm = step.hex("IKM");
        let secret = match &salt {
            None => EarlySecret::new(*p, Some(&ikm)).secret().clone(),
            Some(salt) => p.hkdf.extract(Some(salt), &ikm),
        };
        assert_eq!(secret.as_bytes(), step.hex("secret"), "{}", what("secret"));
    } else if title.contains("derive secret") {
        let label = quoted_label(title);
        let hash = step.hex("hash");
        let info = HkdfLabel::new(label.as_bytes(), &hash, 32)
            .unwrap()
            .encode();
        assert_eq!(info, step.hex("info"), "{}", what("info"));
        let prk = Secret::new(&step.hex("PRK"));
        let out = derive_secret(p, &prk, label.as_bytes(), &HashOutput::new(&hash)).unwrap();
        assert_eq!(out.as_bytes(), step.hex("expanded"), "{}", what("expanded"));
    } else if title.contains("traffic keys") {
        assert_eq!(
            HkdfLabel::new(b"key", b"", 16).unwrap().encode(),
            step.hex("key info")
        );
        assert_eq!(
            HkdfLabel::new(b"iv", b"", 12).unwrap().encode(),
            step.hex("iv info")
        );
        let secret = TrafficSecret::from_secret(*p, Secret::new(&step.hex("PRK"))).unwrap();
        let keys = secret.traffic_keys(AEAD).unwrap();
        assert_eq!(
            keys.key().as_bytes(),
            step.hex("key expanded"),
            "{}",
            what("key")
        );
        assert_eq!(
            keys.iv().as_bytes().as_slice(),
            step.hex("iv expanded"),
            "{}",
            what("iv")
        );
    } else if title.contains("calculate finished") || title.contains("calculate PSK binder") {
        assert_eq!(step.hex("hash"), b"", "{}", what("finished_key context"));
        assert_eq!(
            HkdfLabel::new(b"finished", b"", 32).unwrap().encode(),
            step.hex("info")
        );
        let base = TrafficSecret::from_secret(*p, Secret::new(&step.hex("PRK"))).unwrap();
        let finished_key = base.finished_key().unwrap();
        assert_eq!(
            finished_key.key().as_bytes(),
            step.hex("expanded"),
            "{}",
            what("finished key")
        );
        if title.contains("binder") {
            let binder_hash = p.hash.hash(&step.hex("ClientHello prefix"));
            assert_eq!(
                binder_hash.as_bytes(),
                step.hex("binder hash"),
                "{}",
                what("binder hash")
            );
            let binder = finished_key.verify_data(&binder_hash).unwrap();
            assert_eq!(
                binder.as_bytes(),
                step.hex("finished"),
                "{}",
                what("binder")
            );
        } else {
            // The listed value is what the next Finished message carries.
            let message = trace.steps[index + 1..]
                .iter()
                .find(|s| s.title.contains("construct a Finished handshake message"))
                .expect("a Finished message follows")
                .hex("Finished");
            assert_eq!(
                &message[4..],
                step.hex("finished"),
                "{}",
                what("Finished body")
            );
        }
    } else if title.contains("generate resumption secret") {
        let nonce = step.hex("hash");
        let info = HkdfLabel::new(b"resumption", &nonce, 32).unwrap().encode();
        assert_eq!(info, step.hex("info"), "{}", what("info"));
        let psk = expand_label_secret(p.hkdf, &step.hex("PRK"), b"resumption", &nonce, 32).unwrap();
        assert_eq!(
            psk.as_bytes(),
            step.hex("expanded"),
            "{}",
            what("ticket PSK")
        );
    } else {
        return false;
    }
    true
}

#[test]
fn every_listed_step_recomputes_from_its_inputs() {
    on_every_provider(|_| every_listed_step_recomputes_from_its_inputs_on_current());
}

fn every_listed_step_recomputes_from_its_inputs_on_current() {
    let p = prims();
    for trace in rfc8448::all_sections() {
        let checked = (0..trace.steps.len())
            .filter(|&i| check_step(&p, &trace, i))
            .count();
        // Every step that names a key-schedule operation and lists values was checked.
        let expected = trace
            .steps
            .iter()
            .filter(|s| !s.values.is_empty())
            .filter(|s| {
                [
                    "extract secret",
                    "derive secret",
                    "traffic keys",
                    "calculate",
                    "generate",
                ]
                .iter()
                .any(|k| s.title.contains(k))
            })
            .count();
        assert_eq!(checked, expected, "{}", trace.name);
        assert!(checked >= 13, "{}: only {checked} steps", trace.name);
    }
}

// ---------------------------------------------------------------------------------------------
// End to end.
// ---------------------------------------------------------------------------------------------

/// The handshake messages of a trace, in order, as (name, bytes). After a HelloRetryRequest the
/// first ClientHello is replaced by the synthetic message_hash (RFC 8446 §4.4.1).
fn transcript(p: &HashPrimitives, trace: &Trace) -> Vec<(String, Vec<u8>)> {
    let mut messages: Vec<(String, Vec<u8>)> = trace
        .steps
        .iter()
        .filter_map(|s| {
            let name = s.title.split_once("construct a")?.1;
            let name = name
                .trim_start_matches('n')
                .trim()
                .strip_suffix(" handshake message")?;
            Some((name.to_string(), s.hex(name)))
        })
        .filter(|(name, _)| name != "NewSessionTicket")
        .collect();
    for (name, message) in &mut messages {
        if !is_complete(message) {
            // Only legitimate case: RFC 8448 §4 lists the ClientHello as it stands before the
            // binders are computed (the partial ClientHello of RFC 8446 §4.2.11.2); the whole
            // message is the payload of the record that carries it.
            assert_eq!(
                name, "ClientHello",
                "{}: {name} is shorter than its length field",
                trace.name
            );
            *message = complete_copy(trace, message)
                .unwrap_or_else(|| panic!("{}: no record holds the whole ClientHello", trace.name));
        }
    }
    let hellos = messages.iter().filter(|(n, _)| n == "ClientHello").count();
    if hellos == 2 {
        messages[0] = (
            "message_hash".to_string(),
            message_hash(p.hash, &messages[0].1),
        );
    }
    messages
}

/// Whether a handshake message is as long as its uint24 length field says.
fn is_complete(message: &[u8]) -> bool {
    message.len() >= 4
        && usize::from(message[1]) << 16 | usize::from(message[2]) << 8 | usize::from(message[3])
            == message.len() - 4
}

/// The complete handshake message, found in a "send handshake record" payload, that starts with
/// `partial`.
fn complete_copy(trace: &Trace, partial: &[u8]) -> Option<Vec<u8>> {
    trace
        .steps
        .iter()
        .filter(|s| s.title.contains("send handshake record"))
        .find_map(|s| {
            let mut payload = s.hex("payload");
            while payload.len() >= 4 {
                let len = usize::from(payload[1]) << 16
                    | usize::from(payload[2]) << 8
                    | usize::from(payload[3]);
                if payload.len() < 4 + len {
                    return None;
                }
                let rest = payload.split_off(4 + len);
                if payload.starts_with(partial) {
                    return Some(payload);
                }
                payload = rest;
            }
            None
        })
}

/// Transcript-Hash of the messages up to and including the `nth` one called `name`.
fn hash_through(
    p: &HashPrimitives,
    msgs: &[(String, Vec<u8>)],
    name: &str,
    nth: usize,
) -> HashOutput {
    let end = msgs
        .iter()
        .enumerate()
        .filter(|(_, (n, _))| n == name)
        .nth(nth)
        .unwrap_or_else(|| panic!("no {name} #{nth}"))
        .0;
    hash_before(p, msgs, end + 1)
}

fn hash_before(p: &HashPrimitives, msgs: &[(String, Vec<u8>)], end: usize) -> HashOutput {
    let mut ctx = p.hash.start();
    for (_, m) in &msgs[..end] {
        ctx.update(m);
    }
    ctx.finish()
}

fn position(msgs: &[(String, Vec<u8>)], name: &str, nth: usize) -> usize {
    msgs.iter()
        .enumerate()
        .filter(|(_, (n, _))| n == name)
        .nth(nth)
        .unwrap()
        .0
}

/// The first step whose title contains `needle` and that lists values.
fn listed<'t>(trace: &'t Trace, needle: &str) -> &'t Step {
    trace
        .steps
        .iter()
        .find(|s| s.title.contains(needle) && !s.values.is_empty())
        .unwrap_or_else(|| panic!("{}: no step with values containing {needle:?}", trace.name))
}

fn expanded(trace: &Trace, label: &str) -> Vec<u8> {
    listed(trace, &format!("derive secret \"tls13 {label}\"")).hex("expanded")
}

/// The traffic secrets one section derives, by sender and epoch.
struct Secrets {
    early: Option<TrafficSecret>,
    c_hs: TrafficSecret,
    s_hs: TrafficSecret,
    c_ap: TrafficSecret,
    s_ap: TrafficSecret,
}

impl Secrets {
    /// The secret a "{side} derive write|read traffic keys for ..." step uses.
    fn for_title(&self, title: &str) -> &TrafficSecret {
        let side = if title.starts_with("{client}") {
            Side::Client
        } else {
            Side::Server
        };
        let sender = match (title.contains("write"), side) {
            (true, s) => s,
            (false, Side::Client) => Side::Server,
            (false, Side::Server) => Side::Client,
        };
        match (
            title.contains("early application"),
            title.contains("application"),
            sender,
        ) {
            (true, _, _) => self.early.as_ref().expect("early secret derived"),
            (false, true, Side::Client) => &self.c_ap,
            (false, true, Side::Server) => &self.s_ap,
            (false, false, Side::Client) => &self.c_hs,
            (false, false, Side::Server) => &self.s_hs,
        }
    }
}

/// Drive the typed schedule through one section and compare everything it lists. Returns the
/// PSK of the section's NewSessionTicket, if it has one.
fn walk(trace: &Trace, psk: Option<&Secret>) -> Option<Secret> {
    let p = prims();
    let msgs = transcript(&p, trace);
    let name = trace.name.as_str();

    // Early Secret (RFC 8446 §7.1), from the PSK or from zeros.
    let early_step = listed(trace, "extract secret \"early\"");
    let early = EarlySecret::new(p, psk.map(Secret::as_bytes));
    assert_eq!(
        early.secret().as_bytes(),
        early_step.hex("secret"),
        "{name}: early secret"
    );
    if let Some(psk) = psk {
        assert_eq!(psk.as_bytes(), early_step.hex("IKM"), "{name}: PSK");
    }

    // PSK binder and 0-RTT secrets (§4 only).
    let mut early_traffic = None;
    if psk.is_some() {
        let binder_step = listed(trace, "calculate PSK binder");
        let binder_key = early.binder_key(PskKind::Resumption).unwrap();
        assert_eq!(
            binder_key.secret().as_bytes(),
            binder_step.hex("PRK"),
            "{name}: binder key"
        );
        let client_hello = &msgs[position(&msgs, "ClientHello", 0)].1;
        let prefix = binder_step.hex("ClientHello prefix");
        assert!(
            client_hello.starts_with(&prefix),
            "{name}: prefix of the ClientHello"
        );
        let binder_hash = p.hash.hash(&prefix);
        assert_eq!(binder_hash.as_bytes(), binder_step.hex("binder hash"));
        // The ClientHello ends with the binders list: uint16 list length, uint8 length, binder.
        let binder = &client_hello[prefix.len() + 3..];
        assert_eq!(
            binder,
            binder_step.hex("finished"),
            "{name}: binder in the ClientHello"
        );
        assert_eq!(binder_key.binder(&binder_hash).unwrap().as_bytes(), binder);
        assert!(binder_key.verify_binder(&binder_hash, binder));
        let mut forged = binder.to_vec();
        forged[0] ^= 1;
        assert!(!binder_key.verify_binder(&binder_hash, &forged));

        let ch_hash = hash_through(&p, &msgs, "ClientHello", 0);
        let c_e = early.client_early_traffic_secret(&ch_hash).unwrap();
        assert_eq!(
            c_e.secret().as_bytes(),
            expanded(trace, "c e traffic"),
            "{name}: c e traffic"
        );
        let e_exp = early.early_exporter_master_secret(&ch_hash).unwrap();
        assert_eq!(
            e_exp.secret().as_bytes(),
            expanded(trace, "e exp master"),
            "{name}: e exp master"
        );
        early_traffic = Some(c_e);
    }

    // Handshake Secret from the (EC)DHE shared secret.
    let hs_step = listed(trace, "extract secret \"handshake\"");
    let hs = early
        .into_handshake_secret(Some(&hs_step.hex("IKM")))
        .unwrap();
    assert_eq!(
        hs.secret().as_bytes(),
        hs_step.hex("secret"),
        "{name}: handshake secret"
    );
    let hello_hash = hash_through(
        &p,
        &msgs,
        "ServerHello",
        msgs.iter().filter(|(n, _)| n == "ServerHello").count() - 1,
    );
    let c_hs = hs.client_handshake_traffic_secret(&hello_hash).unwrap();
    let s_hs = hs.server_handshake_traffic_secret(&hello_hash).unwrap();
    assert_eq!(
        c_hs.secret().as_bytes(),
        expanded(trace, "c hs traffic"),
        "{name}: c hs traffic"
    );
    assert_eq!(
        s_hs.secret().as_bytes(),
        expanded(trace, "s hs traffic"),
        "{name}: s hs traffic"
    );

    // Finished messages (RFC 8446 §4.4.4): each over the transcript before it.
    let server_fin = position(&msgs, "Finished", 0);
    let client_fin = position(&msgs, "Finished", 1);
    for (secret, at, who) in [(&s_hs, server_fin, "server"), (&c_hs, client_fin, "client")] {
        let key = secret.finished_key().unwrap();
        let step = listed(trace, &format!("{{{who}}} calculate finished"));
        assert_eq!(
            key.key().as_bytes(),
            step.hex("expanded"),
            "{name}: {who} finished key"
        );
        let before = hash_before(&p, &msgs, at);
        let body = &msgs[at].1[4..];
        assert_eq!(
            key.verify_data(&before).unwrap().as_bytes(),
            body,
            "{name}: {who} Finished"
        );
        assert!(key.verify(&before, body));
        assert!(!key.verify(&hash_before(&p, &msgs, at - 1), body));
    }

    // Master Secret and what comes from it.
    let master = hs.into_master_secret().unwrap();
    assert_eq!(
        master.secret().as_bytes(),
        listed(trace, "extract secret \"master\"").hex("secret"),
        "{name}: master secret"
    );
    let server_fin_hash = hash_before(&p, &msgs, server_fin + 1);
    let c_ap = master
        .client_application_traffic_secret(&server_fin_hash)
        .unwrap();
    let s_ap = master
        .server_application_traffic_secret(&server_fin_hash)
        .unwrap();
    let exp = master.exporter_master_secret(&server_fin_hash).unwrap();
    assert_eq!(
        c_ap.secret().as_bytes(),
        expanded(trace, "c ap traffic"),
        "{name}: c ap traffic"
    );
    assert_eq!(
        s_ap.secret().as_bytes(),
        expanded(trace, "s ap traffic"),
        "{name}: s ap traffic"
    );
    assert_eq!(
        exp.secret().as_bytes(),
        expanded(trace, "exp master"),
        "{name}: exp master"
    );
    let res = master
        .resumption_master_secret(&hash_before(&p, &msgs, client_fin + 1))
        .unwrap();
    assert_eq!(
        res.secret().as_bytes(),
        expanded(trace, "res master"),
        "{name}: res master"
    );

    // Record keys of every epoch the trace lists.
    let secrets = Secrets {
        early: early_traffic,
        c_hs,
        s_hs,
        c_ap,
        s_ap,
    };
    let mut key_steps = 0;
    for step in trace
        .steps
        .iter()
        .filter(|s| s.title.contains("traffic keys") && !s.values.is_empty())
    {
        let secret = secrets.for_title(&step.title);
        assert_eq!(
            secret.secret().as_bytes(),
            step.hex("PRK"),
            "{name}: {}",
            step.title
        );
        let keys = secret.traffic_keys(AEAD).unwrap();
        assert_eq!(
            keys.key().as_bytes(),
            step.hex("key expanded"),
            "{name}: {}",
            step.title
        );
        assert_eq!(
            keys.iv().as_bytes().as_slice(),
            step.hex("iv expanded"),
            "{name}: {}",
            step.title
        );
        key_steps += 1;
    }
    assert!(key_steps >= 4, "{name}: {key_steps} traffic-key steps");

    // The ticket PSK (RFC 8446 §4.6.1), with the nonce taken from the NewSessionTicket:
    // type(1) length(3) lifetime(4) age_add(4) nonce<0..255>.
    let ticket = trace.steps.iter().find_map(|s| {
        s.title
            .contains("NewSessionTicket handshake")
            .then(|| s.hex("NewSessionTicket"))
    })?;
    let nonce_len = usize::from(ticket[12]);
    let nonce = &ticket[13..13 + nonce_len];
    let psk = res.ticket_psk(nonce).unwrap();
    let step = listed(trace, "generate resumption secret");
    assert_eq!(nonce, step.hex("hash"), "{name}: ticket nonce");
    assert_eq!(psk.as_bytes(), step.hex("expanded"), "{name}: ticket PSK");
    Some(psk)
}

#[test]
fn section3_simple_1rtt_end_to_end() {
    on_every_provider(|_| section3_simple_1rtt_end_to_end_on_current());
}

fn section3_simple_1rtt_end_to_end_on_current() {
    let psk = walk(&rfc8448::simple_1rtt(), None);
    assert!(psk.is_some(), "section 3 issues a ticket");
}

#[test]
fn section4_resumed_0rtt_from_section3_ticket() {
    on_every_provider(|_| section4_resumed_0rtt_from_section3_ticket_on_current());
}

fn section4_resumed_0rtt_from_section3_ticket_on_current() {
    let psk = walk(&rfc8448::simple_1rtt(), None).expect("section 3 ticket");
    walk(&rfc8448::resumed_0rtt(), Some(&psk));
}

#[test]
fn sections_5_6_7_full_handshakes_end_to_end() {
    on_every_provider(|_| sections_5_6_7_full_handshakes_end_to_end_on_current());
}

fn sections_5_6_7_full_handshakes_end_to_end_on_current() {
    for trace in [
        rfc8448::hello_retry_request(),
        rfc8448::client_auth(),
        rfc8448::compatibility_mode(),
    ] {
        walk(&trace, None);
    }
}

#[test]
fn hello_retry_transcript_starts_with_message_hash() {
    on_every_provider(|_| hello_retry_transcript_starts_with_message_hash_on_current());
}

fn hello_retry_transcript_starts_with_message_hash_on_current() {
    let p = prims();
    let trace = rfc8448::hello_retry_request();
    let msgs = transcript(&p, &trace);
    let ch1 = trace
        .step("{client} construct a ClientHello")
        .hex("ClientHello");
    assert_eq!(msgs[0].0, "message_hash");
    assert_eq!(&msgs[0].1[..4], &[254, 0, 0, 32]);
    assert_eq!(&msgs[0].1[4..], p.hash.hash(&ch1).as_bytes());
    // Without the substitution the handshake secrets would not match the trace.
    let hello_hash = hash_through(&p, &msgs, "ServerHello", 1);
    assert_eq!(
        hello_hash.as_bytes(),
        listed(&trace, "derive secret \"tls13 c hs traffic\"").hex("hash")
    );
}
