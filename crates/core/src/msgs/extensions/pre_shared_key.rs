//! pre_shared_key (RFC 8446 §4.2.11): the offered identities and binders of a ClientHello, and
//! the index the server selected (a bare `u16` in the ServerHello context).

use alloc::vec::Vec;

use crate::msgs::codec::{put_list, put_opaque, put_u32, read_list, Bounds, Codec, Output, Reader};
use crate::msgs::error::{DecodeError, EncodeError};

/// `PskIdentity identities<7..2^16-1>`.
const IDENTITIES: Bounds = Bounds::u16(7, 0xffff);
/// `opaque identity<1..2^16-1>`.
const IDENTITY: Bounds = Bounds::u16(1, 0xffff);
/// `PskBinderEntry binders<33..2^16-1>`.
const BINDERS: Bounds = Bounds::u16(33, 0xffff);
/// `opaque PskBinderEntry<32..255>`.
const BINDER: Bounds = Bounds::u8(32, 255);

/// One offered PSK identity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PskIdentity {
    /// The ticket or external PSK label.
    pub identity: Vec<u8>,
    /// The ticket age plus `ticket_age_add`, mod 2^32 (§4.2.11.1); 0 for external PSKs.
    pub obfuscated_ticket_age: u32,
}

impl Codec for PskIdentity {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let identity = r.opaque(IDENTITY)?.to_vec();
        let obfuscated_ticket_age = r.u32()?;
        Ok(Self {
            identity,
            obfuscated_ticket_age,
        })
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        put_opaque(out, IDENTITY, &self.identity)?;
        put_u32(out, self.obfuscated_ticket_age);
        Ok(())
    }
}

/// One binder: an HMAC over the partial transcript (§4.2.11.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PskBinder(pub Vec<u8>);

impl Codec for PskBinder {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        r.opaque(BINDER).map(|b| Self(b.to_vec()))
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        put_opaque(out, BINDER, &self.0)
    }
}

/// The ClientHello form: identities and one binder per identity. Unequal counts are refused
/// with illegal_parameter: binder `i` authenticates identity `i` (§4.2.11), so a list that does
/// not pair up cannot be validated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfferedPsks {
    /// The identities, in the client's order.
    pub identities: Vec<PskIdentity>,
    /// The binders, one per identity.
    pub binders: Vec<PskBinder>,
}

impl OfferedPsks {
    /// The encoded length of the binders list, length prefix included. Because pre_shared_key
    /// is the last extension (§4.2.11), these are the last bytes of the ClientHello: dropping
    /// them leaves the partial ClientHello the binders are computed over (§4.2.11.2).
    pub fn binders_len(&self) -> usize {
        BINDERS.width().bytes() + self.binders.iter().map(|b| 1 + b.0.len()).sum::<usize>()
    }

    /// Overwrites the binder placeholders at the end of an encoded ClientHello with `binders`,
    /// once their values are known. The encoded message must end in a binders list whose count
    /// and lengths match `binders` exactly, so no other byte (length fields included) changes.
    pub fn write_binders(
        encoded_hello: &mut [u8],
        binders: &[PskBinder],
    ) -> Result<(), EncodeError> {
        let mut tail = Vec::new();
        put_list(&mut tail, BINDERS, binders)?;
        let start = encoded_hello
            .len()
            .checked_sub(tail.len())
            .ok_or(EncodeError::BinderMismatch)?;
        let (_, old) = encoded_hello.split_at_mut(start);
        let placeholders: Vec<PskBinder> = {
            let mut r = Reader::new(old);
            let list = read_list(&mut r, BINDERS).map_err(|_| EncodeError::BinderMismatch)?;
            r.expect_empty().map_err(|_| EncodeError::BinderMismatch)?;
            list
        };
        let same_shape = placeholders.len() == binders.len()
            && placeholders
                .iter()
                .zip(binders)
                .all(|(p, b)| p.0.len() == b.0.len());
        if !same_shape {
            return Err(EncodeError::BinderMismatch);
        }
        old.copy_from_slice(&tail);
        Ok(())
    }
}

impl Codec for OfferedPsks {
    fn read(r: &mut Reader<'_>) -> Result<Self, DecodeError> {
        let identities: Vec<PskIdentity> = read_list(r, IDENTITIES)?;
        let binders: Vec<PskBinder> = read_list(r, BINDERS)?;
        if identities.len() != binders.len() {
            return Err(DecodeError::IllegalValue(
                "pre_shared_key identity and binder counts",
            ));
        }
        Ok(Self {
            identities,
            binders,
        })
    }

    fn encode<O: Output>(&self, out: &mut O) -> Result<(), EncodeError> {
        put_list(out, IDENTITIES, &self.identities)?;
        put_list(out, BINDERS, &self.binders)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn offer() -> OfferedPsks {
        OfferedPsks {
            identities: vec![PskIdentity {
                identity: vec![7; 3],
                obfuscated_ticket_age: 0x01020304,
            }],
            binders: vec![PskBinder(vec![0; 32])],
        }
    }

    #[test]
    fn round_trips_and_measures_binders() {
        let psks = offer();
        let bytes = psks.to_bytes().unwrap();
        assert_eq!(&bytes[..11], [0, 9, 0, 3, 7, 7, 7, 1, 2, 3, 4]);
        assert_eq!(psks.binders_len(), 2 + 33);
        assert_eq!(bytes.len(), 11 + psks.binders_len());
        assert_eq!(OfferedPsks::decode(&bytes), Ok(psks));
    }

    #[test]
    fn binders_are_written_in_place() {
        let mut bytes = vec![0xee];
        offer().encode(&mut bytes).unwrap();
        let real = PskBinder(vec![0x5a; 32]);
        OfferedPsks::write_binders(&mut bytes, core::slice::from_ref(&real)).unwrap();
        let decoded = OfferedPsks::decode(&bytes[1..]).unwrap();
        assert_eq!(decoded.binders, [real]);
        assert_eq!(bytes[0], 0xee);
        let wrong_len = PskBinder(vec![0x5a; 48]);
        assert_eq!(
            OfferedPsks::write_binders(&mut bytes, &[wrong_len]),
            Err(EncodeError::BinderMismatch)
        );
        let two = [PskBinder(vec![1; 32]), PskBinder(vec![2; 32])];
        assert_eq!(
            OfferedPsks::write_binders(&mut bytes, &two),
            Err(EncodeError::BinderMismatch)
        );
        assert_eq!(
            OfferedPsks::write_binders(&mut [0u8; 3], &[PskBinder(vec![1; 32])]),
            Err(EncodeError::BinderMismatch)
        );
    }

    #[test]
    fn bounds_and_pairing_are_enforced() {
        // An identity list shorter than 7 bytes, an empty identity, a short binder.
        assert_eq!(
            OfferedPsks::decode(&[0, 0, 0, 0]),
            Err(DecodeError::LengthOutOfRange)
        );
        assert_eq!(
            PskIdentity::decode(&[0, 0, 0, 0, 0, 0]),
            Err(DecodeError::LengthOutOfRange)
        );
        let mut short = vec![31];
        short.resize(32, 0);
        assert_eq!(
            PskBinder::decode(&short),
            Err(DecodeError::LengthOutOfRange)
        );
        let mut unpaired = Vec::new();
        put_list(&mut unpaired, IDENTITIES, &offer().identities).unwrap();
        put_list(
            &mut unpaired,
            BINDERS,
            &[PskBinder(vec![0; 32]), PskBinder(vec![0; 32])],
        )
        .unwrap();
        assert!(matches!(
            OfferedPsks::decode(&unpaired),
            Err(DecodeError::IllegalValue(_))
        ));
    }
}
