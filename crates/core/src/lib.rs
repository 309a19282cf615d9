//! The ferrotls protocol core: message codec, key schedules and handshake state machines. No I/O:
//! bytes, time and randomness go in; bytes and events come out.
#![no_std]
#![forbid(unsafe_code)]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod key_schedule;
pub mod msgs;
