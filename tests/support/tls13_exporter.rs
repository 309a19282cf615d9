//! RFC 9846 §7.5's TLS-Exporter computed by hand over SHA-256, with the HkdfLabel bytes written
//! out (§7.1), to check the connections' exporters against a secret a trace gives.

use ferrotls_core::crypto::rustcrypto::hash::SHA256;
use ferrotls_core::crypto::rustcrypto::hkdf::HKDF_SHA256;
use ferrotls_core::crypto::{hash::Hash, hkdf::Hkdf};

/// `HKDF-Expand-Label(secret, label, context, len)` over SHA-256.
pub fn expand_label(secret: &[u8], label: &[u8], context: &[u8], len: usize) -> Vec<u8> {
    let mut info = (len as u16).to_be_bytes().to_vec();
    info.push((6 + label.len()) as u8);
    info.extend_from_slice(b"tls13 ");
    info.extend_from_slice(label);
    info.push(context.len() as u8);
    info.extend_from_slice(context);
    let mut out = vec![0u8; len];
    HKDF_SHA256
        .expand(secret, &[&info], &mut out)
        .expect("expand");
    out
}

/// `TLS-Exporter(label, context, len) = HKDF-Expand-Label(Derive-Secret(secret, label, ""),
/// "exporter", Hash(context), len)` over SHA-256, `secret` being the exporter secret or the early
/// exporter secret.
pub fn tls_exporter(secret: &[u8], label: &[u8], context: &[u8], len: usize) -> Vec<u8> {
    let per_label = expand_label(secret, label, SHA256.hash(&[]).as_bytes(), 32);
    expand_label(
        &per_label,
        b"exporter",
        SHA256.hash(context).as_bytes(),
        len,
    )
}
