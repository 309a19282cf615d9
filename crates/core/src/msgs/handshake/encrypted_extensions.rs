//! EncryptedExtensions (RFC 8446 §4.3.1).

use alloc::vec::Vec;

use crate::msgs::codec::{Bounds, Codec, Output, Reader};
use crate::msgs::error::{DecodeError, EncodeError};
use crate::msgs::extensions::{
    put_extensions, read_extensions, EncryptedExtension, SelectedProtocol,
};

/// `Extension extensions<0..2^16-1>`.
const EXTENSIONS: Bounds = Bounds::u16(0, 0xffff);

/// EncryptedExtensions: the server's answers that need not be in the clear.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EncryptedExtensions {
    /// The extensions, in wire order.
    pub extensions: Vec<EncryptedExtension>,
}

impl Codec for EncryptedExtensions {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        read_extensions(r, EXTENSIONS).map(|extensions| Self { extensions })
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        put_extensions(out, EXTENSIONS, &self.extensions)
    }
}

impl EncryptedExtensions {
    /// The selected application protocol, if any.
    pub fn alpn(&self) -> Option<&SelectedProtocol> {
        self.extensions.iter().find_map(|e| match e {
            EncryptedExtension::Alpn(p) => Some(p),
            _ => None,
        })
    }

    /// Whether the server accepted 0-RTT data (RFC 8446 §4.2.10).
    pub fn early_data_accepted(&self) -> bool {
        self.extensions
            .iter()
            .any(|e| matches!(e, EncryptedExtension::EarlyData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msgs::extensions::ProtocolName;
    use alloc::vec;

    #[test]
    fn empty_and_alpn() {
        assert_eq!(
            EncryptedExtensions::decode(&[0, 0]),
            Ok(EncryptedExtensions::default())
        );
        let ee = EncryptedExtensions {
            extensions: vec![EncryptedExtension::Alpn(SelectedProtocol(ProtocolName(
                b"h2".to_vec(),
            )))],
        };
        let bytes = ee.to_bytes().unwrap();
        assert_eq!(bytes, [0, 9, 0, 16, 0, 5, 0, 3, 2, b'h', b'2']);
        assert_eq!(EncryptedExtensions::decode(&bytes), Ok(ee.clone()));
        assert_eq!(ee.alpn().map(|p| p.0 .0.as_slice()), Some(&b"h2"[..]));
        assert!(!ee.early_data_accepted());
        assert_eq!(
            EncryptedExtensions::decode(&[0]),
            Err(DecodeError::Truncated)
        );
    }
}
