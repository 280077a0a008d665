//! Content digests: SHA-256 of a document's RFC 8785 canonical form, written as a multihash in
//! multibase base58btc.
//!
//! Blocks cite each other's documents by id *and* digest (a consent revision names the one
//! before it, an exchange envelope names the consent record it relies on, a foundational ID
//! names a photo). One digest type and one spelling serve all of them:
//!
//! * the bytes hashed are the JCS form ([`crate::jcs`]) of the whole document, proofs included,
//!   so the digest does not depend on member order or white space and covers the signatures;
//! * the text is `z` + base58btc of the multihash `0x12 0x20 ‖ digest` (sha2-256, 32 bytes),
//!   the spelling Data Integrity's `digestMultibase` uses. It always starts with `zQm`.
//!
//! ```
//! use govblocks_core::digest::ContentDigest;
//! use govblocks_core::serde_json::json;
//! let a = ContentDigest::of_json(&json!({"b": 1, "a": [true]}));
//! let b = ContentDigest::of_json(&json!({"a": [true], "b": 1}));
//! assert_eq!(a, b); // member order does not matter
//! let text = a.to_string();
//! assert!(text.starts_with("zQm"));
//! assert_eq!(ContentDigest::parse(&text, "digest")?, a);
//! # Ok::<(), govblocks_core::Error>(())
//! ```

use crate::encoding::{multibase_decode_array, multibase_encode};
use crate::error::{Error, Result};
use serde_json::Value;
use sha2::{Digest as _, Sha256};
use std::fmt;

/// The multihash header of a SHA-256 digest: code `0x12` (sha2-256), length `0x20` (32 bytes).
pub const SHA2_256_MULTIHASH: [u8; 2] = [0x12, 0x20];

/// A SHA-256 digest of content (see the [module documentation](self)).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContentDigest([u8; 32]);

impl ContentDigest {
    /// The digest of the RFC 8785 canonical form of `value`.
    pub fn of_json(value: &Value) -> Self {
        Self::of_bytes(&crate::jcs::canonicalize(value))
    }

    /// The digest of `bytes` as they are (for bytes that already are a canonical form).
    pub fn of_bytes(bytes: &[u8]) -> Self {
        Self(Sha256::digest(bytes).into())
    }

    /// Wraps 32 digest bytes computed elsewhere.
    pub const fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The 32 digest bytes.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Reads the multibase multihash text. `what` names the field in the error.
    ///
    /// Errors: `encoding.multibase_unsupported` (not `z…`), `encoding.base58_invalid`, and
    /// `encoding.digest_invalid` (a multihash other than a 32-byte sha2-256).
    pub fn parse(text: &str, what: &'static str) -> Result<Self> {
        let bytes: [u8; 34] = multibase_decode_array(text, what)?;
        let (header, digest) = bytes.split_at(2);
        if header != SHA2_256_MULTIHASH {
            return Err(Error::DigestInvalid { what });
        }
        let mut out = [0u8; 32];
        out.copy_from_slice(digest);
        Ok(Self(out))
    }

    /// The lowercase hexadecimal spelling (64 characters), for shapes that want plain hex.
    pub fn to_hex(&self) -> String {
        hex_lower(&self.0)
    }
}

fn hex_lower(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

impl fmt::Display for ContentDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut multihash = [0u8; 34];
        multihash[..2].copy_from_slice(&SHA2_256_MULTIHASH);
        multihash[2..].copy_from_slice(&self.0);
        f.write_str(&multibase_encode(&multihash))
    }
}

impl fmt::Debug for ContentDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ContentDigest({self})")
    }
}

impl serde::Serialize for ContentDigest {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for ContentDigest {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::parse(&text, "digest").map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sha256_of_the_empty_string_known_answer() {
        assert_eq!(
            ContentDigest::of_bytes(b"").to_hex(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn text_round_trips_and_refuses_other_hashes() {
        let d = ContentDigest::of_json(&json!({"a": 1}));
        let text = d.to_string();
        assert!(text.starts_with("zQm"), "{text}");
        assert_eq!(ContentDigest::parse(&text, "x").unwrap(), d);
        let mut other = [0u8; 34];
        other[0] = 0x13; // sha2-512 code with a 32-byte length: not ours
        other[1] = 0x20;
        let e = ContentDigest::parse(&multibase_encode(&other), "x").unwrap_err();
        assert_eq!(e.code(), "encoding.digest_invalid");
        assert_eq!(
            ContentDigest::parse("uAAAA", "x").unwrap_err().code(),
            "encoding.multibase_unsupported"
        );
        assert_eq!(
            ContentDigest::parse("z111", "x").unwrap_err().code(),
            "encoding.base58_invalid"
        );
    }

    #[test]
    fn serde_uses_the_text() {
        let d = ContentDigest::of_bytes(b"x");
        let v = serde_json::to_value(d).unwrap();
        assert_eq!(v, json!(d.to_string()));
        assert_eq!(serde_json::from_value::<ContentDigest>(v).unwrap(), d);
    }
}
