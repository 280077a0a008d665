//! RFC 8785 JSON Canonicalization Scheme (JCS).
//!
//! JCS turns a JSON value into one exact byte sequence, so that two parties who hold the same
//! data (however it was spaced, ordered or escaped on the wire) hash and sign the same bytes.
//! This is the canonical form under the `eddsa-jcs-2022` cryptosuite. The rules (RFC 8785 §3.2):
//!
//! - **No white space** between tokens; array elements keep their order.
//! - **Object members are sorted by their names as arrays of UTF-16 code units**, compared
//!   unsigned, recursively (§3.2.3). This is not locale collation and not quite code-point
//!   order: a name with a character above U+FFFF (a surrogate pair, 0xD800..0xDBFF first) sorts
//!   *before* one with a character in U+E000..U+FFFF at the same position.
//! - **Strings** are written as raw UTF-8 with only `"` and `\` escaped, plus the control
//!   characters U+0000..U+001F: `\b \t \n \f \r` by name, the rest as `\u00xx` in lower-case
//!   hexadecimal (§3.2.2.2). No Unicode normalization.
//! - **Numbers** are IEEE-754 doubles written as ECMAScript `Number.prototype.toString` does
//!   (§3.2.2.3): the shortest digits that round-trip, plain notation for 1e-6 <= |x| < 1e21,
//!   exponent form (`1e+21`, `1.5e-7`) outside it, `-0` as `0`. An integer that `serde_json`
//!   holds as `u64`/`i64` is first rounded to the nearest double, as any other JCS
//!   implementation would read it: `18446744073709551615` becomes `18446744073709552000`.
//!   Values that must stay exact travel as strings.
//!
//! ```
//! use govblocks_core::jcs;
//! use serde_json::json;
//!
//! let value = json!({ "b": [1.50, "\u{20ac}\n"], "a": 1e21, "\u{1F600}": null, "\u{E000}": -0.0 });
//! assert_eq!(
//!     jcs::canonicalize_to_string(&value),
//!     "{\"a\":1e+21,\"b\":[1.5,\"\u{20ac}\\n\"],\"\u{1F600}\":null,\"\u{E000}\":0}"
//! );
//! ```
//!
//! Input is a [`serde_json::Value`] from the strict parser ([`crate::json`]), which has already
//! refused duplicate names, lone surrogates, non-finite numbers and excessive depth, or a value
//! built in code that [`crate::json::check_signable_numbers`] has accepted (signing and
//! verification run it first); a `Value` cannot hold a duplicate name, so canonicalization
//! cannot fail. The output does not depend on the serde_json features the application
//! enables (Cargo unifies them into govblocks): with `arbitrary_precision` a number is held as
//! its literal text and is read back as the same `u64`, `i64` or correctly rounded double
//! (`4.50` is written `4.5`, `-0` is written `0`), and with `preserve_order` objects iterate in
//! insertion order, which is never trusted (below); `tests/api/feature_unification.rs` runs with
//! both switched on in CI.
//! Member order is never taken on trust: before an object is written, its names are checked to
//! be in strict UTF-16 order (one comparison per member, normally settled at the first byte), and
//! only an object that is not (a supplementary-plane name next to a U+E000..U+FFFF one, or any
//! order at all when serde_json's `preserve_order` is switched on by feature unification)
//! is sorted. Checking first, not while writing, means nothing is ever written twice, so crafted
//! nesting cannot make the work grow faster than the document.
//!
//! Why our own writer: the registry's JCS crates were measured against the six RFC vectors, the
//! first 1,000,000 lines of the ES6 number corpus, integers above 2^53 and UTF-16 ordering.
//! serde_jcs 0.2.0 and serde_json_canonicalizer 0.4.1 pass; json-canon 0.1.3 rejects integers
//! above 2^53. On the 1 KiB credential of `benches/canonicalize.rs` they take 11-20x, 10-16x and
//! 7-10x the time of `serde_json::to_vec` (7-17x at 64 KiB and 1 MiB); this writer 0.9-1.2x at
//! every size. So we keep it, with digits from `ryu-js`, checked against all 100M corpus lines.
//!
//! **Panic freedom.** Canonicalization cannot fail or panic on any `Value`: non-finite numbers
//! (which serde_json holds only with `arbitrary_precision`, and the check above refuses) are
//! written `null`, integers are
//! formatted digit by digit from a `u64` (indices into a 200-byte digit-pair table are
//! `(v % 100) * 2`, at most 198, into a 20-byte buffer that holds any `u64`), and member names are sorted by UTF-16 code units compared
//! one by one. `unwrap`, `expect` and `panic!` are denied by the workspace lints.

use serde_json::{Map, Value};
use std::cmp::Ordering;

/// Returns the canonical (RFC 8785) bytes of `value`.
#[must_use]
pub fn canonicalize(value: &Value) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    canonicalize_into(value, &mut out);
    out
}

/// Returns the canonical (RFC 8785) form of `value` as a `String` (it is always UTF-8).
#[must_use]
pub fn canonicalize_to_string(value: &Value) -> String {
    let bytes = canonicalize(value);
    // The writer only copies whole `str`s and ASCII, so the bytes are always valid UTF-8; the
    // lossy arm is unreachable and exists only to avoid `unsafe` and panics.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Appends the canonical (RFC 8785) bytes of `value` to `out`.
///
/// Nothing already in `out` is touched. Recursion follows the nesting of `value`; values from
/// the strict parser are depth-limited, so this cannot overflow the stack for them.
pub fn canonicalize_into(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(n) => write_json_number(n, out),
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push(b'[');
            let mut first = true;
            for item in items {
                if !first {
                    out.push(b',');
                }
                first = false;
                canonicalize_into(item, out);
            }
            out.push(b']');
        }
        Value::Object(map) => write_object(map, out),
    }
}

/// Appends `n` formatted as ECMAScript `Number::toString` (RFC 8785 §3.2.2.3) to `out`.
///
/// The caller guarantees that `n` is finite, as every `f64` a [`serde_json::Number`] yields is; JCS
/// has no representation for NaN or the infinities. Should one be passed anyway, `null` is
/// written (what ECMAScript's `JSON.stringify` does), never a panic. `-0` is written as `0`.
///
/// ```
/// let mut out = Vec::new();
/// govblocks_core::jcs::write_number(1e-7, &mut out);
/// assert_eq!(out, b"1e-7");
/// ```
pub fn write_number(n: f64, out: &mut Vec<u8>) {
    if !n.is_finite() {
        out.extend_from_slice(b"null");
        return;
    }
    // Integral values below 2^53 in magnitude print as their plain decimal digits under
    // Number::toString; this skips the shortest-digits search for the common case.
    if n.abs() < TWO_POW_53_F && n.fract() == 0.0 {
        // In range and integral, so the cast is exact; -0.0 becomes 0.
        let i = n as i64;
        if i < 0 {
            out.push(b'-');
        }
        write_u64(i.unsigned_abs(), out);
        return;
    }
    let mut buf = ryu_js::Buffer::new();
    out.extend_from_slice(buf.format_finite(n).as_bytes());
}

const TWO_POW_53: u64 = 1 << 53;
const TWO_POW_53_F: f64 = 9_007_199_254_740_992.0;

/// A `serde_json::Number`, however serde_json was built.
///
/// Without `arbitrary_precision` it is a `u64`, an `i64` or a finite `f64`. With it (turned on
/// by feature unification, not by govblocks) it is the text it was read from, and the same
/// accessors parse that text: integer literals answer `as_u64`/`as_i64`, everything else is
/// read with `as_f64` (correctly rounded) and written with [`write_number`]. So `1.0`, `1E2`,
/// `-0`, `4.50` and `2e-3` are written `1`, `100`, `0`, `4.5` and `0.002` either way: the bytes
/// are the same for every number [`crate::json::check_signable_numbers`] accepts. A number
/// that is not a finite double (`1e400` kept as text) is written `null`; the check refuses it
/// before anything is signed or verified.
fn write_json_number(n: &serde_json::Number, out: &mut Vec<u8>) {
    if let Some(u) = n.as_u64() {
        if u <= TWO_POW_53 {
            write_u64(u, out);
        } else {
            // Rounds to the nearest double (ties to even), as a JSON parser reading it would.
            write_number(u as f64, out);
        }
    } else if let Some(i) = n.as_i64() {
        // as_u64 failed, so i < 0, or, with `arbitrary_precision`, the literal `-0` (written `0`,
        // as the double -0.0 is).
        if i.unsigned_abs() <= TWO_POW_53 {
            if i < 0 {
                out.push(b'-');
            }
            write_u64(i.unsigned_abs(), out);
        } else {
            write_number(i as f64, out);
        }
    } else if let Some(f) = n.as_f64() {
        write_number(f, out);
    } else {
        // Only with `arbitrary_precision`: a literal beyond the double range. `null`, as
        // ECMAScript writes a non-finite number, keeps this panic-free.
        out.extend_from_slice(b"null");
    }
}

static DIGIT_PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
2021222324252627282930313233343536373839\
4041424344454647484950515253545556575859\
6061626364656667686970717273747576777879\
8081828384858687888990919293949596979899";

/// Plain decimal digits of `v`.
fn write_u64(mut v: u64, out: &mut Vec<u8>) {
    if v < 10 {
        out.push(b'0' + v as u8);
        return;
    }
    let mut buf = [0u8; 20];
    let mut pos = buf.len();
    while v >= 100 {
        let pair = (v % 100) as usize * 2;
        v /= 100;
        pos -= 2;
        buf[pos..pos + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
    }
    if v >= 10 {
        let pair = v as usize * 2;
        pos -= 2;
        buf[pos..pos + 2].copy_from_slice(&DIGIT_PAIRS[pair..pair + 2]);
    } else {
        pos -= 1;
        buf[pos] = b'0' + v as u8;
    }
    out.extend_from_slice(&buf[pos..]);
}

/// For each byte: 0 if it is copied as is, otherwise the escape letter (`u` for `\u00xx`).
static ESCAPE: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 0x20 {
        t[i] = b'u';
        i += 1;
    }
    t[0x08] = b'b';
    t[0x09] = b't';
    t[0x0a] = b'n';
    t[0x0c] = b'f';
    t[0x0d] = b'r';
    t[b'"' as usize] = b'"';
    t[b'\\' as usize] = b'\\';
    t
};

static HEX: &[u8; 16] = b"0123456789abcdef";

/// A JSON string per RFC 8785 §3.2.2.2, copying unescaped runs in one go.
///
/// The bytes RFC 8785 escapes (control characters, `"` and `\`) are exactly the ones the strict
/// parser stops its string scan at, so both find them with one function,
/// [`crate::json::find_string_special`], eight bytes at a time.
fn write_string(s: &str, out: &mut Vec<u8>) {
    let mut rest = s.as_bytes();
    out.reserve(rest.len() + 2);
    out.push(b'"');
    while let Some(at) = crate::json::find_string_special(rest) {
        let (run, tail) = rest.split_at(at);
        out.extend_from_slice(run);
        let Some((&b, after)) = tail.split_first() else {
            break; // `at` is within `rest`: not reached
        };
        match ESCAPE[usize::from(b)] {
            b'u' => out.extend_from_slice(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(b >> 4)],
                HEX[usize::from(b & 0xf)],
            ]),
            esc => out.extend_from_slice(&[b'\\', esc]),
        }
        rest = after;
    }
    out.extend_from_slice(rest);
    out.push(b'"');
}

/// Compares two strings as sequences of UTF-16 code units (RFC 8785 §3.2.3).
///
/// UTF-8 byte order equals code-point order, which equals UTF-16 order except where one string
/// has a supplementary character (lead byte 0xF0..0xF4; UTF-16 0xD800..0xDBFF) and the other a
/// character in U+E000..U+FFFF (lead byte 0xEE or 0xEF) at the first difference. The first
/// differing byte is either a lead byte in both strings or a continuation byte in both (their
/// common prefix has the same character boundaries), and only lead bytes can be >= 0xEE.
#[must_use]
pub fn cmp_utf16(a: &str, b: &str) -> Ordering {
    cmp_utf16_bytes(a.as_bytes(), b.as_bytes())
}

/// [`cmp_utf16`] on the UTF-8 bytes of two strings (the parser compares member names as they
/// stand in its input, already known to be UTF-8).
pub(crate) fn cmp_utf16_bytes(a: &[u8], b: &[u8]) -> Ordering {
    match a.iter().zip(b).position(|(x, y)| x != y) {
        None => a.len().cmp(&b.len()),
        Some(i) => {
            let (x, y) = (a[i], b[i]);
            if x >= 0xEE && y >= 0xEE && ((x >= 0xF0) != (y >= 0xF0)) {
                y.cmp(&x)
            } else {
                x.cmp(&y)
            }
        }
    }
}

/// Appends the canonical bytes of the object `map` less its member `name`, exactly as if that
/// member were absent: the unsecured document of a secured one, hashed without taking `proof`
/// out of the map (with serde_json's `preserve_order`, taking it out would move another member
/// into its place, and the document would not come back as it went in).
pub(crate) fn canonicalize_object_without(map: &Map<String, Value>, name: &str, out: &mut Vec<u8>) {
    write_members(map.iter().filter(|(k, _)| k.as_str() != name), out);
}

fn write_object(map: &Map<String, Value>, out: &mut Vec<u8>) {
    write_members(map.iter(), out);
}

/// Writes an object from its members in whatever order `members` yields them: straight through
/// when they are already in strictly increasing UTF-16 order (always the case for a
/// `BTreeMap`-backed `Map` without names mixing the two ranges above), sorted otherwise.
fn write_members<'a, I>(members: I, out: &mut Vec<u8>)
where
    I: Iterator<Item = (&'a String, &'a Value)> + Clone,
{
    let mut prev: Option<&str> = None;
    let sorted = members.clone().all(|(k, _)| {
        let ok = prev.is_none_or(|p| cmp_utf16(p, k) == Ordering::Less);
        prev = Some(k);
        ok
    });
    out.push(b'{');
    if sorted {
        write_member_list(members, out);
    } else {
        let mut entries: Vec<(&String, &Value)> = members.collect();
        entries.sort_unstable_by(|a, b| cmp_utf16(a.0, b.0));
        write_member_list(entries.into_iter(), out);
    }
    out.push(b'}');
}

fn write_member_list<'a>(
    members: impl Iterator<Item = (&'a String, &'a Value)>,
    out: &mut Vec<u8>,
) {
    let mut first = true;
    for (k, v) in members {
        if !first {
            out.push(b',');
        }
        first = false;
        write_string(k, out);
        out.push(b':');
        canonicalize_into(v, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parser's scan stops at exactly the bytes this module escapes.
    #[test]
    fn the_escape_table_is_the_parsers_scan() {
        for byte in 0..=255u8 {
            let escaped = ESCAPE[usize::from(byte)] != 0;
            for position in 0..12 {
                let mut text = vec![b'a'; 12];
                text[position] = byte;
                let expected = escaped.then_some(position);
                assert_eq!(
                    crate::json::find_string_special(&text),
                    expected,
                    "{byte:#x} at {position}"
                );
            }
        }
    }
    use serde_json::json;

    fn utf16_order(a: &str, b: &str) -> Ordering {
        a.encode_utf16().cmp(b.encode_utf16())
    }

    #[test]
    fn cmp_utf16_matches_encode_utf16() {
        let samples = [
            "",
            "a",
            "ab",
            "b",
            "\u{7f}",
            "\u{80}",
            "\u{7ff}",
            "\u{800}",
            "\u{d7ff}",
            "\u{e000}",
            "\u{efff}",
            "\u{f000}",
            "\u{fb33}",
            "\u{ffff}",
            "\u{10000}",
            "\u{1f600}",
            "\u{10ffff}",
            "a\u{e000}",
            "a\u{1f600}",
            "a\u{1f600}b",
            "a\u{ffff}",
            "\u{e000}\u{10000}",
        ];
        for a in samples {
            for b in samples {
                assert_eq!(cmp_utf16(a, b), utf16_order(a, b), "{a:?} vs {b:?}");
            }
        }
    }

    /// The fallback path, fed members in an order a `preserve_order` map could hold.
    #[test]
    fn unsorted_members_are_sorted() {
        let (one, two, three, four) = (json!(1), json!(2), json!(3), json!(4));
        let keys = [
            "\u{e000}".to_string(),
            "b".to_string(),
            "\u{1f600}".to_string(),
            "a".to_string(),
        ];
        let members = [
            (&keys[0], &one),
            (&keys[1], &two),
            (&keys[2], &three),
            (&keys[3], &four),
        ];
        let mut out = Vec::new();
        write_members(members.iter().copied(), &mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"a\":4,\"b\":2,\"\u{1f600}\":3,\"\u{e000}\":1}"
        );
    }

    #[test]
    fn integers_beyond_2_pow_53_round_to_doubles() {
        let cases = [
            (json!(u64::MAX), "18446744073709552000"),
            (json!(9_007_199_254_740_993_u64), "9007199254740992"),
            (json!(9_007_199_254_740_992_u64), "9007199254740992"),
            (json!(9_007_199_254_740_995_u64), "9007199254740996"),
            (json!(-9_007_199_254_740_993_i64), "-9007199254740992"),
            (json!(i64::MIN), "-9223372036854776000"),
            (json!(0), "0"),
            (json!(-1), "-1"),
            (json!(1234567890), "1234567890"),
        ];
        for (v, want) in cases {
            assert_eq!(canonicalize_to_string(&v), want);
        }
    }

    #[test]
    fn non_finite_writes_null() {
        for f in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let mut out = Vec::new();
            write_number(f, &mut out);
            assert_eq!(out, b"null");
        }
    }
}
