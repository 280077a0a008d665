//! Properties checked by the fuzz targets in `fuzz/` and replayed on stable Rust by
//! `tests/fuzz_corpus.rs`, so that the fuzzers and the corpus replay can never drift apart.
//!
//! Not part of the public API: hidden from the documentation and free to change in any release.
//!
//! Each function takes arbitrary bytes and returns normally unless the property it checks is
//! violated, in which case it panics with a description of the violation (that is what a fuzzer
//! reports as a crash). Input that is merely invalid is not a violation.
//!
//! [`batch_verify_raw`] is the one exception: not a property but a test hook, which runs raw
//! `(key, message, signature)` triples through the batch path of `Verifier::verify_batch` (its
//! public entry point only takes documents), for the Ed25519 edge-case vectors.
//!
//! To add a property: add a `pub fn name(data: &[u8])` here, a three-line target in
//! `fuzz/fuzz_targets/name.rs` (plus its `[[bin]]` in `fuzz/Cargo.toml`), and one line in the
//! `TARGETS` table of `tests/fuzz_corpus.rs`.

// Panicking is this module's purpose: a panic is how a violated property is reported.
#![allow(clippy::panic)]

use crate::json::{self, Limits};
use crate::{jcs, Error};
use serde_json::Value;

/// The error codes for input that is well-formed JSON but refused by policy (strictness rules
/// `serde_json` does not apply, or a limit).
const POLICY_CODES: &[&str] = &[
    "json.duplicate_key",
    "json.number_inexact",
    // serde_json reads `1e-400` as 0; the strict parser refuses the underflow.
    "json.number_out_of_range",
    "json.too_large",
    "json.too_deep",
    "json.array_too_long",
    "json.too_many_members",
    "json.string_too_long",
];

const LIMIT_CODES: &[&str] = &[
    "json.too_large",
    "json.too_deep",
    "json.array_too_long",
    "json.too_many_members",
    "json.string_too_long",
];

/// Limits small enough that short fuzz inputs cross every one of them.
fn tight_limits() -> Limits {
    Limits {
        max_bytes: 1024,
        max_depth: 4,
        max_array_len: 4,
        max_object_members: 4,
        max_string_bytes: 8,
    }
}

/// Strict parsing of arbitrary bytes:
///
/// - never panics, and every error has a `json.*` code and a printable message;
/// - agrees with `serde_json::from_slice::<Value>`: whatever the strict parser accepts,
///   serde_json accepts as the same value (numbers compared as doubles); whatever serde_json rejects, the strict parser
///   rejects; what only the strict parser rejects is rejected for a policy reason (duplicate
///   key or a limit);
/// - limits only ever take away: under tight limits the parser accepts a subset with equal
///   values, and any error other than a limit is exactly the error of the default limits.
pub fn strict_parse(data: &[u8]) {
    let strict = json::parse(data);
    if let Err(e) = &strict {
        check_error(e);
    }
    let reference = serde_json::from_slice::<Value>(data);
    match (&strict, &reference) {
        (Ok(ours), Ok(theirs)) => {
            // Integers beyond ±(2^53 − 1) are read as the double RFC 8785 signs; serde_json
            // keeps a u64 of the same value.
            if !same_as_doubles(ours, theirs) {
                panic!("strict parse and serde_json disagree: {ours:?} != {theirs:?}");
            }
        }
        (Ok(ours), Err(e)) => {
            panic!("strict parse accepted what serde_json rejects ({e}): {ours:?}")
        }
        (Err(e), Ok(_)) => {
            if !POLICY_CODES.contains(&e.code()) {
                panic!("strict parse rejected valid JSON with {}: {e}", e.code());
            }
        }
        (Err(_), Err(_)) => {}
    }

    let tight = json::parse_with_limits(data, &tight_limits());
    match (&tight, &strict) {
        (Ok(t), Ok(d)) => {
            if t != d {
                panic!("tight and default limits give different values: {t:?} != {d:?}");
            }
        }
        (Ok(t), Err(e)) => panic!("tight limits accepted {t:?}, default limits rejected: {e}"),
        (Err(t), _) => {
            check_error(t);
            if !LIMIT_CODES.contains(&t.code()) {
                match &strict {
                    Err(d) if d.to_string() == t.to_string() => {}
                    other => panic!("under tight limits {t}, under default limits {other:?}"),
                }
            }
        }
    }
}

/// RFC 8785 canonicalization of whatever strict parsing accepts:
///
/// - the canonical bytes parse strictly again (they may be longer than the input, so without a
///   byte limit);
/// - canonicalizing that value gives the same bytes (canonicalization is idempotent);
/// - the value is unchanged, numbers compared as doubles.
pub fn canonicalize_roundtrip(data: &[u8]) {
    let Ok(value) = json::parse(data) else {
        return;
    };
    let c1 = jcs::canonicalize(&value);
    let unbounded = Limits {
        max_bytes: usize::MAX,
        ..Limits::default()
    };
    let v2 = match json::parse_with_limits(&c1, &unbounded) {
        Ok(v) => v,
        Err(e) => panic!(
            "canonical form does not parse ({e}): {}",
            String::from_utf8_lossy(&c1)
        ),
    };
    let c2 = jcs::canonicalize(&v2);
    if c1 != c2 {
        panic!(
            "canonicalization is not idempotent:\n{}\n{}",
            String::from_utf8_lossy(&c1),
            String::from_utf8_lossy(&c2)
        );
    }
    if !same_as_doubles(&value, &v2) {
        panic!("canonicalization changed the value: {value:?} became {v2:?}");
    }
}

fn check_error(e: &Error) {
    let code = e.code();
    if !code.starts_with("json.") {
        panic!("strict parse returned a non-JSON error {code}: {e}");
    }
    let _message = e.to_string();
}

/// Structural equality where numbers compare as doubles.
fn same_as_doubles(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(xs), Value::Array(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| same_as_doubles(x, y))
        }
        (Value::Object(xs), Value::Object(ys)) => {
            xs.len() == ys.len()
                && xs
                    .iter()
                    .all(|(k, x)| ys.get(k).is_some_and(|y| same_as_doubles(x, y)))
        }
        _ => a == b,
    }
}

/// The key the proof and JWS properties sign with and verify against.
fn fuzz_key() -> &'static crate::keys::SecretKey {
    static KEY: std::sync::OnceLock<crate::keys::SecretKey> = std::sync::OnceLock::new();
    KEY.get_or_init(|| crate::keys::SecretKey::from_seed(&[0x5a; 32]))
}

/// Data Integrity verification of arbitrary bytes (did:key, any controller, any purpose, a
/// fixed clock):
///
/// - never panics; every error has a code;
/// - a document that verifies comes back unchanged, and also verifies in a batch (whatever
///   `verify_strict` accepts, the batch accepts);
/// - sign → verify: any object without a `proof` can be signed, and then verifies (signing may
///   only refuse it for a schema reason, e.g. an `@context` that is not a context).
pub fn verify_proof(data: &[u8]) {
    use crate::clock::FixedClock;
    use crate::proof::{add_proof, ProofOptions, Verifier};
    use crate::resolver::{DidKeyResolver, TrustList};

    let Ok(value) = json::parse(data) else {
        return;
    };
    // 2024-01-01T00:00:00Z: fixed, so a corpus replays the same way every year.
    let now = time::OffsetDateTime::from_unix_timestamp(1_704_067_200)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let verifier = Verifier::new(DidKeyResolver, TrustList::any())
        .any_purpose()
        .with_clock(FixedClock::new(now));
    match verifier.verify(value.clone()) {
        Ok(verified) => {
            assert_eq!(
                verified.value(),
                &value,
                "verification changed the document"
            );
            for result in verifier.verify_batch(vec![value.clone(), value.clone()]) {
                if let Err(e) = result {
                    panic!("verify_strict accepted a document the batch refused: {e}");
                }
            }
        }
        Err(e) => assert!(!e.code().is_empty() && !e.to_string().is_empty()),
    }
    if value.as_object().is_some_and(|m| !m.contains_key("proof")) {
        match add_proof(value, fuzz_key(), &ProofOptions::assertion()) {
            Ok(signed) => {
                if let Err(e) = verifier.verify(signed) {
                    panic!("a document just signed does not verify: {e}");
                }
            }
            Err(e) => assert!(
                e.code().starts_with("schema."),
                "signing refused a proof-less object for a non-schema reason: {e}"
            ),
        }
    }
}

/// Compact JWS of arbitrary bytes (read as UTF-8, lossily):
///
/// - header decoding and verification, attached and detached, never panic;
/// - sign → verify: the bytes as a payload, in every mode, sign and then verify to the same
///   payload.
pub fn jws_parse(data: &[u8]) {
    use crate::jws::{self, JwsOptions};

    let key = fuzz_key().public_key();
    let text = String::from_utf8_lossy(data);
    let _ = jws::decode_unverified_header(&text);
    let _ = jws::verify(&text, &key, None);
    let _ = jws::verify(&text, &key, Some(b"fuzz"));

    for options in [
        JwsOptions::attached(),
        JwsOptions::detached(),
        JwsOptions::detached_unencoded(),
    ] {
        let compact = match jws::sign(data, fuzz_key(), &options) {
            Ok(compact) => compact,
            Err(e) => panic!("signing a payload failed: {e}"),
        };
        // An empty attached payload looks exactly like a detached one (`header..signature`),
        // so it is verified by supplying it.
        let detached = (options.payload_mode() != jws::PayloadMode::Attached || data.is_empty())
            .then_some(data);
        match jws::verify(&compact, &key, detached) {
            Ok(verified) => assert_eq!(verified.payload(), data, "payload changed"),
            Err(e) => panic!("a JWS just signed does not verify: {e}"),
        }
    }
}

/// Batch verification of raw `(public key bytes, message, signature)` triples, through exactly
/// what `Verifier::verify_batch` runs on the signatures of its documents: each key is built with
/// [`PublicKey::from_bytes`](crate::keys::PublicKey::from_bytes) (the first refusal is the
/// error), then every `R` is screened and one `ed25519_dalek::verify_batch` checks them all.
///
/// `Ok(true)` when the whole batch verifies (and for an empty one). A test hook for the edge-case
/// vectors, not a property: it does not panic.
pub fn batch_verify_raw(items: &[([u8; 32], &[u8], [u8; 64])]) -> crate::Result<bool> {
    let keys = items
        .iter()
        .map(|(key, _, _)| crate::keys::PublicKey::from_bytes(key))
        .collect::<crate::Result<Vec<_>>>()?;
    let triples: Vec<crate::proof::batch::Item<'_>> = items
        .iter()
        .zip(&keys)
        .map(|((_, message, signature), key)| (*message, signature, key))
        .collect();
    Ok(crate::proof::batch::verify(&triples))
}
