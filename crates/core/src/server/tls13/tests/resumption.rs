//! PSK acceptance (RFC 8446 §4.2.11): each mode, the persistent session id, and every reason a
//! ticket is declined (the handshake then completes in full).

use alloc::sync::Arc;
use alloc::vec;

use ferrotls_crypto::NamedGroup;
use ferrotls_record::AlertDescription;

use super::harness::{connect, first_ticket, later, start};
use super::mini_client::{Offered, Resume};
use super::{config, hello, now, replace, run};
use crate::config::ServerConfig;
use crate::msgs::enums::{CipherSuite, PskKeyExchangeMode};
use crate::msgs::extensions::{ClientExtension, ServerNameList};
use crate::msgs::handshake::ClientHello;
use crate::resumption::DeclineReason;

fn resume_config() -> Arc<ServerConfig> {
    Arc::new(config())
}

#[test]
fn psk_dhe_ke_resumes_without_certificates() {
    let cfg = resume_config();
    let (full, ticket) = first_ticket(&cfg);
    assert!(full.client.seen.certificate);
    let done = connect(&cfg, Some(&Resume::with(&ticket)), None, later(5)).unwrap();
    assert_eq!(done.client.seen.selected_psk, Some(0));
    assert!(done.client.seen.server_share, "psk_dhe_ke: (EC)DHE as well");
    assert!(
        !done.client.seen.certificate,
        "no Certificate (RFC 8446 §2.2)"
    );
    let info = done.server.info();
    assert!(info.resumed);
    assert!(info.resumption_offered);
    assert_eq!(info.group, Some(NamedGroup::X25519));
    assert_eq!(info.session_id, full.server.info().session_id);
    assert_eq!(done.declined(), None);
    // The resumed connection issues tickets of its own.
    assert_eq!(done.tickets.len(), 2);
}

#[test]
fn psk_ke_resumes_without_a_key_share() {
    let cfg = resume_config();
    let (full, ticket) = first_ticket(&cfg);
    let mut resume = Resume::with(&ticket);
    resume.modes = vec![PskKeyExchangeMode::PSK_KE];
    let done = connect(&cfg, Some(&resume), None, later(5)).unwrap();
    assert_eq!(done.client.seen.selected_psk, Some(0));
    assert!(!done.client.seen.server_share, "psk_ke: no key_share");
    let info = done.server.info();
    assert!(info.resumed);
    assert_eq!(info.group, None);
    assert_eq!(info.session_id, full.server.info().session_id);
}

#[test]
fn the_mode_follows_the_server_preference() {
    let mut config = config();
    config.psk_modes = vec![PskKeyExchangeMode::PSK_KE, PskKeyExchangeMode::PSK_DHE_KE];
    let config = Arc::new(config);
    let (_, ticket) = first_ticket(&config);
    let mut resume = Resume::with(&ticket);
    resume.modes = vec![PskKeyExchangeMode::PSK_DHE_KE, PskKeyExchangeMode::PSK_KE];
    let done = connect(&config, Some(&resume), None, later(5)).unwrap();
    assert!(done.server.info().resumed);
    assert!(!done.client.seen.server_share);
    // No mode in common: declined, full handshake.
    resume.modes = vec![PskKeyExchangeMode(7)];
    let done = connect(&config, Some(&resume), None, later(5)).unwrap();
    assert_eq!(done.declined(), Some(DeclineReason::ModeMismatch));
    assert!(!done.server.info().resumed);
}

#[test]
fn the_session_id_survives_successive_resumptions() {
    let cfg = resume_config();
    let (full, mut ticket) = first_ticket(&cfg);
    let id = full.server.info().session_id.clone();
    for i in 1..=3 {
        let done = connect(&cfg, Some(&Resume::with(&ticket)), None, later(i * 10)).unwrap();
        assert!(done.server.info().resumed, "resumption {i}");
        assert_eq!(done.server.info().session_id, id, "resumption {i}");
        ticket = done.tickets[0].clone();
    }
}

/// Offer `ticket` (changed by `tamper`) with `base`; the server must complete a full handshake
/// and say why it declined.
fn declined_with(
    config: &Arc<ServerConfig>,
    base: ClientHello,
    ticket: &super::mini_client::Ticket,
    at: rustls_pki_types::UnixTime,
) -> DeclineReason {
    let done = start(config, base, Some(&Resume::with(ticket)), None, at)
        .unwrap()
        .finish(at)
        .unwrap();
    let info = done.server.info();
    assert!(!info.resumed);
    assert!(info.resumption_offered);
    assert!(done.client.seen.certificate, "a full handshake");
    assert_eq!(done.client.seen.selected_psk, None);
    done.declined().expect("ResumptionDeclined")
}

#[test]
fn unusable_tickets_are_declined_with_the_reason() {
    let cfg = resume_config();
    let (_, ticket) = first_ticket(&cfg);

    let mut forged = ticket.clone();
    forged.ticket = vec![0x5a; ticket.ticket.len()];
    assert_eq!(
        declined_with(&cfg, hello(), &forged, later(1)),
        DeclineReason::Undecryptable
    );
    let mut corrupted = ticket.clone();
    let last = corrupted.ticket.len() - 1;
    corrupted.ticket[last] ^= 1;
    assert_eq!(
        declined_with(&cfg, hello(), &corrupted, later(1)),
        DeclineReason::Undecryptable
    );
    assert_eq!(
        declined_with(&cfg, hello(), &ticket, later(86_400)),
        DeclineReason::Expired
    );
    // Another server (another random ticket key).
    let other = Arc::new({
        let mut c = config();
        c.ticket_sealer = Some(Arc::new(
            crate::resumption::AeadTicketSealer::new(&c.provider, 86_400).unwrap(),
        ));
        c
    });
    assert_eq!(
        declined_with(&other, hello(), &ticket, later(1)),
        DeclineReason::Undecryptable
    );
    // Another server name (the resolver has a default certificate for any name).
    let elsewhere = replace(
        hello(),
        ClientExtension::ServerName(ServerNameList::host_name(b"other.example")),
    );
    assert_eq!(
        declined_with(&cfg, elsewhere, &ticket, later(1)),
        DeclineReason::ServerNameMismatch
    );
    // The same name in other case is the same name.
    let upper = replace(
        hello(),
        ClientExtension::ServerName(ServerNameList::host_name(b"EXAMPLE.com")),
    );
    let done = start(&cfg, upper, Some(&Resume::with(&ticket)), None, later(1)).unwrap();
    assert!(done.server.info().resumed);
    // A suite of another hash: the PSK cannot be used (RFC 8446 §4.2.11).
    let sha384 = ClientHello {
        cipher_suites: vec![CipherSuite::TLS_AES_256_GCM_SHA384],
        ..hello()
    };
    let mut started = start(&cfg, sha384, Some(&Resume::with(&ticket)), None, later(1)).unwrap();
    assert!(!started.server.info().resumed);
    assert!(started
        .events()
        .contains(&crate::events::Event::ResumptionDeclined {
            reason: DeclineReason::CipherSuiteMismatch
        }));
}

#[test]
fn a_later_identity_is_chosen_when_the_first_is_refused() {
    let cfg = resume_config();
    let (_, ticket) = first_ticket(&cfg);
    let mut forged = ticket.clone();
    forged.ticket = vec![1; 40];
    let resume = Resume {
        identities: vec![Offered::new(&forged), Offered::new(&ticket)],
        ..Resume::with(&ticket)
    };
    let done = connect(&cfg, Some(&resume), None, later(1)).unwrap();
    assert_eq!(done.client.seen.selected_psk, Some(1));
    assert!(done.server.info().resumed);
    assert_eq!(done.declined(), None);
}

#[test]
fn a_tampered_binder_is_decrypt_error() {
    let cfg = resume_config();
    let (_, ticket) = first_ticket(&cfg);
    let mut resume = Resume::with(&ticket);
    resume.tamper_binder = true;
    let err = start(&cfg, hello(), Some(&resume), None, later(1))
        .err()
        .expect("refused");
    assert_eq!(err.alert_sent(), Some(AlertDescription::DECRYPT_ERROR));
}

#[test]
fn a_psk_needs_psk_key_exchange_modes() {
    let cfg = resume_config();
    let (_, ticket) = first_ticket(&cfg);
    // The ClientHello of a good offer, with psk_key_exchange_modes taken out.
    let mut client = super::mini_client::MiniClient::new(4);
    let record = client.hello(Some(&Resume::with(&ticket)));
    let mut ch = match crate::msgs::handshake::HandshakeMessage::decode(
        &record[5..],
        crate::msgs::handshake::Version::Tls13,
    ) {
        Ok(crate::msgs::handshake::HandshakeMessage::ClientHello(ch)) => ch,
        other => panic!("{other:?}"),
    };
    ch.extensions
        .retain(|e| !matches!(e, ClientExtension::PskKeyExchangeModes(_)));
    let (_, result) = run(config(), &ch);
    assert_eq!(
        result.unwrap_err().alert_sent(),
        Some(AlertDescription::MISSING_EXTENSION)
    );
    // pre_shared_key not last: illegal_parameter (RFC 8446 §4.2.11).
    let psk = ch.extensions.pop().unwrap();
    ch.extensions.insert(0, psk);
    let (_, result) = run(config(), &ch);
    assert_eq!(
        result.unwrap_err().alert_sent(),
        Some(AlertDescription::ILLEGAL_PARAMETER)
    );
}

#[test]
fn a_psk_only_hello_needs_no_signature_algorithms() {
    // RFC 8446 §9.2: with pre_shared_key, signature_algorithms may be absent.
    let cfg = resume_config();
    let (_, ticket) = first_ticket(&cfg);
    let base = super::without(
        hello(),
        crate::msgs::enums::ExtensionType::SIGNATURE_ALGORITHMS,
    );
    let done = connect_from(&cfg, base.clone(), &Resume::with(&ticket));
    assert!(done.server.info().resumed);
    // Declined, the full handshake cannot authenticate: missing_extension.
    let mut forged = ticket.clone();
    forged.ticket = vec![9; 50];
    let err = start(&cfg, base, Some(&Resume::with(&forged)), None, later(1))
        .err()
        .expect("refused");
    assert_eq!(err.alert_sent(), Some(AlertDescription::MISSING_EXTENSION));
}

fn connect_from(
    config: &Arc<ServerConfig>,
    base: ClientHello,
    resume: &Resume,
) -> super::harness::Done {
    start(config, base, Some(resume), None, later(1))
        .unwrap()
        .finish(later(1))
        .unwrap()
}

#[test]
fn offers_set_resumption_offered_and_fresh_hellos_do_not() {
    let cfg = resume_config();
    let done = connect(&cfg, None, None, now()).unwrap();
    assert!(!done.server.info().resumption_offered);
    assert_eq!(done.declined(), None);
}

/// A server that asks for P-256 by HelloRetryRequest; its tickets open on `config`'s sealer.
fn retrying(config: &Arc<ServerConfig>) -> Arc<ServerConfig> {
    let mut retrying = (**config).clone();
    retrying.groups = vec![NamedGroup::SECP256R1, NamedGroup::X25519];
    retrying.retry_for_preferred_group = true;
    Arc::new(retrying)
}

#[test]
fn after_a_retry_the_second_hello_psk_is_judged() {
    let cfg = resume_config();
    let (full, ticket) = first_ticket(&cfg);
    let retrying = retrying(&cfg);
    let resume = Resume::with(&ticket);
    let mut started = start(&retrying, hello(), Some(&resume), None, later(1)).unwrap();
    assert!(started.server.info().hello_retry);
    started.retry(hello(), Some(&resume), later(1)).unwrap();
    let done = started.finish(later(1)).unwrap();
    assert_eq!(done.client.seen.selected_psk, Some(0));
    let info = done.server.info();
    assert!(info.resumed);
    assert_eq!(info.group, Some(NamedGroup::SECP256R1));
    assert_eq!(info.session_id, full.server.info().session_id);
    assert_eq!(done.declined(), None);

    // The second ClientHello's binder must verify over the new transcript.
    let mut tampered = resume.clone();
    tampered.tamper_binder = true;
    let mut started = start(&retrying, hello(), Some(&resume), None, later(1)).unwrap();
    let err = started
        .retry(hello(), Some(&tampered), later(1))
        .expect_err("refused");
    assert_eq!(err.alert_sent(), Some(AlertDescription::DECRYPT_ERROR));
}
