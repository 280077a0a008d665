//! What `govblocks-testkit` and this crate's own tests need of private items (or of a reference
//! implementation to compare with), and nothing else.
//!
//! Not part of the public API: hidden from the documentation and free to change in any release.

use crate::json::Parsed;
use crate::keys::PublicKey;

/// Batch verification of raw `(public key bytes, message, signature)` triples, through exactly
/// what `Verifier::verify_batch` runs on the signatures of its documents: each key is built with
/// [`PublicKey::from_bytes`] (the first refusal is the error), then every `R` is screened and
/// one `ed25519_dalek::verify_batch` checks them all. `Ok(true)` when the whole batch verifies
/// (and for an empty one). For the Ed25519 edge-case vectors.
pub fn batch_verify_raw(items: &[([u8; 32], &[u8], [u8; 64])]) -> crate::Result<bool> {
    let keys = items
        .iter()
        .map(|(key, _, _)| PublicKey::from_bytes(key))
        .collect::<crate::Result<Vec<_>>>()?;
    let triples: Vec<crate::proof::batch::Item<'_>> = items
        .iter()
        .zip(&keys)
        .map(|((_, message, signature), key)| (*message, signature, key))
        .collect();
    Ok(crate::proof::batch::verify(&triples))
}

/// [`batch_verify_raw`] on keys already built: exactly the screening and batch equation of
/// `Verifier::verify_batch`, for the benchmarks that set it beside a raw `verify_batch`.
pub fn batch_verify_keys(items: &[(&[u8], &[u8; 64], &PublicKey)]) -> bool {
    crate::proof::batch::verify(items)
}

/// The SHA-256 of the canonical document without `proof` that verification reads straight from
/// canonical bytes, when it can (the `canonicalize` property checks it against its own).
pub fn unsecured_sha256(parsed: &Parsed<'_>) -> Option<[u8; 32]> {
    parsed.unsecured_sha256()
}

/// The `bs58` decoding of [`multibase_decode_array`](crate::encoding::multibase_decode_array)
/// into `N` bytes, for the differential tests of the fast fixed-width paths.
pub fn base58_decode_array_reference<const N: usize>(text: &str) -> Option<[u8; N]> {
    let mut buf = [0u8; N];
    match bs58::decode(text).onto(&mut buf[..]) {
        Ok(written) if written == N => Some(buf),
        _ => None,
    }
}
