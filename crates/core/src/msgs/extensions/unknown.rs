//! Extensions kept as opaque bytes.

use alloc::vec::Vec;

use crate::msgs::enums::ExtensionType;

/// An extension ferrotls does not parse in this message: its type and `extension_data`, so it
/// re-encodes byte for byte (RFC 8446 §4.2: unknown extensions are ignored, not refused).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownExtension {
    /// The extension type.
    pub typ: ExtensionType,
    /// `extension_data`, verbatim.
    pub data: Vec<u8>,
}
