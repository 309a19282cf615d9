//! IANA code points the provider and the protocol share.
//!
//! Code points are `u16` newtypes rather than closed enums so the wire codec can carry values it
//! does not know (RFC 8446 §9.3: unknown values in lists are ignored, not rejected).

/// Defines a TLS code point: a newtype over `u8`/`u16` with named constants, `name()` and a
/// `Debug` that prints the IANA name (or the raw value for unknown ones). Exported so the record
/// layer and the core define their registries the same way.
///
/// Internal to ferrotls' crates: it carries no stability promise; applications use the types it
/// defines, not the macro.
#[macro_export]
macro_rules! codepoint {
    ($(#[$m:meta])* $name:ident($int:ty) { $($(#[$vm:meta])* $konst:ident = $val:expr, $text:expr;)* }) => {
        $(#[$m])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub $int);

        impl $name {
            $(
                #[doc = concat!("`", $text, "` (", stringify!($val), ").")]
                $(#[$vm])*
                pub const $konst: Self = Self($val);
            )*

            /// The IANA name, if this code point is one ferrotls knows.
            pub fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($val => Some($text),)*
                    _ => None,
                }
            }
        }

        impl core::fmt::Debug for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                match self.name() {
                    Some(n) => f.write_str(n),
                    None => write!(f, "{}({:#x})", stringify!($name), self.0),
                }
            }
        }
    };
}

codepoint! {
    /// TLS `NamedGroup` (RFC 8446 §4.2.7; RFC 8422 §5.1.1 calls it NamedCurve).
    NamedGroup(u16) {
        SECP256R1 = 0x0017, "secp256r1";
        SECP384R1 = 0x0018, "secp384r1";
        SECP521R1 = 0x0019, "secp521r1";
        X25519 = 0x001d, "x25519";
        X448 = 0x001e, "x448";
        FFDHE2048 = 0x0100, "ffdhe2048";
        FFDHE3072 = 0x0101, "ffdhe3072";
        FFDHE4096 = 0x0102, "ffdhe4096";
        FFDHE6144 = 0x0103, "ffdhe6144";
        FFDHE8192 = 0x0104, "ffdhe8192";
        /// The hybrid of ML-KEM-768 and X25519 (draft-ietf-tls-ecdhe-mlkem §3).
        X25519MLKEM768 = 0x11ec, "X25519MLKEM768";
    }
}

impl NamedGroup {
    /// Whether TLS 1.2 ECDHE can run over the group: one of the curves RFC 8422 §5.1.1 defines.
    /// Neither the finite-field groups (no DHE suite here) nor the hybrid KEMs, which are TLS 1.3 only (draft-ietf-tls-ecdhe-mlkem §1), so a TLS 1.2
    /// handshake never offers, picks or accepts them.
    pub fn is_tls12_ecdhe_curve(self) -> bool {
        matches!(
            self,
            Self::SECP256R1 | Self::SECP384R1 | Self::SECP521R1 | Self::X25519 | Self::X448
        )
    }
}

codepoint! {
    /// TLS `SignatureScheme` (RFC 8446 §4.2.3). In TLS 1.2 the same two-byte values are the
    /// (HashAlgorithm, SignatureAlgorithm) pairs of RFC 5246 §7.4.1.4.1.
    SignatureScheme(u16) {
        RSA_PKCS1_SHA1 = 0x0201, "rsa_pkcs1_sha1";
        ECDSA_SHA1 = 0x0203, "ecdsa_sha1";
        RSA_PKCS1_SHA256 = 0x0401, "rsa_pkcs1_sha256";
        RSA_PKCS1_SHA384 = 0x0501, "rsa_pkcs1_sha384";
        RSA_PKCS1_SHA512 = 0x0601, "rsa_pkcs1_sha512";
        ECDSA_NISTP256_SHA256 = 0x0403, "ecdsa_secp256r1_sha256";
        ECDSA_NISTP384_SHA384 = 0x0503, "ecdsa_secp384r1_sha384";
        ECDSA_NISTP521_SHA512 = 0x0603, "ecdsa_secp521r1_sha512";
        RSA_PSS_RSAE_SHA256 = 0x0804, "rsa_pss_rsae_sha256";
        RSA_PSS_RSAE_SHA384 = 0x0805, "rsa_pss_rsae_sha384";
        RSA_PSS_RSAE_SHA512 = 0x0806, "rsa_pss_rsae_sha512";
        ED25519 = 0x0807, "ed25519";
        ED448 = 0x0808, "ed448";
        RSA_PSS_PSS_SHA256 = 0x0809, "rsa_pss_pss_sha256";
        RSA_PSS_PSS_SHA384 = 0x080a, "rsa_pss_pss_sha384";
        RSA_PSS_PSS_SHA512 = 0x080b, "rsa_pss_pss_sha512";
    }
}

impl SignatureScheme {
    /// Whether TLS 1.3 allows this scheme in CertificateVerify (RFC 8446 §4.2.3: no PKCS#1 v1.5,
    /// no SHA-1, and ECDSA curves are bound to their hash).
    pub fn usable_in_tls13(self) -> bool {
        matches!(
            self,
            Self::ECDSA_NISTP256_SHA256
                | Self::ECDSA_NISTP384_SHA384
                | Self::ECDSA_NISTP521_SHA512
                | Self::RSA_PSS_RSAE_SHA256
                | Self::RSA_PSS_RSAE_SHA384
                | Self::RSA_PSS_RSAE_SHA512
                | Self::RSA_PSS_PSS_SHA256
                | Self::RSA_PSS_PSS_SHA384
                | Self::RSA_PSS_PSS_SHA512
                | Self::ED25519
                | Self::ED448
        )
    }
}

/// The hash functions the TLS key schedules, PRF and transcripts use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HashAlgorithm {
    /// SHA-256 (FIPS 180-4): 32-byte output.
    Sha256,
    /// SHA-384 (FIPS 180-4): 48-byte output.
    Sha384,
}

impl HashAlgorithm {
    /// Output length in bytes.
    pub const fn output_len(self) -> usize {
        match self {
            Self::Sha256 => 32,
            Self::Sha384 => 48,
        }
    }
}

/// The AEAD algorithms of the supported cipher suites.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AeadAlgorithm {
    /// AES-128-GCM (RFC 5116 §5.1): 16-byte key.
    Aes128Gcm,
    /// AES-256-GCM (RFC 5116 §5.2): 32-byte key.
    Aes256Gcm,
    /// ChaCha20-Poly1305 (RFC 8439): 32-byte key.
    ChaCha20Poly1305,
}

impl AeadAlgorithm {
    /// Key length in bytes.
    pub const fn key_len(self) -> usize {
        match self {
            Self::Aes128Gcm => 16,
            Self::Aes256Gcm | Self::ChaCha20Poly1305 => 32,
        }
    }

    /// All three use a 96-bit nonce (RFC 5116 §5.1, RFC 8439 §2.8).
    pub const fn nonce_len(self) -> usize {
        12
    }

    /// Tag length in bytes: 16 for all three.
    pub const fn tag_len(self) -> usize {
        16
    }
}
