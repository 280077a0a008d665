//! Property tests: canonicalization is idempotent and does not depend on member order, white
//! space or escaping choices in the input text.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::{jcs, json};
use proptest::prelude::*;
use serde_json::{Map, Number, Value};

/// Strings drawing on ASCII, escapes and controls, Latin-1, the U+E000..U+FFFF range and the
/// supplementary planes: the characters where escaping and UTF-16 ordering can go wrong.
fn any_string() -> impl Strategy<Value = String> {
    let ch = prop_oneof![
        4 => proptest::char::range('a', 'e'),
        1 => proptest::char::range('\u{0}', '\u{1f}'),
        1 => Just('"'),
        1 => Just('\\'),
        1 => Just('/'),
        1 => Just('\u{7f}'),
        1 => proptest::char::range('\u{80}', '\u{7ff}'),
        1 => proptest::char::range('\u{e000}', '\u{ffff}'),
        1 => proptest::char::range('\u{10000}', '\u{10ffff}'),
        1 => any::<char>(),
    ];
    proptest::collection::vec(ch, 0..6).prop_map(|v| v.into_iter().collect())
}

fn any_number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<u64>().prop_map(|n| Value::Number(n.into())),
        any::<i64>().prop_map(|n| Value::Number(n.into())),
        (-1000i64..1000).prop_map(|n| Value::Number(n.into())),
        any::<f64>()
            .prop_filter_map("finite", Number::from_f64)
            .prop_map(Value::Number),
        (-1e6f64..1e6)
            .prop_filter_map("finite", Number::from_f64)
            .prop_map(Value::Number),
    ]
}

fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any_number(),
        any_string().prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 64, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((any_string(), inner), 0..6)
                .prop_map(|members| Value::Object(members.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Writes `v` as JSON text with members in an order given by `seed` (a rotation plus optional
/// reversal per object), white space between every token, and some characters `\u`-escaped
/// that need not be.
fn write_scrambled(v: &Value, seed: &mut u64, out: &mut String) {
    let ws = |n: u64, out: &mut String| {
        out.push_str([" ", "\n", "\t ", "\r\n  ", ""][(n % 5) as usize]);
    };
    match v {
        Value::Object(map) => {
            let mut members: Vec<(&String, &Value)> = map.iter().collect();
            if !members.is_empty() {
                let r = (step(seed) as usize) % members.len();
                members.rotate_left(r);
                if step(seed) % 2 == 0 {
                    members.reverse();
                }
            }
            out.push('{');
            for (i, (k, val)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                ws(step(seed), out);
                write_escaped_oddly(k, step(seed), out);
                ws(step(seed), out);
                out.push(':');
                ws(step(seed), out);
                write_scrambled(val, seed, out);
                ws(step(seed), out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                ws(step(seed), out);
                write_scrambled(item, seed, out);
                ws(step(seed), out);
            }
            out.push(']');
        }
        Value::String(s) => write_escaped_oddly(s, step(seed), out),
        Value::Number(n) => {
            // Same double, another spelling: exponent form for floats.
            match n.as_f64() {
                Some(f) if n.is_f64() && step(seed) % 2 == 0 => out.push_str(&format!("{f:e}")),
                _ => out.push_str(&n.to_string()),
            }
        }
        other => out.push_str(&other.to_string()),
    }
}

fn step(seed: &mut u64) -> u64 {
    *seed = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *seed >> 33
}

/// A JSON string literal for `s`, `\u`-escaping every character (as surrogate pairs above
/// U+FFFF) when `mode` says so, minimal escaping otherwise.
fn write_escaped_oddly(s: &str, mode: u64, out: &mut String) {
    if mode % 3 == 0 {
        out.push('"');
        for unit in s.encode_utf16() {
            out.push_str(&format!("\\u{unit:04X}"));
        }
        out.push('"');
    } else {
        out.push_str(&serde_json::to_string(s).unwrap());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn idempotent(v in any_value()) {
        let once = jcs::canonicalize(&v);
        let parsed: Value = serde_json::from_slice(&once).unwrap();
        prop_assert_eq!(jcs::canonicalize(&parsed), once);
    }

    #[test]
    fn independent_of_order_white_space_and_escapes(v in any_value(), seed in any::<u64>()) {
        let mut seed = seed;
        let mut text = String::new();
        write_scrambled(&v, &mut seed, &mut text);
        let reparsed: Value = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(jcs::canonicalize(&reparsed), jcs::canonicalize(&v), "text: {}", text);
    }

    /// `json::Parsed::is_canonical` is exact: true for the canonical text of any value, and for
    /// any other text (scrambled, serde_json's, pretty) exactly when it equals the canonical
    /// form of what it parses to.
    #[test]
    fn the_parser_knows_canonical_text(v in any_value(), seed in any::<u64>()) {
        let canonical = jcs::canonicalize(&v);
        let mut seed = seed;
        let mut scrambled = String::new();
        write_scrambled(&v, &mut seed, &mut scrambled);
        let texts = [
            canonical.clone(),
            scrambled.into_bytes(),
            serde_json::to_vec(&v).unwrap(),
            serde_json::to_vec_pretty(&v).unwrap(),
        ];
        for (i, text) in texts.iter().enumerate() {
            // Numbers the strict parser refuses (inexact integers) leave nothing to judge.
            let Ok(parsed) = json::parse_with_layout(text, &json::Limits::default()) else {
                continue;
            };
            let truly = jcs::canonicalize(parsed.value()) == *text;
            prop_assert_eq!(parsed.is_canonical(), truly, "text {}: {}", i, String::from_utf8_lossy(text));
            if i == 0 {
                prop_assert!(truly);
            }
        }
    }

    #[test]
    fn members_sorted_by_utf16(v in any_value()) {
        // Every object's canonical form equals its members sorted by `encode_utf16` (an
        // independent oracle) and written with an independent string escaper, recursively.
        check_member_order(&v);
    }

    #[test]
    fn key_order_of_output_matches_utf16(keys in proptest::collection::btree_set(any_string(), 0..8)) {
        let map: Map<String, Value> = keys.iter().map(|k| (k.clone(), Value::Null)).collect();
        let out = jcs::canonicalize_to_string(&Value::Object(map));
        let mut expected: Vec<&String> = keys.iter().collect();
        expected.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
        let mut want = String::from("{");
        for (i, k) in expected.iter().enumerate() {
            if i > 0 { want.push(','); }
            want.push_str(&canonical_string(k));
            want.push_str(":null");
        }
        want.push('}');
        prop_assert_eq!(out, want);
    }
}

/// RFC 8785 §3.2.2.2 string form, written independently of the library.
fn canonical_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn check_member_order(v: &Value) {
    match v {
        Value::Object(map) => {
            let mut sorted: Vec<&String> = map.keys().collect();
            sorted.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
            let mut want = String::from("{");
            for (i, k) in sorted.iter().enumerate() {
                if i > 0 {
                    want.push(',');
                }
                want.push_str(&canonical_string(k));
                want.push(':');
                want.push_str(&jcs::canonicalize_to_string(&map[k.as_str()]));
            }
            want.push('}');
            assert_eq!(jcs::canonicalize_to_string(v), want);
            map.values().for_each(check_member_order);
        }
        Value::Array(items) => items.iter().for_each(check_member_order),
        _ => {}
    }
}

/// `serde_json`'s map keeps names in UTF-8 byte order, which puts U+E000..U+FFFF before the
/// supplementary planes; UTF-16 order is the other way round. This object therefore always
/// takes the sorting fallback, at two levels of nesting.
#[test]
fn supplementary_names_sort_before_e000_ffff() {
    let v: Value = serde_json::from_str(
        r#"{"\uffff":1,"\ue000":{"\ufb33":0,"\ud83d\ude00":0,"a":0},"\ud800\udc00":2,"z":3,"\udbff\udfff":4}"#,
    )
    .unwrap();
    assert_eq!(
        jcs::canonicalize_to_string(&v),
        "{\"z\":3,\"\u{10000}\":2,\"\u{10ffff}\":4,\"\u{e000}\":{\"a\":0,\"\u{1f600}\":0,\"\u{fb33}\":0},\"\u{ffff}\":1}"
    );
}
