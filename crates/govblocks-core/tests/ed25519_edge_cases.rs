//! Ed25519 edge cases, each through the three places a key or a signature is judged:
//!
//! - (a) key construction, [`PublicKey::from_bytes`]: ok, `key.weak` or `key.invalid`;
//! - (b) single verification, [`PublicKey::verify_strict`] (only when the key constructs);
//! - (c) batch verification: the screening and batch equation of `Verifier::verify_batch`,
//!   reached on raw triples through `govblocks_core::testkit_hook::batch_verify_raw`.
//!
//! Three sets, each case with its expected outcome written here, as ed25519-dalek's
//! `validation_criteria` test does:
//!
//! 1. constructed cases, made by this file from the curve itself (always run): every spelling
//!    of every small-order point, every `y ≥ p`, a mixed-order key, and signatures with a
//!    small-order, non-canonical or torsioned `R` or an out-of-range `S`;
//! 2. the 12 cases of ed25519-speccheck ("Taming the many EdDSAs"), one line per case;
//! 3. the 914 C2SP/CCTV `ed25519vectors.json` cases, by their flags.
//!
//! Sets 2 and 3 are third-party files read as they are from `shared/vectors/ed25519-speccheck/`
//! and `shared/vectors/cctv-ed25519/` beside the checkout (or `$GOVBLOCKS_VECTORS`); see the
//! SOURCE.md in each. A set whose file is absent is reported on stderr and not run.
//!
//! **Batch outcomes that are not asserted.** The batch equation is
//! `−(Σ zᵢsᵢ)B + Σ zᵢRᵢ + Σ (zᵢkᵢ mod ℓ)Aᵢ = 0` with 128-bit coefficients `zᵢ` derived from the
//! inputs, without multiplying by the cofactor. When `R` or `A` has a torsion (low-order)
//! component that the single equation does not cancel exactly, what is left is a torsion point
//! times a coefficient, zero or not depending on the coefficient modulo the torsion's order
//! (2, 4 or 8); and a torsioned `A` is multiplied by `zk mod ℓ`, not `zk`, so even a torsion
//! that cancels in the single equation may be left over. Such a case may pass or fail the
//! batch: it is marked [`Batch::Either`], its outcome is printed, never asserted. This is the
//! gap documented in the `proof` module docs ("What the verifier refuses"): an `R` with a
//! torsion component (only the key holder can make one) fails `verify_strict` but may pass the
//! batch. In the other direction
//! (the batch refuses what `verify_strict` accepts, a torsioned key) nothing is lost:
//! `Verifier::verify_batch` re-checks every signature with `verify_strict` when a batch fails.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use curve25519_dalek::constants::{ED25519_BASEPOINT_POINT as B, EIGHT_TORSION};
use curve25519_dalek::edwards::{CompressedEdwardsY, EdwardsPoint};
use curve25519_dalek::scalar::Scalar;
use govblocks_core::keys::{PublicKey, SecretKey};
use govblocks_core::testkit_hook::batch_verify_raw;
use serde_json::Value;
use sha2::{Digest, Sha512};

/// What key construction does with a case's 32 key bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    /// Builds a [`PublicKey`].
    Ok,
    /// `key.weak`: a small-order point.
    Weak,
    /// `key.invalid`: not canonical (`y ≥ p`, or `x = 0` with the sign bit set), or no point.
    Invalid,
}

/// What `verify_strict` does (asked only when the key builds).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strict {
    Accept,
    Refuse,
    /// The key does not build, so there is nothing to verify with.
    NoKey,
}

/// What the batch does with the case alone (and next to a good signature).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Batch {
    Accept,
    Refuse,
    /// Depends on the batch coefficients: not asserted (see the module docs).
    Either,
    /// The key does not build: the batch hook returns that key error.
    NoKey,
}

/// One signature case: key bytes, message, signature.
struct Case {
    name: String,
    key: [u8; 32],
    msg: Vec<u8>,
    sig: [u8; 64],
}

/// Outcomes seen, per path, for the summary printed by each test.
#[derive(Default, Debug)]
struct Tally {
    key_ok: usize,
    key_weak: usize,
    key_invalid: usize,
    strict_accept: usize,
    strict_refuse: usize,
    batch_accept: usize,
    batch_refuse: usize,
    batch_key_error: usize,
    /// (case, verify_strict accepted, batch passed) for the cases whose batch outcome is not
    /// asserted.
    batch_either: Vec<(String, bool, bool)>,
}

impl Tally {
    fn print(&self, set: &str) {
        let either = &self.batch_either;
        // The documented gap: verify_strict refuses, the batch passes.
        let strict_refused = either.iter().filter(|(_, strict, _)| !strict).count();
        let gap = either
            .iter()
            .filter(|(_, strict, batch)| !strict && *batch)
            .count();
        // Harmless: verify_strict accepts, the batch fails (Verifier re-checks one by one).
        let strict_accepted = either.len() - strict_refused;
        let refused = either
            .iter()
            .filter(|(_, strict, batch)| *strict && !batch)
            .count();
        eprintln!(
            "{set}: key ok {} / weak {} / invalid {}; verify_strict accept {} / refuse {}; \
             batch accept {} / refuse {} / key error {}; not asserted in the batch {}: \
             {gap} of {strict_refused} refused by verify_strict passed the batch, \
             {refused} of {strict_accepted} accepted by verify_strict failed it",
            self.key_ok,
            self.key_weak,
            self.key_invalid,
            self.strict_accept,
            self.strict_refuse,
            self.batch_accept,
            self.batch_refuse,
            self.batch_key_error,
            either.len(),
        );
        if either.len() <= 20 {
            for (name, strict, batch) in either {
                eprintln!(
                    "  {name}: verify_strict {}, batch {} (not asserted)",
                    if *strict { "accepts" } else { "refuses" },
                    if *batch { "passed" } else { "failed" }
                );
            }
        }
    }
}

/// A good signature to put next to a case in a batch of two.
fn good() -> ([u8; 32], Vec<u8>, [u8; 64]) {
    let secret = SecretKey::from_seed(&[0x42; 32]);
    let msg = b"a good signature".to_vec();
    let sig = secret.sign(&msg);
    (secret.public_key().to_bytes(), msg, sig)
}

/// Checks one case against its expected outcomes on the three paths.
fn check(case: &Case, key: Key, strict: Strict, batch: Batch, tally: &mut Tally) {
    let name = &case.name;
    // (a) key construction
    let built = PublicKey::from_bytes(&case.key);
    let got = match &built {
        Ok(_) => Key::Ok,
        Err(e) if e.code() == "key.weak" => Key::Weak,
        Err(e) if e.code() == "key.invalid" => Key::Invalid,
        Err(e) => panic!("{name}: key construction failed with {}: {e}", e.code()),
    };
    assert_eq!(got, key, "{name}: key construction");
    match got {
        Key::Ok => tally.key_ok += 1,
        Key::Weak => tally.key_weak += 1,
        Key::Invalid => tally.key_invalid += 1,
    }

    // (b) single verification
    match &built {
        Ok(public) => {
            let accepted = public.verify_strict(&case.msg, &case.sig).is_ok();
            let got = if accepted {
                Strict::Accept
            } else {
                Strict::Refuse
            };
            assert_eq!(got, strict, "{name}: verify_strict");
            // Differential: ed25519-dalek's own verify_strict gives the same answer (ours
            // screens R by its bytes instead of decompressing it; see `PublicKey::verify_strict`).
            let dalek = ed25519_dalek::VerifyingKey::from_bytes(&case.key)
                .unwrap()
                .verify_strict(&case.msg, &ed25519_dalek::Signature::from_bytes(&case.sig))
                .is_ok();
            assert_eq!(
                accepted, dalek,
                "{name}: ed25519-dalek's verify_strict disagrees"
            );
            if accepted {
                tally.strict_accept += 1;
            } else {
                tally.strict_refuse += 1;
            }
        }
        Err(_) => assert_eq!(strict, Strict::NoKey, "{name}: the key does not build"),
    }

    // (c) batch: the case alone, then next to a good signature (before and after it)
    let item = (case.key, &case.msg[..], case.sig);
    let (gk, gm, gs) = good();
    let pair = [item, (gk, &gm[..], gs)];
    let pair_reversed = [(gk, &gm[..], gs), item];
    match batch {
        Batch::NoKey => {
            assert_eq!(got, key, "{name}");
            for items in [&[item][..], &pair, &pair_reversed] {
                let err = batch_verify_raw(items).expect_err(name);
                assert_eq!(
                    Some(err.code()),
                    built.as_ref().err().map(|e| e.code()),
                    "{name}: batch key error"
                );
            }
            tally.batch_key_error += 1;
        }
        Batch::Accept | Batch::Refuse => {
            let want = batch == Batch::Accept;
            for items in [&[item][..], &pair, &pair_reversed] {
                assert_eq!(
                    batch_verify_raw(items).unwrap(),
                    want,
                    "{name}: batch of {}",
                    items.len()
                );
            }
            if want {
                tally.batch_accept += 1;
            } else {
                tally.batch_refuse += 1;
            }
        }
        Batch::Either => {
            let alone = batch_verify_raw(&[item]).unwrap();
            tally
                .batch_either
                .push((name.clone(), strict == Strict::Accept, alone));
        }
    }
}

fn hex32(text: &str) -> [u8; 32] {
    hex::decode(text).unwrap().try_into().unwrap()
}

fn hex64(text: &str) -> [u8; 64] {
    hex::decode(text).unwrap().try_into().unwrap()
}

/// A vector file from `shared/vectors`, or `None` (with a note on stderr) when it is absent.
fn optional_vector(rel: &str) -> Option<Value> {
    let path = common::vector_path(rel);
    match std::fs::read(&path) {
        Ok(bytes) => Some(serde_json::from_slice(&bytes).unwrap()),
        Err(e) => {
            eprintln!(
                "NOT RUN: third-party vectors {} are absent ({e}); see the module docs",
                path.display()
            );
            None
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 1. Constructed cases
// ---------------------------------------------------------------------------------------------

/// The encoding of y = p + k (k < 19) with the sign bit `sign`.
fn p_plus(k: u8, sign: bool) -> [u8; 32] {
    let mut bytes = [0xffu8; 32];
    bytes[0] = 0xed + k;
    bytes[31] = if sign { 0xff } else { 0x7f };
    bytes
}

/// Every encoding that decompresses to a small-order point: the 8 canonical ones, then the
/// non-canonical ones (y ≥ p for the points with y < 19, and x = 0 with the sign bit set).
fn small_order_encodings() -> (Vec<[u8; 32]>, Vec<[u8; 32]>) {
    let canonical: Vec<[u8; 32]> = EIGHT_TORSION.iter().map(|p| p.compress().0).collect();
    let mut alternative = Vec::new();
    for k in 0..19u8 {
        for sign in [false, true] {
            let bytes = p_plus(k, sign);
            if let Some(point) = CompressedEdwardsY(bytes).decompress() {
                if point.is_small_order() {
                    alternative.push(bytes);
                }
            }
        }
    }
    for bytes in &canonical {
        let mut flipped = *bytes;
        flipped[31] ^= 0x80;
        if !canonical.contains(&flipped) {
            alternative.push(flipped);
        }
    }
    (canonical, alternative)
}

#[test]
fn every_spelling_of_a_small_order_point_is_refused_as_a_key() {
    let (canonical, alternative) = small_order_encodings();
    // "eight plus six alternative encodings" (C2SP/CCTV ed25519/README.md)
    assert_eq!(canonical.len(), 8);
    assert_eq!(alternative.len(), 6);
    for bytes in &canonical {
        let err = PublicKey::from_bytes(bytes).unwrap_err();
        assert_eq!(err.code(), "key.weak", "{}", hex::encode(bytes));
    }
    for bytes in &alternative {
        let err = PublicKey::from_bytes(bytes).unwrap_err();
        assert_eq!(err.code(), "key.invalid", "{}", hex::encode(bytes));
        assert!(err.to_string().contains("non-canonical"), "{err}");
    }
}

#[test]
fn every_y_at_or_above_p_is_refused_as_a_key_whether_or_not_it_decodes() {
    let mut decodes = 0;
    for k in 0..19u8 {
        for sign in [false, true] {
            let bytes = p_plus(k, sign);
            decodes += usize::from(CompressedEdwardsY(bytes).decompress().is_some());
            let err = PublicKey::from_bytes(&bytes).unwrap_err();
            assert_eq!(err.code(), "key.invalid", "y = p + {k}");
            assert!(err.to_string().contains("(y ≥ p)"), "y = p + {k}: {err}");
        }
    }
    // Some of them are second names of real points (y = p + 3 among them, the example).
    assert!(decodes > 0);
    assert!(CompressedEdwardsY(p_plus(3, false)).decompress().is_some());
}

/// A fixed scalar from a label (the constructed cases are the same on every run).
fn scalar(label: &str) -> Scalar {
    Scalar::from_bytes_mod_order_wide(&Sha512::digest(label.as_bytes()).into())
}

/// k = SHA-512(R ‖ A ‖ M) mod ℓ.
fn challenge(r: &[u8; 32], a: &[u8; 32], msg: &[u8]) -> Scalar {
    let mut h = Sha512::new();
    h.update(r);
    h.update(a);
    h.update(msg);
    Scalar::from_bytes_mod_order_wide(&h.finalize().into())
}

/// Whether ed25519-dalek's RFC 8032 `verify` (no small-order screening) accepts: the cases
/// that only the screening of R refuses pass it.
fn rfc8032_accepts(key: &[u8; 32], msg: &[u8], sig: &[u8; 64]) -> bool {
    use ed25519_dalek::Verifier;
    ed25519_dalek::VerifyingKey::from_bytes(key)
        .unwrap()
        .verify(msg, &ed25519_dalek::Signature::from_bytes(sig))
        .is_ok()
}

/// A Schnorr signature (R, s = r + k·a) over the encodings given for R and A.
fn sign_raw(
    r_point: EdwardsPoint,
    r: Scalar,
    a: Scalar,
    a_bytes: &[u8; 32],
    msg: &[u8],
) -> [u8; 64] {
    let r_bytes = r_point.compress().0;
    let s = r + challenge(&r_bytes, a_bytes, msg) * a;
    let mut sig = [0u8; 64];
    sig[..32].copy_from_slice(&r_bytes);
    sig[32..].copy_from_slice(s.as_bytes());
    sig
}

#[test]
fn constructed_cases() {
    let mut tally = Tally::default();
    let a = scalar("govblocks edge cases: key");
    let a_point = a * B;
    let a_bytes = a_point.compress().0;
    let msg = b"govblocks edge cases".to_vec();
    let r = scalar("govblocks edge cases: nonce");
    let t8 = EIGHT_TORSION[1]; // a point of order 8
    let case = |name: &str, key: [u8; 32], sig: [u8; 64]| Case {
        name: name.to_string(),
        key,
        msg: msg.clone(),
        sig,
    };

    // A plain, valid signature: accepted everywhere.
    let valid = sign_raw(r * B, r, a, &a_bytes, &msg);
    check(
        &case("valid", a_bytes, valid),
        Key::Ok,
        Strict::Accept,
        Batch::Accept,
        &mut tally,
    );

    // S + ℓ (not reduced): refused by both (S must be canonical).
    let mut s_plus_l = valid;
    let s = Scalar::from_canonical_bytes(valid[32..].try_into().unwrap()).unwrap();
    let l_minus_1 = -Scalar::ONE; // ℓ − 1
    let big = (s.as_bytes().iter().zip(l_minus_1.as_bytes()))
        .scan(1u16, |carry, (x, y)| {
            let sum = u16::from(*x) + u16::from(*y) + *carry;
            *carry = sum >> 8;
            Some(sum as u8)
        })
        .collect::<Vec<u8>>(); // s + (ℓ − 1) + 1 = s + ℓ, < 2^253: no carry out
    s_plus_l[32..].copy_from_slice(&big);
    check(
        &case("S + l", a_bytes, s_plus_l),
        Key::Ok,
        Strict::Refuse,
        Batch::Refuse,
        &mut tally,
    );

    // R a small-order point, under every spelling, with any S: refused by both (the batch by
    // its screening of R).
    let (canonical, alternative) = small_order_encodings();
    for (i, r_bytes) in canonical.iter().chain(&alternative).enumerate() {
        let mut sig = valid;
        sig[..32].copy_from_slice(r_bytes);
        check(
            &case(&format!("small-order R #{i}"), a_bytes, sig),
            Key::Ok,
            Strict::Refuse,
            Batch::Refuse,
            &mut tally,
        );
    }

    // R a small-order point that satisfies the cofactorless equation (so RFC 8032's `verify`
    // accepts it): refused by the screening of R alone, in single and batch verification.
    // With R = the identity and s = k·a, sB − kA is the identity itself.
    let identity = EdwardsPoint::default();
    let identity_sig = sign_raw(identity, Scalar::ZERO, a, &a_bytes, &msg);
    assert!(rfc8032_accepts(&a_bytes, &msg, &identity_sig));
    check(
        &case(
            "small-order R (identity) satisfying the equation",
            a_bytes,
            identity_sig,
        ),
        Key::Ok,
        Strict::Refuse,
        Batch::Refuse,
        &mut tally,
    );
    // With a mixed-order key A = aB + T and s = k·a, sB − kA = −k·T: a small-order R equal to
    // it satisfies the equation (found by trying messages, one in eight on average).
    let mixed_key = (a_point + t8).compress().0;
    let mut satisfied = 0;
    for i in 0..400 {
        let target = EIGHT_TORSION[1 + i % 7];
        let m = format!("small-order R, mixed key {i}").into_bytes();
        let k = challenge(&target.compress().0, &mixed_key, &m);
        if -(k * t8) != target {
            continue;
        }
        let sig = sign_raw(target, Scalar::ZERO, a, &mixed_key, &m);
        assert!(rfc8032_accepts(&mixed_key, &m, &sig));
        check(
            &Case {
                name: format!("small-order R satisfying the equation, mixed key, message {i}"),
                key: mixed_key,
                msg: m,
                sig,
            },
            Key::Ok,
            Strict::Refuse,
            Batch::Refuse,
            &mut tally,
        );
        satisfied += 1;
        if satisfied == 4 {
            break;
        }
    }
    assert_eq!(
        satisfied, 4,
        "fewer than 4 of 400 messages fit a small-order R"
    );

    // R = rB + T (order 8), signed by the key holder with k over that R: the cofactorless
    // equation is off by T, so verify_strict refuses; the batch is left with z·T, zero when
    // 8 divides z. The documented gap: the batch may accept (about one in eight).
    for i in 0..16 {
        let m = format!("torsioned R {i}").into_bytes();
        let sig = sign_raw(r * B + t8, r, a, &a_bytes, &m);
        check(
            &Case {
                name: format!("torsioned R, message {i}"),
                key: a_bytes,
                msg: m,
                sig,
            },
            Key::Ok,
            Strict::Refuse,
            Batch::Either,
            &mut tally,
        );
    }

    // A mixed-order key A = aB + T: builds (no blocklist can see the torsion; a full-order check
    // is not made). Signed over a k that is a multiple of 8, the torsion vanishes from k·A, so
    // verify_strict accepts; the batch multiplies A by zk mod ℓ, where it may not vanish.
    let mixed = a_point + t8;
    let mixed_bytes = mixed.compress().0;
    let mut found = 0;
    for i in 0..200 {
        let m = format!("mixed-order key {i}").into_bytes();
        let k = challenge(&(r * B).compress().0, &mixed_bytes, &m);
        if k.as_bytes()[0] % 8 != 0 {
            continue;
        }
        let sig = sign_raw(r * B, r, a, &mixed_bytes, &m);
        check(
            &Case {
                name: format!("mixed-order key, message {i}"),
                key: mixed_bytes,
                msg: m,
                sig,
            },
            Key::Ok,
            Strict::Accept,
            Batch::Either,
            &mut tally,
        );
        found += 1;
        if found == 4 {
            break;
        }
    }
    assert_eq!(
        found, 4,
        "fewer than 4 of 200 messages give a k divisible by 8"
    );

    // Keys: every small-order spelling, and y = p + 3 (the example), with a valid
    // signature beside them (nothing to verify: the key does not build).
    for (i, k) in canonical.iter().enumerate() {
        check(
            &case(&format!("small-order A #{i}"), *k, valid),
            Key::Weak,
            Strict::NoKey,
            Batch::NoKey,
            &mut tally,
        );
    }
    for (i, k) in alternative.iter().chain([&p_plus(3, false)]).enumerate() {
        check(
            &case(&format!("non-canonical A #{i}"), *k, valid),
            Key::Invalid,
            Strict::NoKey,
            Batch::NoKey,
            &mut tally,
        );
    }

    tally.print("constructed");
}

// ---------------------------------------------------------------------------------------------
// 2. ed25519-speccheck: 12 cases, one expected line each
// ---------------------------------------------------------------------------------------------

/// The expected outcome of each speccheck case, in file order. "small" is a point of order at
/// most 8, "mixed" has a torsion and a prime-order component, "L" is of prime order ℓ.
const SPECCHECK: [(Key, Strict, Batch, &str); 12] = [
    // 0: S = 0, A and R small: A is of order 8.
    (Key::Weak, Strict::NoKey, Batch::NoKey, "A small (order 8)"),
    // 1: A small, R mixed: A is of order 8.
    (Key::Weak, Strict::NoKey, Batch::NoKey, "A small (order 8)"),
    // 2: A mixed, R small: verify_strict refuses a small-order R; the batch screening too.
    (Key::Ok, Strict::Refuse, Batch::Refuse, "R small"),
    // 3: A and R mixed, torsions cancel in the cofactorless equation: verify_strict accepts
    //    (it does not check full order). The batch multiplies A by zk mod ℓ, so A's torsion
    //    may not cancel: the batch may refuse (harmless, Verifier re-checks one by one).
    (
        Key::Ok,
        Strict::Accept,
        Batch::Either,
        "mixed A and R, cancelling",
    ),
    // 4: A and R mixed, only the cofactored equation holds: verify_strict refuses; the batch
    //    may accept (the documented gap).
    (Key::Ok, Strict::Refuse, Batch::Either, "cofactored only"),
    // 5: A mixed, R of order ℓ, only the cofactored equation holds (with 8k not prereduced):
    //    verify_strict refuses; the batch may accept.
    (
        Key::Ok,
        Strict::Refuse,
        Batch::Either,
        "cofactored only, prereduced k",
    ),
    // 6: S > ℓ: not canonical, refused by both.
    (Key::Ok, Strict::Refuse, Batch::Refuse, "S > L"),
    // 7: S ≫ ℓ (high bits set): refused by both.
    (Key::Ok, Strict::Refuse, Batch::Refuse, "S >> L"),
    // 8: R = (0, −1) with the sign bit set (non-canonical), k over the reduced R: verify_strict
    //    compares encodings and refuses; the batch screening refuses a non-canonical R.
    (
        Key::Ok,
        Strict::Refuse,
        Batch::Refuse,
        "non-canonical R, k reduced",
    ),
    // 9: the same R, k over the R as sent: refused by both.
    (
        Key::Ok,
        Strict::Refuse,
        Batch::Refuse,
        "non-canonical R, k not reduced",
    ),
    // 10: A = (0, −1) with the sign bit set: non-canonical, key.invalid (before key.weak).
    (
        Key::Invalid,
        Strict::NoKey,
        Batch::NoKey,
        "non-canonical A, k reduced",
    ),
    // 11: the same A, k over the A as sent: key.invalid.
    (
        Key::Invalid,
        Strict::NoKey,
        Batch::NoKey,
        "non-canonical A, k not reduced",
    ),
];

#[test]
fn ed25519_speccheck_cases() {
    let Some(vectors) = optional_vector("ed25519-speccheck/cases.json") else {
        return;
    };
    let cases = vectors.as_array().unwrap();
    assert_eq!(cases.len(), SPECCHECK.len());
    let mut tally = Tally::default();
    for (i, (case, (key, strict, batch, what))) in cases.iter().zip(SPECCHECK).enumerate() {
        let case = Case {
            name: format!("speccheck {i} ({what})"),
            key: hex32(case["pub_key"].as_str().unwrap()),
            msg: hex::decode(case["message"].as_str().unwrap()).unwrap(),
            sig: hex64(case["signature"].as_str().unwrap()),
        };
        check(&case, key, strict, batch, &mut tally);
    }
    tally.print("ed25519-speccheck");
    assert_eq!((tally.key_ok, tally.key_weak, tally.key_invalid), (8, 2, 2));
    assert_eq!((tally.strict_accept, tally.strict_refuse), (1, 7));
}

// ---------------------------------------------------------------------------------------------
// 3. C2SP/CCTV ed25519vectors.json: 914 cases, expected outcome by flags
// ---------------------------------------------------------------------------------------------

/// The expected outcome of a CCTV case from its flags (see C2SP/CCTV ed25519/README.md).
fn cctv_expected(flags: &[&str]) -> (Key, Strict, Batch) {
    let has = |f: &str| flags.contains(&f);
    // (a) Every non-canonical A is a second spelling of a small-order point: refused as
    //     non-canonical first. Other small-order A: weak. Everything else builds (a mixed-order
    //     A, `low_order_component_A` alone, cannot be seen without a full-order check).
    let key = if has("non_canonical_A") {
        Key::Invalid
    } else if has("low_order_A") {
        Key::Weak
    } else {
        Key::Ok
    };
    if key != Key::Ok {
        return (key, Strict::NoKey, Batch::NoKey);
    }
    // (b) verify_strict accepts exactly the cases whose flags are within
    //     {low_order_component_A, low_order_component_R} (ed25519-dalek's own criteria).
    let strict_ok = flags
        .iter()
        .all(|f| matches!(*f, "low_order_component_A" | "low_order_component_R"));
    let strict = if strict_ok {
        Strict::Accept
    } else {
        Strict::Refuse
    };
    // (c) A small-order R (every non-canonical R is one) is screened out; a case without any
    //     flag is an ordinary valid signature; any remaining torsion makes the batch depend on
    //     its coefficients.
    let batch = if has("low_order_R") {
        Batch::Refuse
    } else if flags.is_empty() {
        Batch::Accept
    } else {
        Batch::Either
    };
    (key, strict, batch)
}

#[test]
fn cctv_ed25519_vectors() {
    let Some(vectors) = optional_vector("cctv-ed25519/ed25519vectors.json") else {
        return;
    };
    let cases = vectors.as_array().unwrap();
    assert_eq!(cases.len(), 914);
    let mut tally = Tally::default();
    for case in cases {
        let flags: Vec<&str> = case["flags"]
            .as_array()
            .map(|f| f.iter().map(|v| v.as_str().unwrap()).collect())
            .unwrap_or_default();
        let (key, strict, batch) = cctv_expected(&flags);
        let case = Case {
            name: format!("cctv {} {flags:?}", case["number"]),
            key: hex32(case["key"].as_str().unwrap()),
            msg: case["msg"].as_str().unwrap().as_bytes().to_vec(),
            sig: hex64(case["sig"].as_str().unwrap()),
        };
        check(&case, key, strict, batch, &mut tally);
    }
    tally.print("C2SP/CCTV ed25519");
}

proptest::proptest! {
    /// `PublicKey::verify_strict` and ed25519-dalek's `verify_strict` agree on valid signatures
    /// and on every one-bit change of them (key, message or signature).
    #[test]
    fn verify_strict_agrees_with_ed25519_dalek(
        seed in proptest::array::uniform32(proptest::prelude::any::<u8>()),
        msg in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..96),
        flip in proptest::option::of(0usize..(64 * 8)),
    ) {
        use govblocks_core::signer::Signer;
        let key = SecretKey::from_seed(&seed);
        let mut sig = key.try_sign(&msg).unwrap();
        if let Some(bit) = flip {
            sig[bit / 8] ^= 1 << (bit % 8);
        }
        let public = key.public_key();
        let ours = public.verify_strict(&msg, &sig).is_ok();
        let dalek = ed25519_dalek::VerifyingKey::from_bytes(&public.to_bytes())
            .unwrap()
            .verify_strict(&msg, &ed25519_dalek::Signature::from_bytes(&sig))
            .is_ok();
        proptest::prop_assert_eq!(ours, dalek);
        proptest::prop_assert_eq!(ours, flip.is_none());
    }
}
