//! `extension_set!`: declares one message context's extension enum and its [`ExtensionCodec`]
//! impl from a table of (variant, payload type, code point), so the seven contexts cannot drift
//! apart in how they frame, dispatch and re-encode.
//!
//! [`ExtensionCodec`]: super::ExtensionCodec

/// `Variant(Payload) = CONST,` parses the body with `Payload`'s `Codec`; `Variant = CONST,`
/// is an extension whose body must be empty; `where block = path;` adds a rule on the whole
/// block (see `ExtensionCodec::check_block`). A known type not listed is refused with
/// illegal_parameter (RFC 8446 §4.2); an unknown type becomes `Unknown`.
macro_rules! extension_set {
    (
        $(#[$m:meta])*
        $name:ident $( where block = $check:path; )? {
            $( $(#[$vm:meta])* $variant:ident $( ($ty:ty) )? = $konst:ident, )*
        }
    ) => {
        $(#[$m])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum $name {
            $( $(#[$vm])* $variant $( ($ty) )?, )*
            /// An extension this codec does not parse, kept verbatim.
            Unknown($crate::msgs::extensions::UnknownExtension),
        }

        impl $crate::msgs::extensions::ExtensionCodec for $name {
            fn ext_type(&self) -> $crate::msgs::enums::ExtensionType {
                match self {
                    $( $crate::msgs::extensions::set::extension_set!(@pattern $name $variant _v $($ty)?)
                        => $crate::msgs::enums::ExtensionType::$konst, )*
                    Self::Unknown(u) => u.typ,
                }
            }

            fn read_data(
                typ: $crate::msgs::enums::ExtensionType,
                data: &mut $crate::msgs::codec::Reader<'_>,
            ) -> Result<Self, $crate::msgs::error::DecodeError> {
                match typ {
                    $( $crate::msgs::enums::ExtensionType::$konst => Ok(
                        $crate::msgs::extensions::set::extension_set!(@read $name $variant data $($ty)?)
                    ), )*
                    t if $crate::msgs::extensions::is_parsed(t) => {
                        Err($crate::msgs::error::DecodeError::ExtensionNotAllowed(t))
                    }
                    t => Ok(Self::Unknown($crate::msgs::extensions::UnknownExtension {
                        typ: t,
                        data: data.take_rest().to_vec(),
                    })),
                }
            }

            fn encode_data<O: $crate::msgs::codec::Output>(
                &self,
                out: &mut O,
            ) -> Result<(), $crate::msgs::error::EncodeError> {
                match self {
                    $( $crate::msgs::extensions::set::extension_set!(@pattern $name $variant v $($ty)?)
                        => $crate::msgs::extensions::set::extension_set!(@encode v out $($ty)?), )*
                    Self::Unknown(u) => {
                        out.extend_from_slice(&u.data);
                        Ok(())
                    }
                }
            }

            $(
                fn check_block(
                    extensions: &[Self],
                ) -> Result<(), $crate::msgs::error::DecodeError> {
                    $check(extensions)
                }
            )?
        }
    };
    (@pattern $name:ident $variant:ident $v:ident) => { $name::$variant };
    (@pattern $name:ident $variant:ident $v:ident $ty:ty) => { $name::$variant($v) };
    (@read $name:ident $variant:ident $data:ident) => { $name::$variant };
    (@read $name:ident $variant:ident $data:ident $ty:ty) => {
        $name::$variant(<$ty as $crate::msgs::codec::Codec>::read($data)?)
    };
    (@encode $v:ident $out:ident) => { Ok(()) };
    (@encode $v:ident $out:ident $ty:ty) => { $crate::msgs::codec::Codec::encode($v, $out) };
}

pub(crate) use extension_set;
