//! The harness the bad-input tables (`bad_input_tls13`, `bad_input_tls12`) share: either endpoint
//! behind one type, running a case under `catch_unwind`, the checks that a failed connection is
//! terminal, and the table runner that prints one line per case.

use std::fmt::Debug;
use std::panic::{catch_unwind, AssertUnwindSafe};

use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::{AlertDescription, ApiError, ClientConnection, Error, Event, ServerConnection};
use ferrotls_record::ContentType;

use crate::tls_bytes::plaintext;

/// The endpoint under test, client or server.
#[derive(Debug)]
pub enum AnyConn {
    Client(ClientConnection),
    Server(ServerConnection),
}

impl AnyConn {
    pub fn handle(&mut self, input: &[u8], now: UnixTime) -> Result<usize, Error> {
        let mut buf = input.to_vec();
        match self {
            Self::Client(c) => c.handle_tls(&mut buf, now),
            Self::Server(c) => c.handle_tls(&mut buf, now),
        }
    }

    pub fn output(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        match self {
            Self::Client(c) => c.write_tls(&mut out),
            Self::Server(c) => c.write_tls(&mut out),
        };
        out
    }

    pub fn send(&mut self, data: &[u8]) -> Result<usize, ApiError> {
        match self {
            Self::Client(c) => c.send(data),
            Self::Server(c) => c.send(data),
        }
    }

    pub fn failure(&self) -> Option<Error> {
        match self {
            Self::Client(c) => c.failure().cloned(),
            Self::Server(c) => c.failure().cloned(),
        }
    }

    pub fn events(&mut self) -> Vec<Event> {
        let mut out = Vec::new();
        loop {
            let e = match self {
                Self::Client(c) => c.poll_event(),
                Self::Server(c) => c.poll_event(),
            };
            match e {
                Some(e) => out.push(e),
                None => return out,
            }
        }
    }

    /// `read` once into a buffer of `len` bytes.
    pub fn read(&mut self, len: usize) -> Result<Vec<u8>, ApiError> {
        let mut buf = vec![0; len];
        let n = match self {
            Self::Client(c) => c.read(&mut buf),
            Self::Server(c) => c.read(&mut buf),
        }?;
        buf.truncate(n);
        Ok(buf)
    }

    /// All the application data `read` returns now.
    pub fn read_data(&mut self) -> Vec<u8> {
        let mut data = Vec::new();
        while let Ok(chunk) = self.read(100) {
            if chunk.is_empty() {
                break;
            }
            data.extend_from_slice(&chunk);
        }
        data
    }

    pub fn is_handshaking(&self) -> bool {
        match self {
            Self::Client(c) => c.is_handshaking(),
            Self::Server(c) => c.is_handshaking(),
        }
    }
}

/// `drive`, then `verify` what it returned, each under `catch_unwind`: a panic is a failed case
/// that says where it happened.
pub fn without_panics<T>(
    drive: impl FnOnce() -> T,
    verify: impl FnOnce(T) -> Result<String, String>,
) -> Result<String, String> {
    let attempt = catch_unwind(AssertUnwindSafe(drive))
        .map_err(|p| format!("panicked while driving: {}", panic_text(&p)))?;
    catch_unwind(AssertUnwindSafe(|| verify(attempt)))
        .map_err(|p| format!("panicked while checking: {}", panic_text(&p)))?
}

fn panic_text(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

/// The (level, description) of a two-byte alert payload.
pub fn alert_payload(payload: &[u8]) -> Result<(u8, AlertDescription), String> {
    match payload[..] {
        [level, description] => Ok((level, AlertDescription(description))),
        _ => Err(format!("alert payload {payload:02x?}")),
    }
}

/// After `conn` failed with `err` (and its alert was read): `failure()` is the error, a further
/// `handle_tls` returns the same error, `send` fails with it, and nothing more is written.
pub fn check_terminal(conn: &mut AnyConn, err: &Error, now: UnixTime) -> Result<(), String> {
    if conn.failure().as_ref() != Some(err) {
        return Err(format!("failure() is {:?}", conn.failure()));
    }
    let again = conn.handle(&plaintext(ContentType::ALERT.0, &[1, 0]), now);
    if again != Err(err.clone()) {
        return Err(format!("a further handle_tls gave {again:?}"));
    }
    let sent = conn.send(b"more");
    if sent != Err(ApiError::Failed(err.clone())) {
        return Err(format!("send after failure gave {sent:?}"));
    }
    // Data received before the failure stays readable; then `read` reports the failure.
    conn.read_data();
    let read = conn.read(16);
    if read != Err(ApiError::Failed(err.clone())) {
        return Err(format!("read after failure gave {read:?}"));
    }
    let extra = conn.output();
    if !extra.is_empty() {
        return Err(format!(
            "{} more bytes written after the failure",
            extra.len()
        ));
    }
    Ok(())
}

/// A row of a bad-input table.
pub trait TableCase {
    /// The side under test, as printed.
    fn side(&self) -> &dyn Debug;
    fn name(&self) -> &str;
    /// `Ok(why)`: the case behaved; `why` is the error's text, to show that it failed for the
    /// reason the case is about.
    fn check(&self) -> Result<String, String>;
}

/// Runs every case, printing `ok`/`FAIL` lines; returns the failures.
pub fn run_table<C: TableCase>(cases: &[C]) -> Vec<String> {
    let mut failures = Vec::new();
    for case in cases {
        match case.check() {
            Ok(why) => println!("ok   {:?} {}: {why}", case.side(), case.name()),
            Err(why) => {
                println!("FAIL {:?} {}: {why}", case.side(), case.name());
                failures.push(format!("{}: {why}", case.name()));
            }
        }
    }
    failures
}
