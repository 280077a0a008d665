//! The Concat KDF of JWE's ECDH-ES (RFC 7518 §4.6.2; NIST SP 800-56A §5.8.1), SHA-256.

use crate::error::{Error, Result};
use sha2::Sha256;

/// Derives `key` from the shared secret `z` as RFC 7518 §4.6.2 does for ECDH-ES: the Concat
/// KDF with SHA-256 over `OtherInfo` = `AlgorithmID ‖ PartyUInfo ‖ PartyVInfo ‖ SuppPubInfo`,
/// where `AlgorithmID` is `algorithm_id` (the `enc` value for direct key agreement, the `alg`
/// value for key wrapping), `PartyUInfo` and `PartyVInfo` are the decoded `apu` and `apv` (empty
/// when absent), each of the three prefixed with its length as a 32-bit big-endian number, and
/// `SuppPubInfo` is the key length in bits (`key.len() × 8`), 32-bit big-endian.
/// `SuppPrivInfo` is empty.
///
/// The hashing rounds are RustCrypto's `concat-kdf` (a counter from 1, 32-bit big-endian,
/// before `z`); this function only builds `OtherInfo`. An empty `z` or `key`, or lengths beyond
/// 32 bits, are `jwe.malformed` (never the case for ECDH-ES with X25519 and A256GCM).
///
/// ```
/// // RFC 7518 Appendix C: Z of its P-256 example, "A128GCM", apu "Alice", apv "Bob".
/// let z = [
///     158, 86, 217, 29, 129, 113, 53, 211, 114, 131, 66, 131, 191, 132, 38, 156, 251, 49, 110,
///     163, 218, 128, 106, 72, 246, 218, 167, 121, 140, 254, 144, 196,
/// ];
/// let mut key = [0u8; 16];
/// govblocks_core::jwe::concat_kdf(&z, "A128GCM", b"Alice", b"Bob", &mut key).unwrap();
/// assert_eq!(govblocks_core::encoding::base64url_encode(&key), "VqqN6vgjbSBcIijNcacQGg");
/// ```
pub fn concat_kdf(
    z: &[u8],
    algorithm_id: &str,
    apu: &[u8],
    apv: &[u8],
    key: &mut [u8],
) -> Result<()> {
    let too_long = || Error::JweMalformed {
        reason: "a Concat KDF input is longer than 32 bits can count".into(),
    };
    let bits = u32::try_from(key.len())
        .ok()
        .and_then(|n| n.checked_mul(8))
        .ok_or_else(too_long)?;
    let mut other_info = Vec::with_capacity(16 + algorithm_id.len() + apu.len() + apv.len());
    for field in [algorithm_id.as_bytes(), apu, apv] {
        let len = u32::try_from(field.len()).map_err(|_| too_long())?;
        other_info.extend_from_slice(&len.to_be_bytes());
        other_info.extend_from_slice(field);
    }
    other_info.extend_from_slice(&bits.to_be_bytes());
    concat_kdf::derive_key_into::<Sha256>(z, &other_info, key).map_err(|e| Error::JweMalformed {
        reason: format!("Concat KDF: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The KDF written out by hand (one SHA-256 round is enough for 32 bytes), to pin the
    /// crate's counter and order.
    #[test]
    fn one_round_by_hand() {
        use sha2::Digest;
        let z = [7u8; 32];
        let mut key = [0u8; 32];
        concat_kdf(&z, "A256GCM", b"u", b"", &mut key).unwrap();
        let mut h = Sha256::new();
        h.update(1u32.to_be_bytes());
        h.update(z);
        h.update(7u32.to_be_bytes());
        h.update(b"A256GCM");
        h.update(1u32.to_be_bytes());
        h.update(b"u");
        h.update(0u32.to_be_bytes());
        h.update(256u32.to_be_bytes());
        assert_eq!(key[..], h.finalize()[..]);
    }

    #[test]
    fn empty_inputs_are_errors_not_panics() {
        let mut key = [0u8; 32];
        assert_eq!(
            concat_kdf(&[], "A256GCM", b"", b"", &mut key)
                .unwrap_err()
                .code(),
            "jwe.malformed"
        );
        assert_eq!(
            concat_kdf(&[1], "A256GCM", b"", b"", &mut [])
                .unwrap_err()
                .code(),
            "jwe.malformed"
        );
    }
}
