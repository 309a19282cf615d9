//! `Answerer`: what a paused handshake waits for, answered asynchronously.

use std::future::Future;
use std::pin::Pin;

use ferrotls_core::deferred::{Answer, Request, StoreWrite};

/// A boxed future of an answer, as an [`Answerer`] returns it.
pub type AnswerFuture = Pin<Box<dyn Future<Output = Answer> + Send + 'static>>;

/// Answers the requests a handshake pauses on (`ferrotls_core::deferred`): a session looked up
/// or taken from a store over the network, a 0-RTT anti-replay check, a certificate chosen for
/// the ClientHello, a signature made by a key held elsewhere. Which requests come here is the
/// config's choice (`ServerConfig::defer`, `ClientConfig::defer`, an external key); the others
/// are answered at once by the config's synchronous objects.
///
/// An answer that cannot be had is still an answer: `SessionLookup::Unavailable` (a full
/// handshake), `ReplayVerdict::Unavailable` (0-RTT refused), `Certificate(None)` (the RFC's
/// alert), `Signature(Err(SignFailed))` (internal_error). An answer of the wrong kind fails the
/// handshake with an error, since the driver cannot guess a better one.
///
/// A closure `Fn(Request) -> impl Future<Output = Answer>` is an `Answerer` that stores
/// nothing.
pub trait Answerer: Send + Sync {
    /// The answer to `request`.
    fn answer(&self, request: Request) -> AnswerFuture;

    /// A session the handshake made resumable (with `Defer::sessions`): store it, under
    /// `write.id`, for a later `LookupSession` / `TakeSession`. The handshake does not wait for
    /// it; an implementation that needs I/O spawns it. The default drops the session.
    fn store(&self, write: StoreWrite) {
        drop(write);
    }
}

impl<F, Fut> Answerer for F
where
    F: Fn(Request) -> Fut + Send + Sync,
    Fut: Future<Output = Answer> + Send + 'static,
{
    fn answer(&self, request: Request) -> AnswerFuture {
        Box::pin(self(request))
    }
}
