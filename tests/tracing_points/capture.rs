//! A `tracing` subscriber that keeps every event in memory with its fields and the fields of
//! the spans it happened in, for the tests to read back. Installed per test thread
//! (`tracing::subscriber::with_default`), so the tests of this binary do not see each other's
//! events.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record as SpanValues};
use tracing::{Event, Level, Metadata, Subscriber};

/// One event: where it came from, its fields (the message as `message`) and the fields of
/// the innermost span it happened in.
#[derive(Clone, Debug)]
pub struct Record {
    pub level: Level,
    pub target: String,
    pub fields: BTreeMap<String, String>,
    pub span: BTreeMap<String, String>,
}

impl Record {
    pub fn message(&self) -> &str {
        self.field("message").unwrap_or("")
    }

    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields.get(name).map(String::as_str)
    }

    /// The connection the event belongs to: the `conn` span's `id`.
    pub fn conn(&self) -> Option<&str> {
        self.span.get("id").map(String::as_str)
    }

    pub fn side(&self) -> Option<&str> {
        self.span.get("side").map(String::as_str)
    }

    /// Every value of the event and its span, for the secret search.
    pub fn values(&self) -> impl Iterator<Item = &str> {
        self.fields
            .values()
            .chain(self.span.values())
            .map(String::as_str)
    }
}

impl fmt::Display for Record {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:5} {} {:?}: {}",
            self.level,
            self.target,
            self.span,
            self.message()
        )?;
        for (name, value) in self.fields.iter().filter(|(n, _)| *n != "message") {
            write!(f, " {name}={value}")?;
        }
        Ok(())
    }
}

#[derive(Default)]
struct State {
    /// Fields of every span made, by id - 1.
    spans: Vec<BTreeMap<String, String>>,
    /// Spans entered and not exited, innermost last.
    stack: Vec<u64>,
    records: Vec<Record>,
}

/// The subscriber: every level, every target.
#[derive(Clone, Default)]
pub struct Capture {
    state: Arc<Mutex<State>>,
}

impl Capture {
    /// Run `f` with this subscriber as the thread's default; returns what it captured.
    pub fn run<T>(f: impl FnOnce() -> T) -> (Vec<Record>, T) {
        let capture = Capture::default();
        let out = tracing::subscriber::with_default(capture.clone(), f);
        let records = std::mem::take(&mut capture.state.lock().unwrap().records);
        (records, out)
    }
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.to_string());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0
            .insert(field.name().to_string(), format!("{value:?}"));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }

    fn new_span(&self, attrs: &Attributes<'_>) -> Id {
        let mut fields = BTreeMap::new();
        attrs.record(&mut Fields(&mut fields));
        let mut state = self.state.lock().unwrap();
        state.spans.push(fields);
        Id::from_u64(state.spans.len() as u64)
    }

    fn record(&self, span: &Id, values: &SpanValues<'_>) {
        let mut state = self.state.lock().unwrap();
        let fields = &mut state.spans[span.into_u64() as usize - 1];
        values.record(&mut Fields(fields));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        let mut state = self.state.lock().unwrap();
        let span = match state.stack.last() {
            Some(&id) => state.spans[id as usize - 1].clone(),
            None => BTreeMap::new(),
        };
        let metadata = event.metadata();
        state.records.push(Record {
            level: *metadata.level(),
            target: metadata.target().to_string(),
            fields,
            span,
        });
    }

    fn enter(&self, span: &Id) {
        self.state.lock().unwrap().stack.push(span.into_u64());
    }

    fn exit(&self, span: &Id) {
        let mut state = self.state.lock().unwrap();
        if let Some(at) = state.stack.iter().rposition(|&id| id == span.into_u64()) {
            state.stack.remove(at);
        }
    }
}
