//! Shared helpers for the cross-crate tests: hex, and the readers of the files in `vectors/`.
#![forbid(unsafe_code)]

pub mod hex;
pub mod vectors;
