//! The framing every extension block shares (RFC 8446 §4.2): `extension_type`, then
//! `opaque extension_data<0..2^16-1>`, in a vector whose bounds depend on the message.

use alloc::vec::Vec;

use crate::msgs::codec::{first_duplicate, put_u16, put_vector, Bounds, Output, Reader};
use crate::msgs::enums::ExtensionType;
use crate::msgs::error::{DecodeError, EncodeError};

/// `opaque extension_data<0..2^16-1>`.
const EXTENSION_DATA: Bounds = Bounds::u16(0, 0xffff);

/// The extensions one message context accepts: each context is an enum of the extensions that
/// may appear there plus an `Unknown` variant for the rest.
pub trait ExtensionCodec: Sized {
    /// The extension's type code point.
    fn ext_type(&self) -> ExtensionType;

    /// Parses `extension_data` of type `typ`. The framing refuses bytes this leaves unread.
    fn read_data(typ: ExtensionType, data: &mut Reader<'_>) -> Result<Self, DecodeError>;

    /// Appends `extension_data` (without type or length).
    fn encode_data<O: Output>(&self, out: &mut O) -> Result<(), EncodeError>;

    /// Rules about the whole block beyond "no duplicates" (e.g. pre_shared_key last).
    fn check_block(_extensions: &[Self]) -> Result<(), DecodeError> {
        Ok(())
    }
}

/// How many extensions a block's vectors are reserved for at most before reading it: more
/// than any ClientHello we have seen carries.
const RESERVE_ENTRIES: usize = 32;

/// The number of well-framed `type, extension_data` entries at the start of `block`; reading
/// the block reports whatever is wrong after them.
fn count_entries(mut block: Reader<'_>) -> usize {
    let mut count = 0;
    while block.u16().is_ok() && block.vector(EXTENSION_DATA).is_ok() {
        count += 1;
    }
    count
}

/// Reads one extension block, refusing duplicated types (RFC 8446 §4.2: "There MUST NOT be more
/// than one extension of the same type in a given extension block").
pub fn read_extensions<E: ExtensionCodec>(
    r: &mut Reader<'_>,
    bounds: Bounds,
) -> Result<Vec<E>, DecodeError> {
    let mut block = r.vector(bounds)?;
    // Each entry takes at least four bytes of input, which bounds these vectors. They are
    // reserved once for the entries a walk over the headers finds (up to a typical block's
    // size; a longer block grows them as it is read).
    let count = count_entries(block.clone()).min(RESERVE_ENTRIES);
    let mut extensions = Vec::with_capacity(count);
    // The types, for the duplicate check: on the stack for a typical block, on the heap past
    // it.
    let mut inline = [0u16; RESERVE_ENTRIES];
    let mut spilled = Vec::new();
    while !block.is_empty() {
        let typ = ExtensionType(block.u16()?);
        let mut data = block.vector(EXTENSION_DATA)?;
        let ext = E::read_data(typ, &mut data)?;
        data.expect_empty()?;
        match inline.get_mut(extensions.len()) {
            Some(slot) => *slot = typ.0,
            None if spilled.is_empty() => {
                spilled.extend_from_slice(&inline);
                spilled.push(typ.0);
            }
            None => spilled.push(typ.0),
        }
        extensions.push(ext);
    }
    let types = match inline.get(..extensions.len()) {
        Some(types) => types,
        None => &spilled,
    };
    if let Some(dup) = first_duplicate(types) {
        return Err(DecodeError::DuplicateExtension(ExtensionType(dup)));
    }
    E::check_block(&extensions)?;
    Ok(extensions)
}

/// Appends an extension block in the given order.
pub fn put_extensions<E: ExtensionCodec, O: Output>(
    out: &mut O,
    bounds: Bounds,
    extensions: &[E],
) -> Result<(), EncodeError> {
    put_vector(out, bounds, |out| {
        extensions.iter().try_for_each(|ext| put_extension(out, ext))
    })
}

/// Appends one extension, `extension_type` and `extension_data`, of a block the caller frames
/// (a message whose extensions are encoded as it goes, without a list of them).
pub fn put_extension<E: ExtensionCodec, O: Output>(out: &mut O, ext: &E) -> Result<(), EncodeError> {
    put_extension_with(out, ext.ext_type(), |out| ext.encode_data(out))
}

/// Appends one extension of type `typ` whose `extension_data` `data` writes (a value encoded
/// from borrowed parts, where making the extension would copy them).
pub fn put_extension_with<O, F>(out: &mut O, typ: ExtensionType, data: F) -> Result<(), EncodeError>
where
    O: Output,
    F: FnOnce(&mut O) -> Result<(), EncodeError>,
{
    put_u16(out, typ.0);
    put_vector(out, EXTENSION_DATA, data)
}

/// Decodes a whole buffer as one extension block (length prefix included).
pub fn decode_extensions<E: ExtensionCodec>(
    bytes: &[u8],
    bounds: Bounds,
) -> Result<Vec<E>, DecodeError> {
    let mut r = Reader::new(bytes);
    let extensions = read_extensions(&mut r, bounds)?;
    r.expect_empty()?;
    Ok(extensions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msgs::extensions::ServerExtension;

    const BLOCK: Bounds = Bounds::u16(0, 0xffff);

    /// A block of empty extensions of the given (unknown) types, length prefix included.
    fn block(types: impl IntoIterator<Item = u16>) -> Vec<u8> {
        let mut body = Vec::new();
        for typ in types {
            body.extend_from_slice(&typ.to_be_bytes());
            body.extend_from_slice(&[0, 0]);
        }
        let mut out = (body.len() as u16).to_be_bytes().to_vec();
        out.extend_from_slice(&body);
        out
    }

    /// Duplicates are found wherever they are: among the first RESERVE_ENTRIES types (kept on
    /// the stack), past them, and across the two.
    #[test]
    fn duplicates_are_found_in_short_and_long_blocks() {
        let many = RESERVE_ENTRIES as u16 + 8;
        let distinct = block(1000..1000 + many);
        let decoded = decode_extensions::<ServerExtension>(&distinct, BLOCK).unwrap();
        assert_eq!(decoded.len(), usize::from(many));
        for (first, second) in [(3, 5), (3, RESERVE_ENTRIES + 2), (RESERVE_ENTRIES + 1, RESERVE_ENTRIES + 6)] {
            let mut types: Vec<u16> = (1000..1000 + many).collect();
            types[second] = types[first];
            assert_eq!(
                decode_extensions::<ServerExtension>(&block(types.clone()), BLOCK),
                Err(DecodeError::DuplicateExtension(ExtensionType(types[first]))),
                "{first} and {second}"
            );
        }
    }
}
