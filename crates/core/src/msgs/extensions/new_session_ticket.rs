//! The extensions a TLS 1.3 NewSessionTicket may carry (RFC 8446 §4.6.1, §4.2 table "NST").

use super::set::extension_set;
use super::MaxEarlyDataSize;

extension_set! {
    /// One NewSessionTicket extension.
    NewSessionTicketExtension {
        /// early_data: how much 0-RTT data this ticket allows (RFC 8446 §4.2.10).
        EarlyData(MaxEarlyDataSize) = EARLY_DATA,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::msgs::codec::Bounds;
    use crate::msgs::error::DecodeError;
    use crate::msgs::extensions::decode_extensions;

    #[test]
    fn max_early_data_size() {
        let b = Bounds::u16(0, 0xffff);
        let exts =
            decode_extensions::<NewSessionTicketExtension>(&[0, 8, 0, 42, 0, 4, 0, 0, 4, 0], b);
        assert_eq!(
            exts,
            Ok(alloc::vec![NewSessionTicketExtension::EarlyData(
                MaxEarlyDataSize(1024)
            )])
        );
        assert_eq!(
            decode_extensions::<NewSessionTicketExtension>(&[0, 4, 0, 42, 0, 0], b),
            Err(DecodeError::Truncated)
        );
    }
}
