//! Multibase base58btc and base64url, strict and canonical.
//!
//! Two text encodings cross the wire here:
//!
//! * **multibase base58btc** (`z…`), used by Multikey public and secret keys and by Data
//!   Integrity `proofValue`s. Only the `z` prefix is accepted; any other multibase is
//!   [`Error::MultibaseUnsupported`]. Base58 has exactly one spelling per byte string, and the
//!   decoder re-encodes to prove it.
//! * **base64url without padding** (RFC 4648 §5, RFC 7515 §2), used by JWS and JWK. Padding,
//!   the standard alphabet, white space and non-zero trailing bits are refused, so that each byte
//!   string has exactly one accepted spelling (a signature cannot be "re-spelled" to look new).
//!
//! ```
//! use govblocks_core::encoding::{multibase_decode, multibase_encode};
//! let text = multibase_encode(&[0xed, 0x01, 1, 2, 3]);
//! assert!(text.starts_with('z'));
//! assert_eq!(multibase_decode(&text, "example").unwrap(), vec![0xed, 0x01, 1, 2, 3]);
//! ```

use crate::error::{Error, Result};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

/// Encodes `bytes` as multibase base58btc (`z` followed by base58 with the Bitcoin alphabet).
pub fn multibase_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(1 + bytes.len() * 138 / 100 + 1);
    out.push('z');
    out.push_str(&bs58::encode(bytes).into_string());
    out
}

/// Decodes a multibase base58btc string. `what` names the field in the error.
pub fn multibase_decode(text: &str, what: &'static str) -> Result<Vec<u8>> {
    let Some(rest) = text.strip_prefix('z') else {
        return Err(Error::MultibaseUnsupported { what });
    };
    base58_decode(rest, what)
}

/// Decodes a multibase base58btc string into exactly `N` bytes.
pub fn multibase_decode_array<const N: usize>(text: &str, what: &'static str) -> Result<[u8; N]> {
    let Some(rest) = text.strip_prefix('z') else {
        return Err(Error::MultibaseUnsupported { what });
    };
    // An N-byte value never needs more than ceil(N * log(256)/log(58)) + N characters (leading
    // '1's); refusing longer text up front keeps hostile input from costing quadratic decoding.
    if rest.len() > N * 2 + 2 {
        return Err(Error::Base58Invalid { what });
    }
    if N == 64 {
        let mut buf = [0u8; N];
        // Signatures (`proofValue`) are decoded on every verification: `five8` decodes exactly
        // 64 bytes with fixed-width arithmetic, several times faster than `bs58`'s byte-wise
        // big-number loop, and accepts exactly the same strings (`tests/base58_decoders.rs`).
        let mut signature = [0u8; 64];
        five8::decode_64(rest, &mut signature).map_err(|_| Error::Base58Invalid { what })?;
        buf.copy_from_slice(&signature); // N == 64: same lengths
        return Ok(buf);
    }
    // Digests (34-byte multihashes, named in every consent revision) and Multikeys: the
    // same fixed-width arithmetic as `five8`, which has no other sizes.
    base58_decode_exact::<N>(rest.as_bytes()).ok_or(Error::Base58Invalid { what })
}

/// The value of each base58 (Bitcoin alphabet) character, `0xff` for any other byte.
static BASE58_DIGITS: [u8; 256] = {
    const ALPHABET: &[u8; 58] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    let mut table = [0xffu8; 256];
    let mut i = 0;
    while i < 58 {
        table[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// Decodes base58 into exactly `N` bytes (`N` ≤ 64), accepting exactly the strings `bs58`
/// decodes to `N` bytes: each leading `1` is a zero byte, the rest is a big-endian number whose
/// minimal spelling fills the remaining bytes. `None` for anything else.
///
/// Five digits at a time (58⁵ < 2³⁰) into 32-bit limbs: a 34-byte digest takes ten passes over
/// nine limbs, where `bs58` does a pass over the output bytes per character.
/// `tests/base58_decoders.rs` holds it against `bs58` on random and edge strings.
fn base58_decode_exact<const N: usize>(text: &[u8]) -> Option<[u8; N]> {
    const MAX_LIMBS: usize = 17; // 68 bytes: room for any N ≤ 64 plus one limb of overflow
    if N > 64 {
        return None;
    }
    let zeros = text.iter().take_while(|&&c| c == b'1').count();
    if zeros > N {
        return None;
    }
    // Little-endian 32-bit limbs; `used` of them are in use.
    let mut limbs = [0u32; MAX_LIMBS];
    let mut used = 0usize;
    for chunk in text[zeros..].chunks(5) {
        let (mut value, mut scale) = (0u64, 1u64);
        for &c in chunk {
            let digit = BASE58_DIGITS[usize::from(c)];
            if digit == 0xff {
                return None;
            }
            value = value * 58 + u64::from(digit);
            scale *= 58;
        }
        let mut carry = value;
        for limb in &mut limbs[..used] {
            let t = u64::from(*limb) * scale + carry;
            *limb = t as u32; // the low 32 bits; the rest carries
            carry = t >> 32;
        }
        while carry != 0 {
            // More limbs than N bytes can hold: the number is too long, stop early.
            if used * 4 >= N - zeros + 4 || used == MAX_LIMBS {
                return None;
            }
            limbs[used] = carry as u32;
            carry >>= 32;
            used += 1;
        }
    }
    let mut little = [0u8; MAX_LIMBS * 4];
    for (bytes, limb) in little.chunks_exact_mut(4).zip(&limbs[..used]) {
        bytes.copy_from_slice(&limb.to_le_bytes());
    }
    let significant = little[..used * 4]
        .iter()
        .rposition(|&b| b != 0)
        .map_or(0, |top| top + 1);
    if zeros + significant != N {
        return None;
    }
    let mut out = [0u8; N];
    for (slot, byte) in out[zeros..]
        .iter_mut()
        .zip(little[..significant].iter().rev())
    {
        *slot = *byte;
    }
    Some(out)
}

/// Decodes plain base58btc (no multibase prefix), refusing empty input.
fn base58_decode(text: &str, what: &'static str) -> Result<Vec<u8>> {
    if text.is_empty() {
        return Err(Error::Base58Invalid { what });
    }
    bs58::decode(text)
        .into_vec()
        .map_err(|_| Error::Base58Invalid { what })
}

/// Encodes `bytes` as base64url without padding.
pub fn base64url_encode(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes canonical unpadded base64url. `what` names the field in the error.
pub fn base64url_decode(text: &str, what: &'static str) -> Result<Vec<u8>> {
    // The engine refuses padding, foreign characters and non-zero trailing bits.
    URL_SAFE_NO_PAD
        .decode(text.as_bytes())
        .map_err(|_| Error::Base64Invalid { what })
}

/// Decodes canonical unpadded base64url into exactly `N` bytes.
pub fn base64url_decode_array<const N: usize>(text: &str, what: &'static str) -> Result<[u8; N]> {
    let bytes = base64url_decode(text, what)?;
    bytes.try_into().map_err(|_| Error::Base64Invalid { what })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base58_round_trip_and_leading_zeros() {
        for bytes in [&[][..], &[0], &[0, 0, 1], &[0xff; 40]] {
            if bytes.is_empty() {
                continue;
            }
            let text = multibase_encode(bytes);
            assert_eq!(multibase_decode(&text, "t").unwrap(), bytes);
        }
    }

    #[test]
    fn base58_rejects_foreign_prefix_and_alphabet() {
        assert_eq!(
            multibase_decode("uAQID", "t").unwrap_err().code(),
            "encoding.multibase_unsupported"
        );
        // '0', 'O', 'I' and 'l' are not in the Bitcoin alphabet.
        for bad in ["z0abc", "zOabc", "zIabc", "zlabc", "z", "z "] {
            assert_eq!(
                multibase_decode(bad, "t").unwrap_err().code(),
                "encoding.base58_invalid",
                "{bad}"
            );
        }
    }

    #[test]
    fn base58_array_checks_length() {
        let text = multibase_encode(&[7u8; 33]);
        assert_eq!(
            multibase_decode_array::<32>(&text, "t").unwrap_err().code(),
            "encoding.base58_invalid"
        );
        let text = multibase_encode(&[7u8; 31]);
        assert_eq!(
            multibase_decode_array::<32>(&text, "t").unwrap_err().code(),
            "encoding.base58_invalid"
        );
        let text = multibase_encode(&[7u8; 32]);
        assert_eq!(multibase_decode_array::<32>(&text, "t").unwrap(), [7u8; 32]);
        let long = format!("z{}", "1".repeat(1000));
        assert!(multibase_decode_array::<32>(&long, "t").is_err());
    }

    #[test]
    fn base64url_is_canonical() {
        assert_eq!(base64url_decode("AQID", "t").unwrap(), vec![1, 2, 3]);
        // padding, standard alphabet, non-zero trailing bits, white space
        for bad in ["AQI=", "AQ+/", "AR", "AQ ID", "A"] {
            assert_eq!(
                base64url_decode(bad, "t").unwrap_err().code(),
                "encoding.base64_invalid",
                "{bad}"
            );
        }
        assert_eq!(base64url_decode("AQ", "t").unwrap(), vec![1]);
        assert!(base64url_decode_array::<2>("AQID", "t").is_err());
    }
}
