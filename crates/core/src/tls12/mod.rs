//! What the TLS 1.2 client and server share.

mod abbreviated;
mod keys;

pub(crate) use abbreviated::{abbreviated_secrets, AbbreviatedSecrets};
#[cfg(test)]
pub(crate) use keys::protection;
pub(crate) use keys::{key_material, record_keys, Tls12RecordKeys};
