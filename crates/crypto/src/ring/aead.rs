//! AES-128-GCM, AES-256-GCM and ChaCha20-Poly1305 from `ring::aead`, sealing and opening in
//! place (written once for both backends in `ring_like/aead.rs`).

crate::ring_like::aead_module!(ring, "`ring`", RingAead, RingAeadKey, ring);
