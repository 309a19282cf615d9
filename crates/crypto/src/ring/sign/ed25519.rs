//! Ed25519 signing (RFC 8032) with `ring`; deterministic by construction, draws nothing
//! (written once for both backends in `ring_like/sign.rs`).

crate::ring_like::ed25519_module!(ring, "ring", RingEd25519Key);
