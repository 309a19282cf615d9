//! The count of one file on one provider: every group and test seen, what each result class
//! came to, what was skipped and why, and every failure (all of them, not just the first).

use std::collections::BTreeMap;
use std::fmt;

use crate::file::{Case, Expect};

/// How a test came out through our trait.
pub enum Verdict {
    /// The operation succeeded and its output matched the file.
    Accepted,
    /// The operation refused the input (the error, for the failure message).
    Rejected(String),
}

/// What we require of an `acceptable` test (the reasons are in `main.rs`).
#[derive(Clone, Copy, Debug)]
pub enum Policy {
    /// Valid for us: must succeed with the file's output.
    MustAccept,
    /// Invalid for us: must be refused.
    MustReject,
    /// Either; the split is printed.
    Either,
}

#[derive(Default)]
pub struct Tally {
    pub groups: usize,
    pub tests: usize,
    pub valid: usize,
    pub invalid: usize,
    pub acceptable_accepted: usize,
    pub acceptable_rejected: usize,
    /// Skipped by rule: reason -> count.
    pub skipped: BTreeMap<&'static str, usize>,
    pub failures: Vec<String>,
}

impl Tally {
    pub fn group(&mut self) {
        self.groups += 1;
    }

    /// A test our traits cannot express (see the rules in `main.rs`).
    pub fn skip(&mut self, reason: &'static str) {
        self.tests += 1;
        *self.skipped.entry(reason).or_default() += 1;
    }

    /// A test run; `policy` matters only for `acceptable` ones.
    pub fn record(&mut self, case: &Case, policy: Policy, verdict: Verdict) {
        self.tests += 1;
        let required = match (case.result, policy) {
            (Expect::Valid, _) | (Expect::Acceptable, Policy::MustAccept) => Some(true),
            (Expect::Invalid, _) | (Expect::Acceptable, Policy::MustReject) => Some(false),
            (Expect::Acceptable, Policy::Either) => None,
        };
        let accepted = matches!(verdict, Verdict::Accepted);
        match required {
            Some(want) if want != accepted => {
                let got = match &verdict {
                    Verdict::Accepted => "accepted".to_string(),
                    Verdict::Rejected(why) => format!("rejected ({why})"),
                };
                self.fail(case, format!("{:?} test {got}", case.result));
            }
            _ => match (case.result, accepted) {
                (Expect::Valid, _) => self.valid += 1,
                (Expect::Invalid, _) => self.invalid += 1,
                (Expect::Acceptable, true) => self.acceptable_accepted += 1,
                (Expect::Acceptable, false) => self.acceptable_rejected += 1,
            },
        }
    }

    /// A failure that is not an accept/reject mismatch (a wrong output, a missing primitive).
    pub fn fail(&mut self, case: &Case, what: String) {
        self.failures.push(format!(
            "tcId {} [{}] {:?}: {what}",
            case.tc_id,
            case.flags.iter().cloned().collect::<Vec<_>>().join(","),
            case.comment
        ));
    }

    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} groups, {} tests: {} valid accepted, {} invalid rejected",
            self.groups, self.tests, self.valid, self.invalid
        )?;
        if self.acceptable_accepted + self.acceptable_rejected > 0 {
            write!(
                f,
                ", acceptable {} accepted / {} rejected",
                self.acceptable_accepted, self.acceptable_rejected
            )?;
        }
        for (reason, n) in &self.skipped {
            write!(f, ", skipped {n} ({reason})")?;
        }
        if !self.failures.is_empty() {
            write!(f, ", {} FAILED", self.failures.len())?;
        }
        Ok(())
    }
}
