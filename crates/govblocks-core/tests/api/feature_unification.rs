//! Feature unification cannot change what is signed.
//!
//! Cargo builds one `serde_json` for the whole dependency graph, with the union of the features
//! every crate asks for. A service that depends on govblocks and turns on serde_json's
//! `arbitrary_precision` (common where money is handled) or `preserve_order` gets them inside
//! govblocks too: a `Number` is then the literal text it was read from (`1e400`, `4.50`, `-0`),
//! and a `Map` iterates in insertion order. This file pins, for a list of documents, the
//! canonical bytes or the error code (and JSON Pointer) of `json::check_signable_numbers`,
//! `jcs::canonicalize`, `add_proof`, `Verifier::verify` and `Verifier::verify_bytes`; the
//! expectations are the same literals whatever the features. `.ci/run` runs it (with the rest
//! of the core tests) once as usual and once with
//! `--features serde-json-arbitrary-precision,serde-json-preserve-order`.
//!
//! Most documents are built with `serde_json` directly (`serde_json::from_str`, `json!`,
//! `Map::insert`), not with the strict parser: those are the values the features change.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{add_proof, ProofOptions, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_core::{jcs, json, Error};
use serde_json::{json, Map, Number, Value};

/// What govblocks does with a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Accepted; these are its canonical (RFC 8785) bytes, and they are what is signed.
    Signs(&'static str),
    /// Refused everywhere with this code, at this JSON Pointer.
    Refused(&'static str, &'static str),
}
use Expect::{Refused, Signs};

const INEXACT: &str = "json.number_inexact";
const OUT_OF_RANGE: &str = "json.number_out_of_range";

/// Documents as text, read with `serde_json::from_str`: serde_json reads every number here to
/// the same value with and without `arbitrary_precision` (with it, the `Value` keeps the
/// literal), so govblocks must give the same answer.
const FROM_TEXT: &[(&str, Expect)] = &[
    (r#"{"n": 1.0}"#, Signs(r#"{"n":1}"#)),
    (r#"{"n": 4.50}"#, Signs(r#"{"n":4.5}"#)),
    (r#"{"n": 1E2}"#, Signs(r#"{"n":100}"#)),
    (r#"{"n": 1e+2}"#, Signs(r#"{"n":100}"#)),
    (r#"{"n": -0}"#, Signs(r#"{"n":0}"#)),
    (r#"{"n": -0.0}"#, Signs(r#"{"n":0}"#)),
    (r#"{"n": 0e-400}"#, Signs(r#"{"n":0}"#)),
    (r#"{"n": 2e-3}"#, Signs(r#"{"n":0.002}"#)),
    (r#"{"n": 1e21}"#, Signs(r#"{"n":1e+21}"#)),
    (r#"{"n": 1e-7}"#, Signs(r#"{"n":1e-7}"#)),
    (r#"{"n": 4.9e-324}"#, Signs(r#"{"n":5e-324}"#)),
    (r#"{"n": 1.7976931348623157e308}"#, Signs(r#"{"n":1.7976931348623157e+308}"#)),
    (r#"{"n": 0.30000000000000004}"#, Signs(r#"{"n":0.30000000000000004}"#)),
    (r#"{"n": 333333333.33333329}"#, Signs(r#"{"n":333333333.3333333}"#)),
    (r#"{"n": 9007199254740991}"#, Signs(r#"{"n":9007199254740991}"#)),
    (r#"{"n": -9007199254740991}"#, Signs(r#"{"n":-9007199254740991}"#)),
    // Beyond 2^53 an integer is accepted only as RFC 8785 writes the double it is signed as.
    (r#"{"n": 9007199254740992}"#, Signs(r#"{"n":9007199254740992}"#)),
    (r#"{"n": 1152921504606847000}"#, Signs(r#"{"n":1152921504606847000}"#)),
    (r#"{"n": -9223372036854776000}"#, Signs(r#"{"n":-9223372036854776000}"#)),
    (r#"{"n": 100000000000000000000}"#, Signs(r#"{"n":100000000000000000000}"#)),
    (r#"{"n": 9007199254740993}"#, Refused(INEXACT, "/n")),
    (r#"{"n": -9007199254740993}"#, Refused(INEXACT, "/n")),
    // 2^60 is a double, but RFC 8785 writes it 1152921504606847000: the document serde_json
    // writes back out would not verify, so it is not signed.
    (r#"{"n": 1152921504606846976}"#, Refused(INEXACT, "/n")),
    (r#"{"n": 18446744073709551615}"#, Refused(INEXACT, "/n")),
    (r#"{"n": -9223372036854775808}"#, Refused(INEXACT, "/n")),
    // Nested, members in no particular order, names in UTF-16 order traps.
    (
        r#"{"z": {"b": [1.0, {"d": 2.50, "c": -0}], "a": 1e1}, "\ue000": 1, "\ud83d\ude00": 2, "a": "x"}"#,
        Signs("{\"a\":\"x\",\"z\":{\"a\":10,\"b\":[1,{\"c\":0,\"d\":2.5}]},\"\u{1F600}\":2,\"\u{E000}\":1}"),
    ),
    (
        r#"{"z": {"b": [1, {"d": 4.0, "c": 9007199254740993}]}, "a": 1}"#,
        Refused(INEXACT, "/z/b/1/c"),
    ),
    (r#"{"a/b~c": [9007199254740993]}"#, Refused(INEXACT, "/a~1b~0c/0")),
];

/// Documents serde_json itself reads differently without `arbitrary_precision`: it refuses
/// `1e400`, reads `1e-400` as `0` and `18446744073709551616` as the double 2^64, before
/// govblocks sees anything. With the feature it keeps the literal, and govblocks refuses what
/// the strict parser refuses. Either way the rule that matters holds (checked for every
/// document below): what is signed is what serde_json writes back out, and that verifies.
/// `(text, with arbitrary_precision, without it; None: serde_json refuses the text)`.
const READ_DIFFERENTLY: &[(&str, Expect, Option<Expect>)] = &[
    (
        r#"{"amount": 1e400}"#,
        Refused(OUT_OF_RANGE, "/amount"),
        None,
    ),
    (
        r#"{"amount": -1e400}"#,
        Refused(OUT_OF_RANGE, "/amount"),
        None,
    ),
    (
        r#"{"amount": 1e-400}"#,
        Refused(OUT_OF_RANGE, "/amount"),
        Some(Signs(r#"{"amount":0}"#)),
    ),
    (
        r#"{"n": 18446744073709551616}"#,
        Refused(INEXACT, "/n"),
        Some(Signs(r#"{"n":18446744073709552000}"#)),
    ),
    (
        r#"{"n": 123456789012345678901234567890}"#,
        Refused(INEXACT, "/n"),
        Some(Signs(r#"{"n":1.2345678901234568e+29}"#)),
    ),
];

/// Documents built in code: the same `Value` with and without the features.
fn built_in_code() -> Vec<(&'static str, Value, Expect)> {
    let mut unsorted = Map::new();
    unsorted.insert("b".into(), json!(1));
    unsorted.insert("a".into(), json!(2));
    unsorted.insert("\u{E000}".into(), json!(3));
    unsorted.insert("\u{1F600}".into(), json!(4));
    let mut outer = Map::new();
    outer.insert("y".into(), Value::Object(unsorted.clone()));
    outer.insert("x".into(), json!([1.5, -0.0]));
    vec![
        (
            "insertion order b, a, U+E000, U+1F600",
            Value::Object(unsorted),
            Signs("{\"a\":2,\"b\":1,\"\u{1F600}\":4,\"\u{E000}\":3}"),
        ),
        (
            "nested insertion order",
            Value::Object(outer),
            Signs("{\"x\":[1.5,0],\"y\":{\"a\":2,\"b\":1,\"\u{1F600}\":4,\"\u{E000}\":3}}"),
        ),
        (
            "doubles",
            json!({"f": [1.0, -0.0, 0.1, 1e21, 5e-324, f64::MAX, 1e300]}),
            Signs(r#"{"f":[1,0,0.1,1e+21,5e-324,1.7976931348623157e+308,1e+300]}"#),
        ),
        (
            // Doubles at and beyond 2^63 are doubles, not integer literals: accepted.
            "large doubles",
            json!({"f": [9.223372036854776e18, 1.8446744073709552e19, -1e20]}),
            Signs(r#"{"f":[9223372036854776000,18446744073709552000,-100000000000000000000]}"#),
        ),
        (
            "u64 2^53",
            json!({"n": 9_007_199_254_740_992_u64}),
            Signs(r#"{"n":9007199254740992}"#),
        ),
        (
            "u64 2^53 + 1",
            json!({"n": 9_007_199_254_740_993_u64}),
            Refused(INEXACT, "/n"),
        ),
        (
            "u64::MAX",
            json!({"n": [u64::MAX]}),
            Refused(INEXACT, "/n/0"),
        ),
        ("i64::MIN", json!({"n": i64::MIN}), Refused(INEXACT, "/n")),
        (
            "Number::from_f64(-0.0)",
            json!({"n": Number::from_f64(-0.0).unwrap()}),
            Signs(r#"{"n":0}"#),
        ),
    ]
}

fn key() -> SecretKey {
    SecretKey::from_seed(&[7u8; 32])
}

fn verifier() -> Verifier {
    Verifier::new(
        DidKeyResolver,
        TrustList::new().trust_all_purposes(key().public_key().did()),
    )
}

/// The code and JSON Pointer of an error.
fn refusal(e: &Error) -> (&'static str, String) {
    let path = e.position().map(|p| p.path.clone()).unwrap_or_default();
    (e.code(), path)
}

/// Whether serde_json was built with `arbitrary_precision`: it then keeps a number's literal.
fn serde_json_keeps_literals() -> bool {
    serde_json::from_str::<serde_json::Number>("1.50")
        .unwrap()
        .to_string()
        == "1.50"
}

/// Every entry point, on one document, against one expectation.
fn check(name: &str, document: Value, expect: Expect) {
    match expect {
        Signs(canonical) => {
            json::check_signable_numbers(&document)
                .unwrap_or_else(|e| panic!("{name}: refused by the check: {e}"));
            let bytes = jcs::canonicalize(&document);
            assert_eq!(String::from_utf8_lossy(&bytes), canonical, "{name}");

            let signed = add_proof(document, &key(), &ProofOptions::assertion())
                .unwrap_or_else(|e| panic!("{name}: add_proof: {e}"));
            // What was signed is the canonical bytes above: the same proof as for those bytes
            // read by the strict parser.
            let from_canonical = add_proof(
                json::parse(canonical.as_bytes()).unwrap(),
                &key(),
                &ProofOptions::assertion(),
            )
            .unwrap();
            assert_eq!(signed["proof"], from_canonical["proof"], "{name}");

            // Verified as a value, as the bytes serde_json writes out, and as a value read back
            // by serde_json (a service that stores and reloads the document).
            let verified = verifier()
                .verify(signed.clone())
                .unwrap_or_else(|e| panic!("{name}: verify: {e}"));
            assert_eq!(*verified.value(), signed, "{name}");
            let written = serde_json::to_vec(&signed).unwrap();
            let from_bytes = verifier()
                .verify_bytes(&written)
                .unwrap_or_else(|e| panic!("{name}: verify_bytes: {e}"));
            let mut unsecured = from_bytes.value().clone();
            unsecured.as_object_mut().unwrap().remove("proof");
            assert_eq!(
                String::from_utf8_lossy(&jcs::canonicalize(&unsecured)),
                canonical,
                "{name}"
            );
            let reloaded: Value = serde_json::from_slice(&written).unwrap();
            verifier()
                .verify(reloaded)
                .unwrap_or_else(|e| panic!("{name}: verify after reloading: {e}"));
        }
        Refused(code, path) => {
            let expected = (code, path.to_string());
            let e = json::check_signable_numbers(&document).expect_err(name);
            assert_eq!(refusal(&e), expected, "{name}: check_signable_numbers");
            let e =
                add_proof(document.clone(), &key(), &ProofOptions::assertion()).expect_err(name);
            assert_eq!(refusal(&e), expected, "{name}: add_proof");

            // The same document under a proof (of something else: the numbers are checked
            // before any signature), as a value and as the bytes serde_json writes out.
            let other = add_proof(json!({"other": 1}), &key(), &ProofOptions::assertion()).unwrap();
            let mut secured = document;
            secured
                .as_object_mut()
                .unwrap()
                .insert("proof".into(), other["proof"].clone());
            let e = verifier().verify(secured.clone()).expect_err(name);
            assert_eq!(refusal(&e), expected, "{name}: verify");
            let written = serde_json::to_vec(&secured).unwrap();
            let e = verifier().verify_bytes(&written).expect_err(name);
            assert_eq!(refusal(&e), expected, "{name}: verify_bytes");
        }
    }
}

#[test]
fn documents_read_by_serde_json() {
    for &(text, expect) in FROM_TEXT {
        let document: Value = serde_json::from_str(text).unwrap();
        check(text, document, expect);
    }
}

#[test]
fn documents_built_in_code() {
    for (name, document, expect) in built_in_code() {
        check(name, document, expect);
    }
}

#[test]
fn documents_serde_json_reads_differently() {
    let literals = serde_json_keeps_literals();
    for &(text, with_literals, without) in READ_DIFFERENTLY {
        let expect = if literals {
            Some(with_literals)
        } else {
            without
        };
        match (serde_json::from_str::<Value>(text), expect) {
            (Ok(document), Some(expect)) => check(text, document, expect),
            (Err(_), None) => {}
            (read, expect) => panic!("{text}: serde_json gave {read:?}, expected {expect:?}"),
        }
        // Whatever serde_json made of the text, the strict parser refuses the text itself,
        // with the code of the `arbitrary_precision` row.
        let Refused(code, path) = with_literals else {
            unreachable!()
        };
        let e = json::parse(text.as_bytes()).unwrap_err();
        assert_eq!(refusal(&e), (code, path.to_string()), "{text}");
    }
}

/// The signature over a document read by serde_json does not depend on the features: it is
/// the signature over its canonical bytes read by the strict parser, and it is pinned.
#[test]
fn the_signature_is_pinned() {
    let document: Value =
        serde_json::from_str(r#"{"z": [1.0, 4.50, -0, 2e-3, 1E2], "a": {"d": 1, "c": 2}}"#)
            .unwrap();
    assert_eq!(
        jcs::canonicalize_to_string(&document),
        r#"{"a":{"c":2,"d":1},"z":[1,4.5,0,0.002,100]}"#
    );
    let signed = add_proof(document, &key(), &ProofOptions::assertion()).unwrap();
    let mut expected = json::parse(br#"{"a":{"c":2,"d":1},"z":[1,4.5,0,0.002,100]}"#).unwrap();
    expected = add_proof(expected, &key(), &ProofOptions::assertion()).unwrap();
    assert_eq!(
        signed["proof"]["proofValue"],
        expected["proof"]["proofValue"]
    );
    assert_eq!(
        signed["proof"]["proofValue"],
        "z5ahscYhCwjY6CWBwEEqWvx6LAAj7BhhziQfbg7tXr8Bt97AC4WMabLiTJzs9kLmaJ7JBii2gMezauDT5kVihRykF"
    );
}

/// The switches this file is run with really reach serde_json (if they are on, the `Value`s
/// above were built the way a service with those features builds them).
#[test]
fn the_features_under_test_reach_serde_json() {
    let mut map = Map::new();
    map.insert("b".into(), json!(1));
    map.insert("a".into(), json!(2));
    let insertion_order = map.keys().next().map(String::as_str) == Some("b");
    eprintln!(
        "serde_json: arbitrary_precision {}, preserve_order {insertion_order}",
        serde_json_keeps_literals()
    );
    if cfg!(feature = "serde-json-arbitrary-precision") {
        assert!(serde_json_keeps_literals());
    }
    if cfg!(feature = "serde-json-preserve-order") {
        assert!(insertion_order);
    }
}

#[test]
fn canonical_order_ignores_insertion_order() {
    // Every insertion order of the same members gives the same bytes.
    let names = [
        "b",
        "a",
        "\u{E000}",
        "\u{1F600}",
        "aa",
        "\u{FFFF}",
        "\u{10000}",
    ];
    let want =
        "{\"a\":1,\"aa\":4,\"b\":0,\"\u{10000}\":6,\"\u{1F600}\":3,\"\u{E000}\":2,\"\u{FFFF}\":5}";
    for rotation in 0..names.len() {
        for reverse in [false, true] {
            let mut order: Vec<usize> = (0..names.len()).collect();
            order.rotate_left(rotation);
            if reverse {
                order.reverse();
            }
            let mut map = Map::new();
            for i in order {
                map.insert(names[i].to_string(), json!(i));
            }
            let value = Value::Object(map);
            assert_eq!(jcs::canonicalize_to_string(&value), want);
            assert_eq!(
                jcs::canonicalize_to_string(&json!({"outer": [value]})),
                format!("{{\"outer\":[{want}]}}")
            );
        }
    }
}

#[test]
fn duplicate_names_are_refused_in_any_map_order() {
    for (text, path) in [
        (r#"{"b": 1, "a": 2, "b": 3}"#, ""),
        (r#"{"a": {"z": 1, "y": 2, "z": 1}}"#, "/a"),
        (r#"[{"\ue000": 1, "\ud83d\ude00": 2, "\ue000": 3}]"#, "/0"),
    ] {
        let e = json::parse(text.as_bytes()).unwrap_err();
        assert_eq!(e.code(), "json.duplicate_key", "{text}");
        assert_eq!(e.position().unwrap().path, path, "{text}");
    }
    // Members in any order are one object; the parsed value equals serde_json's.
    let ours = json::parse(br#"{"b": 1, "a": {"d": true, "c": null}}"#).unwrap();
    let theirs: Value = serde_json::from_str(r#"{"a": {"c": null, "d": true}, "b": 1}"#).unwrap();
    assert_eq!(ours, theirs);
}

/// Signing and verifying leave the caller's member order alone: with `preserve_order` a `Map`
/// iterates (and serde_json writes it) in insertion order, and the `proof` member keeps its
/// slot instead of swapping places with the last member.
#[test]
fn member_order_survives_signing_and_verification() {
    fn keys(v: &Value) -> Vec<String> {
        v.as_object().unwrap().keys().cloned().collect()
    }
    let first = add_proof(
        json!({"z": 1, "b": 2, "a": 3}),
        &key(),
        &ProofOptions::assertion().with_id("urn:p1"),
    )
    .unwrap();
    // `proof` second, the other members in no sorted order.
    let mut map = Map::new();
    for name in ["z", "proof", "b", "a"] {
        map.insert(name.into(), first[name].clone());
    }
    let one = Value::Object(map);
    let written = serde_json::to_string(&one).unwrap();

    let verified = verifier().verify(one.clone()).unwrap();
    assert_eq!(serde_json::to_string(verified.value()).unwrap(), written);

    let other = SecretKey::from_seed(&[8u8; 32]);
    let both = Verifier::new(
        DidKeyResolver,
        TrustList::new()
            .trust_all_purposes(key().public_key().did())
            .trust_all_purposes(other.public_key().did()),
    );
    for options in [
        ProofOptions::assertion(),
        ProofOptions::assertion().with_previous_proof("urn:p1"),
    ] {
        let two = add_proof(one.clone(), &other, &options).unwrap();
        assert_eq!(keys(&two), keys(&one), "{options:?}");
        let written = serde_json::to_string(&two).unwrap();
        let verified = both.verify(two).unwrap();
        assert_eq!(verified.proofs().len(), 2);
        assert_eq!(serde_json::to_string(verified.value()).unwrap(), written);
        let batch = both.verify_batch(vec![serde_json::from_str(&written).unwrap()]);
        let verified = batch.into_iter().next().unwrap().unwrap();
        assert_eq!(serde_json::to_string(verified.value()).unwrap(), written);
    }
}
