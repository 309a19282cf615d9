//! What the TLS 1.2 client and server share.

mod keys;

pub(crate) use keys::{protection, record_keys, Tls12RecordKeys};
