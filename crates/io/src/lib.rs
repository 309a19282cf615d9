//! Drivers that connect a ferrotls [`Connection`](ferrotls_core::Connection) to real transports.
//!
//! [`Stream`] is a blocking `std::io::Read + Write` over any `Read + Write` transport (usually a
//! `TcpStream`). It is a loop over the sans-IO API: all protocol decisions stay in the core.
#![forbid(unsafe_code)]

mod error;
mod stream;

pub use error::{tls_error, to_io_error};
pub use stream::{HalfClose, Stream, DRAIN_BYTES, DRAIN_TIME};

#[cfg(test)]
mod test_socket;
