//! TLS 1.3 record padding policy (RFC 8446 §5.4).

use core::num::NonZeroUsize;

/// How many zero bytes a TLS 1.3 writer appends after the inner content type.
///
/// Padding hides content lengths from an observer (RFC 8446 §5.4, §E.3). TLS 1.2 AEAD records
/// have no padding field, so the policy only applies under TLS 1.3 protection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Padding {
    /// No padding (the default, and what RFC 8448's traces use).
    #[default]
    None,
    /// Round each TLSInnerPlaintext (content + type byte + zeros) up to a multiple of this many
    /// bytes, as far as the record size limit allows.
    ToMultipleOf(NonZeroUsize),
}

impl Padding {
    /// Zero bytes to add to a record with `content_len` bytes of content when the whole inner
    /// plaintext may be at most `max_inner` bytes.
    pub fn zeros_for(&self, content_len: usize, max_inner: usize) -> usize {
        match self {
            Self::None => 0,
            Self::ToMultipleOf(block) => {
                let inner = content_len.saturating_add(1);
                let rem = inner % block.get();
                let wanted = if rem == 0 { 0 } else { block.get() - rem };
                wanted.min(max_inner.saturating_sub(inner))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn block(n: usize) -> Padding {
        Padding::ToMultipleOf(NonZeroUsize::new(n).unwrap())
    }

    #[test]
    fn none_pads_nothing() {
        assert_eq!(Padding::None.zeros_for(10, 100), 0);
    }

    #[test]
    fn rounds_inner_plaintext_up() {
        assert_eq!(block(32).zeros_for(0, 16385), 31);
        assert_eq!(block(32).zeros_for(31, 16385), 0);
        assert_eq!(block(32).zeros_for(32, 16385), 31);
        assert_eq!(block(1).zeros_for(7, 16385), 0);
    }

    #[test]
    fn never_exceeds_the_limit() {
        assert_eq!(block(10_000).zeros_for(16380, 16385), 4);
        assert_eq!(block(4096).zeros_for(16384, 16385), 0);
        assert_eq!(block(100).zeros_for(60, 64), 3);
    }
}
