//! Strict JSON parsing: every class of rejected input, every limit at and just over its value,
//! numbers read exactly as serde_json reads them, and a property test against serde_json.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::error::Position;
use govblocks_core::jcs;
use govblocks_core::json::{self, Limits, MAX_DEPTH_CAP};
use govblocks_core::Error;
use proptest::prelude::*;
use serde_json::{json, Value};

const SIGNED_VC: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/vectors/w3c-vc-di-eddsa/eddsa-jcs-2022/signedJCS.json"
));

fn err(input: impl AsRef<[u8]>) -> Error {
    err_with(input, &Limits::default())
}

fn err_with(input: impl AsRef<[u8]>, limits: &Limits) -> Error {
    match json::parse_with_limits(input.as_ref(), limits) {
        Ok(v) => panic!("accepted: {v}"),
        Err(e) => e,
    }
}

fn ok_with(input: impl AsRef<[u8]>, limits: &Limits) -> Value {
    json::parse_with_limits(input.as_ref(), limits).unwrap()
}

fn position(e: &Error) -> &Position {
    e.position()
        .unwrap_or_else(|| panic!("no position in {e:?}"))
}

/// Asserts the code, the JSON Pointer path, and returns the error.
fn assert_err(input: impl AsRef<[u8]>, code: &str, path: &str) -> Error {
    let e = err(input);
    assert_eq!(e.code(), code, "{e}");
    assert_eq!(position(&e).path, path, "{e}");
    e
}

fn line_col(e: &Error) -> (usize, usize) {
    let p = position(e);
    (p.line, p.column)
}

// ---- duplicate keys ---------------------------------------------------------------------------

#[test]
fn duplicate_key_top_level() {
    let e = assert_err(r#"{"a": 1, "b": 2, "a": 3}"#, "json.duplicate_key", "");
    match e {
        Error::JsonDuplicateKey { key, position } => {
            assert_eq!(key, "a");
            assert_eq!((position.line, position.column), (1, 18));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn duplicate_key_nested() {
    assert_err(
        r#"{"x": {"y": {"b": 1, "b": 2}}}"#,
        "json.duplicate_key",
        "/x/y",
    );
}

#[test]
fn duplicate_key_inside_proof() {
    // The W3C signed credential with a second proofValue in its proof.
    let doc = SIGNED_VC.replacen(
        r#""proofPurpose": "assertionMethod","#,
        r#""proofPurpose": "assertionMethod", "proofValue": "zForged","#,
        1,
    );
    assert_ne!(doc, SIGNED_VC);
    let e = assert_err(&doc, "json.duplicate_key", "/proof");
    match &e {
        Error::JsonDuplicateKey { key, .. } => assert_eq!(key, "proofValue"),
        other => panic!("{other:?}"),
    }
    // Reported at the second occurrence: line 29 of the pretty-printed vector.
    assert_eq!(line_col(&e).0, 29, "{e}");
}

#[test]
fn duplicate_key_inside_array_element() {
    assert_err(
        r#"{"items": [{"a": 1}, {"c": 1, "c": 1}]}"#,
        "json.duplicate_key",
        "/items/1",
    );
    assert_err(
        r#"[[], [{"k": null, "k": null}]]"#,
        "json.duplicate_key",
        "/1/0",
    );
}

#[test]
fn duplicate_key_after_unescaping() {
    // "\u0061" is "a": the same member name spelled differently.
    assert_err(r#"{"a": 1, "\u0061": 2}"#, "json.duplicate_key", "");
}

#[test]
fn path_escapes_tilde_and_slash() {
    assert_err(
        r#"{"a/b": {"m~n": {"k": 1, "k": 2}}}"#,
        "json.duplicate_key",
        "/a~1b/m~0n",
    );
}

#[test]
fn same_key_in_different_objects_is_fine() {
    let v = json::parse(br#"{"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}]}"#).unwrap();
    assert_eq!(v["b"][1]["a"], 2);
}

// ---- trailing characters, syntax, UTF-8 -------------------------------------------------------

#[test]
fn trailing_garbage() {
    let e = assert_err(r#"{"a": 1} x"#, "json.trailing_characters", "");
    assert_eq!(line_col(&e), (1, 10));
    assert_err("{} {}", "json.trailing_characters", "");
    assert_err("1 2", "json.trailing_characters", "");
    assert_err("[1]]", "json.trailing_characters", "");
    assert_err("null\0", "json.trailing_characters", "");
    // White space after the value is fine.
    assert_eq!(json::parse(b" \t\r\n[1] \n\t\r ").unwrap(), json!([1]));
}

#[test]
fn syntax_errors_have_line_and_column() {
    let e = assert_err("{\n  \"a\": tru\n}", "json.syntax", "/a");
    assert_eq!(line_col(&e), (2, 8));
    // Columns count characters, not bytes.
    let e = assert_err("[\"é\", x]", "json.syntax", "/1");
    assert_eq!(line_col(&e), (1, 7));
    for bad in [
        "",
        " ",
        "[",
        "[1,",
        "[1,]",
        "{",
        "{\"a\"",
        "{\"a\":",
        "{\"a\":1,}",
        "{a:1}",
        "[1 2]",
        "{\"a\" 1}",
        "'a'",
        "01",
        "-",
        "1.",
        ".5",
        "1e",
        "1e+",
        "+1",
        "-a",
        "\"abc",
        "\"\\x\"",
        "\"\\u12\"",
        "\"\\u12g4\"",
        "tru",
        "nul",
        "True",
        "nan",
        "[1}",
        "{\"a\":1]",
    ] {
        assert_eq!(err(bad).code(), "json.syntax", "{bad:?}");
    }
}

#[test]
fn control_characters_in_strings_are_rejected() {
    assert_err("[\"a\nb\"]", "json.syntax", "/0");
    assert_err("\"\u{1f}\"", "json.syntax", "");
    assert_err("\"\\n\u{0}\"", "json.syntax", "");
    assert_eq!(
        json::parse(br#""\u0000\u001f\n""#).unwrap(),
        json!("\u{0}\u{1f}\n")
    );
}

#[test]
fn byte_order_mark_is_rejected() {
    let e = assert_err(b"\xEF\xBB\xBF{}", "json.syntax", "");
    assert_eq!(line_col(&e), (1, 1));
}

#[test]
fn invalid_utf8() {
    let cases: [(&[u8], &str); 7] = [
        (b"\"\xff\"", ""),
        (b"{\"a\": \"ok\xC0\x80\"}", "/a"), // overlong NUL
        (b"[\"\xED\xA0\x80\"]", "/0"),      // a surrogate encoded in UTF-8
        (b"\"\xE2\x82\"", ""),              // truncated sequence
        (b"{\"\xfe\": 1}", ""),             // in a member name
        (b"[\xff]", "/0"),                  // outside a string
        (b"\"\\n\xff\"", ""),               // after an escape
    ];
    for (input, path) in cases {
        assert_err(input, "json.invalid_utf8", path);
    }
    // Multi-byte characters are fine.
    assert_eq!(
        json::parse("\"Zürich 東京 😀\"".as_bytes()).unwrap(),
        json!("Zürich 東京 😀")
    );
}

// ---- numbers ----------------------------------------------------------------------------------

#[test]
fn nan_and_infinity_are_rejected() {
    assert_err("NaN", "json.non_finite_number", "");
    assert_err("Infinity", "json.non_finite_number", "");
    assert_err("-Infinity", "json.non_finite_number", "");
    assert_err("[1, NaN]", "json.non_finite_number", "/1");
    assert_err(
        r#"{"amount": Infinity}"#,
        "json.non_finite_number",
        "/amount",
    );
    assert_err(
        r#"{"amount": -Infinity}"#,
        "json.non_finite_number",
        "/amount",
    );
    assert_err("+Infinity", "json.non_finite_number", "");
    assert_err("-NaN", "json.non_finite_number", "");
}

#[test]
fn numbers_out_of_double_range_are_rejected() {
    assert_err("1e400", "json.number_out_of_range", "");
    assert_err("[-1e400]", "json.number_out_of_range", "/0");
    assert_err(r#"{"x": 1.8e308}"#, "json.number_out_of_range", "/x");
    let huge = format!("1{}", "0".repeat(400));
    assert_err(huge, "json.number_out_of_range", "");
    // Underflow of a non-zero literal is refused too (serde_json reads 0): a signed document
    // must not change meaning silently. Zero written small stays zero.
    assert_err("[1e-400]", "json.number_out_of_range", "/0");
    assert_eq!(json::parse(b"0e-400").unwrap().as_f64(), Some(0.0));
}

/// Numbers serde_json reads but the strict parser refuses, because the value read would not be
/// the value signed (see the validation policy).
#[test]
fn numbers_that_would_change_meaning_are_refused() {
    for (text, code) in [
        ("9007199254740993", "json.number_inexact"),
        ("18446744073709551615", "json.number_inexact"),
        ("18446744073709551616", "json.number_inexact"),
        ("-9223372036854775809", "json.number_inexact"),
        // -2^63 exactly, but not as RFC 8785 writes it (-9223372036854776000).
        ("-9223372036854775808", "json.number_inexact"),
        ("-18446744073709551616", "json.number_inexact"),
        ("123456789012345678901234567890", "json.number_inexact"),
        ("2.4703282292062327e-324", "json.number_out_of_range"),
        ("1e-400", "json.number_out_of_range"),
    ] {
        serde_json::from_slice::<Value>(text.as_bytes()).unwrap();
        assert_err(text, code, "");
    }
}

/// Whether serde_json was built with `arbitrary_precision`: it then keeps a number's literal.
fn serde_json_keeps_literals() -> bool {
    serde_json::from_str::<serde_json::Number>("1.50")
        .unwrap()
        .to_string()
        == "1.50"
}

#[test]
fn numbers_match_serde_json() {
    for text in [
        "0",
        "-0",
        "-0.0",
        "1",
        "-1",
        "1.0",
        "1e2",
        "1E+2",
        "1e-2",
        "0.1",
        "123456789",
        "9007199254740992",
        "-9223372036854776000",
        "18446744073709552000",
        "100000000000000000000",
        "1.7976931348623157e308",
        "2.2250738585072011e-308",
        "2.2250738585072014e-308",
        "4.9e-324",
        "2.4703282292062328e-324",
        "0.30000000000000004",
        "3.141592653589793238462643383279",
        "1.00000000000000011102230246251565404236316680908203125",
        "1.00000000000000011102230246251565404236316680908203124",
        "7.0e-10",
        "-1.5e-7",
    ] {
        let ours = json::parse(text.as_bytes()).unwrap();
        let theirs: Value = serde_json::from_slice(text.as_bytes()).unwrap();
        if text.trim_start_matches('-').len() >= 16 && !text.contains(['.', 'e', 'E']) {
            // Beyond ±(2^53 − 1) the strict parser reads the double RFC 8785 signs; serde_json
            // keeps an integer of the same value.
            assert_eq!(ours.as_f64(), theirs.as_f64(), "{text}");
            assert!(ours.is_f64(), "{text}");
            continue;
        }
        let (a, b) = (ours.as_number().unwrap(), theirs.as_number().unwrap());
        assert_eq!(
            a.as_f64().map(f64::to_bits),
            b.as_f64().map(f64::to_bits),
            "{text}"
        );
        assert_eq!(
            jcs::canonicalize(&ours),
            jcs::canonicalize(&theirs),
            "{text}"
        );
        if serde_json_keeps_literals() {
            // serde_json's `arbitrary_precision` (switched on by feature unification in the
            // `.ci/run` step that tests it) keeps the literal (`1e2`, `-0`, an `i64` zero),
            // while the strict parser builds each number from its value, so the two `Value`s
            // differ as text; the number and its canonical bytes, checked above, do not.
            continue;
        }
        assert_eq!(ours, theirs, "{text}");
        assert_eq!(a.is_u64(), b.is_u64(), "{text}");
        assert_eq!(a.is_i64(), b.is_i64(), "{text}");
    }
    // Integers stay integers up to ±(2^53 − 1); beyond, they are the double that is signed.
    assert!(json::parse(b"9007199254740991").unwrap().is_u64());
    assert!(json::parse(b"-9007199254740991").unwrap().is_i64());
    assert!(json::parse(b"9007199254740992").unwrap().is_f64());
    let minus_zero = json::parse(b"-0").unwrap().as_f64().unwrap();
    assert!(minus_zero == 0.0 && minus_zero.is_sign_negative());
}

// ---- surrogates -------------------------------------------------------------------------------

#[test]
fn lone_leading_surrogate() {
    assert_err(r#""\uD800""#, "json.lone_surrogate", "");
    assert_err(r#"["\uD800x"]"#, "json.lone_surrogate", "/0");
    assert_err(r#"{"name": "ab\uDBFF"}"#, "json.lone_surrogate", "/name");
    // High surrogate followed by a non-surrogate escape, another escape, or another high one.
    assert_err(r#""\uD800\u0041""#, "json.lone_surrogate", "");
    assert_err(r#""\uD800\n""#, "json.lone_surrogate", "");
    assert_err(r#""\uD800\uD800""#, "json.lone_surrogate", "");
}

#[test]
fn lone_trailing_surrogate() {
    assert_err(r#""\uDC00""#, "json.lone_surrogate", "");
    assert_err(r#"[1, "x\uDFFF"]"#, "json.lone_surrogate", "/1");
    // Low before high is not a pair.
    assert_err(r#""\uDC00\uD800""#, "json.lone_surrogate", "");
    // In a member name: the path is the object's.
    assert_err(r#"{"a": {"\uDC00": 1}}"#, "json.lone_surrogate", "/a");
}

#[test]
fn valid_surrogate_pairs_are_accepted() {
    assert_eq!(json::parse(br#""\uD83D\uDE00""#).unwrap(), json!("😀"));
    assert_eq!(json::parse(br#""\ud83d\ude00""#).unwrap(), json!("😀"));
    assert_eq!(
        json::parse(br#""\uD800\uDC00""#).unwrap(),
        json!("\u{10000}")
    );
    assert_eq!(
        json::parse(br#""\uDBFF\uDFFF""#).unwrap(),
        json!("\u{10FFFF}")
    );
    assert_eq!(
        json::parse(br#"{"\uD83D\uDE00": "a\uD83D\uDE00b"}"#).unwrap(),
        json!({"😀": "a😀b"})
    );
}

#[test]
fn all_escapes_decode() {
    assert_eq!(
        json::parse(br#""\"\\\/\b\f\n\r\t\u00e9\u20AC""#).unwrap(),
        json!("\"\\/\u{8}\u{c}\n\r\té€")
    );
}

// ---- limits -----------------------------------------------------------------------------------

#[test]
fn default_limits_are_documented_values() {
    assert_eq!(
        Limits::default(),
        Limits {
            max_bytes: 4 * 1024 * 1024,
            max_depth: 64,
            max_array_len: 100_000,
            max_object_members: 10_000,
            max_string_bytes: 1024 * 1024,
        }
    );
}

#[test]
fn max_bytes_at_and_over() {
    let limits = Limits {
        max_bytes: 10,
        ..Limits::default()
    };
    ok_with(b"[1,2,3,45]", &limits);
    let e = err_with(b"[1,2,3,456]", &limits);
    assert_eq!(e.code(), "json.too_large");
    assert!(matches!(
        e,
        Error::JsonTooLarge {
            size: 11,
            limit: 10
        }
    ));
    // Checked before parsing: oversized garbage is too large, not malformed.
    assert_eq!(
        err_with(b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", &limits).code(),
        "json.too_large"
    );
}

fn nested_arrays(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

fn nested_objects(depth: usize) -> String {
    format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth))
}

#[test]
fn max_depth_at_and_over() {
    let limits = Limits {
        max_depth: 3,
        ..Limits::default()
    };
    ok_with(nested_arrays(3), &limits);
    let e = err_with(nested_arrays(4), &limits);
    assert_eq!(e.code(), "json.too_deep");
    assert_eq!(position(&e).path, "/0/0/0");
    assert_eq!(line_col(&e), (1, 4));
    assert!(matches!(e, Error::JsonTooDeep { limit: 3, .. }));

    ok_with(nested_objects(3), &limits);
    let e = err_with(nested_objects(4), &limits);
    assert_eq!(e.code(), "json.too_deep");
    assert_eq!(position(&e).path, "/a/a/a");

    // Depth 0 accepts scalars only.
    let zero = Limits {
        max_depth: 0,
        ..Limits::default()
    };
    ok_with(b"\"scalar\"", &zero);
    assert_eq!(err_with(b"[]", &zero).code(), "json.too_deep");
    assert_eq!(err_with(b"{}", &zero).code(), "json.too_deep");

    // The default: 64.
    json::parse(nested_arrays(64).as_bytes()).unwrap();
    assert_err(nested_arrays(65), "json.too_deep", &"/0".repeat(64));
}

#[test]
fn depth_bomb_fails_without_overflowing_the_stack() {
    let bomb = "[".repeat(1_000_000);
    let e = assert_err(&bomb, "json.too_deep", &"/0".repeat(64));
    assert!(matches!(e, Error::JsonTooDeep { limit: 64, .. }));

    let object_bomb = r#"{"a":"#.repeat(200_000);
    assert_eq!(err(&object_bomb).code(), "json.too_deep");

    // Whatever max_depth the caller sets, the depth is capped.
    let unbounded = Limits {
        max_depth: usize::MAX,
        ..Limits::default()
    };
    let e = err_with(&bomb, &unbounded);
    assert!(
        matches!(e, Error::JsonTooDeep { limit, .. } if limit == MAX_DEPTH_CAP),
        "{e:?}"
    );
    ok_with(nested_arrays(MAX_DEPTH_CAP), &unbounded);
    assert_eq!(
        err_with(nested_arrays(MAX_DEPTH_CAP + 1), &unbounded).code(),
        "json.too_deep"
    );
}

#[test]
fn max_array_len_at_and_over() {
    let limits = Limits {
        max_array_len: 3,
        ..Limits::default()
    };
    ok_with(b"[1, 2, 3]", &limits);
    let e = err_with(br#"{"list": [1, 2, 3, 4]}"#, &limits);
    assert_eq!(e.code(), "json.array_too_long");
    assert_eq!(position(&e).path, "/list");
    assert_eq!(line_col(&e), (1, 20));
    assert!(matches!(e, Error::JsonArrayTooLong { limit: 3, .. }));
    assert_eq!(
        position(&err_with(b"[[], [1, 2, 3, []]]", &limits)).path,
        "/1"
    );

    let zero = Limits {
        max_array_len: 0,
        ..Limits::default()
    };
    ok_with(b"[]", &zero);
    assert_eq!(err_with(b"[0]", &zero).code(), "json.array_too_long");
}

#[test]
fn max_object_members_at_and_over() {
    let limits = Limits {
        max_object_members: 2,
        ..Limits::default()
    };
    ok_with(br#"{"a": 1, "b": 2}"#, &limits);
    let e = err_with(br#"[{"a": 1, "b": 2, "c": 3}]"#, &limits);
    assert_eq!(e.code(), "json.too_many_members");
    assert_eq!(position(&e).path, "/0");
    assert!(matches!(e, Error::JsonTooManyMembers { limit: 2, .. }));

    let zero = Limits {
        max_object_members: 0,
        ..Limits::default()
    };
    ok_with(b"{}", &zero);
    assert_eq!(
        err_with(br#"{"a": 1}"#, &zero).code(),
        "json.too_many_members"
    );
}

#[test]
fn max_string_bytes_at_and_over() {
    let limits = Limits {
        max_string_bytes: 4,
        ..Limits::default()
    };
    ok_with(br#"["abcd"]"#, &limits);
    let e = err_with(br#"["abcd", "abcde"]"#, &limits);
    assert_eq!(e.code(), "json.string_too_long");
    assert_eq!(position(&e).path, "/1");
    assert_eq!(line_col(&e), (1, 10));
    assert!(matches!(e, Error::JsonStringTooLong { limit: 4, .. }));

    // Member names count too; the path is the object's.
    ok_with(br#"{"abcd": 1}"#, &limits);
    let e = err_with(br#"{"x": {"abcde": 1}}"#, &limits);
    assert_eq!(e.code(), "json.string_too_long");
    assert_eq!(position(&e).path, "/x");

    // Bytes after unescaping: "\u00e9" is 2 bytes of UTF-8, "é" too.
    ok_with(br#""\u00e9\u00e9""#, &limits);
    ok_with("\"éé\"".as_bytes(), &limits);
    assert_eq!(
        err_with(br#""\u00e9\u00e9a""#, &limits).code(),
        "json.string_too_long"
    );
    assert_eq!(
        err_with("\"ééa\"".as_bytes(), &limits).code(),
        "json.string_too_long"
    );
    // Six escape bytes that make one byte count as one.
    ok_with(br#""\u0041\u0042\u0043\u0044""#, &limits);
}

#[test]
fn huge_string_with_default_limits() {
    let limit = Limits::default().max_string_bytes;
    let at = format!("\"{}\"", "a".repeat(limit));
    assert_eq!(
        json::parse(at.as_bytes()).unwrap().as_str().unwrap().len(),
        limit
    );
    let over = format!("{{\"blob\": \"{}\"}}", "a".repeat(limit + 1));
    assert_err(over, "json.string_too_long", "/blob");
    let escaped_over = format!("[\"\\n{}\"]", "a".repeat(limit));
    assert_err(escaped_over, "json.string_too_long", "/0");
}

// ---- accepted documents -----------------------------------------------------------------------

#[test]
fn signed_w3c_credential_parses_like_serde_json() {
    let ours = json::parse(SIGNED_VC.as_bytes()).unwrap();
    let theirs: Value = serde_json::from_str(SIGNED_VC).unwrap();
    assert_eq!(ours, theirs);
    assert_eq!(ours["proof"]["cryptosuite"], "eddsa-jcs-2022");
}

#[test]
fn scalars_and_empty_containers_at_top_level() {
    for (text, value) in [
        ("null", json!(null)),
        ("true", json!(true)),
        ("false", json!(false)),
        ("\"\"", json!("")),
        ("[]", json!([])),
        ("{}", json!({})),
        ("[[], {}, [{}]]", json!([[], {}, [{}]])),
        (" { \"a\" : [ 1 , 2 ] } ", json!({"a": [1, 2]})),
    ] {
        assert_eq!(json::parse(text.as_bytes()).unwrap(), value, "{text}");
    }
}

// ---- property: serde_json output parses strictly to an equal value ---------------------------

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        // Integers a double holds exactly (beyond, see numbers_that_would_change_meaning).
        (0..=json::MAX_SAFE_INTEGER).prop_map(Value::from),
        (-(json::MAX_SAFE_INTEGER as i64)..=0).prop_map(Value::from),
        any::<f64>()
            .prop_filter_map("finite", serde_json::Number::from_f64)
            .prop_map(Value::Number),
        (-1e6f64..1e6).prop_filter_map("finite", |f| serde_json::Number::from_f64(f)
            .map(Value::Number)),
        any::<String>().prop_map(Value::String),
        "[a-z~/\\\\\"]{0,6}".prop_map(Value::String),
    ];
    leaf.prop_recursive(12, 256, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::btree_map(any::<String>(), inner.clone(), 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            prop::collection::btree_map("[a-d]{0,2}", inner, 0..8)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// What a sink got: each element with the indices of the arrays on its path.
type HandedOver = Vec<(Vec<usize>, Value)>;

/// `input` parsed by `json::parse_streaming` with the arrays at `path`; what the sink got.
fn streamed(
    input: &[u8],
    limits: &Limits,
    path: &[json::Step<'_>],
) -> (Result<Value, Error>, HandedOver) {
    let mut seen = Vec::new();
    let parsed = json::parse_streaming(input, limits, path, &mut |at, v| {
        seen.push((at.to_vec(), v))
    });
    (parsed.map(|p| p.into_value()), seen)
}

/// The elements handed over put back, in order, into the partial value of a document whose
/// streamed arrays are `/blocks/<i>/items`.
fn reassembled(mut partial: Value, seen: HandedOver) -> Value {
    for (at, v) in seen {
        let items = partial["blocks"][at[0]]["items"].as_array_mut().unwrap();
        assert_eq!(items.len(), at[1], "elements arrive in order");
        items.push(v);
    }
    partial
}

const BLOCKS_ITEMS: [json::Step<'static>; 3] = [
    json::Step::Member("blocks"),
    json::Step::Element,
    json::Step::Member("items"),
];

#[test]
fn streaming_hands_over_every_element_but_the_first_and_keeps_the_rules() {
    let doc = br#"{"blocks":[{"items":[{"a":1},{"b":[2,3]},"x"],"n":3},{"items":[]},{"items":[null]},{"items":[[1],[2]]}],"items":[1,2],"proof":{"id":"p"}}"#;
    let whole = json::parse(doc).unwrap();
    let (partial, seen) = streamed(doc, &Limits::default(), &BLOCKS_ITEMS);
    let partial = partial.unwrap();
    // Only the arrays at the path: the top-level "items" is kept whole.
    assert_eq!(partial["items"], json!([1, 2]));
    assert_eq!(partial["blocks"][0]["items"], json!([{"a": 1}]));
    let at: Vec<Vec<usize>> = seen.iter().map(|(at, _)| at.clone()).collect();
    assert_eq!(at, [vec![0, 1], vec![0, 2], vec![3, 1]]);
    assert_eq!(reassembled(partial, seen), whole);
    let parsed =
        json::parse_streaming(doc, &Limits::default(), &BLOCKS_ITEMS, &mut |_, _| {}).unwrap();
    assert!(parsed.is_partial() && parsed.is_canonical());
    // Nothing at the path: the whole value, not partial.
    let parsed = json::parse_streaming(
        br#"{"blocks":[{"items":[1]}]}"#,
        &Limits::default(),
        &BLOCKS_ITEMS,
        &mut |_, _| panic!("nothing to hand over"),
    )
    .unwrap();
    assert!(!parsed.is_partial());
    // Not canonical (white space), or unsure (a fraction) and partial: not canonical.
    for input in [
        &br#"{"blocks": [{"items":[1,2]}]}"#[..],
        &br#"{"blocks":[{"items":[1.5,2]}]}"#[..],
    ] {
        let parsed =
            json::parse_streaming(input, &Limits::default(), &BLOCKS_ITEMS, &mut |_, _| {})
                .unwrap();
        assert!(parsed.is_partial() && !parsed.is_canonical());
    }
}

#[test]
fn streaming_refuses_what_parsing_whole_refuses_with_the_same_code_and_position() {
    let limits = Limits {
        max_array_len: 3,
        ..Limits::default()
    };
    for input in [
        &br#"{"blocks":[{"items":[1,{"a":1,"a":2}]}]}"#[..],
        br#"{"blocks":[{"items":[1,2,3,4]}]}"#,
        br#"{"blocks":[{"items":[1,"\ud800"]}]}"#,
        br#"{"blocks":[{"items":[1,1e400]}]}"#,
        br#"{"blocks":[{"items":[1,2]}]} x"#,
        br#"{"blocks":[{"items":[1,2],"items":[3]}]}"#,
        br#"{"blocks":[{"items":[1,[[[[1]]]]]}]}"#,
    ] {
        let whole = json::parse_with_limits(
            input,
            &Limits {
                max_depth: 5,
                ..limits.clone()
            },
        )
        .unwrap_err();
        let (result, _) = streamed(
            input,
            &Limits {
                max_depth: 5,
                ..limits.clone()
            },
            &BLOCKS_ITEMS,
        );
        let part = result.unwrap_err();
        assert_eq!(
            part.code(),
            whole.code(),
            "{}",
            String::from_utf8_lossy(input)
        );
        assert_eq!(
            part.position(),
            whole.position(),
            "{}",
            String::from_utf8_lossy(input)
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any document, streamed at `/blocks/*/items`: the value kept and the elements handed
    /// over, put back, are the whole value.
    #[test]
    fn streaming_then_putting_back_is_parsing_whole(
        blocks in proptest::collection::vec(proptest::collection::vec(arb_json(), 0..6), 0..4),
    ) {
        let doc = json!({
            "blocks": blocks.iter().map(|items| json!({"items": items})).collect::<Vec<_>>(),
        });
        let bytes = serde_json::to_vec(&doc).unwrap();
        let whole = json::parse(&bytes).unwrap();
        let (partial, seen) = streamed(&bytes, &Limits::default(), &BLOCKS_ITEMS);
        prop_assert_eq!(reassembled(partial.unwrap(), seen), whole);
    }

    #[test]
    fn serde_json_output_parses_strictly_to_an_equal_value(value in arb_json()) {
        let compact = serde_json::to_vec(&value).unwrap();
        prop_assert_eq!(&json::parse(&compact).unwrap(), &value);
        let pretty = serde_json::to_vec_pretty(&value).unwrap();
        prop_assert_eq!(&json::parse(&pretty).unwrap(), &value);
    }

}
