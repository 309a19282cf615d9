//! Reader for the step files under `vectors/` (format: see `vectors/rfc8448/extract.py`).
//!
//! ```text
//! [step] {client} create an ephemeral x25519 key pair
//! private key = 49af42...
//! ```

use std::path::{Path, PathBuf};

use crate::hex;

/// The repository's `vectors/` directory.
pub fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("vectors")
}

/// One step of a trace: a title and its labelled values, in file order.
#[derive(Clone, Debug)]
pub struct Step {
    pub title: String,
    pub values: Vec<(String, String)>,
}

impl Step {
    /// The raw text of the first value called `label`.
    pub fn text(&self, label: &str) -> &str {
        self.values
            .iter()
            .find(|(l, _)| l == label)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("step {:?} has no value {label:?}", self.title))
    }

    /// The first value called `label`, decoded from hex ("(empty)" is the empty string).
    pub fn hex(&self, label: &str) -> Vec<u8> {
        match self.text(label) {
            "(empty)" => Vec::new(),
            v => hex::decode(v),
        }
    }

    pub fn has(&self, label: &str) -> bool {
        self.values.iter().any(|(l, _)| l == label)
    }
}

/// A whole trace file.
#[derive(Clone, Debug)]
pub struct Trace {
    pub name: String,
    pub steps: Vec<Step>,
}

impl Trace {
    /// Load `vectors/<relative>` (e.g. `rfc8448/section3-simple-1rtt.txt`).
    pub fn load(relative: &str) -> Self {
        let path = dir().join(relative);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let mut steps: Vec<Step> = Vec::new();
        for line in text.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            if let Some(title) = line.strip_prefix("[step] ") {
                steps.push(Step {
                    title: title.to_string(),
                    values: Vec::new(),
                });
            } else if let Some((label, value)) = line.split_once(" = ") {
                let step = steps.last_mut().expect("value before the first [step]");
                step.values.push((label.to_string(), value.to_string()));
            } else {
                panic!("{}: unparsable line {line:?}", path.display());
            }
        }
        Self {
            name: relative.to_string(),
            steps,
        }
    }

    /// All steps whose title starts with `prefix`, in order.
    pub fn all(&self, prefix: &str) -> Vec<&Step> {
        self.steps
            .iter()
            .filter(|s| s.title.starts_with(prefix))
            .collect()
    }

    /// The `n`th (0-based) step whose title starts with `prefix`.
    pub fn nth(&self, prefix: &str, n: usize) -> &Step {
        self.all(prefix)
            .get(n)
            .copied()
            .unwrap_or_else(|| panic!("{}: no step #{n} starting {prefix:?}", self.name))
    }

    /// The first step whose title starts with `prefix`.
    pub fn step(&self, prefix: &str) -> &Step {
        self.nth(prefix, 0)
    }
}

/// The five RFC 8448 trace sections.
pub mod rfc8448 {
    use super::Trace;

    pub fn private_keys() -> Trace {
        Trace::load("rfc8448/private-keys.txt")
    }
    pub fn simple_1rtt() -> Trace {
        Trace::load("rfc8448/section3-simple-1rtt.txt")
    }
    pub fn resumed_0rtt() -> Trace {
        Trace::load("rfc8448/section4-resumed-0rtt.txt")
    }
    pub fn hello_retry_request() -> Trace {
        Trace::load("rfc8448/section5-hello-retry-request.txt")
    }
    pub fn client_auth() -> Trace {
        Trace::load("rfc8448/section6-client-auth.txt")
    }
    pub fn compatibility_mode() -> Trace {
        Trace::load("rfc8448/section7-compatibility-mode.txt")
    }

    /// Every section, for tests that walk all of them.
    pub fn all_sections() -> Vec<Trace> {
        vec![
            simple_1rtt(),
            resumed_0rtt(),
            hello_retry_request(),
            client_auth(),
            compatibility_mode(),
        ]
    }
}
