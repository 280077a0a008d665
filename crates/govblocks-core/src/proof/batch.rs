//! Ed25519 batch verification, made as strict as `verify_strict` where it matters.
//!
//! `ed25519_dalek::verify_batch` checks all signatures with one multiscalar multiplication,
//! but skips `verify_strict`'s refusals. Keys are already safe (a [`crate::keys::PublicKey`]
//! is never weak); here each signature's `R` is screened for the encodings `verify_strict`
//! refuses: small-order points and non-canonical `y` coordinates. `S` is checked canonical by
//! the batch itself.
//!
//! One difference remains and is documented in the `proof` module docs: a signature
//! whose `R` has a torsion component (crafted by the key holder, never by a forger) fails
//! `verify_strict` but may pass the randomized batch equation.

use crate::keys::{signature_r_is_acceptable, PublicKey};

/// One signature check: the signed message, the 64-byte signature and the key.
pub(crate) type Item<'a> = (&'a [u8], &'a [u8; 64], &'a PublicKey);

/// Whether every signature verifies. `true` for an empty batch.
///
/// Used by `Verifier::verify_batch` and, on raw triples, by the test hook
/// `testkit_hook::batch_verify_raw`, so both run exactly this screening and batch equation.
pub(crate) fn verify(items: &[Item<'_>]) -> bool {
    if items.is_empty() {
        return true;
    }
    if items
        .iter()
        .any(|(_, signature, _)| !signature_r_is_acceptable(signature))
    {
        return false;
    }
    let messages: Vec<&[u8]> = items.iter().map(|(message, _, _)| *message).collect();
    let signatures: Vec<ed25519_dalek::Signature> = items
        .iter()
        .map(|(_, signature, _)| ed25519_dalek::Signature::from_bytes(signature))
        .collect();
    let keys: Vec<ed25519_dalek::VerifyingKey> = items
        .iter()
        .map(|(_, _, key)| *key.verifying_key())
        .collect();
    ed25519_dalek::verify_batch(&messages, &signatures, &keys).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use curve25519_dalek::constants::EIGHT_TORSION;

    #[test]
    fn screens_small_order_and_non_canonical_r() {
        let mut sig = [0u8; 64];
        // identity point: y = 1
        sig[0] = 1;
        assert!(!signature_r_is_acceptable(&sig));
        // y = p + 1 (non-canonical encoding of the identity)
        let mut r = [0xffu8; 32];
        r[0] = 0xee;
        r[31] = 0x7f;
        sig[..32].copy_from_slice(&r);
        assert!(!signature_r_is_acceptable(&sig));
        // the identity with the sign bit set (x = -0)
        sig[..32].copy_from_slice(&[0u8; 32]);
        sig[0] = 1;
        sig[31] = 0x80;
        assert!(!signature_r_is_acceptable(&sig));
        // every small-order point, and the sign-flipped spelling of each
        for point in EIGHT_TORSION.iter() {
            let mut r = point.compress().to_bytes();
            sig[..32].copy_from_slice(&r);
            assert!(!signature_r_is_acceptable(&sig));
            r[31] ^= 0x80;
            sig[..32].copy_from_slice(&r);
            assert!(!signature_r_is_acceptable(&sig));
        }
        // the base point is fine
        let base = curve25519_dalek::constants::ED25519_BASEPOINT_COMPRESSED.to_bytes();
        sig[..32].copy_from_slice(&base);
        assert!(signature_r_is_acceptable(&sig));
    }
}
