//! Ed25519 and X25519 keys and the names they go by.
//!
//! One kind of key signs everything in govblocks: Ed25519 (RFC 8032). A second kind, X25519
//! (RFC 7748), only receives encrypted messages ([`crate::jwe`]: ECDH-ES key agreement); the two
//! have separate types, and each refuses the other (`key.type_unsupported`). A key travels
//! under several names, and this module converts between all of them:
//!
//! | form | example | type |
//! | --- | --- | --- |
//! | Multikey (public) | `z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2` | [`PublicKey::to_multikey`] |
//! | Multikey (secret) | `z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq` | [`SecretKey::to_multikey`] |
//! | `did:key` | `did:key:z6Mk…` | [`PublicKey::did`] |
//! | verification method | `did:key:z6Mk…#z6Mk…` | [`PublicKey::verification_method`] |
//! | JWK (RFC 8037) | `{"kty":"OKP","crv":"Ed25519","x":"…"}` | [`Jwk`] |
//! | JWK thumbprint (RFC 7638) | `kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k` | [`Jwk::thumbprint`] |
//! | X25519 Multikey (public) | `z6LS…` | [`X25519PublicKey::to_multikey`] |
//! | X25519 Multikey (secret) | `z3we…` | [`X25519SecretKey::to_multikey`] |
//! | X25519 `did:key` | `did:key:z6LS…` | [`X25519PublicKey::did`] |
//! | X25519 key id (the JWE `kid`) | `did:key:z6LS…#z6LS…` | [`X25519PublicKey::key_id`] |
//! | X25519 JWK (RFC 8037) | `{"kty":"OKP","crv":"X25519","x":"…"}` | [`X25519PublicKey::to_jwk`], [`Jwk`] |
//! | X25519 key file | `{"publicKeyMultibase":"z6LS…","privateKeyMultibase":"z3we…",…}` | [`X25519KeyFile`] |
//!
//! A Multikey is the multicodec header (`0xed 0x01` for an Ed25519 public key, `0x80 0x26` for
//! an Ed25519 secret seed, `0xec 0x01` for an X25519 public key, `0x82 0x26` for an X25519
//! secret key) followed by the 32 key bytes, in multibase base58btc.
//!
//! **X25519 keys.** An [`X25519PublicKey`] is the canonical encoding of a u-coordinate (below
//! p, top bit clear; otherwise `key.invalid`) that is not one of the five points of small
//! order (`key.weak`): with those, the shared secret would be all zero or otherwise known to
//! anyone. An [`X25519SecretKey`] is any 32 bytes (clamped when used, RFC 7748 §5), zeroized
//! when dropped and never printed by `Debug`.
//!
//! **Validation policy.** A [`PublicKey`] can only be built from the canonical encoding of a
//! curve point that is *not* of small order. Bytes that are not a curve point are
//! `key.invalid`; a non-canonical encoding (`y ≥ p`, or `x = 0` with the sign bit set: a
//! second name of a point) is refused before it is decoded (`key.invalid`,
//! [`crate::Error::KeyInvalid`]), and weak (small-order) keys, with which anyone can forge
//! signatures that verify, are refused when the key is parsed (`key.weak`,
//! [`crate::Error::KeyWeak`]), so no code path (single or batch verification) ever sees one.
//! The ed25519-speccheck and C2SP/CCTV Ed25519 edge-case vectors run against key
//! construction, single and batch verification (`tests/conformance/ed25519_edge_cases.rs`), as
//! do Project Wycheproof's 151 Ed25519 cases (`tests/conformance/wycheproof_ed25519.rs`). Only
//! Ed25519 Multikeys are accepted (`key.type_unsupported`); their multibase is base58btc only,
//! and JWK members are canonical unpadded base64url (`encoding.*`, see [`crate::encoding`]). A
//! [`SecretKey`] is zeroized when dropped and never printed by `Debug`.
//!
//! ```
//! use govblocks_core::keys::{PublicKey, SecretKey};
//! let secret = SecretKey::from_seed(&[7u8; 32]);
//! let public = secret.public_key();
//! let multikey = public.to_multikey();
//! assert!(multikey.starts_with("z6Mk"));
//! assert_eq!(PublicKey::from_multikey(&multikey).unwrap(), public);
//! assert_eq!(PublicKey::from_did_url(&public.verification_method()).unwrap(), public);
//! assert!(!format!("{secret:?}").contains(&*secret.to_multikey()));
//! ```

use crate::encoding::multibase_decode;
use crate::error::{Error, Result};
use curve25519_dalek::constants::EIGHT_TORSION;
use std::sync::OnceLock;

mod did_key;
mod jwk;
mod public;
mod secret;
mod x25519;

pub use did_key::{did_key_controller, DID_KEY_PREFIX};
pub use jwk::{Jwk, CRV_ED25519, CRV_X25519};
pub use public::PublicKey;
pub use secret::{KeyFile, SecretKey};
pub use x25519::{
    X25519KeyFile, X25519PublicKey, X25519SecretKey, X25519_PRIV_HEADER, X25519_PUB_HEADER,
};

/// Multicodec header of an Ed25519 public key (`ed25519-pub`, 0xed, as an unsigned varint).
pub const ED25519_PUB_HEADER: [u8; 2] = [0xed, 0x01];
/// Multicodec header of an Ed25519 secret seed (`ed25519-priv`, 0x1300, as an unsigned varint).
pub const ED25519_PRIV_HEADER: [u8; 2] = [0x80, 0x26];

/// Decodes a Multikey: multibase base58btc, the expected two-byte multicodec `header`, then
/// exactly 32 key bytes. Another header is [`Error::KeyTypeUnsupported`]; another length is
/// [`Error::KeyInvalid`].
fn decode_multikey(text: &str, header: [u8; 2], what: &'static str) -> Result<[u8; 32]> {
    // 34 bytes take at most 47 base58 characters; refuse long input before decoding it.
    if text.len() > 64 {
        return Err(Error::KeyInvalid {
            reason: format!("{what} is too long for a Multikey"),
        });
    }
    // Every holder key of a presentation is decoded here, once per verification: a 34-byte
    // Multikey (the usual case) takes the fixed-width decoder, which accepts exactly the
    // strings `bs58` decodes to 34 bytes, with the same bytes; anything else is decoded as
    // before, so it is refused with the same errors.
    if let Ok(bytes) = crate::encoding::multibase_decode_array::<34>(text, what) {
        if bytes[..2] != header {
            return Err(Error::KeyTypeUnsupported {
                header: multicodec_header(&bytes),
            });
        }
        let mut key = [0u8; 32];
        key.copy_from_slice(&bytes[2..]);
        return Ok(key);
    }
    let bytes = multibase_decode(text, what)?;
    if bytes.len() < 2 || bytes[..2] != header {
        return Err(Error::KeyTypeUnsupported {
            header: multicodec_header(&bytes),
        });
    }
    bytes[2..].try_into().map_err(|_| Error::KeyInvalid {
        reason: format!("{what}: a Multikey holds 32 key bytes"),
    })
}

/// How [`Error::KeyTypeUnsupported`] names the multicodec header found (its first two bytes).
fn multicodec_header(bytes: &[u8]) -> String {
    let hex: String = bytes.iter().take(2).map(|b| format!("{b:02x}")).collect();
    format!("multicodec header {hex}")
}

/// Why a 32-byte Ed25519 point encoding is not canonical, or `None` when it is.
///
/// RFC 8032 (5.1.3) decodes `y` from the low 255 bits, little-endian, and fails when `y ≥ p`
/// (p = 2^255 − 19); the top bit is the sign of `x`, which must be clear when `x = 0` (only
/// for `y = ±1`). Decompression in `curve25519-dalek` reduces `y` mod p and ignores the sign
/// of a zero `x`, so both spellings would otherwise be accepted as a second name of a point.
///
/// Checked on the bytes alone, before any decompression: by [`PublicKey`] construction (keys)
/// and by the batch screening of signature `R` values, so the rule lives in one place.
pub(crate) fn non_canonical_point(encoding: &[u8; 32]) -> Option<&'static str> {
    let high = encoding[31] & 0x7f;
    let middle_all_ones = encoding[1..31].iter().all(|&b| b == 0xff);
    let middle_all_zeros = encoding[1..31].iter().all(|&b| b == 0);
    // y ≥ p and y < 2^255 means y = p + k with k in 0..=18: ed..=ff, then 30 × ff, then 7f.
    if high == 0x7f && middle_all_ones && encoding[0] >= 0xed {
        return Some("non-canonical point encoding (y ≥ p)");
    }
    let sign = encoding[31] & 0x80 != 0;
    // x = 0 exactly when y = 1 (01 00 … 00) or y = p − 1 (ec ff … ff 7f).
    let y_is_one = high == 0 && middle_all_zeros && encoding[0] == 0x01;
    let y_is_minus_one = high == 0x7f && middle_all_ones && encoding[0] == 0xec;
    if sign && (y_is_one || y_is_minus_one) {
        return Some("non-canonical point encoding (x = 0 with the sign bit set)");
    }
    None
}

/// Whether a signature's `R` (its first 32 bytes) may be accepted: neither a non-canonical
/// encoding ([`non_canonical_point`]) nor the encoding of a small-order point, the two `R`
/// values `verify_strict` refuses on top of RFC 8032.
///
/// Used by single verification ([`PublicKey::verify_strict`]) and by the batch screening, so
/// the rule lives in one place.
pub(crate) fn signature_r_is_acceptable(signature: &[u8; 64]) -> bool {
    let mut r = [0u8; 32];
    r.copy_from_slice(&signature[..32]);
    non_canonical_point(&r).is_none() && !is_small_order_encoding(&r)
}

/// Whether a canonical point encoding (one [`non_canonical_point`] accepts) is that of a
/// small-order point: a weak key, or an `R` `verify_strict` refuses. A point has one canonical
/// encoding, so comparing bytes answers what `is_small_order` answers after decompressing,
/// without its field inversion.
pub(crate) fn is_small_order_encoding(canonical: &[u8; 32]) -> bool {
    small_order_encodings().contains(canonical)
}

/// The canonical encodings of the eight small-order points. (Their other spellings are
/// non-canonical: `y ≥ p`, or a set sign bit on x = 0, refused by [`non_canonical_point`].)
fn small_order_encodings() -> &'static [[u8; 32]; 8] {
    static ENCODINGS: OnceLock<[[u8; 32]; 8]> = OnceLock::new();
    ENCODINGS.get_or_init(|| {
        let mut out = [[0u8; 32]; 8];
        for (slot, point) in out.iter_mut().zip(EIGHT_TORSION.iter()) {
            *slot = point.compress().to_bytes();
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::non_canonical_point;
    use curve25519_dalek::edwards::CompressedEdwardsY;

    /// `decode_multikey` as it was before its fixed-width path: `bs58`, then the checks.
    fn decode_multikey_by_bs58(text: &str, header: [u8; 2]) -> crate::error::Result<[u8; 32]> {
        let what = "publicKeyMultibase";
        if text.len() > 64 {
            return Err(crate::Error::KeyInvalid {
                reason: format!("{what} is too long for a Multikey"),
            });
        }
        let bytes = crate::encoding::multibase_decode(text, what)?;
        if bytes.len() < 2 || bytes[..2] != header {
            return Err(crate::Error::KeyTypeUnsupported {
                header: super::multicodec_header(&bytes),
            });
        }
        bytes[2..].try_into().map_err(|_| crate::Error::KeyInvalid {
            reason: format!("{what}: a Multikey holds 32 key bytes"),
        })
    }

    #[test]
    fn multikeys_decode_as_bs58_decodes_them() {
        let header = super::ED25519_PUB_HEADER;
        let mut texts: Vec<String> = Vec::new();
        for len in [0usize, 1, 2, 3, 33, 34, 35, 36] {
            for fill in [0u8, 1, 0x7f, 0xff] {
                for head in [header, [0, 0], [0xed, 0x00], [0x80, 0x26]] {
                    let mut bytes = vec![fill; len];
                    for (slot, b) in bytes.iter_mut().zip(head) {
                        *slot = b;
                    }
                    texts.push(format!("z{}", bs58::encode(&bytes).into_string()));
                }
            }
        }
        // Leading zero bytes ('1's), a 34-byte value with one more '1', bad characters, no
        // multibase prefix, long text.
        let key = crate::keys::SecretKey::from_seed(&[3; 32])
            .public_key()
            .to_multikey();
        texts.extend([
            key.clone(),
            format!("z1{}", &key[1..]),
            format!("{}0", key),
            key[1..].to_string(),
            format!("z{}", "1".repeat(34)),
            format!("z{}", "1".repeat(60)),
            format!("z{}", "z".repeat(70)),
            "z".into(),
            String::new(),
        ]);
        for text in &texts {
            let new = super::decode_multikey(text, header, "publicKeyMultibase");
            let old = decode_multikey_by_bs58(text, header);
            match (&new, &old) {
                (Ok(a), Ok(b)) => assert_eq!(a, b, "{text}"),
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{text}"),
                _ => panic!("{text}: {new:?} against {old:?}"),
            }
        }
    }

    /// The encoding of y = p + k (k < 19), with the given sign bit.
    fn p_plus(k: u8, sign: bool) -> [u8; 32] {
        let mut bytes = [0xffu8; 32];
        bytes[0] = 0xed + k;
        bytes[31] = if sign { 0xff } else { 0x7f };
        bytes
    }

    #[test]
    fn y_at_or_above_p_is_non_canonical() {
        for k in 0..19 {
            for sign in [false, true] {
                assert_eq!(
                    non_canonical_point(&p_plus(k, sign)),
                    Some("non-canonical point encoding (y ≥ p)"),
                    "y = p + {k}, sign {sign}"
                );
            }
        }
        // y = p − 1 and y = p − 2 are canonical (p − 1 is the point (0, −1)).
        let mut below = p_plus(0, false);
        below[0] = 0xec;
        assert_eq!(non_canonical_point(&below), None);
        below[0] = 0xeb;
        assert_eq!(non_canonical_point(&below), None);
    }

    #[test]
    fn a_set_sign_bit_on_x_zero_is_non_canonical() {
        let mut one = [0u8; 32];
        one[0] = 1;
        let mut minus_one = p_plus(0, false);
        minus_one[0] = 0xec;
        for y in [one, minus_one] {
            assert_eq!(non_canonical_point(&y), None);
            let mut signed = y;
            signed[31] |= 0x80;
            assert_eq!(
                non_canonical_point(&signed),
                Some("non-canonical point encoding (x = 0 with the sign bit set)")
            );
            // Decompression does accept it, as the same point: that is why it is screened.
            let a = CompressedEdwardsY(y).decompress().unwrap();
            let b = CompressedEdwardsY(signed).decompress().unwrap();
            assert_eq!(a, b);
        }
    }

    #[test]
    fn canonical_encodings_of_real_points_pass() {
        use curve25519_dalek::constants::{ED25519_BASEPOINT_POINT, EIGHT_TORSION};
        let mut point = ED25519_BASEPOINT_POINT;
        for torsion in EIGHT_TORSION.iter() {
            point += torsion + ED25519_BASEPOINT_POINT;
            for p in [point, *torsion, -point] {
                assert_eq!(non_canonical_point(p.compress().as_bytes()), None);
            }
        }
    }
}
