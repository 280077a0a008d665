//! The bitstring of a status list and its `encodedList` text: GZIP, then multibase base64url.
//!
//! Index `0` is the left-most bit: the most significant bit of the first byte. An entry of
//! `statusSize` bits starts at bit `index × statusSize` and is read most significant bit first.
//!
//! [`decode`] is the one place hostile input meets a decompressor, so it is bounded on both
//! sides (see [`DecodeLimits`]): the text is refused when longer than
//! [`DEFAULT_MAX_ENCODED_LEN`] before it is base64-decoded, and the GZIP stream is inflated
//! through [`Read::take`] with a limit of one byte past the largest list allowed, so a GZIP
//! bomb costs at most that many bytes of memory and stops there.
//!
//! No index, status size, length or input makes a function of this module panic: positions are
//! computed in checked `u64` arithmetic and converted to `usize` with `try_from`, and memory is
//! reserved with `try_reserve_exact`.
#![deny(
    clippy::unwrap_used,
    clippy::panic,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing
)]

use crate::error::{Error, Result};
use flate2::bufread::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use govblocks_core::encoding::{base64url_decode, base64url_encode};
use std::io::{Read, Write};

/// The fewest entries a status list may have: 131,072, which is 16 KiB of one-bit entries (the
/// "herd privacy" minimum of Bitstring Status List v1.0 §2.2 and the validate algorithm's
/// `minimumNumberOfEntries`).
pub const MIN_ENTRIES: u64 = 131_072;

/// The fewest bits an `encodedList` may decompress to: [`MIN_ENTRIES`] one-bit entries,
/// 16,384 bytes.
pub const MIN_BITS: u64 = MIN_ENTRIES;

/// The most bits [`decode`] inflates by default: 2^27 = 134,217,728 bits, 16 MiB of memory.
///
/// Sized for one national list: MOSIP-scale 70 million identities with one bit each is
/// 70,000,000 bits = 8.75 MB, which fits with room to grow (2^26 = 67,108,864 would not);
/// two-bit statuses fit up to 67 million. A verifier holding a few decoded lists stays within
/// tens of MiB. Raise or lower it with [`decode`]'s `max_bits` or [`DecodeLimits`].
pub const DEFAULT_MAX_BITS: u64 = 1 << 27;

/// The longest `encodedList` text [`decode`] accepts by default: 1 MiB (1,048,576 characters),
/// which is 786,432 bytes of GZIP.
///
/// The same as the default `max_string_bytes` of `govblocks_core::json::Limits`, so a list read
/// from a document parsed with default limits is never refused by this bound first. One MiB
/// holds a mostly-unset list of any allowed size (a 70-million-entry list is about 11 KB of
/// text when empty, about 43 KB with 7,000 random bits set) and, when many random bits are set
/// (decoys), about 11 million entries at 10 % set. Raise it with [`DecodeLimits`].
pub const DEFAULT_MAX_ENCODED_LEN: usize = 1 << 20;

/// The largest status size (bits per entry) supported. The specification allows any positive
/// size and lets conforming processors support only 1; govblocks supports 1 to 8.
pub const MAX_STATUS_SIZE: u8 = 8;

/// A fixed-length string of bits, index 0 being the most significant bit of the first byte.
///
/// ```
/// use govblocks_identity::status_list::Bitstring;
/// let mut bits = Bitstring::new(16)?;
/// bits.set(0, true)?;
/// bits.set(9, true)?;
/// assert_eq!(bits.as_bytes(), &[0x80, 0x40]);
/// assert!(bits.get(9)?);
/// // two-bit entries: entry 3 is bits 6 and 7
/// bits.set_status(3, 2, 0b10)?;
/// assert_eq!(bits.get_status(3, 2)?, 0b10);
/// assert_eq!(bits.get(99).unwrap_err().code(), "status_list.index_out_of_range");
/// # Ok::<(), govblocks_identity::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Bitstring {
    /// Length in bits; `bytes.len() == ceil(len / 8)`.
    len: u64,
    bytes: Vec<u8>,
}

impl std::fmt::Debug for Bitstring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // A list is up to megabytes: show its size and how many bits are set, not its bytes.
        f.debug_struct("Bitstring")
            .field("len", &self.len)
            .field("ones", &self.count_ones())
            .finish()
    }
}

impl Bitstring {
    /// A bitstring of `len` bits, all zero.
    ///
    /// # Errors
    ///
    /// [`Error::StatusListSize`] when `len` bits cannot be held in memory (more bytes than
    /// `usize` counts, or the allocation fails); never a panic or an abort.
    pub fn new(len: u64) -> Result<Self> {
        let too_big = || Error::StatusListSize {
            bits: len,
            min: 0,
            max: max_addressable_bits(),
        };
        let byte_len = usize::try_from(len.div_ceil(8)).map_err(|_| too_big())?;
        let mut bytes = Vec::new();
        bytes.try_reserve_exact(byte_len).map_err(|_| too_big())?;
        bytes.resize(byte_len, 0);
        Ok(Bitstring { len, bytes })
    }

    /// The bitstring made of `bytes`: `8 × bytes.len()` bits.
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        // A Vec never holds more than isize::MAX bytes, so this cannot saturate in practice.
        let len = u64::try_from(bytes.len())
            .ok()
            .and_then(|n| n.checked_mul(8))
            .unwrap_or(u64::MAX);
        Bitstring { len, bytes }
    }

    /// Its length in bits.
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether it has no bits at all.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Its bytes (the last one zero-padded on the right when the length is not a multiple of 8).
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// How many bits are set.
    pub fn count_ones(&self) -> u64 {
        self.bytes
            .iter()
            .map(|byte| u64::from(byte.count_ones()))
            .fold(0u64, u64::saturating_add)
    }

    /// The bit at `index`.
    ///
    /// # Errors
    ///
    /// [`Error::StatusIndexOutOfRange`] when `index >= len()`.
    pub fn get(&self, index: u64) -> Result<bool> {
        let (byte, mask) = self.locate(index, index, 1)?;
        Ok(self.bytes.get(byte).is_some_and(|b| b & mask != 0))
    }

    /// Sets the bit at `index` to `value`.
    ///
    /// # Errors
    ///
    /// [`Error::StatusIndexOutOfRange`] when `index >= len()`.
    pub fn set(&mut self, index: u64, value: bool) -> Result<()> {
        let (byte, mask) = self.locate(index, index, 1)?;
        if let Some(b) = self.bytes.get_mut(byte) {
            if value {
                *b |= mask;
            } else {
                *b &= !mask;
            }
        }
        Ok(())
    }

    /// The value of entry `index` of `status_size` bits (bits `index × status_size` to
    /// `index × status_size + status_size − 1`, most significant first).
    ///
    /// # Errors
    ///
    /// [`Error::StatusInvalid`] when `status_size` is not 1 to [`MAX_STATUS_SIZE`];
    /// [`Error::StatusIndexOutOfRange`] when the entry does not lie wholly within the bitstring
    /// (`len` in the error is then the number of whole entries, `len() / status_size`).
    pub fn get_status(&self, index: u64, status_size: u8) -> Result<u32> {
        let start = self.entry_start(index, status_size)?;
        let mut value = 0u32;
        for offset in 0..u64::from(status_size) {
            let (byte, mask) = self.locate(start.saturating_add(offset), index, status_size)?;
            let bit = self.bytes.get(byte).is_some_and(|b| b & mask != 0);
            value = (value << 1) | u32::from(bit);
        }
        Ok(value)
    }

    /// Sets entry `index` of `status_size` bits to `value`.
    ///
    /// # Errors
    ///
    /// [`Error::StatusInvalid`] when `status_size` is not 1 to [`MAX_STATUS_SIZE`] or `value`
    /// does not fit in `status_size` bits; [`Error::StatusIndexOutOfRange`] as for
    /// [`Bitstring::get_status`]. Nothing is changed on error.
    pub fn set_status(&mut self, index: u64, status_size: u8, value: u32) -> Result<()> {
        let start = self.entry_start(index, status_size)?;
        if value >> status_size != 0 {
            return Err(Error::StatusInvalid {
                reason: format!("status value {value} does not fit in {status_size} bit(s)"),
            });
        }
        for offset in 0..u64::from(status_size) {
            // Most significant bit first: offset 0 carries bit `status_size - 1` of the value.
            let shift = u64::from(status_size)
                .saturating_sub(1)
                .saturating_sub(offset);
            let bit = (value >> shift) & 1 == 1;
            self.set(start.saturating_add(offset), bit)?;
        }
        Ok(())
    }

    /// The first bit of entry `index`, after checking `status_size` and that the whole entry
    /// lies within the bitstring.
    fn entry_start(&self, index: u64, status_size: u8) -> Result<u64> {
        check_status_size(status_size)?;
        let size = u64::from(status_size);
        let out_of_range = || Error::StatusIndexOutOfRange {
            index,
            len: self.len.checked_div(size).unwrap_or(0),
        };
        let start = index.checked_mul(size).ok_or_else(out_of_range)?;
        let end = start.checked_add(size).ok_or_else(out_of_range)?;
        if end > self.len {
            return Err(out_of_range());
        }
        Ok(start)
    }

    /// The byte and mask of bit `bit`; `index` and `status_size` only shape the error.
    fn locate(&self, bit: u64, index: u64, status_size: u8) -> Result<(usize, u8)> {
        let out_of_range = || Error::StatusIndexOutOfRange {
            index,
            len: self.len.checked_div(u64::from(status_size)).unwrap_or(0),
        };
        if bit >= self.len {
            return Err(out_of_range());
        }
        let byte = usize::try_from(bit / 8).map_err(|_| out_of_range())?;
        let mask = 0x80u8 >> (bit % 8);
        Ok((byte, mask))
    }
}

/// Refuses a status size outside 1 to [`MAX_STATUS_SIZE`].
pub(crate) fn check_status_size(status_size: u8) -> Result<()> {
    if (1..=MAX_STATUS_SIZE).contains(&status_size) {
        Ok(())
    } else {
        Err(Error::StatusInvalid {
            reason: format!("statusSize {status_size} is not supported (1 to {MAX_STATUS_SIZE})"),
        })
    }
}

/// The most bits a [`Bitstring`] could address on this platform (for error messages).
fn max_addressable_bits() -> u64 {
    u64::try_from(isize::MAX)
        .unwrap_or(u64::MAX)
        .saturating_mul(8)
}

/// The bounds [`decode_with_limits`] works within.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecodeLimits {
    /// The most bits the list may decompress to (rounded down to whole bytes); inflating stops
    /// one byte past it. Default [`DEFAULT_MAX_BITS`].
    pub max_bits: u64,
    /// The longest `encodedList` text, checked before anything is decoded. Default
    /// [`DEFAULT_MAX_ENCODED_LEN`].
    pub max_encoded_len: usize,
}

impl Default for DecodeLimits {
    fn default() -> Self {
        DecodeLimits {
            max_bits: DEFAULT_MAX_BITS,
            max_encoded_len: DEFAULT_MAX_ENCODED_LEN,
        }
    }
}

impl DecodeLimits {
    /// The default limits with `max_bits` instead of [`DEFAULT_MAX_BITS`].
    pub fn with_max_bits(max_bits: u64) -> Self {
        DecodeLimits {
            max_bits,
            ..DecodeLimits::default()
        }
    }
}

/// Encodes `bits` as an `encodedList`: GZIP (RFC 1952, default level, modification time 0, so
/// the same bits always give the same text), then multibase base64url without padding (`u…`).
///
/// ```
/// use govblocks_identity::status_list::{decode, encode, Bitstring, DEFAULT_MAX_BITS};
/// let mut bits = Bitstring::new(131_072)?;
/// bits.set(42, true)?;
/// let text = encode(&bits);
/// assert!(text.starts_with('u'));
/// assert_eq!(decode(&text, DEFAULT_MAX_BITS)?, bits);
/// # Ok::<(), govblocks_identity::Error>(())
/// ```
pub fn encode(bits: &Bitstring) -> String {
    let mut text = String::from("u");
    text.push_str(&base64url_encode(&gzip(bits.as_bytes())));
    text
}

/// GZIP of `bytes`, into memory.
#[allow(clippy::expect_used)]
fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    // Writing to a Vec never fails, and the encoder only reports its writer's errors (the
    // compressor cannot fail on a well-formed call sequence), so this cannot fire.
    encoder
        .write_all(bytes)
        .and_then(|()| encoder.finish())
        .expect("GZIP into a Vec<u8> cannot fail")
}

/// Decodes an `encodedList` of at most `max_bits` bits (and at most
/// [`DEFAULT_MAX_ENCODED_LEN`] characters); see [`decode_with_limits`].
pub fn decode(encoded: &str, max_bits: u64) -> Result<Bitstring> {
    decode_with_limits(encoded, &DecodeLimits::with_max_bits(max_bits))
}

/// Decodes an `encodedList`: multibase base64url without padding (prefix `u`) of a single
/// GZIP member, whose content is the bitstring.
///
/// # Errors
///
/// * [`Error::StatusListEncoding`] (`status_list.encoding_invalid`): text longer than
///   `limits.max_encoded_len`, a multibase prefix other than `u`, base64url that is padded,
///   uses the standard alphabet, has white space or non-zero trailing bits, a stream that is
///   not GZIP, is truncated, fails its CRC or length check, or has bytes after its end.
/// * [`Error::StatusListSize`] (`status_list.size_invalid`): the list inflates past
///   `limits.max_bits` (inflating stops one byte past the limit, so a GZIP bomb never costs
///   more memory than that), or to fewer than [`MIN_BITS`] bits.
pub fn decode_with_limits(encoded: &str, limits: &DecodeLimits) -> Result<Bitstring> {
    let encoding = |reason: &str| Error::StatusListEncoding {
        reason: reason.to_owned(),
    };
    if encoded.len() > limits.max_encoded_len {
        return Err(Error::StatusListEncoding {
            reason: format!(
                "encodedList is {} characters, more than the {} allowed",
                encoded.len(),
                limits.max_encoded_len
            ),
        });
    }
    let Some(base64) = encoded.strip_prefix('u') else {
        return Err(encoding(
            "not multibase base64url: the first character must be 'u'",
        ));
    };
    let compressed = base64url_decode(base64, "encodedList")
        .map_err(|_| encoding("not canonical base64url without padding"))?;
    let bytes = gunzip(&compressed, limits.max_bits)?;
    let bits = Bitstring::from_bytes(bytes);
    if bits.len() < MIN_BITS {
        return Err(Error::StatusListSize {
            bits: bits.len(),
            min: MIN_BITS,
            max: limits.max_bits,
        });
    }
    Ok(bits)
}

/// Inflates one GZIP member of at most `max_bits / 8` bytes.
fn gunzip(compressed: &[u8], max_bits: u64) -> Result<Vec<u8>> {
    let max_bytes = max_bits / 8;
    let too_big = || Error::StatusListSize {
        bits: max_bytes.saturating_add(1).saturating_mul(8),
        min: MIN_BITS,
        max: max_bits,
    };
    let corrupt = |what: &str| Error::StatusListEncoding {
        reason: format!("not a valid GZIP stream: {what}"),
    };
    if compressed.len() < 2 || compressed.get(..2) != Some(&[0x1f, 0x8b][..]) {
        return Err(corrupt("missing GZIP magic bytes"));
    }
    // flate2's bufread decoder reads from the slice without buffering of its own, so what it
    // leaves of the slice afterwards is exactly what follows the GZIP member.
    let mut decoder = GzDecoder::new(compressed);
    let out = inflate_bounded(&mut decoder, max_bytes).map_err(|e| match e {
        Inflate::TooBig => too_big(),
        Inflate::Corrupt(what) => corrupt(&what),
    })?;
    if !decoder.into_inner().is_empty() {
        return Err(corrupt("bytes after the end of the GZIP member"));
    }
    Ok(out)
}

/// Why [`inflate_bounded`] stopped.
#[derive(Debug)]
pub(crate) enum Inflate {
    /// The stream inflates past the bound.
    TooBig,
    /// The stream is not valid (the decoder's message).
    Corrupt(String),
}

/// Reads `decoder` (a GZIP or ZLIB decoder over the compressed bytes) to its end, into at most
/// `max_bytes` bytes: it reads through [`Read::take`] with a limit of one byte past the bound,
/// and grows its buffer with `try_reserve_exact`, never past the bound, so a decompression bomb
/// costs at most `max_bytes` of memory and stops there. The one bounded inflater of the crate:
/// the Bitstring Status List's GZIP and the Token Status List's ZLIB
/// ([`sd_jwt::status`](crate::sd_jwt::status)) both go through it.
pub(crate) fn inflate_bounded<R: Read>(
    decoder: &mut R,
    max_bytes: u64,
) -> std::result::Result<Vec<u8>, Inflate> {
    let mut reader = decoder.take(max_bytes.saturating_add(1));
    // Start small (a list is usually tens of KiB) and grow, never past `max_bytes`.
    let max_len = usize::try_from(max_bytes).unwrap_or(usize::MAX);
    let mut out: Vec<u8> = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(Inflate::Corrupt(error.to_string())),
        };
        let new_len = out.len().checked_add(n).ok_or(Inflate::TooBig)?;
        if new_len > max_len {
            return Err(Inflate::TooBig);
        }
        if new_len > out.capacity() {
            let target = out.capacity().saturating_mul(2).max(new_len).min(max_len);
            out.try_reserve_exact(target.saturating_sub(out.len()))
                .map_err(|_| Inflate::TooBig)?;
        }
        out.extend_from_slice(chunk.get(..n).unwrap_or_default());
    }
    Ok(out)
}

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing
)]
mod tests {
    use super::*;

    #[test]
    fn index_zero_is_the_most_significant_bit_of_byte_zero() {
        let mut bits = Bitstring::new(16).unwrap();
        bits.set(0, true).unwrap();
        assert_eq!(bits.as_bytes(), &[0x80, 0]);
        bits.set(7, true).unwrap();
        bits.set(8, true).unwrap();
        assert_eq!(bits.as_bytes(), &[0x81, 0x80]);
        bits.set(0, false).unwrap();
        assert_eq!(bits.as_bytes(), &[0x01, 0x80]);
        assert_eq!(bits.count_ones(), 2);
    }

    #[test]
    fn bounds_are_checked_without_overflow() {
        let mut bits = Bitstring::new(10).unwrap();
        assert!(bits.get(9).is_ok());
        for index in [10, 11, 1 << 40, u64::MAX / 8, u64::MAX - 1, u64::MAX] {
            assert_eq!(
                bits.get(index).unwrap_err().code(),
                "status_list.index_out_of_range"
            );
            assert!(bits.set(index, true).is_err());
            for size in 1..=8 {
                assert_eq!(
                    bits.get_status(index, size).unwrap_err().code(),
                    "status_list.index_out_of_range"
                );
                assert!(bits.set_status(index, size, 0).is_err());
            }
        }
        // an entry that starts inside but ends outside
        assert!(bits.get_status(4, 2).is_ok()); // bits 8 and 9
        assert!(bits.get_status(2, 3).is_ok()); // bits 6 to 8
        assert!(bits.get_status(3, 3).is_err()); // bits 9 to 11
        assert!(bits.get_status(2, 4).is_err()); // bits 8 to 11
        assert_eq!(bits.as_bytes(), &[0, 0]);
    }

    #[test]
    fn status_size_and_value_are_checked() {
        let mut bits = Bitstring::new(64).unwrap();
        for size in [0, 9, 255] {
            assert_eq!(
                bits.get_status(0, size).unwrap_err().code(),
                "credential.status_invalid"
            );
        }
        assert!(bits.set_status(0, 2, 4).is_err());
        assert!(bits.set_status(0, 8, 256).is_err());
        bits.set_status(0, 8, 255).unwrap();
        assert_eq!(bits.as_bytes()[0], 0xff);
        bits.set_status(5, 3, 0b101).unwrap(); // bits 15, 16, 17
        assert_eq!(bits.get_status(5, 3).unwrap(), 0b101);
        assert_eq!(&bits.as_bytes()[1..3], &[0b0000_0001, 0b0100_0000]);
    }

    #[test]
    fn a_huge_bitstring_is_refused_not_aborted() {
        assert_eq!(
            Bitstring::new(u64::MAX).unwrap_err().code(),
            "status_list.size_invalid"
        );
        assert!(Bitstring::new(0).unwrap().is_empty());
    }

    #[test]
    fn encoding_is_deterministic() {
        let mut bits = Bitstring::new(MIN_BITS).unwrap();
        bits.set(1, true).unwrap();
        assert_eq!(encode(&bits), encode(&bits.clone()));
    }

    #[test]
    fn trailing_bytes_after_the_member_are_refused() {
        let bits = Bitstring::new(MIN_BITS).unwrap();
        let mut compressed = gzip(bits.as_bytes());
        assert_eq!(gunzip(&compressed, DEFAULT_MAX_BITS).unwrap().len(), 16_384);
        compressed.push(0);
        let text = format!("u{}", base64url_encode(&compressed));
        assert_eq!(
            decode(&text, DEFAULT_MAX_BITS).unwrap_err().code(),
            "status_list.encoding_invalid"
        );
        // a second member is trailing data too
        let twice = [gzip(bits.as_bytes()), gzip(bits.as_bytes())].concat();
        let text = format!("u{}", base64url_encode(&twice));
        assert_eq!(
            decode(&text, DEFAULT_MAX_BITS).unwrap_err().code(),
            "status_list.encoding_invalid"
        );
    }

    #[test]
    fn the_limit_is_exact() {
        let bits = Bitstring::new(MIN_BITS * 2).unwrap();
        let text = encode(&bits);
        assert!(decode(&text, MIN_BITS * 2).is_ok());
        assert!(decode(&text, MIN_BITS * 2 + 7).is_ok());
        assert_eq!(
            decode(&text, MIN_BITS * 2 - 8).unwrap_err().code(),
            "status_list.size_invalid"
        );
        let tight = DecodeLimits {
            max_bits: DEFAULT_MAX_BITS,
            max_encoded_len: text.len() - 1,
        };
        assert_eq!(
            decode_with_limits(&text, &tight).unwrap_err().code(),
            "status_list.encoding_invalid"
        );
    }
}
