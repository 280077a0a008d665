//! Ed25519 batch verification, as strict as `verify_strict` where it can be.
//!
//! One multiscalar multiplication checks all signatures of a batch: with a random 128-bit `z`
//! for each signature `(R, S)` by key `A` over message `M` (`k = SHA-512(R ‖ A ‖ M)`),
//!
//! ```text
//! [−Σ z·S] B + Σ [z] R + Σ [z·k] A = 0
//! ```
//!
//! the equation of `ed25519_dalek::verify_batch`, computed here with two differences that cost
//! nothing in acceptance and save time:
//!
//! * **Terms of one key are added up** before the multiplication: a verifier's batch holds
//!   many signatures by few issuers, and each distinct key is one point of the multiplication
//!   instead of one per signature (a batch of presentations, one credential each from one
//!   issuer: three points per presentation instead of four). `Σ [z·k] A` over the signatures
//!   of one key *is* `[Σ z·k] A`: the same equation.
//! * **`z` comes from the operating system's generator**, one read per batch, unpredictable to
//!   whoever made the signatures (`ed25519-dalek` derives it from a transcript of the inputs,
//!   so the maker of a signature can compute it, and grind it, for a batch they can predict).
//!   If the generator fails, the batch answers `false` and every signature is checked alone.
//!
//! `verify_strict`'s refusals are applied first: keys are already safe (a
//! [`crate::keys::PublicKey`] is never weak, never non-canonical); each signature's `R` is
//! screened for small-order points and non-canonical `y` (by its bytes), `S` must be canonical
//! (`S < ℓ`), and `R` must decompress. A signature `verify_strict` accepts always passes the
//! batch (its term is 0), so an honest batch never falls back.
//!
//! **The one difference, and how far it goes.** `verify_strict` checks `R = [S]B − [k]A`
//! exactly (cofactorless); the batch checks a random combination. A signature whose residual
//! `R − [S]B + [k]A` is a nonzero small-order point `T` — which only the key's holder can make,
//! with an `R` or an `A` that carries a torsion component — fails `verify_strict`, and fails
//! the batch unless `Σ [z]T` happens to vanish: for any such signatures, with `z` uniform and
//! secret, that happens with probability at most 1/2 (an order-2 `T`; 1/8 for an order-8 one),
//! fresh at each verification. No single randomized equation does better (the torsion part is
//! a random linear form over ℤ/8), and the exact answer needs a multiplication by `ℓ` per point,
//! costlier than checking the signature alone. Forgers cannot make such signatures: each needs
//! its key's secret, so this lets no one sign for another; it lets a key holder make a
//! signature that verifies only sometimes. (VC Data Integrity and eddsa-jcs-2022 do not rule on
//! it; see Chalkias, Garillot, Nikolaenko, *Taming the many EdDSAs*, 2020, §5.)

use crate::keys::{signature_r_is_acceptable, PublicKey};
use curve25519_dalek::constants::ED25519_BASEPOINT_POINT;
use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use curve25519_dalek::traits::{IsIdentity, VartimeMultiscalarMul};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha512};
use std::collections::hash_map::{Entry, HashMap};

/// One signature check: the signed message, the 64-byte signature and the key.
pub(crate) type Item<'a> = (&'a [u8], &'a [u8; 64], &'a PublicKey);

/// Whether every signature verifies. `true` for an empty batch.
///
/// Used by `Verifier::verify_batch`, by [`SignatureBatch`](crate::document::SignatureBatch)
/// and, on raw triples, by the test hook `testkit_hook::batch_verify_raw`, so all of them run
/// exactly this screening and batch equation.
pub(crate) fn verify(items: &[Item<'_>]) -> bool {
    if items.is_empty() {
        return true;
    }
    let mut random = vec![0u8; 16 * items.len()];
    if OsRng.try_fill_bytes(&mut random).is_err() {
        return false;
    }
    // Slot 0 is the base point; then each signature's `R` and each distinct key, in the order
    // met.
    let mut scalars: Vec<Scalar> = Vec::with_capacity(2 * items.len() + 1);
    let mut points: Vec<EdwardsPoint> = Vec::with_capacity(2 * items.len() + 1);
    scalars.push(Scalar::ZERO);
    points.push(ED25519_BASEPOINT_POINT);
    let mut key_slots: HashMap<&[u8; 32], usize> = HashMap::with_capacity(items.len());
    let mut base = Scalar::ZERO;
    for ((message, signature, key), random) in items.iter().zip(random.chunks_exact(16)) {
        let Some((r, s, k)) = screened(message, signature, key) else {
            return false;
        };
        let mut z_bytes = [0u8; 32];
        z_bytes[..16].copy_from_slice(random);
        // Below 2^128, so already reduced.
        let z = Scalar::from_bytes_mod_order(z_bytes);
        let zk = z * k;
        base += z * s;
        scalars.push(z);
        points.push(r);
        match key_slots.entry(key.as_bytes()) {
            Entry::Occupied(slot) => scalars[*slot.get()] += zk,
            Entry::Vacant(slot) => {
                slot.insert(scalars.len());
                scalars.push(zk);
                points.push(key.verifying_key().to_edwards());
            }
        }
    }
    scalars[0] = -base;
    EdwardsPoint::vartime_multiscalar_mul(scalars, points).is_identity()
}

/// [`verify`] for a handful of signatures checked together in one verification (an SD-JWT's
/// issuer signature and its key-binding JWT): the same screening and the same equation, with
/// two differences that make it pay below a few signatures.
///
/// * **The base point's multiple** comes from a table built once per process
///   (`VartimeEdwardsPrecomputation`), and the other points share one chain of doublings
///   (Straus): two signatures cost about 0.8 to 0.85 of two `verify_strict` calls.
/// * **`z` is a keyed hash, not a read of the operating system's generator**: SHA-512 of a
///   32-byte key drawn once per thread from the generator, the thread's count of checks, the
///   index and the signature's `S` and `k`. As unpredictable to the signers as a fresh read
///   (they never learn the key) and new at every call, without a system call in each. If the
///   generator fails, the answer is `false` (the caller checks each signature alone).
///
/// The caveat of the [module documentation](self) is the same: a signature whose residual is a
/// nonzero small-order point, which only its key's holder can make, fails `verify_strict` and
/// fails this check with probability at least 1/2, fresh at each verification.
pub(crate) fn verify_few(items: &[Item<'_>]) -> bool {
    use curve25519_dalek::edwards::VartimeEdwardsPrecomputation;
    use curve25519_dalek::traits::VartimePrecomputedMultiscalarMul;
    use std::cell::Cell;
    use std::sync::OnceLock;

    static BASE_TABLE: OnceLock<VartimeEdwardsPrecomputation> = OnceLock::new();
    thread_local! {
        /// This thread's key for `z` (drawn once from the generator) and how many checks it
        /// has made.
        static Z_STATE: Cell<Option<([u8; 32], u64)>> = const { Cell::new(None) };
    }
    let Some((z_key, call)) = Z_STATE.with(|state| {
        let (key, call) = match state.get() {
            Some(current) => current,
            None => {
                let mut key = [0u8; 32];
                OsRng.try_fill_bytes(&mut key).ok()?;
                (key, 0)
            }
        };
        state.set(Some((key, call.wrapping_add(1))));
        Some((key, call))
    }) else {
        return false;
    };
    let mut base = Scalar::ZERO;
    let mut scalars: Vec<Scalar> = Vec::with_capacity(2 * items.len());
    let mut points: Vec<EdwardsPoint> = Vec::with_capacity(2 * items.len());
    for (index, (message, signature, key)) in items.iter().enumerate() {
        let Some((r, s, k)) = screened(message, signature, key) else {
            return false;
        };
        let keyed: [u8; 64] = Sha512::new()
            .chain_update(z_key)
            .chain_update(call.to_le_bytes())
            .chain_update((index as u64).to_le_bytes())
            .chain_update(s.as_bytes())
            .chain_update(k.as_bytes())
            .finalize()
            .into();
        let mut z_bytes = [0u8; 32];
        z_bytes[..16].copy_from_slice(&keyed[..16]);
        // Below 2^128, so already reduced.
        let z = Scalar::from_bytes_mod_order(z_bytes);
        base += z * s;
        scalars.push(-z);
        points.push(r);
        scalars.push(-(z * k));
        points.push(key.verifying_key().to_edwards());
    }
    BASE_TABLE
        .get_or_init(|| VartimeEdwardsPrecomputation::new([ED25519_BASEPOINT_POINT]))
        .vartime_mixed_multiscalar_mul([base], scalars, points)
        .is_identity()
}

/// `verify_strict`'s refusals of a signature by its bytes (`R` not of small order and
/// canonical, `S < ℓ`, `R` a point), then `R`, `S` and `k = SHA-512(R ‖ A ‖ M)`.
fn screened(
    message: &[u8],
    signature: &[u8; 64],
    key: &PublicKey,
) -> Option<(EdwardsPoint, Scalar, Scalar)> {
    if !signature_r_is_acceptable(signature) {
        return None;
    }
    let mut r_bytes = [0u8; 32];
    r_bytes.copy_from_slice(&signature[..32]);
    let mut s_bytes = [0u8; 32];
    s_bytes.copy_from_slice(&signature[32..]);
    let s = Option::<Scalar>::from(Scalar::from_canonical_bytes(s_bytes))?;
    let r = CompressedEdwardsY(r_bytes).decompress()?;
    let mut hram = [0u8; 64];
    hram.copy_from_slice(
        &Sha512::new()
            .chain_update(r_bytes)
            .chain_update(key.as_bytes())
            .chain_update(message)
            .finalize(),
    );
    Some((r, s, Scalar::from_bytes_mod_order_wide(&hram)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use curve25519_dalek::constants::EIGHT_TORSION;

    /// A key made from a scalar, so that the tests can sign the way no honest signer would.
    struct Raw {
        secret: Scalar,
        key: PublicKey,
    }

    impl Raw {
        fn new(seed: u64) -> Self {
            let secret = Scalar::from(seed) * Scalar::from(0x9e37_79b9_7f4a_7c15u64) + Scalar::ONE;
            let point = ED25519_BASEPOINT_POINT * secret;
            let key = PublicKey::from_bytes(&point.compress().to_bytes()).unwrap();
            Raw { secret, key }
        }

        /// An Ed25519 signature whose `R` is `[r]B + torsion`: with no torsion, an ordinary
        /// signature; with some, one only the key's holder can make, which `verify_strict`
        /// refuses.
        fn sign(&self, message: &[u8], nonce: u64, torsion: EdwardsPoint) -> [u8; 64] {
            let r = Scalar::from(nonce) * Scalar::from(0x1234_5678_9abc_def1u64) + Scalar::ONE;
            let big_r = (ED25519_BASEPOINT_POINT * r + torsion)
                .compress()
                .to_bytes();
            let mut hram = [0u8; 64];
            hram.copy_from_slice(
                &Sha512::new()
                    .chain_update(big_r)
                    .chain_update(self.key.as_bytes())
                    .chain_update(message)
                    .finalize(),
            );
            let s = r + Scalar::from_bytes_mod_order_wide(&hram) * self.secret;
            let mut signature = [0u8; 64];
            signature[..32].copy_from_slice(&big_r);
            signature[32..].copy_from_slice(s.as_bytes());
            signature
        }
    }

    fn identity() -> EdwardsPoint {
        EdwardsPoint::default()
    }

    /// Whether `verify_strict` accepts every item, one by one.
    fn strict(items: &[Item<'_>]) -> bool {
        items.iter().all(|(m, s, k)| k.verify_strict(m, s).is_ok())
    }

    #[test]
    fn honest_batches_pass_and_agree_with_verify_strict_and_dalek() {
        let issuer = Raw::new(1);
        let holders: Vec<Raw> = (2..40).map(Raw::new).collect();
        let messages: Vec<[u8; 64]> = (0..38u8).map(|i| [i; 64]).collect();
        let mut signatures = Vec::new();
        for (i, (holder, message)) in holders.iter().zip(&messages).enumerate() {
            signatures.push((
                holder.sign(message, i as u64, identity()),
                &holder.key,
                message,
            ));
            signatures.push((
                issuer.sign(message, 1000 + i as u64, identity()),
                &issuer.key,
                message,
            ));
        }
        let items: Vec<Item<'_>> = signatures.iter().map(|(s, k, m)| (&m[..], s, *k)).collect();
        assert!(strict(&items));
        assert!(verify(&items));
        let dalek = ed25519_dalek::verify_batch(
            &items.iter().map(|i| i.0).collect::<Vec<_>>(),
            &items
                .iter()
                .map(|i| ed25519_dalek::Signature::from_bytes(i.1))
                .collect::<Vec<_>>(),
            &items
                .iter()
                .map(|i| *i.2.verifying_key())
                .collect::<Vec<_>>(),
        );
        assert!(dalek.is_ok());
        assert!(verify(&[]));
    }

    #[test]
    fn one_bad_signature_among_many_by_one_key_fails_the_batch() {
        // Terms of one key are added up: a wrong signature must still show.
        let issuer = Raw::new(7);
        let messages: Vec<[u8; 64]> = (0..20u8).map(|i| [i; 64]).collect();
        let mut signatures: Vec<[u8; 64]> = messages
            .iter()
            .enumerate()
            .map(|(i, m)| issuer.sign(m, i as u64, identity()))
            .collect();
        let items = |signatures: &[[u8; 64]]| -> bool {
            let items: Vec<Item<'_>> = signatures
                .iter()
                .zip(&messages)
                .map(|(s, m)| (&m[..], s, &issuer.key))
                .collect();
            verify(&items)
        };
        assert!(items(&signatures));
        // Signed for another message.
        signatures[13] = issuer.sign(&[99; 64], 13, identity());
        assert!(!items(&signatures));
        // Two signatures swapped: each is valid, but not for its message.
        let mut swapped: Vec<[u8; 64]> = messages
            .iter()
            .enumerate()
            .map(|(i, m)| issuer.sign(m, i as u64, identity()))
            .collect();
        swapped.swap(3, 4);
        assert!(!items(&swapped));
    }

    #[test]
    fn non_canonical_s_and_bad_r_fail_the_batch_as_verify_strict_refuses_them() {
        let key = Raw::new(3);
        let message = [5u8; 64];
        let good = key.sign(&message, 1, identity());
        // S + ℓ: the same point equation, a non-canonical scalar.
        let mut high_s = good;
        // ℓ, little-endian.
        let l: [u8; 32] =
            hex::decode("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010")
                .unwrap()
                .try_into()
                .unwrap();
        let s = Scalar::from_canonical_bytes(good[32..].try_into().unwrap()).unwrap();
        let mut sum = [0u8; 32];
        let mut carry = 0u16;
        for i in 0..32 {
            let v = u16::from(s.as_bytes()[i]) + u16::from(l[i]) + carry;
            sum[i] = v as u8;
            carry = v >> 8;
        }
        high_s[32..].copy_from_slice(&sum);
        // R that is not a point (y with no x on the curve: y = 2).
        let mut not_a_point = good;
        not_a_point[..32].copy_from_slice(&{
            let mut y = [0u8; 32];
            y[0] = 2;
            y
        });
        // R small-order, R non-canonical (y = p + 1).
        let mut small_r = good;
        small_r[..32].copy_from_slice(&EIGHT_TORSION[2].compress().to_bytes());
        let mut non_canonical_r = good;
        let mut r = [0xffu8; 32];
        r[0] = 0xee;
        r[31] = 0x7f;
        non_canonical_r[..32].copy_from_slice(&r);
        for bad in [high_s, not_a_point, small_r, non_canonical_r] {
            let items: [Item<'_>; 2] = [(&message, &good, &key.key), (&message, &bad, &key.key)];
            assert!(!strict(&items));
            assert!(!verify(&items), "{}", hex::encode(bad));
        }
        assert!(verify(&[(&message, &good, &key.key)]));
    }

    #[test]
    fn a_signature_with_a_torsion_residual_fails_verify_strict_and_the_batch_at_least_half_the_time(
    ) {
        // Made by the key's holder: R = [r]B + T. `verify_strict` refuses it always; the batch
        // lets it through only when Σ[z]T vanishes (z even for an order-2 T: probability 1/2,
        // fresh each time). Over 64 verifications, it is refused many times, never always let
        // through (as a batch with predictable z could be).
        let key = Raw::new(11);
        let other = Raw::new(12);
        let message = [9u8; 64];
        let honest = other.sign(&message, 5, identity());
        for (torsion, order) in [(EIGHT_TORSION[4], 2u32), (EIGHT_TORSION[1], 8)] {
            let crafted = key.sign(&message, 77, torsion);
            let items: [Item<'_>; 2] = [
                (&message, &crafted, &key.key),
                (&message, &honest, &other.key),
            ];
            assert!(key.key.verify_strict(&message, &crafted).is_err());
            let passed = (0..64).filter(|_| verify(&items)).count();
            // Expected: 64/order passes; 0 passes is possible but the refusals are what
            // matter.
            assert!(passed <= 48, "order {order}: passed {passed} of 64");
        }
    }

    #[test]
    fn a_few_signatures_together_agree_with_verify_strict() {
        // `verify_few`: the same screening and equation, the base point from its table and `z`
        // from the keyed hash.
        let issuer = Raw::new(21);
        let holder = Raw::new(22);
        let (m1, m2) = ([1u8; 300], [2u8; 90]);
        let s1 = issuer.sign(&m1, 1, identity());
        let s2 = holder.sign(&m2, 2, identity());
        let pair: [Item<'_>; 2] = [(&m1, &s1, &issuer.key), (&m2, &s2, &holder.key)];
        assert!(strict(&pair));
        assert!(verify_few(&pair));
        assert!(verify_few(&pair[..1]) && verify_few(&pair[1..]));
        assert!(verify_few(&[]));
        // Each wrong in its own way: another message, another key, swapped signatures.
        let wrong_message: [Item<'_>; 2] = [(&m2, &s1, &issuer.key), (&m2, &s2, &holder.key)];
        let wrong_key: [Item<'_>; 2] = [(&m1, &s1, &issuer.key), (&m2, &s2, &issuer.key)];
        let swapped: [Item<'_>; 2] = [(&m1, &s2, &issuer.key), (&m2, &s1, &holder.key)];
        for bad in [wrong_message, wrong_key, swapped] {
            assert!(!strict(&bad));
            assert!(!verify_few(&bad));
        }
        // verify_strict's refusals by the bytes: S + ℓ is not canonical, a small-order R.
        let mut small_r = s2;
        small_r[..32].copy_from_slice(&EIGHT_TORSION[2].compress().to_bytes());
        assert!(!verify_few(&[
            (&m1, &s1, &issuer.key),
            (&m2, &small_r, &holder.key)
        ]));
        let mut high_s = s2;
        high_s[63] |= 0xf0;
        assert!(!verify_few(&[
            (&m1, &s1, &issuer.key),
            (&m2, &high_s, &holder.key)
        ]));
        // A holder's crafted signature with a torsion residual: refused at least half the time,
        // fresh at each call (the keyed hash takes the thread's count of checks).
        for (torsion, order) in [(EIGHT_TORSION[4], 2u32), (EIGHT_TORSION[1], 8)] {
            let crafted = holder.sign(&m2, 77, torsion);
            assert!(holder.key.verify_strict(&m2, &crafted).is_err());
            let items: [Item<'_>; 2] = [(&m1, &s1, &issuer.key), (&m2, &crafted, &holder.key)];
            let passed = (0..64).filter(|_| verify_few(&items)).count();
            // Expected: 64/order passes.
            assert!(passed <= 48, "order {order}: passed {passed} of 64");
        }
    }

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
