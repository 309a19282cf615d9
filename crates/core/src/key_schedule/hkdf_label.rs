//! HKDF-Expand-Label and Derive-Secret (RFC 8446 §7.1).
//!
//! ```text
//! struct {
//!     uint16 length = Length;
//!     opaque label<7..255> = "tls13 " + Label;
//!     opaque context<0..255> = Context;
//! } HkdfLabel;
//! ```
//!
//! The encoding is handed to HKDF-Expand as chunks, so no buffer is built for it.

use alloc::vec::Vec;

use ferrotls_crypto::hkdf::{Hkdf, HkdfPrk};
use ferrotls_crypto::secret::MAX_OUTPUT_LEN;
use ferrotls_crypto::{HashOutput, Secret};

use super::{HashPrimitives, KeyScheduleError};

/// The prefix RFC 8446 §7.1 puts before every label.
pub const LABEL_PREFIX: &[u8] = b"tls13 ";

/// Longest label the caller may give: 255 bytes of `label<7..255>` minus the prefix.
const MAX_LABEL_LEN: usize = 255 - LABEL_PREFIX.len();

/// A checked `HkdfLabel` (RFC 8446 §7.1). `label` is given without the "tls13 " prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HkdfLabel<'a> {
    length: u16,
    label: &'a [u8],
    context: &'a [u8],
}

impl<'a> HkdfLabel<'a> {
    /// Check the lengths: `label` 1..=249 bytes (the prefix makes it 7..255), `context` at most
    /// 255 bytes, `length` at most 65535.
    pub fn new(
        label: &'a [u8],
        context: &'a [u8],
        length: usize,
    ) -> Result<Self, KeyScheduleError> {
        if label.is_empty() || label.len() > MAX_LABEL_LEN {
            return Err(KeyScheduleError::BadLabelLength);
        }
        if context.len() > usize::from(u8::MAX) {
            return Err(KeyScheduleError::ContextTooLong);
        }
        let length = u16::try_from(length).map_err(|_| KeyScheduleError::OutputTooLong)?;
        Ok(Self {
            length,
            label,
            context,
        })
    }

    /// The output length this label asks for.
    pub fn length(&self) -> usize {
        usize::from(self.length)
    }

    /// The wire encoding, the `info` input of HKDF-Expand.
    pub fn encode(&self) -> Vec<u8> {
        let mut out =
            Vec::with_capacity(4 + LABEL_PREFIX.len() + self.label.len() + self.context.len());
        let (head, tail) = self.length_fields();
        out.extend_from_slice(&head);
        out.extend_from_slice(LABEL_PREFIX);
        out.extend_from_slice(self.label);
        out.extend_from_slice(&tail);
        out.extend_from_slice(self.context);
        out
    }

    /// HKDF-Expand(`prk`, this label, `out.len()`); `out.len()` must equal [`Self::length`].
    pub fn expand(
        &self,
        hkdf: &dyn Hkdf,
        prk: &[u8],
        out: &mut [u8],
    ) -> Result<(), KeyScheduleError> {
        with_prk(hkdf, prk, |prk| self.expand_keyed(prk, out))
    }

    /// [`expand`](Self::expand) from a PRK already keyed into HMAC.
    pub(crate) fn expand_keyed(
        &self,
        prk: &dyn HkdfPrk,
        out: &mut [u8],
    ) -> Result<(), KeyScheduleError> {
        if out.len() != self.length() {
            return Err(KeyScheduleError::BadLength);
        }
        let (head, tail) = self.length_fields();
        let info: [&[u8]; 5] = [&head, LABEL_PREFIX, self.label, &tail, self.context];
        prk.expand(&info, out)?;
        Ok(())
    }

    /// The two length-bearing pieces of the encoding: `length` plus the label's length byte, and
    /// the context's length byte. `new` bounded both lengths, so the casts cannot truncate.
    fn length_fields(&self) -> ([u8; 3], [u8; 1]) {
        let [hi, lo] = self.length.to_be_bytes();
        let label_len = (LABEL_PREFIX.len() + self.label.len()) as u8;
        ([hi, lo, label_len], [self.context.len() as u8])
    }
}

/// Run `f` with `secret` keyed into HMAC for HKDF-Expand, on the provider's stack.
pub(crate) fn with_prk<T>(
    hkdf: &dyn Hkdf,
    secret: &[u8],
    f: impl FnOnce(&dyn HkdfPrk) -> Result<T, KeyScheduleError>,
) -> Result<T, KeyScheduleError> {
    let mut f = Some(f);
    let mut result = None;
    hkdf.with_prk(secret, &mut |prk| {
        if let Some(f) = f.take() {
            result = Some(f(prk));
        }
    });
    // `with_prk` calls its closure exactly once; a provider that did not is a provider bug,
    // reported as a failed derivation rather than a panic.
    result.unwrap_or(Err(KeyScheduleError::BadLength))
}

/// `HKDF-Expand-Label(Secret, Label, Context, out.len())` (RFC 8446 §7.1) into `out`.
pub fn expand_label(
    hkdf: &dyn Hkdf,
    secret: &[u8],
    label: &[u8],
    context: &[u8],
    out: &mut [u8],
) -> Result<(), KeyScheduleError> {
    HkdfLabel::new(label, context, out.len())?.expand(hkdf, secret, out)
}

/// [`expand_label`] from a secret already keyed into HMAC.
pub(crate) fn expand_label_keyed(
    prk: &dyn HkdfPrk,
    label: &[u8],
    context: &[u8],
    out: &mut [u8],
) -> Result<(), KeyScheduleError> {
    HkdfLabel::new(label, context, out.len())?.expand_keyed(prk, out)
}

/// `HKDF-Expand-Label` producing a [`Secret`] of `len` bytes (at most 64).
pub fn expand_label_secret(
    hkdf: &dyn Hkdf,
    secret: &[u8],
    label: &[u8],
    context: &[u8],
    len: usize,
) -> Result<Secret, KeyScheduleError> {
    with_prk(hkdf, secret, |prk| {
        expand_label_secret_keyed(prk, label, context, len)
    })
}

/// [`expand_label_secret`] from a secret already keyed into HMAC.
pub(crate) fn expand_label_secret_keyed(
    prk: &dyn HkdfPrk,
    label: &[u8],
    context: &[u8],
    len: usize,
) -> Result<Secret, KeyScheduleError> {
    if len > MAX_OUTPUT_LEN {
        return Err(KeyScheduleError::OutputTooLong);
    }
    // Expanded on the stack and wiped, since `Secret` only copies in.
    let mut buf = zeroize::Zeroizing::new([0u8; MAX_OUTPUT_LEN]);
    expand_label_keyed(prk, label, context, &mut buf[..len])?;
    Ok(Secret::new(&buf[..len]))
}

/// `Derive-Secret(Secret, Label, Messages)` (RFC 8446 §7.1), given `Transcript-Hash(Messages)`.
pub fn derive_secret(
    prims: &HashPrimitives,
    secret: &Secret,
    label: &[u8],
    transcript_hash: &HashOutput,
) -> Result<Secret, KeyScheduleError> {
    with_prk(prims.hkdf, secret.as_bytes(), |prk| {
        derive_secret_keyed(prims, prk, label, transcript_hash)
    })
}

/// [`derive_secret`] from a secret already keyed into HMAC.
pub(crate) fn derive_secret_keyed(
    prims: &HashPrimitives,
    prk: &dyn HkdfPrk,
    label: &[u8],
    transcript_hash: &HashOutput,
) -> Result<Secret, KeyScheduleError> {
    prims.check_hash(transcript_hash)?;
    expand_label_secret_keyed(prk, label, transcript_hash.as_bytes(), prims.output_len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key_schedule::test_util::{hash_output, sha256, unhex};

    // RFC 8448 §3, server "derive secret tls13 c hs traffic".
    const HS_SECRET: &str = "1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac";
    const HELLO_HASH: &str = "860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8";

    #[test]
    fn encoding_matches_rfc8448_info() {
        let hash = unhex(HELLO_HASH);
        let label = HkdfLabel::new(b"c hs traffic", &hash, 32).unwrap();
        let expected = unhex(
            "002012746c7331332063206873207472616666696320\
             860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8",
        );
        assert_eq!(label.encode(), expected);
        assert_eq!(
            HkdfLabel::new(b"key", &[], 16).unwrap().encode(),
            unhex("001009746c733133206b657900")
        );
    }

    #[test]
    fn derive_secret_matches_rfc8448() {
        let prims = sha256();
        let secret = Secret::new(&unhex(HS_SECRET));
        let out =
            derive_secret(&prims, &secret, b"c hs traffic", &hash_output(HELLO_HASH)).unwrap();
        assert_eq!(
            out.as_bytes(),
            unhex("b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21")
        );
    }

    #[test]
    fn label_bounds_follow_rfc8446_7_1() {
        let long = [b'a'; 250];
        assert_eq!(
            HkdfLabel::new(&[], &[], 1),
            Err(KeyScheduleError::BadLabelLength)
        );
        assert_eq!(
            HkdfLabel::new(&long, &[], 1),
            Err(KeyScheduleError::BadLabelLength)
        );
        assert!(HkdfLabel::new(&long[..249], &[], 1).is_ok());
        let context = [0u8; 256];
        assert_eq!(
            HkdfLabel::new(b"x", &context, 1),
            Err(KeyScheduleError::ContextTooLong)
        );
        assert!(HkdfLabel::new(b"x", &context[..255], 1).is_ok());
        assert_eq!(
            HkdfLabel::new(b"x", &[], 65536),
            Err(KeyScheduleError::OutputTooLong)
        );
        // The longest label and context still encode with correct length bytes.
        let enc = HkdfLabel::new(&long[..249], &context[..255], 65535)
            .unwrap()
            .encode();
        assert_eq!(&enc[..3], &[0xff, 0xff, 255]);
        assert_eq!(enc[3 + 255], 255);
        assert_eq!(enc.len(), 2 + 1 + 255 + 1 + 255);
    }

    #[test]
    fn expand_checks_output_length() {
        let prims = sha256();
        let label = HkdfLabel::new(b"key", &[], 16).unwrap();
        let mut out = [0u8; 15];
        assert_eq!(
            label.expand(prims.hkdf, &unhex(HS_SECRET), &mut out),
            Err(KeyScheduleError::BadLength)
        );
    }

    #[test]
    fn provider_limits_become_typed_errors() {
        let prims = sha256();
        // 255 × 32 is HKDF-SHA256's limit (RFC 5869 §2.3); one more byte is refused.
        let mut out = alloc::vec![0u8; 255 * 32 + 1];
        let err = expand_label(prims.hkdf, &unhex(HS_SECRET), b"x", &[], &mut out).unwrap_err();
        assert!(matches!(err, KeyScheduleError::Crypto(_)));
        assert_eq!(
            expand_label_secret(prims.hkdf, &unhex(HS_SECRET), b"x", &[], 65),
            Err(KeyScheduleError::OutputTooLong)
        );
    }

    #[test]
    fn derive_secret_rejects_foreign_hash_length() {
        let prims = sha256();
        let secret = Secret::new(&unhex(HS_SECRET));
        let short = HashOutput::new(&[0u8; 20]);
        assert_eq!(
            derive_secret(&prims, &secret, b"derived", &short),
            Err(KeyScheduleError::BadLength)
        );
    }
}
