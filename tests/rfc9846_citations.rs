//! Every RFC 9846 section the repository cites exists. RFC 9846 renumbered most of RFC 8446's
//! §4 and its appendices (a new §4.1 "The Transcript Hash" shifts the handshake sections), so an
//! RFC 8446 number written after "RFC 9846" easily names a section that is not there.
//!
//! One pass over the source and docs (everything under the workspace root but `target/`, `.git`
//! and `vectors/`, UTF-8 files only) finds the citations: `RFC 9846 §x`, `RFC 9846, §x`,
//! `RFC 9846 Section x`, `RFC 9846 Appendix x`, `RFC 9846 x.y`, and any `§x`, `Section x` or
//! `Appendix x` later in the same sentence (`(RFC 9846 §x, §y)`). A sentence ends at a period
//! followed by white space, a blank line or a table cell's `|`; a parenthesis gives back the RFC
//! cited before it when it closes, so `RFC 8446 §4.2.8 (RFC 9846 §4.3.8), §4.2.8.2` reads the
//! last number as RFC 8446's. The sections are `vectors/rfc9846-sections.txt`, computed from the
//! headings of RFC 9846's markdown source.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The RFC whose sections this test knows.
const RFC: &str = "9846";

/// A section number cited for RFC 9846, and where.
#[derive(Debug, PartialEq)]
struct Citation {
    line: usize,
    section: String,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The section numbers of `vectors/rfc9846-sections.txt`: the first field of each line that is
/// not a `#` comment.
fn sections() -> HashSet<String> {
    let path = workspace_root().join("vectors/rfc9846-sections.txt");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| line.split('\t').next().unwrap_or_default().to_owned())
        .collect()
}

/// Characters that continue a sentence across a line break in a comment: the comment markers of
/// Rust, shell, TOML and Markdown quotes.
fn is_comment_marker(c: u8) -> bool {
    matches!(c, b'/' | b'!' | b'#' | b'*' | b'>')
}

/// Whether the line starting at `at` (just after a newline) is blank once its indentation and
/// comment markers are skipped: a paragraph break.
fn blank_line_at(text: &[u8], at: usize) -> bool {
    let rest = &text[at..];
    let skipped = rest
        .iter()
        .take_while(|&&c| c == b' ' || c == b'\t' || is_comment_marker(c))
        .count();
    matches!(rest.get(skipped), None | Some(b'\n') | Some(b'\r'))
}

/// A section number at `at`: `4`, `4.3.8`, `E`, `E.4`, `B.3.1.4`. A trailing period is the
/// sentence's, not the number's. Returns the number and where it ends.
fn section_at(text: &[u8], at: usize) -> Option<(String, usize)> {
    let mut end = at;
    match text.get(at) {
        Some(c) if c.is_ascii_digit() => {
            while text.get(end).is_some_and(u8::is_ascii_digit) {
                end += 1;
            }
        }
        // An appendix letter, alone as a word or followed by `.digit`.
        Some(b'A'..=b'F') => {
            end += 1;
            if text
                .get(end)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
            {
                return None;
            }
        }
        _ => return None,
    }
    while text.get(end) == Some(&b'.') && text.get(end + 1).is_some_and(u8::is_ascii_digit) {
        end += 1;
        while text.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
    }
    Some((String::from_utf8_lossy(&text[at..end]).into_owned(), end))
}

/// The RFC 9846 citations in `text`, in one pass.
fn citations(text: &str) -> Vec<Citation> {
    let text = text.as_bytes();
    let mut found = Vec::new();
    // The RFC the current sentence cites, and those cited before each open parenthesis.
    let mut current: Option<&[u8]> = None;
    let mut outer: Vec<Option<&[u8]>> = Vec::new();
    let mut line = 1;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let c = text[i];
        if c == b'\n' {
            line += 1;
            if blank_line_at(text, i + 1) {
                current = None;
                outer.clear();
            }
            i += 1;
        } else if (c == b'.' && text.get(i + 1).is_none_or(u8::is_ascii_whitespace)) || c == b'|' {
            current = None;
            outer.clear();
            i += 1;
        } else if c == b'(' {
            outer.push(current);
            i += 1;
        } else if c == b')' {
            if let Some(before) = outer.pop() {
                current = before;
            }
            i += 1;
        } else if rest.starts_with(b"RFC") {
            // `RFC 9846`, `RFC9846`.
            let start = i + 3 + usize::from(text.get(i + 3) == Some(&b' '));
            let digits = text[start..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
            if digits == 0 {
                i += 3;
                continue;
            }
            let number = &text[start..start + digits];
            current = Some(number);
            i = start + digits;
            // A bare number right after: `RFC 9846 7.5`.
            if number == RFC.as_bytes() && text.get(i) == Some(&b' ') {
                if let Some((section, end)) = section_at(text, i + 1) {
                    if section.contains('.') {
                        found.push(Citation { line, section });
                        i = end;
                    }
                }
            }
        } else if let Some(after) = cited_at(rest) {
            i += after;
            // `§ 4.2` and `Section\n/// 4.2` as well as `§4.2`.
            while text.get(i).is_some_and(|&c| c == b' ' || c == b'\t') {
                i += 1;
            }
            if let Some((section, end)) = section_at(text, i) {
                if current == Some(RFC.as_bytes()) {
                    found.push(Citation { line, section });
                }
                i = end;
            }
        } else {
            i += 1;
        }
    }
    found
}

/// The length of the word that introduces a section number at the start of `rest`, if any.
fn cited_at(rest: &[u8]) -> Option<usize> {
    ["§", "Section ", "section ", "Appendix ", "appendix "]
        .iter()
        .find(|word| rest.starts_with(word.as_bytes()))
        .map(|word| word.len())
}

/// Every file under `dir` but the skipped directories (`vectors/` only at the `root`).
fn walk(root: &Path, dir: &Path, files: &mut Vec<PathBuf>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let entry = entry.expect("directory entry");
        let path = entry.path();
        let name = entry.file_name();
        let file_type = entry.file_type().expect("file type");
        if file_type.is_dir() {
            let skipped = name == "target" || name == ".git" || (name == "vectors" && dir == root);
            if !skipped {
                walk(root, &path, files);
            }
        } else if file_type.is_file() && name != ".git" {
            files.push(path);
        }
    }
}

#[test]
fn every_cited_rfc9846_section_exists() {
    let sections = sections();
    let root = workspace_root();
    let mut files = Vec::new();
    walk(&root, &root, &mut files);
    let mut cited = 0;
    let mut wrong = Vec::new();
    for path in &files {
        let Ok(bytes) = fs::read(path) else { continue };
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        for citation in citations(&text) {
            cited += 1;
            if !sections.contains(&citation.section) {
                let shown = path.strip_prefix(&root).unwrap_or(path).display();
                wrong.push(format!(
                    "{shown}:{}: RFC {RFC} §{} does not exist",
                    citation.line, citation.section
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {cited} RFC {RFC} citations name a section RFC {RFC} does not have \
         (RFC 8446 numbers? see vectors/rfc9846-sections.txt and docs/rfc9846.md):\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    // The walk reached the code: the repository cites RFC 9846 in hundreds of places.
    assert!(cited > 200, "only {cited} RFC {RFC} citations found");
}

#[test]
fn the_section_list_is_rfc9846s() {
    let sections = sections();
    assert_eq!(sections.len(), 134);
    // RFC 9846's numbers: the transcript hash is §4.1, NewSessionTicket §4.7.1, middlebox
    // compatibility §E.4. RFC 8446's §4.6.1 and §D.4 are not among them.
    for present in [
        "4.1", "4.2.2", "4.3.8.2", "4.7.1", "E.4", "F.5.1", "B.3.1.4",
    ] {
        assert!(sections.contains(present), "{present}");
    }
    for absent in ["4.6.1", "4.4.3", "D.4", "E.5.1", "4.3.12"] {
        assert!(!sections.contains(absent), "{absent}");
    }
}

/// The sections `citations` finds in `text`.
fn found(text: &str) -> Vec<String> {
    citations(text).into_iter().map(|c| c.section).collect()
}

#[test]
fn the_forms_of_a_citation_are_read() {
    // The RFC's number is split so that this file cites nothing itself.
    let rfc = format!("RFC {}", RFC);
    assert_eq!(found(&format!("x ({rfc} §4.6.1) y")), ["4.6.1"]);
    assert_eq!(found(&format!("{rfc}, §4.3.8.")), ["4.3.8"]);
    assert_eq!(found(&format!("RFC{RFC} Section 4.2.2")), ["4.2.2"]);
    assert_eq!(found(&format!("{rfc} 7.5; no context")), ["7.5"]);
    assert_eq!(
        found(&format!("({rfc} §4.4.2, §4.5.1, §4.5.2)")),
        ["4.4.2", "4.5.1", "4.5.2"]
    );
    assert_eq!(found(&format!("{rfc} §5, Appendix A; more")), ["5", "A"]);
    assert_eq!(found(&format!("{rfc} §D.4 and §E.5.1")), ["D.4", "E.5.1"]);
    // Across a comment's line break, and after the RFC's possessive.
    assert_eq!(found(&format!("/// the {rfc}\n/// §4.6.1 rule")), ["4.6.1"]);
    assert_eq!(found(&format!("{rfc}'s list (§1.2)")), ["1.2"]);
    assert_eq!(
        found(&format!("{rfc} says: a rule, and §6.1: another")),
        ["6.1"]
    );
}

#[test]
fn other_rfcs_and_other_sentences_are_left_alone() {
    let rfc = format!("RFC {}", RFC);
    // Another RFC's numbers, even in a sentence that cites RFC 9846 too.
    assert!(found("RFC 8446 §4.6.1 and RFC 5246 §7.4.1.2").is_empty());
    assert_eq!(found(&format!("{rfc} §4.3.8, RFC 8446 §4.2.8")), ["4.3.8"]);
    assert_eq!(
        found(&format!("RFC 8446 §4.2.8 ({rfc} §4.3.8), §4.2.8.2")),
        ["4.3.8"]
    );
    // A later sentence, paragraph or table cell.
    assert!(found(&format!("{rfc} obsoletes it. Then §4.6.1")).is_empty());
    assert!(found(&format!("// {rfc}\n//\n// §4.6.1")).is_empty());
    assert!(found(&format!("| {rfc} |\n|---|\n| §4.1.2 |")).is_empty());
    // Not a section: a version, a year, a word.
    assert!(found(&format!("{rfc} (TLS 1.3, July 2026)")).is_empty());
    assert!(found(&format!("{rfc} §Foo")).is_empty());
    // Line numbers count from 1.
    let lines: Vec<usize> = citations(&format!("a\nb {rfc} §4.2\nc §4.3"))
        .iter()
        .map(|c| c.line)
        .collect();
    assert_eq!(lines, [2, 3]);
}
