//! Regression tests for the hostile-input campaign (issue 5): one test per finding, named after
//! it. Each failed (or panicked) before the fix.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::clock::{FixedClock, Timestamp};
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{add_proof, ProofOptions, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_core::schema::{ids, SchemaRegistry};
use govblocks_core::{json, Error};
use serde_json::{json, Value};
use time::{Date, Duration, OffsetDateTime, Time};

fn t(s: &str) -> Timestamp {
    Timestamp::parse(s, "t").unwrap()
}

fn key(n: u8) -> SecretKey {
    SecretKey::from_seed(&[n; 32])
}

fn verifier() -> Verifier {
    Verifier::new(DidKeyResolver, TrustList::any())
        .with_clock(FixedClock::new(t("2024-06-01T00:00:00Z")))
}

fn code<T: std::fmt::Debug>(r: Result<T, Error>) -> &'static str {
    r.expect_err("must fail").code()
}

/// A proof with `created` set by hand (no valid signature needed: the time check comes first).
fn with_created(created: &str) -> Value {
    let vm = key(1).public_key().verification_method();
    json!({
        "id": "urn:x",
        "proof": {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-jcs-2022",
            "created": created,
            "verificationMethod": vm,
            "proofPurpose": "assertionMethod",
            "proofValue": format!("z{}", "1".repeat(64)),
        }
    })
}

// ---- 1. the crash ---------------------------------------------------------------------------

#[test]
fn created_beyond_year_9999_in_utc_does_not_panic() {
    // 9999-12-31T23:59:59-00:01 is 10000-01-01T00:00:59Z.
    let doc = with_created("9999-12-31T23:59:59-00:01");
    assert_eq!(code(verifier().verify(doc.clone())), "proof.not_yet_valid");
    assert_eq!(
        code(verifier().verify_bytes(doc.to_string().as_bytes())),
        "proof.not_yet_valid"
    );
    for result in verifier().verify_batch(vec![doc.clone(), doc]) {
        assert_eq!(code(result), "proof.not_yet_valid");
    }
    // The message names the instant as written, which is a valid dateTimeStamp.
    let e = verifier()
        .verify(with_created("9999-12-31T23:59:59-14:00"))
        .unwrap_err();
    assert!(e.to_string().contains("9999-12-31T23:59:59-14:00"), "{e}");
}

#[test]
fn expires_at_the_edge_of_the_range_verifies_and_prints() {
    let expires = t("9999-12-31T23:59:59-14:00");
    let options = ProofOptions::assertion()
        .with_created(t("2024-01-01T00:00:00Z"))
        .with_expires(expires);
    let signed = add_proof(json!({"id": "urn:x"}), &key(1), &options).unwrap();
    assert_eq!(signed["proof"]["expires"], "9999-12-31T23:59:59-14:00");
    let verified = verifier().verify(signed).unwrap();
    assert_eq!(
        verified.proofs()[0].expires.unwrap().to_string(),
        "9999-12-31T23:59:59-14:00"
    );
}

#[test]
fn add_proof_with_created_at_the_edge_of_the_range_does_not_panic() {
    let options = ProofOptions::assertion().with_created(t("0001-01-01T00:00:00+14:00"));
    let signed = add_proof(json!({"id": "urn:x"}), &key(1), &options).unwrap();
    assert_eq!(signed["proof"]["created"], "0001-01-01T00:00:00+14:00");
    verifier().verify(signed).unwrap();
}

#[test]
fn now_plus_skew_past_the_range_does_not_panic() {
    let signed = add_proof(
        json!({"id": "urn:x"}),
        &key(1),
        &ProofOptions::assertion()
            .with_created(t("2024-01-01T00:00:00Z"))
            .with_expires(t("2030-01-01T00:00:00Z")),
    )
    .unwrap();
    let max = OffsetDateTime::new_utc(Date::MAX, Time::MIDNIGHT);
    let min = OffsetDateTime::new_utc(Date::MIN, Time::MIDNIGHT);
    for now in [max, min] {
        for skew in [
            Duration::MAX,
            Duration::MIN,
            Duration::ZERO,
            Duration::days(1),
        ] {
            let v = Verifier::new(DidKeyResolver, TrustList::any())
                .with_clock(FixedClock::new(now))
                .with_skew(skew);
            // Any outcome but a panic: expired at the far end, not yet valid at the near one,
            // unless the skew covers everything.
            let _ = v.verify(signed.clone());
            let _ = v.verify(with_created("9999-12-31T23:59:59-14:00"));
        }
    }
    let far = Verifier::new(DidKeyResolver, TrustList::any()).with_clock(FixedClock::new(max));
    assert_eq!(code(far.verify(signed)), "proof.expired");
}

// ---- 2. date-times ----------------------------------------------------------------------------

/// Every string here goes through both the verifier's parser and the `dateTimeStamp` schema;
/// they must agree, and agree with the expected outcome.
#[test]
fn datetimes_the_schema_refuses_are_refused_by_the_verifier() {
    let cases: &[(&str, bool)] = &[
        ("2023-02-24T23:36:38Z", true),
        ("2023-02-24T23:36:38.1Z", true),
        ("2023-02-24T23:36:38.123456789Z", true),
        ("2023-02-24T23:36:38+14:00", true),
        ("2023-02-24T23:36:38-14:00", true),
        ("2023-02-24T23:36:38+05:30", true),
        ("2023-02-24T23:36:38-00:00", true),
        ("2024-02-29T00:00:00Z", true),
        ("0001-01-01T00:00:00Z", true),
        ("0001-01-01T00:00:00+14:00", true),
        ("9999-12-31T23:59:59Z", true),
        ("9999-12-31T23:59:59-14:00", true),
        ("9999-12-31T23:59:59-00:01", true),
        ("2023-02-24t23:36:38Z", false),
        ("2023-02-24T23:36:38z", false),
        ("2016-12-31T23:59:60Z", false),
        ("2023-02-24T24:00:00Z", false),
        ("2023-02-24T23:36:38+14:01", false),
        ("2023-02-24T23:36:38+23:59", false),
        ("2023-02-24T23:36:38-23:59", false),
        ("2023-02-24T23:36:38+15:00", false),
        ("2023-02-24T23:36:38+05:60", false),
        ("2023-02-24T23:36:38.1234567890Z", false),
        ("0000-01-01T00:00:00Z", false),
        ("0000-01-01T00:00:00+23:59", false),
        ("2023-02-30T00:00:00Z", false),
        ("2023-02-29T00:00:00Z", false),
        ("2023-13-01T00:00:00Z", false),
        ("2023-02-24T23:36:38", false),
        ("2023-02-24 23:36:38Z", false),
        ("2023-02-24T23:36Z", false),
        ("2023-02-24T23:36:38.Z", false),
        ("2023-02-24T23:36:38+0530", false),
        ("12023-02-24T23:36:38Z", false),
        ("2023-2-24T23:36:38Z", false),
        ("", false),
    ];
    let mut long_fraction = "2023-02-24T23:36:38.".to_string();
    long_fraction.push_str(&"1".repeat(1000));
    long_fraction.push('Z');

    let schema = SchemaRegistry::builder()
        .with_core()
        .add_value(json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://test.example/date-time.json",
            "$ref": format!("{}#/$defs/dateTimeStamp", ids::DEFS)
        }))
        .unwrap()
        .build()
        .unwrap();
    let owned: Vec<(String, bool)> = cases
        .iter()
        .map(|(s, ok)| (s.to_string(), *ok))
        .chain([(long_fraction, false)])
        .collect();
    for (text, expected) in &owned {
        let ours = Timestamp::parse(text, "t").is_ok();
        let schema_says = schema
            .validate("https://test.example/date-time.json", &json!(text))
            .is_ok();
        assert_eq!(ours, *expected, "verifier on {text:?}");
        assert_eq!(schema_says, *expected, "schema on {text:?}");
        if !expected {
            // And the verifier refuses it in a proof, with the date-time code.
            assert_eq!(
                code(verifier().verify(with_created(text))),
                "time.invalid",
                "{text:?}"
            );
        }
    }
}

// ---- 3. duplicate proofs ---------------------------------------------------------------------

#[test]
fn the_same_proof_twice_counts_once() {
    let single = add_proof(json!({"id": "urn:x"}), &key(1), &ProofOptions::assertion()).unwrap();
    let mut doubled = single.clone();
    doubled["proof"] = json!([single["proof"].clone(), single["proof"].clone()]);
    assert_eq!(code(verifier().verify(doubled.clone())), "proof.duplicate");
    assert_eq!(
        code(verifier().verify_batch(vec![doubled]).remove(0)),
        "proof.duplicate"
    );

    // The same key signing the same document twice (different `created`, so different
    // signatures) is one signer, not two.
    let first = add_proof(
        json!({"id": "urn:x"}),
        &key(1),
        &ProofOptions::assertion().with_created(t("2024-01-01T00:00:00Z")),
    )
    .unwrap();
    let twice = add_proof(
        first,
        &key(1),
        &ProofOptions::assertion().with_created(t("2024-01-02T00:00:00Z")),
    )
    .unwrap();
    let e = verifier().verify(twice).unwrap_err();
    assert_eq!(e.code(), "proof.duplicate");
    assert!(e.to_string().contains("proofs 0 and 1"), "{e}");

    // Two keys make a set of two; a key endorsing its own earlier proof (a chain) signs other
    // content and is allowed.
    let a = add_proof(
        json!({"id": "urn:x"}),
        &key(1),
        &ProofOptions::assertion().with_id("urn:p1"),
    )
    .unwrap();
    let ab = add_proof(a.clone(), &key(2), &ProofOptions::assertion()).unwrap();
    assert_eq!(verifier().verify(ab).unwrap().proofs().len(), 2);
    let chained = add_proof(
        a,
        &key(1),
        &ProofOptions::assertion().with_previous_proof("urn:p1"),
    )
    .unwrap();
    assert_eq!(verifier().verify(chained).unwrap().proofs().len(), 2);
}

// ---- 4. inexact integers -----------------------------------------------------------------------

#[test]
fn integers_beyond_2_pow_53_are_refused_when_signing_and_verifying() {
    // The parser refuses them, with a position.
    let e = json::parse(br#"{"amount": 9007199254740993}"#).unwrap_err();
    assert_eq!(e.code(), "json.number_inexact");
    assert_eq!(e.position().unwrap().path, "/amount");
    for bad in [
        "9007199254740993",
        "-9007199254740993",
        "18446744073709551615",
        // 2^64 exactly, but not as RFC 8785 writes it (18446744073709552000).
        "18446744073709551616",
        "1152921504606846976",
        "-9223372036854775809",
        "123456789012345678901234567890",
    ] {
        assert_eq!(
            code(json::parse(bad.as_bytes())),
            "json.number_inexact",
            "{bad}"
        );
    }
    // The canonical spellings of doubles are accepted, and read as those doubles: RFC 8785
    // writes large doubles that way (1e20 is `100000000000000000000`), so canonical output
    // must parse again.
    for (good, value) in [
        ("9007199254740991", 9_007_199_254_740_991.0),
        ("-9007199254740991", -9_007_199_254_740_991.0),
        ("9007199254740992", 9_007_199_254_740_992.0),
        ("18446744073709552000", 18_446_744_073_709_551_616.0),
        ("1152921504606847000", 1_152_921_504_606_846_976.0),
        ("-9223372036854776000", -9_223_372_036_854_775_808.0),
        ("100000000000000000000", 1e20),
        ("9007199254740993.0", 9_007_199_254_740_992.0),
        ("1e300", 1e300),
    ] {
        assert_eq!(
            json::parse(good.as_bytes()).unwrap().as_f64(),
            Some(value),
            "{good}"
        );
    }
    // What a caller reads is the double that is signed: 2^60 is not kept as the integer
    // 1152921504606847000.
    assert!(json::parse(b"1152921504606847000").unwrap().is_f64());
    let doubles = json!([
        1e20,
        9.007199254740992e15,
        1.8446744073709552e19,
        -9.223372036854776e18
    ]);
    let canonical = govblocks_core::jcs::canonicalize(&doubles);
    assert_eq!(json::parse(&canonical).unwrap(), doubles);

    // The check on built values names the first offending number by its JSON Pointer.
    let nested = json!({"a": [1, {"b/c~": 9_007_199_254_740_993u64}]});
    let e = json::check_signable_numbers(&nested).unwrap_err();
    assert_eq!(e.code(), "json.number_inexact");
    assert_eq!(e.position().unwrap().path, "/a/1/b~1c~0");

    // Values built in code are checked before signing...
    let built = json!({"amount": 9_007_199_254_740_993u64});
    assert_eq!(
        code(add_proof(built, &key(1), &ProofOptions::assertion())),
        "json.number_inexact"
    );
    // ...and before verifying: the tampered value that used to verify is refused.
    let signed = add_proof(
        json!({"amount": 9_007_199_254_740_992u64}),
        &key(1),
        &ProofOptions::assertion(),
    )
    .unwrap();
    verifier().verify(signed.clone()).unwrap();
    let mut tampered = signed;
    tampered["amount"] = json!(9_007_199_254_740_993u64);
    assert_eq!(code(verifier().verify(tampered)), "json.number_inexact");
}

// ---- 5. a forged proof set costs one document hash -------------------------------------------
// (measured in `benches/proof.rs`, group `forged_proof_set`; the unit test
// `proof::verify::tests::one_document_hash_for_a_proof_set` counts the bytes hashed.)

#[test]
fn forged_proof_set_is_refused_with_the_signature_code() {
    let big = "x".repeat(64 * 1024);
    let signed = add_proof(
        json!({"id": "urn:x", "blob": big}),
        &key(1),
        &ProofOptions::assertion(),
    )
    .unwrap();
    let mut forged = signed.clone();
    let proofs: Vec<Value> = (0..32)
        .map(|i| {
            let mut p = signed["proof"].clone();
            p["nonce"] = json!(i.to_string());
            p
        })
        .collect();
    forged["proof"] = Value::Array(proofs);
    // Every proof names the same key over the same document: refused before any hashing.
    assert_eq!(code(verifier().verify(forged)), "proof.duplicate");
}

// ---- 7. underflow ------------------------------------------------------------------------------

#[test]
fn very_small_numbers_do_not_silently_become_zero() {
    for bad in ["[1e-400]", "[-1e-400]", "[0.000001e-400]", "[1.5E-999]"] {
        let e = json::parse(bad.as_bytes()).unwrap_err();
        assert_eq!(e.code(), "json.number_out_of_range", "{bad}");
    }
    // Zero written any way is zero; a subnormal is not zero.
    for good in [
        "[0e-400]",
        "[0.0e5]",
        "[-0.0]",
        "[0]",
        "[1e-320]",
        "[4.9e-324]",
    ] {
        json::parse(good.as_bytes()).unwrap();
    }
    assert_eq!(code(json::parse(b"[1e400]")), "json.number_out_of_range");
}
