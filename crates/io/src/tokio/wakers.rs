//! One waker for both directions of a stream, so that a split stream's halves both progress.
//!
//! A transport keeps one waker per direction (tokio's `TcpStream` does). A TLS stream's read
//! may have to write (a KeyUpdate's answer) and its write may have to read (the handshake), so a
//! reading task and a writing task can each leave their waker in the same slot, and the one
//! overwritten is never woken. Every transport poll is therefore made with one fan-out waker
//! that wakes the latest reading task and the latest writing task: a wake-up either task did
//! not need costs it one poll that finds nothing to do.

use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Wake, Waker};

/// Which task a waker belongs to.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Side {
    Read = 0,
    Write = 1,
}

/// The latest waker of each side.
#[derive(Debug, Default)]
pub(crate) struct Wakers {
    slots: Mutex<[Option<Waker>; 2]>,
}

impl Wakers {
    /// A new fan-out waker (to be reused for every transport poll of one stream).
    pub(crate) fn new_waker() -> (Arc<Self>, Waker) {
        let wakers = Arc::new(Self::default());
        let waker = Waker::from(Arc::clone(&wakers));
        (wakers, waker)
    }

    /// Remember `task` as the waker of `side`.
    pub(crate) fn register(&self, side: Side, task: &Waker) {
        let mut slots = self.lock();
        let slot = &mut slots[side as usize];
        if !slot.as_ref().is_some_and(|w| w.will_wake(task)) {
            *slot = Some(task.clone());
        }
    }

    fn lock(&self) -> MutexGuard<'_, [Option<Waker>; 2]> {
        // A panic while holding the lock leaves nothing half-written: two `Option`s.
        self.slots.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Wake for Wakers {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        // Taken out first: a waker may poll the stream at once (and register again).
        let [read, write] = std::mem::take(&mut *self.lock());
        for waker in [read, write].into_iter().flatten() {
            waker.wake();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[derive(Default)]
    struct Count(AtomicUsize);

    impl Wake for Count {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn one_wake_reaches_both_sides_once() {
        let (wakers, fan_out) = Wakers::new_waker();
        let reader = Arc::new(Count::default());
        let writer = Arc::new(Count::default());
        wakers.register(Side::Read, &Waker::from(Arc::clone(&reader)));
        wakers.register(Side::Write, &Waker::from(Arc::clone(&writer)));
        // A second registration of the same task replaces, never adds.
        wakers.register(Side::Write, &Waker::from(Arc::clone(&writer)));
        fan_out.wake_by_ref();
        fan_out.wake_by_ref();
        assert_eq!(reader.0.load(Ordering::SeqCst), 1);
        assert_eq!(writer.0.load(Ordering::SeqCst), 1);
    }
}
