//! The TLS 1.2 pseudo-random function (RFC 5246 §5): P_hash over the provider's HMAC.
//!
//! This is protocol, not a primitive, so ferrotls writes it; the HMAC under it comes from the
//! provider.
