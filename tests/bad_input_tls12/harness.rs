//! The TLS 1.2 table's rows and checks: the endpoint under test with the script facing it, the
//! case type, and the checks for a fatal alert or a warning.

use std::fmt::Debug;

use ferrotls_core::pki_types::UnixTime;
use ferrotls_core::{AlertDescription, Error, Event};
use ferrotls_record::ContentType;
use ferrotls_tests::bad_input::{
    alert_payload, check_terminal, without_panics, AnyConn, TableCase,
};
use ferrotls_tests::pair::START_TIME;

use crate::scripted_peer::Script;

pub(crate) type A = AlertDescription;

pub(crate) fn now() -> UnixTime {
    UnixTime::since_unix_epoch(START_TIME)
}

/// The endpoint under test and the script facing it.
pub(crate) struct Run {
    pub(crate) conn: AnyConn,
    pub(crate) s: Script,
    /// The result of the last input.
    pub(crate) result: Result<usize, Error>,
}

impl Run {
    /// Reads what the endpoint wrote so far.
    pub(crate) fn take(&mut self) -> Vec<(ContentType, Vec<u8>)> {
        let out = self.conn.output();
        self.s.read(out)
    }

    /// Gives the endpoint `input` (after reading its pending output); panics if an earlier
    /// input failed already.
    pub(crate) fn feed(&mut self, input: &[u8]) -> &mut Self {
        if let Err(e) = &self.result {
            panic!("the endpoint failed before the forged input: {e}");
        }
        self.take();
        self.result = self.conn.handle(input, now());
        self
    }

    /// `feed`, then require success: for the setup steps.
    pub(crate) fn ok(&mut self, input: &[u8]) -> &mut Self {
        self.feed(input);
        if let Err(e) = &self.result {
            panic!("setup step refused: {e}");
        }
        self
    }
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum Expect {
    /// We fail with this fatal alert and send it.
    Sent(A),
    /// We answer with this warning alert and go on.
    Warned(A),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Under {
    Client,
    Server,
}

pub(crate) struct Case {
    pub(crate) name: &'static str,
    pub(crate) side: Under,
    pub(crate) expect: Expect,
    pub(crate) run: fn() -> Run,
}

impl Case {
    /// A case for our client.
    pub(crate) fn client(name: &'static str, expect: Expect, run: fn() -> Run) -> Self {
        Self {
            name,
            side: Under::Client,
            expect,
            run,
        }
    }

    /// A case for our server.
    pub(crate) fn server(name: &'static str, expect: Expect, run: fn() -> Run) -> Self {
        Self {
            name,
            side: Under::Server,
            expect,
            run,
        }
    }
}

impl TableCase for Case {
    fn side(&self) -> &dyn Debug {
        &self.side
    }

    fn name(&self) -> &str {
        self.name
    }

    fn check(&self) -> Result<String, String> {
        without_panics(self.run, |run| match self.expect {
            Expect::Sent(alert) => check_fatal(run, alert),
            Expect::Warned(alert) => check_warning(run, alert),
        })
    }
}

fn last_alert(records: &[(ContentType, Vec<u8>)]) -> Result<(u8, A), String> {
    let (typ, payload) = records
        .last()
        .ok_or_else(|| "no alert record written".to_string())?;
    if *typ != ContentType::ALERT {
        return Err(format!("last record is {typ:?}, not an alert"));
    }
    alert_payload(payload)
}

fn check_fatal(mut run: Run, alert: A) -> Result<String, String> {
    let err = match run.result.clone() {
        Ok(n) => return Err(format!("accepted (consumed {n} bytes)")),
        Err(e) => e,
    };
    if err.alert_sent() != Some(alert) {
        return Err(format!("expected to send {alert:?}, got: {err}"));
    }
    let records = run.take();
    let (level, description) = last_alert(&records)?;
    if (level, description) != (2, alert) {
        return Err(format!(
            "wrote alert ({level}, {description:?}), expected (2, {alert:?})"
        ));
    }
    // Terminal.
    check_terminal(&mut run.conn, &err, now())?;
    Ok(err.to_string())
}

fn check_warning(mut run: Run, alert: A) -> Result<String, String> {
    if let Err(e) = &run.result {
        return Err(format!("failed instead of warning: {e}"));
    }
    let records = run.take();
    let (level, description) = last_alert(&records)?;
    if (level, description) != (1, alert) {
        return Err(format!(
            "wrote alert ({level}, {description:?}), expected the warning (1, {alert:?})"
        ));
    }
    if let Some(e) = run.conn.failure() {
        return Err(format!("the connection failed: {e}"));
    }
    // Still working both ways.
    run.conn
        .send(b"still here")
        .map_err(|e| format!("send after the warning: {e}"))?;
    let records = run.take();
    if !records
        .iter()
        .any(|(t, p)| *t == ContentType::APPLICATION_DATA && p == b"still here")
    {
        return Err(format!(
            "no application data after the warning: {records:?}"
        ));
    }
    run.conn.events();
    let data = run.s.record(ContentType::APPLICATION_DATA, b"and you?");
    run.conn
        .handle(&data, now())
        .map_err(|e| format!("application data after the warning: {e}"))?;
    if !run.conn.events().contains(&Event::ApplicationData) || run.conn.read_data() != b"and you?" {
        return Err("the application data was not delivered".into());
    }
    Ok(format!("warned {alert:?} and carried on"))
}
