//! TLS 1.3 and TLS 1.2 key schedules.
//!
//! TLS 1.3 (RFC 8446 §7.1) is a chain of typed stages: [`EarlySecret`] → [`HandshakeSecret`] →
//! [`MasterSecret`]. Each stage is consumed to build the next, and each offers only the secrets
//! RFC 8446 derives from it, so a handshake traffic secret cannot be taken from the early secret
//! by mistake. Traffic secrets give record keys ([`TrafficKeys`]), Finished keys ([`FinishedKey`])
//! and their KeyUpdate successors; exporter secrets give exported keying material.
//!
//! TLS 1.2 (RFC 5246 §8.1, §6.3, §7.4.9; RFC 7627 §4) is one value, [`Tls12MasterSecret`], from
//! which the key block and the Finished `verify_data` come, all through the PRF of
//! [`ferrotls_crypto::prf`].
//!
//! Every function works over the `&dyn` primitives of a [`ferrotls_crypto::CryptoProvider`],
//! gathered per hash function in [`HashPrimitives`]. Every secret is a zeroizing
//! [`ferrotls_crypto::Secret`].

mod constants;
mod error;
mod exporter;
mod hkdf_label;
mod primitives;
mod tls12;
mod tls13;
mod traffic_keys;
mod traffic_secret;
mod transcript;

#[cfg(test)]
mod test_util;

pub use error::KeyScheduleError;
pub use exporter::ExporterSecret;
pub use hkdf_label::{derive_secret, expand_label, expand_label_secret, HkdfLabel, LABEL_PREFIX};
pub use primitives::HashPrimitives;
pub use tls12::{
    fixed_iv_len, KeyedMasterSecret, Tls12KeyBlock, Tls12MasterSecret, Tls12WriteKeys,
    TLS12_VERIFY_DATA_LEN,
};
pub use tls13::{
    BinderKey, EarlySecret, HandshakeSecret, MasterSecret, PskKind, ResumptionMasterSecret,
    TicketPsks,
};
pub use traffic_keys::{Iv, TrafficKeys};
pub use traffic_secret::{FinishedKey, TrafficSecret};
pub use transcript::message_hash;

/// Which end of the connection sent (or will send) a message; picks Finished labels.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Side {
    /// The end that sent the ClientHello.
    Client,
    /// The end that answered it.
    Server,
}
