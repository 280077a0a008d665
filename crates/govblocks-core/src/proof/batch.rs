//! Ed25519 batch verification, made as strict as `verify_strict` where it matters.
//!
//! `ed25519_dalek::verify_batch` checks all signatures with one multiscalar multiplication,
//! but skips `verify_strict`'s refusals. Keys are already safe (a [`crate::keys::PublicKey`]
//! is never weak); here each signature's `R` is screened for the encodings `verify_strict`
//! refuses: small-order points and non-canonical `y` coordinates. `S` is checked canonical by
//! the batch itself.
//!
//! One difference remains and is documented in the README's validation policy: a signature
//! whose `R` has a torsion component (crafted by the key holder, never by a forger) fails
//! `verify_strict` but may pass the randomized batch equation.

use super::verify::Pending;
use curve25519_dalek::constants::EIGHT_TORSION;
use std::sync::OnceLock;

/// Whether every pending signature verifies. `true` for an empty batch.
pub(super) fn verify(pending: &[&Pending]) -> bool {
    if pending.is_empty() {
        return true;
    }
    if pending.iter().any(|p| !r_is_acceptable(&p.signature)) {
        return false;
    }
    let messages: Vec<&[u8]> = pending.iter().map(|p| &p.message[..]).collect();
    let signatures: Vec<ed25519_dalek::Signature> = pending
        .iter()
        .map(|p| ed25519_dalek::Signature::from_bytes(&p.signature))
        .collect();
    let keys: Vec<ed25519_dalek::VerifyingKey> =
        pending.iter().map(|p| *p.key.verifying_key()).collect();
    ed25519_dalek::verify_batch(&messages, &signatures, &keys).is_ok()
}

/// `R` (the first half of the signature) is neither a small-order point nor a non-canonical
/// encoding.
fn r_is_acceptable(signature: &[u8; 64]) -> bool {
    let mut r = [0u8; 32];
    r.copy_from_slice(&signature[..32]);
    !is_non_canonical_y(&r) && !small_order_encodings().contains(&r)
}

/// `y >= p` where p = 2^255 - 19, ignoring the sign bit.
fn is_non_canonical_y(r: &[u8; 32]) -> bool {
    r[31] & 0x7f == 0x7f && r[1..31].iter().all(|&b| b == 0xff) && r[0] >= 0xed
}

/// The canonical encodings of the eight small-order points, each also with the sign bit
/// flipped (decompression accepts a set sign bit on x = 0).
fn small_order_encodings() -> &'static [[u8; 32]; 16] {
    static ENCODINGS: OnceLock<[[u8; 32]; 16]> = OnceLock::new();
    ENCODINGS.get_or_init(|| {
        let mut out = [[0u8; 32]; 16];
        for (i, point) in EIGHT_TORSION.iter().enumerate() {
            let bytes = point.compress().to_bytes();
            out[2 * i] = bytes;
            let mut flipped = bytes;
            flipped[31] ^= 0x80;
            out[2 * i + 1] = flipped;
        }
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screens_small_order_and_non_canonical_r() {
        let mut sig = [0u8; 64];
        // identity point: y = 1
        sig[0] = 1;
        assert!(!r_is_acceptable(&sig));
        // y = p + 1 (non-canonical encoding of the identity)
        let mut r = [0xffu8; 32];
        r[0] = 0xee;
        r[31] = 0x7f;
        sig[..32].copy_from_slice(&r);
        assert!(!r_is_acceptable(&sig));
        // the base point is fine
        let base = curve25519_dalek::constants::ED25519_BASEPOINT_COMPRESSED.to_bytes();
        sig[..32].copy_from_slice(&base);
        assert!(r_is_acceptable(&sig));
    }
}
