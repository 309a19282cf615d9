//! Reading and writing the TLS presentation language (RFC 8446 §3): big-endian integers and
//! length-prefixed vectors with the bounds their definitions give them.

use alloc::vec::Vec;

use super::error::{DecodeError, EncodeError};

/// The width of a vector's length prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrefixWidth {
    /// One byte (`<..2^8-1>`).
    U8,
    /// Two bytes (`<..2^16-1>`).
    U16,
    /// Three bytes (`<..2^24-1>`).
    U24,
}

impl PrefixWidth {
    /// Bytes taken by the prefix itself.
    pub const fn bytes(self) -> usize {
        match self {
            Self::U8 => 1,
            Self::U16 => 2,
            Self::U24 => 3,
        }
    }

    const fn limit(self) -> usize {
        match self {
            Self::U8 => 0xff,
            Self::U16 => 0xffff,
            Self::U24 => 0xff_ffff,
        }
    }
}

/// A vector field's definition, `T name<min..max>` (RFC 8446 §3.4): the width of its length
/// prefix and the allowed byte lengths. Used for both directions so the two cannot disagree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounds {
    width: PrefixWidth,
    min: usize,
    max: usize,
}

impl Bounds {
    const fn new(width: PrefixWidth, min: usize, max: usize) -> Self {
        // A `max` beyond what the prefix can say would be a typo in a definition; clamp it so
        // the checks below stay meaningful.
        let max = if max > width.limit() {
            width.limit()
        } else {
            max
        };
        Self { width, min, max }
    }

    /// A vector with a one-byte length prefix and a byte length in `min..=max`.
    pub const fn u8(min: usize, max: usize) -> Self {
        Self::new(PrefixWidth::U8, min, max)
    }

    /// A vector with a two-byte length prefix and a byte length in `min..=max`.
    pub const fn u16(min: usize, max: usize) -> Self {
        Self::new(PrefixWidth::U16, min, max)
    }

    /// A vector with a three-byte length prefix and a byte length in `min..=max`.
    pub const fn u24(min: usize, max: usize) -> Self {
        Self::new(PrefixWidth::U24, min, max)
    }

    /// The prefix width.
    pub const fn width(&self) -> PrefixWidth {
        self.width
    }

    fn check_encode(&self, len: usize) -> Result<(), EncodeError> {
        if len < self.min || len > self.max {
            return Err(EncodeError::LengthOutOfRange {
                len,
                min: self.min,
                max: self.max,
            });
        }
        Ok(())
    }
}

/// A cursor over untrusted bytes. Every read checks the bytes are there; nothing panics and
/// nothing allocates.
#[derive(Clone, Debug)]
pub struct Reader<'a> {
    rest: &'a [u8],
    consumed: usize,
}

impl<'a> Reader<'a> {
    /// A reader over `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        Self {
            rest: bytes,
            consumed: 0,
        }
    }

    /// Bytes not yet read.
    pub fn remaining(&self) -> usize {
        self.rest.len()
    }

    /// Whether every byte has been read.
    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// Bytes read so far (from this reader's start).
    pub fn consumed(&self) -> usize {
        self.consumed
    }

    /// The unread bytes, without consuming them.
    pub fn peek_rest(&self) -> &'a [u8] {
        self.rest
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], DecodeError> {
        let (head, tail) = self
            .rest
            .split_at_checked(n)
            .ok_or(DecodeError::Truncated)?;
        self.rest = tail;
        self.consumed += n;
        Ok(head)
    }

    /// Every unread byte.
    pub fn take_rest(&mut self) -> &'a [u8] {
        let all = self.rest;
        self.consumed += all.len();
        self.rest = &[];
        all
    }

    /// The next `N` bytes as an array.
    pub fn array<const N: usize>(&mut self) -> Result<[u8; N], DecodeError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    /// A `uint8`.
    pub fn u8(&mut self) -> Result<u8, DecodeError> {
        let [b] = self.array::<1>()?;
        Ok(b)
    }

    /// A big-endian `uint16`.
    pub fn u16(&mut self) -> Result<u16, DecodeError> {
        Ok(u16::from_be_bytes(self.array()?))
    }

    /// A big-endian `uint24`.
    pub fn u24(&mut self) -> Result<u32, DecodeError> {
        let [a, b, c] = self.array()?;
        Ok(u32::from_be_bytes([0, a, b, c]))
    }

    /// A big-endian `uint32`.
    pub fn u32(&mut self) -> Result<u32, DecodeError> {
        Ok(u32::from_be_bytes(self.array()?))
    }

    fn length(&mut self, width: PrefixWidth) -> Result<usize, DecodeError> {
        let len = match width {
            PrefixWidth::U8 => u32::from(self.u8()?),
            PrefixWidth::U16 => u32::from(self.u16()?),
            PrefixWidth::U24 => self.u24()?,
        };
        usize::try_from(len).map_err(|_| DecodeError::LengthOutOfRange)
    }

    /// The body of a length-prefixed vector, checked against `bounds`.
    pub fn opaque(&mut self, bounds: Bounds) -> Result<&'a [u8], DecodeError> {
        let len = self.length(bounds.width)?;
        if len < bounds.min || len > bounds.max {
            return Err(DecodeError::LengthOutOfRange);
        }
        self.take(len)
    }

    /// A reader over the body of a length-prefixed vector, checked against `bounds`. The caller
    /// reads the elements and then calls [`Reader::expect_empty`] on it.
    pub fn vector(&mut self, bounds: Bounds) -> Result<Reader<'a>, DecodeError> {
        self.opaque(bounds).map(Reader::new)
    }

    /// Refuses trailing bytes.
    pub fn expect_empty(&self) -> Result<(), DecodeError> {
        if self.rest.is_empty() {
            Ok(())
        } else {
            Err(DecodeError::TrailingBytes)
        }
    }
}

/// Where encoding writes: a `Vec<u8>`, or a [`LenCounter`] that only counts, which is how
/// [`Codec::encoded_len`] sizes a buffer exactly before the real encoding fills it. The methods
/// are the few `Vec` operations the encoders use, with `Vec`'s meaning.
pub trait Output {
    /// Bytes written so far.
    fn len(&self) -> usize;
    /// Whether nothing has been written.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Appends one byte.
    fn push(&mut self, byte: u8);
    /// Appends `bytes`.
    fn extend_from_slice(&mut self, bytes: &[u8]);
    /// Appends zeros up to `len` bytes in all (the output never shrinks here).
    fn resize_zeroed(&mut self, len: usize);
    /// Overwrites bytes already written, from offset `at` (a length prefix filled in late).
    fn patch(&mut self, at: usize, bytes: &[u8]);
    /// Drops what was written after the first `len` bytes.
    fn truncate(&mut self, len: usize);
}

impl Output for Vec<u8> {
    fn len(&self) -> usize {
        Vec::len(self)
    }
    fn push(&mut self, byte: u8) {
        Vec::push(self, byte);
    }
    fn extend_from_slice(&mut self, bytes: &[u8]) {
        Vec::extend_from_slice(self, bytes);
    }
    fn resize_zeroed(&mut self, len: usize) {
        if len > Vec::len(self) {
            self.resize(len, 0);
        }
    }
    fn patch(&mut self, at: usize, bytes: &[u8]) {
        // Only ever called on bytes this encoding wrote itself (put_vector's prefix).
        if let Some(dst) = self.get_mut(at..at + bytes.len()) {
            dst.copy_from_slice(bytes);
        }
    }
    fn truncate(&mut self, len: usize) {
        Vec::truncate(self, len);
    }
}

/// An [`Output`] that keeps only the count of bytes written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LenCounter(pub usize);

impl Output for LenCounter {
    fn len(&self) -> usize {
        self.0
    }
    fn push(&mut self, _: u8) {
        self.0 += 1;
    }
    fn extend_from_slice(&mut self, bytes: &[u8]) {
        self.0 += bytes.len();
    }
    fn resize_zeroed(&mut self, len: usize) {
        self.0 = self.0.max(len);
    }
    fn patch(&mut self, _: usize, _: &[u8]) {}
    fn truncate(&mut self, len: usize) {
        self.0 = self.0.min(len);
    }
}

/// A value with one wire form.
pub trait Codec: Sized {
    /// Reads one value, leaving the reader after it.
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError>;

    /// Appends the wire form to `out`.
    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError>;

    /// The wire length every value of this type has, if it is fixed (code points): a list of
    /// them is then read into a vector reserved once for exactly its element count.
    const FIXED_LEN: Option<usize> = None;

    /// Decodes a value that must fill `bytes` exactly.
    fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut r = Reader::new(bytes);
        let value = Self::read(&mut r)?;
        r.expect_empty()?;
        Ok(value)
    }

    /// The length of the wire form, found by encoding into a [`LenCounter`].
    fn encoded_len(&self) -> Result<usize, EncodeError> {
        let mut counter = LenCounter::default();
        self.encode(&mut counter)?;
        Ok(counter.0)
    }

    /// The wire form as a new vector, allocated once at its exact size.
    fn to_bytes(&self) -> Result<Vec<u8>, EncodeError> {
        let mut out = Vec::with_capacity(self.encoded_len()?);
        self.encode(&mut out)?;
        Ok(out)
    }
}

impl Codec for u8 {
    const FIXED_LEN: Option<usize> = Some(1);

    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.u8()
    }
    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        out.push(*self);
        Ok(())
    }
}

impl Codec for u16 {
    const FIXED_LEN: Option<usize> = Some(2);

    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.u16()
    }
    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        out.extend_from_slice(&self.to_be_bytes());
        Ok(())
    }
}

impl Codec for u32 {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.u32()
    }
    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        out.extend_from_slice(&self.to_be_bytes());
        Ok(())
    }
}

/// Appends a big-endian `uint16`.
pub fn put_u16<O: Output>(out: &mut O, v: u16) {
    out.extend_from_slice(&v.to_be_bytes());
}

/// Appends a big-endian `uint32`.
pub fn put_u32<O: Output>(out: &mut O, v: u32) {
    out.extend_from_slice(&v.to_be_bytes());
}

/// Appends a length-prefixed vector whose body `body` writes: the prefix is reserved first and
/// filled in once the body's length is known and checked against `bounds`. On error `out` is
/// left truncated to where it was.
pub fn put_vector<O, F>(out: &mut O, bounds: Bounds, body: F) -> Result<(), EncodeError>
where
    O: Output,
    F: FnOnce(&mut O) -> Result<(), EncodeError>,
{
    let start = out.len();
    let width = bounds.width.bytes();
    out.resize_zeroed(start + width);
    let result = body(out).and_then(|()| {
        let len = out.len() - start - width;
        bounds.check_encode(len)?;
        let be = (len as u32).to_be_bytes();
        // `check_encode` bounded `len` by the prefix's limit, so the dropped high bytes are 0.
        out.patch(start, &be[4 - width..]);
        Ok(())
    });
    if result.is_err() {
        out.truncate(start);
    }
    result
}

/// Appends `bytes` as a length-prefixed opaque vector.
pub fn put_opaque<O: Output>(out: &mut O, bounds: Bounds, bytes: &[u8]) -> Result<(), EncodeError> {
    put_vector(out, bounds, |out| {
        out.extend_from_slice(bytes);
        Ok(())
    })
}

/// Reads a vector of `T`s, refusing a partial trailing element.
pub fn read_list<T: Codec>(r: &mut Reader<'_>, bounds: Bounds) -> Result<Vec<T>, DecodeError> {
    let mut body = r.vector(bounds)?;
    // Each element takes at least one byte, so growth is bounded by the bytes actually present.
    // Fixed-size elements (code points, no larger in memory than on the wire) are reserved for
    // at once: the reservation is the input's own length.
    let mut items = match T::FIXED_LEN {
        Some(len) if len > 0 => Vec::with_capacity(body.remaining() / len),
        _ => Vec::new(),
    };
    while !body.is_empty() {
        items.push(T::read(&mut body)?);
    }
    Ok(items)
}

/// Appends a vector of `T`s.
pub fn put_list<T: Codec, O: Output>(
    out: &mut O,
    bounds: Bounds,
    items: &[T],
) -> Result<(), EncodeError> {
    put_vector(out, bounds, |out| {
        items.iter().try_for_each(|item| item.encode(out))
    })
}

/// The smallest value a list of code points holds twice, if any, in linear time: a short list is
/// compared pairwise without allocating; a longer one (a ClientHello may carry 16,383
/// extensions, RFC 9846 §4.2.2) is marked in a bitmap of all 2^16 code points, 8 KiB.
pub(crate) fn first_duplicate(values: &[u16]) -> Option<u16> {
    const PAIRWISE: usize = 16;
    if values.len() <= PAIRWISE {
        return values
            .iter()
            .enumerate()
            .filter(|&(i, v)| values.get(..i).is_some_and(|before| before.contains(v)))
            .map(|(_, v)| *v)
            .min();
    }
    let mut seen = alloc::vec![0u64; 1 << 10];
    let mut smallest: Option<u16> = None;
    for &v in values {
        let bit = 1u64 << (v & 63);
        let Some(word) = seen.get_mut(usize::from(v >> 6)) else {
            continue;
        };
        if *word & bit != 0 {
            smallest = Some(smallest.map_or(v, |s| s.min(v)));
        }
        *word |= bit;
    }
    smallest
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn integers_are_big_endian() {
        let mut r = Reader::new(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        assert_eq!(r.u8(), Ok(1));
        assert_eq!(r.u16(), Ok(0x0203));
        assert_eq!(r.u24(), Ok(0x040506));
        assert_eq!(r.u32(), Ok(0x0708090a));
        assert!(r.is_empty());
        assert_eq!(r.consumed(), 10);
        assert_eq!(r.u8(), Err(DecodeError::Truncated));
    }

    #[test]
    fn take_refuses_to_run_past_the_end() {
        let mut r = Reader::new(&[1, 2, 3]);
        assert_eq!(r.take(4), Err(DecodeError::Truncated));
        assert_eq!(r.take(usize::MAX), Err(DecodeError::Truncated));
        assert_eq!(r.take(3), Ok(&[1u8, 2, 3][..]));
        assert_eq!(r.take(0), Ok(&[][..]));
    }

    #[test]
    fn vectors_check_their_bounds() {
        let b = Bounds::u16(2, 4);
        assert_eq!(
            Reader::new(&[0, 0]).opaque(b),
            Err(DecodeError::LengthOutOfRange)
        );
        assert_eq!(
            Reader::new(&[0, 5, 1, 2, 3, 4, 5]).opaque(b),
            Err(DecodeError::LengthOutOfRange)
        );
        assert_eq!(
            Reader::new(&[0, 3, 1, 2]).opaque(b),
            Err(DecodeError::Truncated)
        );
        assert_eq!(Reader::new(&[0]).opaque(b), Err(DecodeError::Truncated));
        assert_eq!(Reader::new(&[0, 2, 9, 9]).opaque(b), Ok(&[9u8, 9][..]));
        let mut r = Reader::new(&[0, 0, 3, 7, 7, 7, 1]);
        assert_eq!(r.opaque(Bounds::u24(0, 3)), Ok(&[7u8, 7, 7][..]));
        assert_eq!(r.expect_empty(), Err(DecodeError::TrailingBytes));
    }

    #[test]
    fn put_vector_fills_in_the_prefix() {
        let mut out = vec![0xaa];
        put_opaque(&mut out, Bounds::u24(0, 10), &[1, 2]).unwrap();
        put_opaque(&mut out, Bounds::u8(0, 10), &[]).unwrap();
        put_opaque(&mut out, Bounds::u16(0, 10), &[3]).unwrap();
        assert_eq!(out, [0xaa, 0, 0, 2, 1, 2, 0, 0, 1, 3]);
    }

    #[test]
    fn put_vector_refuses_out_of_range_and_rolls_back() {
        let mut out = vec![0xaa];
        let e = put_opaque(&mut out, Bounds::u8(1, 255), &[]);
        assert_eq!(
            e,
            Err(EncodeError::LengthOutOfRange {
                len: 0,
                min: 1,
                max: 255
            })
        );
        assert_eq!(out, [0xaa]);
        let big = vec![0u8; 256];
        assert!(put_opaque(&mut out, Bounds::u8(0, 100_000), &big).is_err());
        assert_eq!(out, [0xaa]);
    }

    #[test]
    fn lists_round_trip_and_refuse_partial_elements() {
        let b = Bounds::u16(2, 0xfffe);
        let mut out = Vec::new();
        put_list(&mut out, b, &[1u16, 0x0203]).unwrap();
        assert_eq!(out, [0, 4, 0, 1, 2, 3]);
        let mut r = Reader::new(&out);
        assert_eq!(read_list::<u16>(&mut r, b), Ok(vec![1, 0x0203]));
        assert_eq!(
            read_list::<u16>(&mut Reader::new(&[0, 3, 0, 1, 2]), b),
            Err(DecodeError::Truncated)
        );
    }

    #[test]
    fn codec_decode_refuses_trailing_bytes() {
        assert_eq!(u16::decode(&[1, 2]), Ok(0x0102));
        assert_eq!(u16::decode(&[1, 2, 3]), Err(DecodeError::TrailingBytes));
        assert_eq!(u32::decode(&[1, 2, 3]), Err(DecodeError::Truncated));
        assert_eq!(0x0102u16.to_bytes(), Ok(vec![1, 2]));
    }

    #[test]
    fn duplicates_are_found() {
        assert_eq!(first_duplicate(&[3, 1, 2]), None);
        assert_eq!(first_duplicate(&[3, 1, 3, 1]), Some(1));
        assert_eq!(first_duplicate(&[]), None);
        // Long lists go through the bitmap: the same answers.
        let distinct: Vec<u16> = (0..=u16::MAX).rev().collect();
        assert_eq!(first_duplicate(&distinct), None);
        let mut twice: Vec<u16> = (100..1100).collect();
        twice.extend([900, 0xffff, 300, 0xffff]);
        assert_eq!(first_duplicate(&twice), Some(300));
    }
}
