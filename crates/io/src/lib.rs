//! Drivers that connect a ferrotls [`Connection`](ferrotls_core::Connection) to real transports.
//!
//! [`Stream`] is a blocking `std::io::Read + Write` over any `Read + Write` transport (usually a
//! `TcpStream`). With the `tokio` feature, `tokio::TlsStream` is its asynchronous
//! counterpart. Both are loops over the sans-IO API sharing one driver step (`driver.rs`): all
//! protocol decisions stay in the core.
#![forbid(unsafe_code)]

mod driver;
mod error;
mod stream;
#[cfg(feature = "tokio")]
pub mod tokio;

pub use driver::Buffered;
pub use error::{tls_error, to_io_error};
pub use stream::{HalfClose, Stream, DRAIN_BYTES, DRAIN_TIME};

#[cfg(test)]
mod test_socket;
