//! [`Rotation`]: how long a ticket key encrypts, and how long it opens tickets after that.

use ferrotls_core::pki_types::UnixTime;

use super::source::KeyRingError;

/// The two windows of a key's life, in seconds (see the module docs of the key ring).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rotation {
    /// How long each key seals new tickets; also the length of a period. Default 1 hour.
    pub encrypt_window: u32,
    /// How long a key still opens tickets once it stopped sealing; also the lifetime the ring
    /// announces for tickets. Default 12 hours.
    pub decrypt_window: u32,
}

impl Default for Rotation {
    fn default() -> Self {
        Self {
            encrypt_window: 3600,
            decrypt_window: 12 * 3600,
        }
    }
}

impl Rotation {
    /// Rotation every `encrypt_window` seconds, keys opening tickets for `decrypt_window`
    /// seconds after that.
    pub fn new(encrypt_window: u32, decrypt_window: u32) -> Self {
        Self {
            encrypt_window,
            decrypt_window,
        }
    }

    /// Both windows must be at least a second.
    pub(super) fn check(&self) -> Result<(), KeyRingError> {
        if self.encrypt_window == 0 || self.decrypt_window == 0 {
            return Err(KeyRingError::BadRotation(*self));
        }
        Ok(())
    }

    /// The period `now` falls in: its key generation.
    pub fn period(&self, now: UnixTime) -> u64 {
        now.as_secs() / u64::from(self.encrypt_window.max(1))
    }

    /// The first second at which `period`'s key no longer opens tickets.
    pub fn decrypts_until(&self, period: u64) -> u64 {
        let e = u64::from(self.encrypt_window);
        period
            .saturating_add(1)
            .saturating_mul(e)
            .saturating_add(u64::from(self.decrypt_window))
    }

    /// Whether `period`'s key opens tickets at `now`: from its start until the end of its
    /// decrypt window, and one period early (a fleet member whose clock runs ahead).
    pub(super) fn opens(&self, period: u64, now: UnixTime) -> bool {
        period <= self.period(now).saturating_add(1) && now.as_secs() < self.decrypts_until(period)
    }

    /// How many periods before the current one can still have a live key.
    pub(super) fn periods_back(&self) -> u64 {
        u64::from(self.decrypt_window).div_ceil(u64::from(self.encrypt_window.max(1)))
    }
}
