//! One Wycheproof vector file as serde reads it: the header fields every schema shares, the
//! groups (whose shape each runner defines), and in every test the fields every schema shares.

use std::collections::BTreeSet;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

/// A file of `testvectors_v1/` with groups of type `G`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VectorFile<G> {
    pub algorithm: String,
    pub number_of_tests: usize,
    pub test_groups: Vec<G>,
}

impl<G: DeserializeOwned> VectorFile<G> {
    /// Reads `vectors/wycheproof/<name>`.
    pub fn load(name: &str) -> Self {
        let path = ferrotls_tests::vectors::dir().join("wycheproof").join(name);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

/// What the file says an implementation should do with a test.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Expect {
    Valid,
    Invalid,
    /// Either answer is defensible; each runner states which one it requires (see `main.rs`).
    Acceptable,
}

/// The fields of a test that every schema has.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Case {
    pub tc_id: u32,
    /// Absent from some tests (e.g. the ML-KEM files' CCTV groups).
    #[serde(default)]
    pub comment: String,
    pub flags: BTreeSet<String>,
    pub result: Expect,
}

impl Case {
    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags.contains(flag)
    }
}

/// A hex string field, decoded.
pub fn hex<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
    let s = String::deserialize(d)?;
    if !s.len().is_multiple_of(2) || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(serde::de::Error::custom(format!("not hex: {s:?}")));
    }
    Ok(ferrotls_tests::hex::decode(&s))
}
