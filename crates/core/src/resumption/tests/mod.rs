//! Tests of the resumption module: encodings (round trips, refusals, mutation walks, the
//! format vectors), the ticket sealer, and with `std` the in-memory stores and anti-replay.

mod data;
mod freshness;
mod mutations;
mod sealer;
mod server_state;
mod vectors;

#[cfg(feature = "std")]
mod anti_replay;
#[cfg(feature = "std")]
mod stores;

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::time::Duration;

use ferrotls_crypto::Secret;
use rustls_pki_types::{CertificateDer, UnixTime};

use super::{ResumptionData, ServerSessionState, SessionParams};
use crate::msgs::enums::CipherSuite;

/// The tests' epoch: 2023-11-14.
const T0: u64 = 1_700_000_000;

fn at(secs: u64) -> UnixTime {
    UnixTime::since_unix_epoch(Duration::from_secs(secs))
}

fn params(suite: CipherSuite, secret_len: usize) -> SessionParams {
    SessionParams {
        cipher_suite: suite,
        secret: Secret::new(&vec![0x5a; secret_len]),
        server_name: Some(String::from("example.com")),
        alpn: Some(b"h2".to_vec()),
        extended_master_secret: true,
        peer_certificates: vec![
            CertificateDer::from(vec![0x30, 0x03, 0x02, 0x01, 0x01]),
            CertificateDer::from(vec![0x30, 0x03, 0x02, 0x01, 0x02]),
        ]
        .into(),
    }
}

fn tls12_params() -> SessionParams {
    params(CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, 48)
}

fn tls13_params() -> SessionParams {
    params(CipherSuite::TLS_AES_256_GCM_SHA384, 48)
}

/// One value of each kind, all received at `T0`.
fn every_kind() -> Vec<ResumptionData> {
    vec![
        ResumptionData::tls12_session_id(tls12_params(), vec![1; 32], at(T0), 7200).unwrap(),
        ResumptionData::tls12_ticket(tls12_params(), vec![2; 100], vec![3; 16], at(T0), 7200)
            .unwrap(),
        ResumptionData::tls13_ticket(
            tls13_params(),
            vec![4; 64],
            at(T0),
            604_800,
            0xdead_beef,
            16384,
        )
        .unwrap(),
    ]
}

/// One server state of each version, created at `T0`.
fn every_state() -> Vec<ServerSessionState> {
    vec![
        ServerSessionState::tls12(tls12_params(), vec![7; 32], at(T0), 7200).unwrap(),
        ServerSessionState::tls13(tls13_params(), vec![8; 16], at(T0), 86_400, 0x0102_0304, 0)
            .unwrap(),
    ]
}
