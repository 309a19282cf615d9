//! No field of any traced event holds a secret.

use std::sync::Arc;
use std::time::Duration;

use ferrotls_core::pki_types::{ServerName, UnixTime};
use ferrotls_core::ClientConnection;
use ferrotls_tests::hex;
use ferrotls_tests::rfc8448_replay::replay_client;
use ferrotls_tests::rfc8448_session::{ScriptedConfig, Section, Session, TRACE_SERVER_NAME};
use tracing::Level;

use crate::capture::{Capture, Record};
use crate::{client_full_tls13, count, dump, transitions};

/// No value of any record holds one of `secrets` in hex (either case) or as a `Debug` byte
/// list: the forms a formatted field could take.
pub(crate) fn assert_no_secret(records: &[Record], secrets: &[Vec<u8>]) {
    assert!(!secrets.is_empty());
    for secret in secrets.iter().filter(|s| s.len() >= 8) {
        let lower = hex::encode(secret);
        let forms = [
            lower.clone(),
            lower.to_uppercase(),
            format!("{secret:?}"),
            format!("{:?}", &secret[..8])
                .trim_end_matches(']')
                .to_string(),
        ];
        for r in records {
            for value in r.values() {
                for form in &forms {
                    assert!(!value.contains(form.as_str()), "a secret in {r}");
                }
            }
        }
    }
}

/// RFC 8448 §3 replayed through the client, byte for byte as in tests/rfc8448_client.rs:
/// every secret the trace shows (extracted and derived secrets, traffic keys and IVs, the
/// ephemeral private key, the shared secret, the resumption PSK) is absent from every field,
/// while the handshake is traced to its end.
#[test]
fn rfc8448_replay_traces_no_secret() {
    let session = Session::for_replay(Section::Simple1Rtt);
    let (records, ()) = Capture::run(|| {
        let ScriptedConfig { config, .. } = session.client_setup();
        let name = ServerName::try_from(TRACE_SERVER_NAME).unwrap();
        let now = UnixTime::since_unix_epoch(Duration::from_secs(1_500_000_000));
        let mut conn = ClientConnection::new(Arc::new(config), name, now).unwrap();
        replay_client(&session.trace, &mut conn, now);
    });
    let transitions = transitions(&records);
    assert_eq!(transitions, client_full_tls13(), "{}", dump(&records));
    assert_eq!(count(&records, "ticket received"), 1);
    const SECRET_LABELS: [&str; 8] = [
        "secret",
        "expanded",
        "PRK",
        "IKM",
        "salt",
        "key expanded",
        "iv expanded",
        "private key",
    ];
    let secrets: Vec<Vec<u8>> = session
        .trace
        .steps
        .iter()
        .flat_map(|step| &step.values)
        .filter(|(label, value)| {
            SECRET_LABELS.contains(&label.as_str()) && value.bytes().all(|b| b.is_ascii_hexdigit())
        })
        .map(|(_, value)| hex::decode(value))
        .filter(|secret| secret.iter().any(|&b| b != 0))
        .collect();
    assert!(
        secrets.len() >= 20,
        "{} secrets in the trace",
        secrets.len()
    );
    assert_no_secret(&records, &secrets);
}

/// The search itself finds a secret in each form a field could show it in.
#[test]
fn the_secret_search_finds_secrets() {
    let secret = vec![0xab; 16];
    let record = |value: String| Record {
        level: Level::DEBUG,
        target: "test".to_string(),
        fields: [("field".to_string(), value)].into(),
        span: Default::default(),
    };
    for value in [
        hex::encode(&secret),
        hex::encode(&secret).to_uppercase(),
        format!("{secret:?}"),
        format!("x {:?}", &secret[..12]),
    ] {
        let found = std::panic::catch_unwind(|| {
            assert_no_secret(&[record(value.clone())], std::slice::from_ref(&secret))
        });
        assert!(found.is_err(), "not found in {value}");
    }
    assert_no_secret(&[record("nothing".to_string())], &[secret]);
}
