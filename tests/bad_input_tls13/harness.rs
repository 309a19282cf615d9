//! The TLS 1.3 table's rows and checks: what a case ran into, how to read the alert it wrote
//! (plaintext, under the trace's keys, or by our own peer), and the checks every case passes.

use std::fmt::Debug;
use std::rc::Rc;

use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::{AlertDescription, Error};
use ferrotls_record::ContentType;
use ferrotls_tests::bad_input::{
    alert_payload, check_terminal, without_panics, AnyConn, TableCase,
};
use ferrotls_tests::rfc8448_session::{Peer, Session};

pub(crate) type A = AlertDescription;

/// Splits a buffer of whole records.
pub(crate) fn split_records(mut bytes: &[u8]) -> Result<Vec<Vec<u8>>, String> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        if bytes.len() < 5 {
            return Err(format!("truncated record header: {bytes:02x?}"));
        }
        let len = 5 + usize::from(u16::from_be_bytes([bytes[3], bytes[4]]));
        if bytes.len() < len {
            return Err("truncated record".into());
        }
        out.push(bytes[..len].to_vec());
        bytes = &bytes[len..];
    }
    Ok(out)
}

/// Finds the (level, description) of the alert record the failed side wrote.
pub(crate) enum Opener {
    /// Before any keys: a plaintext alert.
    Plain,
    /// Opened with the trace's keys of this sender.
    Trace(Rc<Session>, Peer),
    /// Handed to our own peer, which must fail with `AlertReceived`.
    Peer(Box<AnyConn>, UnixTime),
}

impl Opener {
    fn open(self, record: &[u8]) -> Result<(u8, A), String> {
        let payload = match self {
            Self::Plain => {
                if record[0] != ContentType::ALERT.0 {
                    return Err(format!("not a plaintext alert: {record:02x?}"));
                }
                record[5..].to_vec()
            }
            Self::Trace(session, sender) => {
                let (ct, payload) = session
                    .open_any(sender, record)
                    .ok_or_else(|| format!("no trace key opens {record:02x?}"))?;
                if ct != ContentType::ALERT {
                    return Err(format!("record of type {ct:?}, not an alert"));
                }
                payload
            }
            Self::Peer(mut peer, now) => {
                return match peer.handle(record, now) {
                    Err(Error::AlertReceived(a)) => Ok((2, a)),
                    other => Err(format!("the peer did not see an alert: {other:?}")),
                }
            }
        };
        alert_payload(&payload)
    }
}

/// What a case ran into.
pub(crate) struct Attempt {
    pub(crate) conn: AnyConn,
    pub(crate) result: Result<usize, Error>,
    pub(crate) opener: Opener,
    pub(crate) now: UnixTime,
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum Expect {
    /// We fail with this alert and send it.
    Sent(A),
    /// The peer's fatal alert: reported, nothing sent.
    Received(A),
}

pub(crate) struct Case {
    pub(crate) name: &'static str,
    /// The side under test.
    pub(crate) side: Peer,
    pub(crate) expect: Expect,
    pub(crate) run: fn() -> Attempt,
}

impl TableCase for Case {
    fn side(&self) -> &dyn Debug {
        &self.side
    }

    fn name(&self) -> &str {
        self.name
    }

    fn check(&self) -> Result<String, String> {
        without_panics(self.run, |attempt| check_attempt(attempt, self.expect))
    }
}

/// Feed `inputs` one at a time, draining output before each, and stop at the first error.
pub(crate) fn drive(
    mut conn: AnyConn,
    inputs: &[Vec<u8>],
    opener: Opener,
    now: UnixTime,
) -> Attempt {
    let mut result = Ok(0);
    for input in inputs {
        conn.output();
        result = conn.handle(input, now);
        if result.is_err() {
            break;
        }
    }
    Attempt {
        conn,
        result,
        opener,
        now,
    }
}

fn check_attempt(attempt: Attempt, expect: Expect) -> Result<String, String> {
    let Attempt {
        mut conn,
        result,
        opener,
        now,
    } = attempt;
    let err = match result {
        Ok(n) => return Err(format!("accepted (consumed {n} bytes)")),
        Err(e) => e,
    };
    let out = conn.output();
    match expect {
        Expect::Sent(alert) => {
            if err.alert_sent() != Some(alert) {
                return Err(format!("expected to send {alert:?}, got: {err}"));
            }
            let records = split_records(&out)?;
            let last = records
                .last()
                .ok_or_else(|| "no alert record written".to_string())?;
            let (level, description) = opener.open(last)?;
            if (level, description) != (2, alert) {
                return Err(format!(
                    "wrote alert ({level}, {description:?}), expected (2, {alert:?})"
                ));
            }
        }
        Expect::Received(alert) => {
            if err != Error::AlertReceived(alert) {
                return Err(format!("expected AlertReceived({alert:?}), got: {err}"));
            }
            if !out.is_empty() {
                return Err(format!("wrote {} bytes after a fatal alert", out.len()));
            }
        }
    }
    // Terminal.
    check_terminal(&mut conn, &err, now)?;
    Ok(err.to_string())
}
