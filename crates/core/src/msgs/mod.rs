//! The wire codec: one type per message and extension.
