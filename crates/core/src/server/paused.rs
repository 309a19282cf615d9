//! A server handshake paused on a [`Request`] ([`crate::deferred`]): the `Paused` state of
//! each version's transition table holds the request and a continuation point, an enum of the
//! places a ClientHello step can stop at, each holding what the step computed so far (the
//! ClientHello, its encoding for the transcript, the choices made). An answer resumes the step
//! at that point; the step may pause again at a later point.
//!
//! ```text
//!                 ClientHello
//!                      │ step runs until it needs an answer
//!                      ▼
//!   Expect…  ──▶  Paused { request, at }  ──answer──▶  the step goes on at `at`
//!                      ▲                                    │
//!                      └──────── a later point ◀────────────┤
//!                                                           ▼
//!                                           the next Expect… state (flight sent)
//! ```
//!
//! Continuation points (`tls12::paused::Continuation`, `tls13::paused::Continuation`):
//!
//! | version | point          | request         | holds                                   |
//! |---------|----------------|-----------------|-----------------------------------------|
//! | 1.2     | `SessionLookup`| `LookupSession` | ClientHello, its encoding, `Agreed`     |
//! | 1.3     | `TicketTaken`  | `TakeSession`   | the hello in progress, the PSK search   |
//! | 1.3     | `ReplayChecked`| `CheckReplay`   | the hello, the PSK, the share, 0-RTT budget |
//!
//! A point is added by a variant in that enum, an arm in its `resume`, and the step returning
//! `State::Paused` where it needs the answer (the certificate choice and the external
//! signature go the same way). Nothing before a point draws randomness that depends on the
//! answer, so the draws keep their order however late the answer comes.

use alloc::boxed::Box;

use crate::deferred::Request;

/// A paused handshake: the request it waits for and where it goes on.
#[derive(Debug)]
pub(crate) struct Paused<C> {
    request: Request,
    pub(crate) at: C,
}

impl<C> Paused<C> {
    pub(crate) fn new(request: Request, at: C) -> Box<Self> {
        Box::new(Self { request, at })
    }

    pub(crate) fn request(&self) -> &Request {
        &self.request
    }

    /// The request and the continuation, for resuming: a continuation may take back what it
    /// lent the request (the certificate query's names and schemes) instead of copying it.
    pub(crate) fn into_parts(self) -> (Request, C) {
        (self.request, self.at)
    }
}
