//! Strict JSON parsing of untrusted input.
//!
//! Every signed document enters govblocks through [`parse`] (or [`parse_with_limits`]). It reads
//! RFC 8259 JSON into a [`serde_json::Value`], and refuses everything that RFC 8259 leaves to the
//! implementation, because two implementations that resolve such a point differently read two
//! different documents under one signature:
//!
//! | rejected | error code | why |
//! | --- | --- | --- |
//! | the same member name twice in one object, at any depth | `json.duplicate_key` | one parser keeps the first value, another the last: the verifier checks `{"amount":"1"}` while the payment system pays `{"amount":"1000"}`, both under one valid signature |
//! | a `\uD800`–`\uDFFF` escape that is not half of a surrogate pair | `json.lone_surrogate` | it names no character; parsers replace it, drop it or keep it, so the canonical bytes (and the hash) differ between implementations |
//! | `NaN`, `Infinity`, `-Infinity` | `json.non_finite_number` | not JSON; RFC 8785 cannot canonicalize them |
//! | a number beyond the IEEE double range (`1e400`), or a non-zero number that rounds to zero (`1e-400`) | `json.number_out_of_range` | it would silently become infinity, an error or zero: a signed document must not change meaning |
//! | an integer literal beyond ±(2^53 − 1) (`9007199254740993`) unless written exactly as RFC 8785 writes a double | `json.number_inexact` | RFC 8785 signs numbers as doubles: the number read would not be the number signed. I-JSON (RFC 7493 §2.2) advises against all such integers; the canonical spellings (`9007199254740992`, `100000000000000000000`) are accepted, as doubles, because RFC 8785 itself writes large doubles that way and canonical output must parse again |
//! | anything but white space after the value | `json.trailing_characters` | a second document hidden behind the first |
//! | input that is not UTF-8 | `json.invalid_utf8` | RFC 8259 §8.1 requires UTF-8 |
//! | a UTF-8 byte order mark | `json.syntax` | RFC 8259 §8.1: implementations MUST NOT add one; we refuse one rather than guess |
//! | any other malformed input (with line and column) | `json.syntax` | |
//!
//! and input that exceeds the [`Limits`], so that a hostile document cannot exhaust memory or
//! the stack before its signature is even looked at:
//!
//! | limit | default | error code |
//! | --- | --- | --- |
//! | [`Limits::max_bytes`] (checked first, before any parsing) | 4 MiB (4,194,304 bytes) | `json.too_large` |
//! | [`Limits::max_depth`] (at most [`MAX_DEPTH_CAP`]) | 64 | `json.too_deep` |
//! | [`Limits::max_array_len`] | 100,000 elements | `json.array_too_long` |
//! | [`Limits::max_object_members`] | 10,000 members | `json.too_many_members` |
//! | [`Limits::max_string_bytes`] (strings and member names, after unescaping) | 1 MiB (1,048,576 bytes) | `json.string_too_long` |
//!
//! Every error except `json.too_large` carries a [`Position`]:
//! the JSON Pointer (RFC 6901) of the value (for a duplicate key or a too-long array, of the
//! object or array that holds it) and the 1-based line and column (counted in characters) of
//! the input where the problem was found.
//!
//! A duplicate member name is detected when its value has been read (the insertion into the
//! object is the check, so it costs no extra lookup); if that value is itself invalid, its error
//! is the one reported. Either way the document is rejected.
//!
//! The parser is iterative: nesting uses a heap-allocated stack bounded by the depth limit, so a
//! depth bomb (a million `[`) fails with `json.too_deep` without touching the call stack.
//!
//! **Canonical input without a tree.** [`Tape::parse`] reads a document that is canonical
//! (RFC 8785) and plain (no string escapes, numbers safe integers) into one vector of slots
//! over its bytes, and declines anything else, for the strict parser to answer: it reads only
//! what [`parse_with_layout`] reads as canonical and as the same value, within the same
//! [`Limits`]. The verifier checks schema and proofs on it without building a [`Value`]
//! ([`Verifier::prepare_tape_as`](crate::proof::Verifier::prepare_tape_as)); [`JsonRead`]
//! lets a rule read either.
//!
//! **Panic freedom.** No input can make the parser panic; the `strict_parse` fuzz target and
//! its corpus replay check it, and the argument is this. `unwrap`, `expect` and `panic!` are
//! denied (workspace lints, `-D warnings` in CI). The remaining arithmetic and indexing are on
//! positions in the input: a position only moves past bytes that were first read with
//! `get()` (or found by a search within the slice), so it never exceeds `input.len()`, which is
//! at most `isize::MAX`, and `+ 1` … `+ 6` cannot overflow; a direct index `input[i]` only
//! names a byte just matched at `i`. Sizes are compared with the [`Limits`] before anything is
//! allocated for them, depth is capped at [`MAX_DEPTH_CAP`], `\u` escapes combine four hex
//! digits (at most `0xFFFF`) and surrogate halves already range-checked, and the line and
//! column of an error are counted within the input. Number digits accumulate in
//! `checked_mul`/`checked_add`.
//!
//! Numbers are read like `serde_json` reads them with its `float_roundtrip` feature: an integer
//! without fraction or exponent up to ±(2^53 − 1) becomes a `u64` (non-negative) or `i64`
//! (negative); a larger one is refused unless it is the RFC 8785 spelling of a double, and then
//! becomes that double (where serde_json would keep a `u64`); everything else becomes the correctly rounded `f64` (so `-0` is
//! the double `-0.0`; `1e-400` is refused rather than read as `0.0`). An accepted document
//! parses to the value `serde_json::from_slice::<Value>` would produce, except that integers
//! beyond ±(2^53 − 1) are the equal double. [`add_proof`](crate::proof::add_proof) and the
//! [`Verifier`](crate::proof::Verifier) apply the same rules, with the same codes, to values
//! built in code ([`check_signable_numbers`]), so the number a caller reads is always the
//! number that was signed. Exact amounts (money, counts above 2^53) travel as strings.
//!
//! The rules hold whatever serde_json features the application enables. With
//! `arbitrary_precision` (which Cargo's feature
//! unification turns on here when any crate in the build asks for it) every `Number` this
//! module builds comes from a `u64`, `i64` or `f64` as above and holds that number's own text
//! (`4.50` becomes the double `4.5`, not the literal `4.50` that `serde_json::from_slice`
//! would keep); canonical bytes and signatures are unchanged. With `preserve_order` objects
//! keep insertion order and duplicate names are still refused.
//!
//! ```
//! use govblocks_core::json::{self, Limits};
//!
//! let value = json::parse(br#"{"id": "urn:uuid:1", "amount": "10.00"}"#)?;
//! assert_eq!(value["amount"], "10.00");
//!
//! let err = json::parse(br#"{"amount": "1", "amount": "1000"}"#).unwrap_err();
//! assert_eq!(err.code(), "json.duplicate_key");
//!
//! let tight = Limits { max_depth: 2, ..Limits::default() };
//! let err = json::parse_with_limits(b"[[[1]]]", &tight).unwrap_err();
//! assert_eq!(err.code(), "json.too_deep");
//! # Ok::<(), govblocks_core::Error>(())
//! ```
//!
//! **Canonical input.** [`parse_with_layout`] also tells whether the bytes are exactly the RFC
//! 8785 form of their value ([`Parsed::is_canonical`]), mostly on the way through (no white
//! space, member names in UTF-16 order, only the escapes RFC 8785 writes, integers in plain
//! digits), re-serializing only when a fraction, an exponent or an escaped member name is left
//! to judge. Documents that travel or are stored canonically (a consent ledger's revisions,
//! most documents serde_json writes) are then hashed for their signatures straight from their
//! bytes: the verifier does not canonicalize them again.
//!
//! ```
//! use govblocks_core::json::{self, Limits};
//! let canonical = json::parse_with_layout(br#"{"a":1,"b":"x"}"#, &Limits::default())?;
//! assert!(canonical.is_canonical());
//! let spaced = json::parse_with_layout(br#"{"a": 1, "b": "x"}"#, &Limits::default())?;
//! assert!(!spaced.is_canonical());
//! assert_eq!(canonical.value(), spaced.value());
//! # Ok::<(), govblocks_core::Error>(())
//! ```

mod lazy;
mod read;
mod tape;
use crate::error::{Error, Position, Result};
pub use lazy::{CanonicalDocument, LazyValue};
pub use read::JsonRead;
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};
use std::sync::OnceLock;
pub(crate) use tape::Kind as TapeKind;
pub use tape::{Elements, Members, Tape, TapeValue};

/// The largest integer up to which every integer is exactly a double: 2^53 − 1 (I-JSON,
/// RFC 7493 §2.2). [`parse`] reads larger integer literals only in the spelling RFC 8785 gives
/// a double, and as that double.
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Which number rule a literal breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NumberFault {
    /// Not a number at all (only reachable for text that skipped the JSON grammar).
    Invalid,
    /// Beyond the double range, or non-zero but rounding to zero: `json.number_out_of_range`.
    OutOfRange,
    /// An integer beyond ±(2^53 − 1) not spelled as RFC 8785 writes a double:
    /// `json.number_inexact`.
    Inexact,
}

impl NumberFault {
    fn into_error(self, position: Position) -> Error {
        match self {
            NumberFault::Invalid => Error::JsonSyntax {
                message: "invalid number".into(),
                position,
            },
            NumberFault::OutOfRange => Error::JsonNumberOutOfRange { position },
            NumberFault::Inexact => Error::JsonNumberInexact { position },
        }
    }
}

/// The number rules for one JSON number literal (its text as written): the double it is read
/// as, or the rule it breaks. The one definition both [`parse`] and [`check_signable_numbers`]
/// apply, so that a number is accepted or refused the same way whether it arrived as bytes or
/// in a [`Value`] built in code (where, with serde_json's `arbitrary_precision`, a `Number` is
/// its literal text).
///
/// - not finite as a double (`1e400`, `-1e999`): out of range;
/// - an integer literal (no fraction, no exponent) beyond ±(2^53 − 1): accepted only when it is
///   exactly how RFC 8785 writes the nearest double (`9007199254740992`,
///   `100000000000000000000`), otherwise inexact (`9007199254740993`,
///   `18446744073709551616`);
/// - a literal with a non-zero digit that reads as zero (`1e-400`): out of range.
fn number_literal_rules(literal: &str) -> std::result::Result<f64, NumberFault> {
    // Rust's float parsing is correctly rounded, like serde_json's `float_roundtrip`.
    let f: f64 = literal.parse().map_err(|_| NumberFault::Invalid)?;
    if !f.is_finite() {
        return Err(NumberFault::OutOfRange);
    }
    let integer = !literal.bytes().any(|b| matches!(b, b'.' | b'e' | b'E'));
    if integer {
        // Integers up to 2^53 are exact doubles, so `f` is the literal's own value there.
        if f.abs() <= MAX_SAFE_INTEGER as f64 {
            return Ok(f);
        }
        let mut spelled = Vec::with_capacity(literal.len());
        crate::jcs::write_number(f, &mut spelled);
        return if spelled == literal.as_bytes() {
            Ok(f)
        } else {
            Err(NumberFault::Inexact)
        };
    }
    // A non-zero literal that rounds to zero changes meaning as silently as one that rounds
    // to infinity: both are refused.
    if f == 0.0 && significand_has_non_zero_digit(literal) {
        return Err(NumberFault::OutOfRange);
    }
    Ok(f)
}

/// Whether the digits of a number literal before its exponent include a non-zero one.
fn significand_has_non_zero_digit(literal: &str) -> bool {
    literal
        .bytes()
        .take_while(|b| !matches!(b, b'e' | b'E'))
        .any(|b| matches!(b, b'1'..=b'9'))
}

/// Whether serde_json keeps each number's literal text: its `arbitrary_precision` feature, which
/// Cargo's feature unification switches on here when any crate of the build asks for it.
/// Decided once, by reading `1.50`.
fn numbers_keep_their_text() -> bool {
    static KEEPS: OnceLock<bool> = OnceLock::new();
    *KEEPS.get_or_init(|| {
        "1.50"
            .parse::<Number>()
            .is_ok_and(|n| n.to_string() == "1.50")
    })
}

/// The rule `n` breaks, if any: [`number_literal_rules`] applied to a `Number` however it was
/// built (`keeps_text`: [`numbers_keep_their_text`]).
///
/// Without serde_json's `arbitrary_precision` a `Number` is a `u64`, an `i64` or a finite
/// `f64`: only integers beyond 2^53 cost anything (their decimal digits are the literal). With
/// it, a `Number` is the text it was read from (`1e400`, `1e-400`, `18446744073709551616`,
/// `4.50`), and that text goes through the parser's rules.
fn number_fault(n: &Number, keeps_text: bool) -> Option<NumberFault> {
    if let Some(u) = n.as_u64() {
        if u <= MAX_SAFE_INTEGER {
            return None;
        }
        return number_literal_rules(&u.to_string()).err();
    }
    if let Some(i) = n.as_i64() {
        if i.unsigned_abs() <= MAX_SAFE_INTEGER {
            return None;
        }
        return number_literal_rules(&i.to_string()).err();
    }
    if keeps_text {
        return number_literal_rules(&n.to_string()).err();
    }
    // Without `arbitrary_precision`, a finite double: nothing can be wrong with it. (Were it
    // not finite, which serde_json cannot hold, it would be out of range.)
    n.as_f64().is_none().then_some(NumberFault::OutOfRange)
}

/// Refuses, anywhere in `value`, a number that the canonical form would not sign as the number
/// the value holds, with the code [`parse`] gives the same literal and the JSON Pointer of the
/// first one (line and column 0):
///
/// - `json.number_out_of_range`: not finite as a double (`1e400`), or non-zero but reading as
///   zero (`1e-400`);
/// - `json.number_inexact`: an integer beyond ±(2^53 − 1) that is not the RFC 8785 spelling
///   of a double (`9007199254740993`, `1152921504606846976`; `1152921504606847000` passes).
///
/// [`parse`] never produces such numbers; this guards values built in code, before they are
/// signed ([`crate::proof::add_proof`]) or verified ([`crate::proof::Verifier::verify`]). It
/// holds whatever serde_json features the application enables: with `arbitrary_precision`,
/// `serde_json::from_str` keeps `1e400` as text, which would otherwise be signed as `null`.
/// Without it the check costs a comparison or two per number, plus formatting for integers
/// beyond 2^53.
///
/// ```
/// use govblocks_core::json::check_signable_numbers;
/// use serde_json::json;
///
/// check_signable_numbers(&json!({"amount": 1.5, "count": 9007199254740992u64}))?;
/// let err = check_signable_numbers(&json!({"n": [9007199254740993u64]})).unwrap_err();
/// assert_eq!(err.code(), "json.number_inexact");
/// assert_eq!(err.position().unwrap().path, "/n/0");
/// # Ok::<(), govblocks_core::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::JsonNumberOutOfRange`] or [`Error::JsonNumberInexact`] for the first number (in
/// the map's iteration order) that breaks a rule.
pub fn check_signable_numbers(value: &Value) -> Result<()> {
    // It runs on every verification: the walk builds nothing, and only the way back from a
    // fault assembles its JSON Pointer (innermost segment first).
    fn walk<'a>(value: &'a Value, keeps_text: bool) -> Option<(NumberFault, Vec<Segment<'a>>)> {
        match value {
            Value::Number(n) => number_fault(n, keeps_text).map(|fault| (fault, Vec::new())),
            Value::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
                walk(item, keeps_text).map(|(fault, mut path)| {
                    path.push(Segment::Index(i));
                    (fault, path)
                })
            }),
            Value::Object(map) => map.iter().find_map(|(key, item)| {
                walk(item, keeps_text).map(|(fault, mut path)| {
                    path.push(Segment::Key(key));
                    (fault, path)
                })
            }),
            _ => None,
        }
    }
    enum Segment<'a> {
        Index(usize),
        Key(&'a str),
    }
    let Some((fault, segments)) = walk(value, numbers_keep_their_text()) else {
        return Ok(());
    };
    let path = segments
        .iter()
        .rev()
        .map(|segment| match segment {
            Segment::Index(i) => format!("/{i}"),
            Segment::Key(key) => format!("/{}", key.replace('~', "~0").replace('/', "~1")),
        })
        .collect();
    Err(fault.into_error(Position {
        path,
        line: 0,
        column: 0,
    }))
}

/// The deepest nesting [`parse_with_limits`] ever accepts, whatever [`Limits::max_depth`] says.
///
/// The parser itself is iterative and would cope with any depth, but a [`Value`] is dropped,
/// serialized, canonicalized and schema-checked recursively; beyond this depth those could
/// overflow a small thread stack. 128 is also the depth `serde_json` itself accepts, so every
/// value this module returns can be read back by `serde_json::from_slice`. A larger
/// `max_depth` is treated as 128 (and a `json.too_deep` error then reports 128 as its limit).
pub const MAX_DEPTH_CAP: usize = 128;

/// Limits applied while parsing untrusted JSON.
///
/// Each limit is inclusive: a document exactly at a limit is accepted, one element, member,
/// byte or level more is rejected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted input, in bytes. Checked before anything is parsed.
    pub max_bytes: usize,
    /// Deepest accepted nesting of arrays and objects (`1` accepts `[1]` but not `[[1]]`; `0`
    /// accepts only a scalar). Values above [`MAX_DEPTH_CAP`] are treated as [`MAX_DEPTH_CAP`].
    pub max_depth: usize,
    /// Longest accepted array.
    pub max_array_len: usize,
    /// Most members accepted in one object.
    pub max_object_members: usize,
    /// Longest accepted string or member name, in bytes (after unescaping).
    pub max_string_bytes: usize,
}

impl Default for Limits {
    /// Limits sized for credentials, consent records, payment batches and exchange envelopes:
    ///
    /// | field | default |
    /// | --- | --- |
    /// | `max_bytes` | 4 MiB (4,194,304) |
    /// | `max_depth` | 64 |
    /// | `max_array_len` | 100,000 |
    /// | `max_object_members` | 10,000 |
    /// | `max_string_bytes` | 1 MiB (1,048,576) |
    fn default() -> Self {
        Limits {
            max_bytes: 4 * 1024 * 1024,
            max_depth: 64,
            max_array_len: 100_000,
            max_object_members: 10_000,
            max_string_bytes: 1024 * 1024,
        }
    }
}

impl Limits {
    /// No limit but the depth cap: for text that was already parsed under the caller's
    /// limits (a [`LazyValue`]'s canonical text, read again as a tree), which a tighter
    /// default must not refuse.
    pub(crate) fn already_checked() -> Self {
        Limits {
            max_bytes: usize::MAX,
            max_depth: MAX_DEPTH_CAP,
            max_array_len: usize::MAX,
            max_object_members: usize::MAX,
            max_string_bytes: usize::MAX,
        }
    }
}

/// Parses untrusted bytes with the default [`Limits`].
///
/// # Errors
///
/// Any `json.*` error of [`Error`]; see the [module documentation](self) for what is rejected.
pub fn parse(bytes: &[u8]) -> Result<Value> {
    parse_with_limits(bytes, &Limits::default())
}

/// Parses untrusted bytes with the given [`Limits`].
///
/// # Errors
///
/// [`Error::JsonTooLarge`] when `bytes` is longer than [`Limits::max_bytes`] (checked before
/// anything else), otherwise any `json.*` error of [`Error`]; see the
/// [module documentation](self).
pub fn parse_with_limits(bytes: &[u8], limits: &Limits) -> Result<Value> {
    Ok(parse_with_layout(bytes, limits)?.into_value())
}

/// [`parse_with_limits`], also telling whether `bytes` are exactly the RFC 8785 canonical form
/// of the value ([`Parsed::is_canonical`]) and where the top-level `proof` member lies in them.
///
/// The verifier uses both to hash the unsecured document of canonical input straight from the
/// bytes (no second serialization); a content-addressed store (a consent ledger) uses the first
/// to check that stored bytes are the canonical form their digest names.
pub fn parse_with_layout<'a>(bytes: &'a [u8], limits: &Limits) -> Result<Parsed<'a>> {
    parse_inner(bytes, limits, None)
}

/// A step of the path of the arrays [`parse_streaming`] hands over element by element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    /// The member of an object with this name.
    Member(&'a str),
    /// Any element of an array.
    Element,
}

/// [`parse_with_layout`] for documents too large to hold as one tree: every element but the
/// first of each array at `path` (from the top-level value; [`Step::Element`] matches any
/// index) is handed to `sink` as soon as it is read, with the indices of the arrays on its path
/// (the element's own index last), instead of being kept. The document returned holds the rest:
/// each such array with its first element only ([`Parsed::is_partial`]).
///
/// Every rule of the [module](self) still applies to the whole input, with the same codes and
/// positions (an array's length limit counts the elements handed over): `sink` sees elements
/// of input that may turn out to be invalid further on, so it must not act on them before this
/// function returned `Ok`. The memory held is the returned document and what `sink` keeps.
///
/// A partial document can be verified only when its bytes are canonical (the hashes are then
/// read from the bytes, never from the partial tree): see
/// [`Verifier::verify_parsed_as_completed_with`](crate::proof::Verifier::verify_parsed_as_completed_with).
///
/// ```
/// use govblocks_core::json::{self, Limits, Step};
///
/// let bytes = br#"{"blocks":[{"items":[1,2,3]},{"items":[4,5]}],"n":5}"#;
/// let mut seen = Vec::new();
/// let path = [Step::Member("blocks"), Step::Element, Step::Member("items")];
/// let parsed = json::parse_streaming(bytes, &Limits::default(), &path, &mut |at, v| {
///     seen.push((at.to_vec(), v));
/// })?;
/// assert_eq!(parsed.value()["blocks"][0]["items"], serde_json::json!([1]));
/// assert_eq!(seen[0], (vec![0, 1], serde_json::json!(2)));
/// assert_eq!(seen.len(), 3);
/// assert!(parsed.is_partial() && parsed.is_canonical());
/// # Ok::<(), govblocks_core::Error>(())
/// ```
pub fn parse_streaming<'a>(
    bytes: &'a [u8],
    limits: &Limits,
    path: &[Step<'_>],
    sink: &mut dyn FnMut(&[usize], Value),
) -> Result<Parsed<'a>> {
    parse_inner(bytes, limits, Some(Stream { path, sink }))
}

/// The text of every number of a document as written, by the JSON Pointer (RFC 6901) of the
/// number: what [`parse_keeping_number_texts`] returns beside the value.
///
/// A [`Value`] holds a number as a `u64`, an `i64` or an `f64`, so `12.30` reads as the double
/// `12.3` and `0.1` as the double nearest to it; an exact decimal (an amount a peer sends as a
/// JSON number, as the GovStack Payments BB's bulk payment does) must be read from its text,
/// never through the double. The text is the literal exactly as it is in the input (`12.30`,
/// `1e3`, `-0`), which the grammar guarantees is ASCII.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NumberTexts<'a> {
    by_pointer: std::collections::HashMap<String, &'a str>,
}

impl<'a> NumberTexts<'a> {
    /// The text of the number at `pointer` (`/0/amount`), or `None` when no number is there.
    pub fn get(&self, pointer: &str) -> Option<&'a str> {
        self.by_pointer.get(pointer).copied()
    }

    /// How many numbers the document holds.
    pub fn len(&self) -> usize {
        self.by_pointer.len()
    }

    /// Whether the document holds no number.
    pub fn is_empty(&self) -> bool {
        self.by_pointer.is_empty()
    }

    /// Every number: its JSON Pointer and its text, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &'a str)> + '_ {
        self.by_pointer.iter().map(|(k, v)| (k.as_str(), *v))
    }
}

/// [`parse_with_limits`], also keeping the text of every number as written
/// ([`NumberTexts`], by JSON Pointer), for documents that carry exact decimals as JSON numbers.
///
/// Every rule of the [module](self) applies, with the same codes, but one: an integer beyond
/// ±(2^53 − 1) that is not the RFC 8785 spelling of a double is accepted (its value in the
/// returned [`Value`] is then the nearest double), because here a number is its text, which
/// loses nothing; `json.number_inexact` protects documents whose numbers are signed as doubles,
/// which these are not read as. Keeping the texts costs one JSON Pointer per number.
///
/// ```
/// use govblocks_core::json::{self, Limits};
///
/// let (value, numbers) = json::parse_keeping_number_texts(
///     br#"[{"amount": 0.10}, {"amount": 12345678901234567.89}]"#,
///     &Limits::default(),
/// )?;
/// assert_eq!(value[0]["amount"], 0.1);
/// assert_eq!(numbers.get("/0/amount"), Some("0.10"));
/// assert_eq!(numbers.get("/1/amount"), Some("12345678901234567.89"));
/// assert_eq!(numbers.get("/0"), None);
/// assert_eq!(numbers.len(), 2);
/// # Ok::<(), govblocks_core::Error>(())
/// ```
///
/// # Errors
///
/// As [`parse_with_limits`], `json.number_inexact` aside.
pub fn parse_keeping_number_texts<'a>(
    bytes: &'a [u8],
    limits: &Limits,
) -> Result<(Value, NumberTexts<'a>)> {
    let (parsed, numbers) = parse_full(bytes, limits, None, true)?;
    Ok((parsed.into_value(), numbers.unwrap_or_default()))
}

/// The arrays whose elements go to a sink, and the sink.
struct Stream<'s> {
    path: &'s [Step<'s>],
    sink: &'s mut dyn FnMut(&[usize], Value),
}

fn parse_inner<'a>(
    bytes: &'a [u8],
    limits: &Limits,
    stream: Option<Stream<'_>>,
) -> Result<Parsed<'a>> {
    Ok(parse_full(bytes, limits, stream, false)?.0)
}

/// The parser: `numbers` keeps every number's text (and lifts `json.number_inexact`).
fn parse_full<'a>(
    bytes: &'a [u8],
    limits: &Limits,
    stream: Option<Stream<'_>>,
    numbers: bool,
) -> Result<(Parsed<'a>, Option<NumberTexts<'a>>)> {
    if bytes.len() > limits.max_bytes {
        return Err(Error::JsonTooLarge {
            size: bytes.len(),
            limit: limits.max_bytes,
        });
    }
    let mut parser = Parser {
        input: bytes,
        pos: 0,
        max_depth: limits.max_depth.min(MAX_DEPTH_CAP),
        max_array_len: limits.max_array_len,
        max_object_members: limits.max_object_members,
        max_string_bytes: limits.max_string_bytes,
        // Deep enough for credentials and presentations without growing.
        stack: Vec::with_capacity(8),
        layout: Layout::Canonical,
        proof_member: None,
        top_members: TopMembers::new(),
        stream,
        partial: false,
        numbers: numbers.then(NumberTexts::default),
        elements: Vec::new(),
        element_open: 0,
        element_proof: None,
    };
    let value = parser.run()?;
    Ok((
        Parsed {
            value,
            bytes,
            layout: parser.layout,
            proof_member: parser.proof_member,
            top_members: parser.top_members,
            partial: parser.partial,
            elements: parser.elements,
            unsecured: OnceLock::new(),
        },
        parser.numbers,
    ))
}

/// A value parsed by [`parse_with_layout`], with what the parser saw of its bytes.
#[derive(Debug)]
pub struct Parsed<'a> {
    /// Private, so that nothing can change the value after the parser described its bytes:
    /// the verifier hashes those bytes in the value's place.
    value: Value,
    bytes: &'a [u8],
    layout: Layout,
    /// The bytes of the top-level member `"proof":…` (name to the end of its value).
    proof_member: Option<(usize, usize)>,
    /// The spans of the top-level members.
    top_members: TopMembers,
    /// Whether elements were handed to a sink ([`parse_streaming`]) instead of kept.
    partial: bool,
    /// The objects that are elements of top-level arrays, where they lie in the bytes.
    elements: Vec<ElementSpan>,
    /// [`Parsed::unsecured_sha256`], once computed (by [`Parsed::canonical_sha256`], which
    /// hashes the bytes before the `proof` member once for both).
    unsecured: OnceLock<Option<[u8; 32]>>,
}

/// Whether the parsed bytes are the canonical form of their value, as far as the parser could
/// tell on its way through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// No white space, member names in strictly increasing UTF-16 order and without escapes,
    /// every string escape the one RFC 8785 writes, every number an integer in plain digits:
    /// exactly the canonical form.
    Canonical,
    /// All of the above but for numbers the parser does not judge (fractions, exponents, `-0`,
    /// integers beyond 2^53): canonical only if re-serializing says so.
    Unsure,
    /// Not the canonical form.
    NotCanonical,
}

impl<'a> Parsed<'a> {
    /// The value, as [`parse_with_limits`] returns it.
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// The value, by move.
    pub fn into_value(self) -> Value {
        self.value
    }

    /// Whether the bytes are exactly the RFC 8785 canonical form of [`Parsed::value`]. Exact:
    /// decided by the parser for most documents, by canonicalizing and comparing when a number
    /// was left to judge.
    pub fn is_canonical(&self) -> bool {
        match self.layout {
            Layout::Canonical => true,
            Layout::NotCanonical => false,
            // A partial value is not the whole document: it cannot be compared with the bytes.
            Layout::Unsure => !self.partial && crate::jcs::canonicalize(&self.value) == self.bytes,
        }
    }

    /// Whether some elements were handed to a sink instead of kept ([`parse_streaming`]): the
    /// value is then not the whole document.
    pub fn is_partial(&self) -> bool {
        self.partial
    }

    /// The input bytes and the span of the top-level `proof` member in them, when the parser
    /// found the bytes canonical (for hashing the document with other proofs in its place).
    pub(crate) fn canonical_bytes(&self) -> Option<CanonicalBytes<'a>> {
        if self.layout != Layout::Canonical {
            return None;
        }
        Some(CanonicalBytes {
            bytes: self.bytes,
            proof_member: self.proof_member,
            members: Some(self.top_members),
        })
    }

    /// The bytes of the value of the top-level member `name`, when the parser found the input
    /// canonical (a member of canonical JSON is the canonical form of its value: what hashing
    /// that form hashes); `None` otherwise, or without such a member. No scan of the bytes: the
    /// parser noted where each top-level member lies.
    pub fn canonical_member(&self, name: &str) -> Option<&'a [u8]> {
        if self.layout != Layout::Canonical || self.partial {
            return None;
        }
        self.top_members.value_of(self.bytes, name.as_bytes())
    }

    /// SHA-256 of the canonical form of the value without its top-level `proof` member, read
    /// straight from the bytes when the parser found them canonical (`None` otherwise, or when
    /// there is no `proof` member): the unsecured-document half of eddsa-jcs-2022's hash data.
    pub(crate) fn unsecured_sha256(&self) -> Option<[u8; 32]> {
        *self
            .unsecured
            .get_or_init(|| self.canonical_bytes()?.unsecured_sha256())
    }

    /// SHA-256 of the input bytes when the parser found them canonical on its way through
    /// (the hash of the RFC 8785 form of [`Parsed::value`]: a
    /// [`ContentDigest`](crate::digest::ContentDigest) of the value, with its `proof`), `None`
    /// otherwise (the caller then canonicalizes the value, or checks
    /// [`Parsed::is_canonical`] and hashes the bytes itself).
    ///
    /// The hash of the same document without its top-level `proof` member, which the verifier
    /// needs for the proof, shares the bytes before that member: both are computed here in
    /// one pass over them, and the verifier of this `Parsed` reuses the second.
    ///
    /// ```
    /// use govblocks_core::json::{self, Limits};
    /// use sha2::{Digest, Sha256};
    /// let bytes = br#"{"a":1,"proof":{"b":2},"z":3}"#;
    /// let parsed = json::parse_with_layout(bytes, &Limits::default())?;
    /// assert_eq!(parsed.canonical_sha256(), Some(Sha256::digest(bytes).into()));
    /// let spaced = json::parse_with_layout(br#"{"a": 1}"#, &Limits::default())?;
    /// assert_eq!(spaced.canonical_sha256(), None);
    /// # Ok::<(), govblocks_core::Error>(())
    /// ```
    pub fn canonical_sha256(&self) -> Option<[u8; 32]> {
        let canonical = self.canonical_bytes()?;
        let (whole, unsecured) = canonical.sha256_whole_and_unsecured();
        // Already set only if the verifier hashed first: the same value.
        let _ = self.unsecured.set(unsecured);
        Some(whole)
    }

    /// A copy of element `index` of the array that is the top-level member `member` (a
    /// presentation's `verifiableCredential`), with its own bytes when the input is canonical
    /// (a part of canonical JSON is the canonical form of its value): the verifier then hashes
    /// the element from them, as it hashes a whole document
    /// ([`Verifier::prepare_element_as`](crate::proof::Verifier::prepare_element_as)). `None`
    /// when the member is not an array or has no such element.
    pub fn element(&self, member: &str, index: usize) -> Option<Element<'a>> {
        let value = self.value.get(member)?.as_array()?.get(index)?.clone();
        let canonical = if self.layout == Layout::Canonical && !self.partial {
            self.elements
                .iter()
                .find(|e| {
                    // Canonical member names have no escapes: the raw name is the name.
                    let name_end = e.member_at + 1 + member.len();
                    e.index == index
                        && self.bytes.get(e.member_at + 1..name_end) == Some(member.as_bytes())
                        && self.bytes.get(name_end) == Some(&b'"')
                })
                .and_then(|e| {
                    Some(CanonicalBytes {
                        bytes: self.bytes.get(e.start..e.end)?,
                        proof_member: e.proof.map(|(a, b)| (a - e.start, b - e.start)),
                        members: None,
                    })
                })
        } else {
            None
        };
        Some(Element { value, canonical })
    }
}

/// An element of a parsed document's top-level array, copied out of it with its canonical
/// bytes when it has them ([`Parsed::element`]). Its value is private for the reason
/// [`Parsed`]'s is: the verifier hashes those bytes in the value's place.
#[derive(Debug)]
pub struct Element<'a> {
    value: Value,
    pub(crate) canonical: Option<CanonicalBytes<'a>>,
}

impl Element<'_> {
    /// The element's value (read by the strict parser).
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// The value, by move.
    pub(crate) fn into_value(self) -> Value {
        self.value
    }
}

/// Canonical input bytes with the span of their top-level `proof` member: the document can be
/// hashed with another `proof` member in its place, without a tree ([`Parsed::canonical_bytes`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct CanonicalBytes<'a> {
    bytes: &'a [u8],
    proof_member: Option<(usize, usize)>,
    /// Where the top-level members lie, when the parser noted it (not for an element of an
    /// array).
    members: Option<TopMembers>,
}

impl<'a> CanonicalBytes<'a> {
    /// The document's bytes.
    pub(crate) fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The bytes of the value of the top-level member `name` (see
    /// [`canonical_member_value`]), found without a scan when the parser noted the spans.
    pub(crate) fn member_value(&self, name: &str) -> Option<&'a [u8]> {
        match &self.members {
            Some(members) => members.value_of(self.bytes, name.as_bytes()),
            None => canonical_member_value(self.bytes, name.as_bytes()),
        }
    }

    /// SHA-256 of the canonical form of the value without its top-level `proof` member, read
    /// straight from the bytes (`None` without a `proof` member): the unsecured-document half
    /// of eddsa-jcs-2022's hash data.
    pub(crate) fn unsecured_sha256(&self) -> Option<[u8; 32]> {
        use sha2::{Digest, Sha256};
        let (cut_start, cut_end) = self.proof_cut()?;
        let mut hasher = Sha256::new();
        hasher.update(self.bytes.get(..cut_start)?);
        hasher.update(self.bytes.get(cut_end..)?);
        Some(hasher.finalize().into())
    }

    /// The bytes to cut for the document without its `proof` member: canonical bytes have no
    /// white space, so the member is preceded by `{` or `,` and followed by `,` or `}`; it
    /// goes with the comma that separates it from a neighbour.
    fn proof_cut(&self) -> Option<(usize, usize)> {
        let (start, end) = self.proof_member?;
        Some(
            match (self.bytes.get(start.wrapping_sub(1)), self.bytes.get(end)) {
                (Some(b','), _) => (start - 1, end),
                (_, Some(b',')) => (start, end + 1),
                _ => (start, end),
            },
        )
    }

    /// SHA-256 of the proof configuration of the document's one proof (its top-level `proof`
    /// member, an object, without its `proofValue` member: eddsa-jcs-2022's `proofConfig`),
    /// straight from the bytes: a canonical object less one member is the canonical form of
    /// the rest. `None` when `proof` is not one object or has no `proofValue` (the caller then
    /// canonicalizes the configuration).
    pub(crate) fn proof_config_sha256(&self) -> Option<[u8; 32]> {
        use sha2::{Digest, Sha256};
        const NAME: &[u8] = b"\"proof\":";
        let (start, end) = self.proof_member?;
        if self.bytes.get(start..start + NAME.len())? != NAME {
            return None;
        }
        let object = self.bytes.get(start + NAME.len()..end)?;
        let (member_start, member_end) = canonical_member_span(object, b"proofValue")?;
        let (cut_start, cut_end) = match (
            object.get(member_start.wrapping_sub(1)),
            object.get(member_end),
        ) {
            (Some(b','), _) => (member_start - 1, member_end),
            (_, Some(b',')) => (member_start, member_end + 1),
            _ => (member_start, member_end),
        };
        let mut hasher = Sha256::new();
        hasher.update(object.get(..cut_start)?);
        hasher.update(object.get(cut_end..)?);
        Some(hasher.finalize().into())
    }

    /// SHA-256 of the bytes, and [`CanonicalBytes::unsecured_sha256`], in one pass over the
    /// bytes before the `proof` member (the hasher's state there is copied for the second).
    pub(crate) fn sha256_whole_and_unsecured(&self) -> ([u8; 32], Option<[u8; 32]>) {
        use sha2::{Digest, Sha256};
        let mut hasher = Sha256::new();
        let cut = self.proof_cut().and_then(|(cut_start, cut_end)| {
            Some((
                self.bytes.get(..cut_start)?,
                self.bytes.get(cut_start..)?,
                self.bytes.get(cut_end..)?,
            ))
        });
        let Some((before, rest, after)) = cut else {
            hasher.update(self.bytes);
            return (hasher.finalize().into(), None);
        };
        hasher.update(before);
        let mut unsecured = hasher.clone();
        unsecured.update(after);
        hasher.update(rest);
        (hasher.finalize().into(), Some(unsecured.finalize().into()))
    }

    /// SHA-256 of the canonical form of the document with `"proof":<proof>` as its `proof`
    /// member, `proof` canonical: the member name is the same, so its place in the member order
    /// is too. `None` without a `proof` member.
    pub(crate) fn sha256_with_proof(&self, proof: &[u8]) -> Option<[u8; 32]> {
        use sha2::{Digest, Sha256};
        let (start, end) = self.proof_member?;
        let mut hasher = Sha256::new();
        hasher.update(self.bytes.get(..start)?);
        hasher.update(b"\"proof\":");
        hasher.update(proof);
        hasher.update(self.bytes.get(end..)?);
        Some(hasher.finalize().into())
    }
}

/// The bytes of the value of the member `name` of `object`, the bytes of a JSON object that
/// the strict parser read and found canonical ([`Parsed::is_canonical`]: well formed, no white
/// space, member names as they read). A member of canonical JSON is the canonical form of its
/// value, so these bytes are what hashing its canonical form would hash (the exchange block
/// digests an envelope's payload so). `None` if there is no such member, or if the bytes are
/// not laid out so: nothing is guessed, and the caller then canonicalizes the value.
pub fn canonical_member_value<'b>(object: &'b [u8], name: &[u8]) -> Option<&'b [u8]> {
    let (at, end) = canonical_member_span(object, name)?;
    // `"name":` from the name's opening quote: the name matched as it reads, unescaped.
    object.get(at + name.len() + 3..end)
}

/// The span of the member `name` of `object`, the bytes of a JSON object that the strict
/// parser read and found canonical (well formed, no white space, member names as they read):
/// from the opening quote of its name to the end of its value. `None` if there is no such
/// member or the bytes are not laid out so (nothing is guessed).
pub(crate) fn canonical_member_span(object: &[u8], name: &[u8]) -> Option<(usize, usize)> {
    if object.first() != Some(&b'{') {
        return None;
    }
    let mut at = 1;
    loop {
        // `"name":value`, then `,` or the closing `}`.
        if object.get(at) != Some(&b'"') {
            return None;
        }
        let name_end = canonical_string_end(object, at)?;
        if object.get(name_end) != Some(&b':') {
            return None;
        }
        let end = canonical_value_end(object, name_end + 1)?;
        if object.get(at + 1..name_end - 1) == Some(name) {
            return Some((at, end));
        }
        match object.get(end) {
            Some(b',') => at = end + 1,
            _ => return None,
        }
    }
}

/// The offset just past the string whose opening quote is at `open` (strict-parsed input: no
/// raw control character in a string).
fn canonical_string_end(bytes: &[u8], open: usize) -> Option<usize> {
    let mut at = open + 1;
    loop {
        at += find_string_special(bytes.get(at..)?)?;
        match bytes.get(at)? {
            // An escape: the next byte is escaped (`\u` is followed by hex digits only).
            b'\\' => at += 2,
            b'"' => return Some(at + 1),
            _ => return None,
        }
    }
}

/// The offset just past the JSON value that starts at `start`, inside an object or array: the
/// `,`, `}` or `]` that follows it.
fn canonical_value_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = start;
    loop {
        match bytes.get(at)? {
            b'"' => {
                at = canonical_string_end(bytes, at)?;
                if depth == 0 {
                    return Some(at);
                }
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                if depth == 0 {
                    return Some(at);
                }
                depth -= 1;
                if depth == 0 {
                    return Some(at + 1);
                }
            }
            b',' if depth == 0 => return Some(at),
            _ => {}
        }
        at += 1;
    }
}

/// An array or object whose closing bracket has not been read yet.
enum Frame {
    /// The elements read so far (a `null` in the place of each one handed to the sink, so
    /// that the length and the positions stay those of the input); the next element's index is
    /// `items.len()`; whether the array's elements go to the sink.
    Array(Vec<Value>, bool),
    /// The members read so far, and the name of the member whose value is being read with the
    /// offset of its opening quote and the span of its raw name (for the canonical-order check).
    Object {
        map: Map<String, Value>,
        key: String,
        key_at: usize,
        name: (usize, usize),
    },
}

struct Parser<'a, 's> {
    input: &'a [u8],
    pos: usize,
    max_depth: usize,
    max_array_len: usize,
    max_object_members: usize,
    max_string_bytes: usize,
    /// The open containers, outermost first. While a value is being read, the frames spell its
    /// JSON Pointer; while a member name is being read, the object's frame is not on the stack,
    /// so the frames spell the object's pointer.
    stack: Vec<Frame>,
    /// Whether the input is canonical so far (see [`Layout`]).
    layout: Layout,
    /// The span of the top-level `proof` member, once read.
    proof_member: Option<(usize, usize)>,
    /// The spans of the top-level members, as they are read.
    top_members: TopMembers,
    /// The arrays whose elements go to a sink ([`parse_streaming`]).
    stream: Option<Stream<'s>>,
    /// Whether an element went to the sink.
    partial: bool,
    /// Every number's text, when kept ([`parse_keeping_number_texts`]).
    numbers: Option<NumberTexts<'a>>,
    /// The spans of the objects that are elements of top-level arrays, as they close.
    elements: Vec<ElementSpan>,
    /// The offset of the `{` of the element object being read, and its `proof` member's span.
    element_open: usize,
    element_proof: Option<(usize, usize)>,
}

/// Where the members of the top-level object lie in the input, for the first
/// [`TopMembers::CAPACITY`] of them: from the opening quote of each name to the end of its value.
/// Kept inline (no allocation in every parse); a document with more top-level members leaves
/// the rest to a scan of its bytes ([`canonical_member_span`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct TopMembers {
    /// Offsets as `u32`, to keep the copy small: an input past 4 GiB leaves its members to
    /// the scan.
    spans: [(u32, u32); TopMembers::CAPACITY],
    len: u8,
    /// A member not noted (more than `spans` holds, or past 4 GiB).
    overflow: bool,
}

impl TopMembers {
    const CAPACITY: usize = 12;

    const fn new() -> Self {
        TopMembers {
            spans: [(0, 0); TopMembers::CAPACITY],
            len: 0,
            overflow: false,
        }
    }

    fn push(&mut self, (at, end): (usize, usize)) {
        let span = (u32::try_from(at), u32::try_from(end));
        match (self.spans.get_mut(usize::from(self.len)), span) {
            (Some(slot), (Ok(at), Ok(end))) => {
                *slot = (at, end);
                self.len += 1;
            }
            _ => self.overflow = true,
        }
    }

    /// The bytes of the value of member `name` of the canonical object `bytes` these spans
    /// describe; `None` if there is no such member.
    fn value_of<'b>(&self, bytes: &'b [u8], name: &[u8]) -> Option<&'b [u8]> {
        let found = self.spans[..usize::from(self.len)].iter().find(|(at, _)| {
            // Canonical member names have no escapes: the raw name is the name.
            let at = *at as usize;
            let name_end = at + 1 + name.len();
            bytes.get(at + 1..name_end) == Some(name) && bytes.get(name_end) == Some(&b'"')
        });
        match found {
            // `"name":` from the name's opening quote.
            Some(&(at, end)) => bytes.get(at as usize + name.len() + 3..end as usize),
            None if self.overflow => canonical_member_value(bytes, name),
            None => None,
        }
    }
}

/// Where an object that is an element of a top-level array lies in the input: the top-level
/// member holding the array (the offset of its name's opening quote), the element's index, the
/// object's bytes and the span of its own `proof` member.
#[derive(Debug, Clone, Copy)]
struct ElementSpan {
    member_at: usize,
    index: usize,
    start: usize,
    end: usize,
    proof: Option<(usize, usize)>,
}

/// `true` for the bytes that end the fast scan of a string: `"`, `\` and control characters.
static STRING_SPECIAL: [bool; 256] = {
    let mut table = [false; 256];
    let mut i = 0;
    while i < 0x20 {
        table[i] = true;
        i += 1;
    }
    table[b'"' as usize] = true;
    table[b'\\' as usize] = true;
    table
};

/// The offset of the first `"`, `\` or control character in `bytes`.
///
/// Eight bytes at a time (Mycroft's zero-byte test, as in serde_json): a byte below 0x20, or
/// equal to `"` or `\` after XOR, borrows in the subtraction and sets its high bit. A borrow
/// can only flag bytes *above* a true match, so the lowest flagged byte is exact.
pub(crate) fn find_string_special(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::MAX / 255;
    const HIGH: u64 = ONES << 7;
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        let control = w.wrapping_sub(ONES * 0x20) & !w;
        let q = w ^ (ONES * u64::from(b'"'));
        let quote = q.wrapping_sub(ONES) & !q;
        let b = w ^ (ONES * u64::from(b'\\'));
        let backslash = b.wrapping_sub(ONES) & !b;
        let found = (control | quote | backslash) & HIGH;
        if found != 0 {
            return Some(offset + found.trailing_zeros() as usize / 8);
        }
        offset += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| STRING_SPECIAL[usize::from(b)])
        .map(|n| offset + n)
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl<'a> Parser<'a, '_> {
    fn run(&mut self) -> Result<Value> {
        if self.input.starts_with(BOM) {
            return Err(self.syntax_at(0, "a UTF-8 byte order mark is not allowed".into()));
        }
        let value = 'document: loop {
            // Read one value: a scalar, an empty container, or the opening of a container (then
            // loop to read its first element).
            self.skip_ws();
            let mut value = match self.input.get(self.pos) {
                Some(b'[') => {
                    self.check_depth()?;
                    self.pos += 1;
                    self.skip_ws();
                    if self.input.get(self.pos) == Some(&b']') {
                        self.pos += 1;
                        Value::Array(Vec::new())
                    } else {
                        if self.max_array_len == 0 {
                            return Err(self.array_too_long());
                        }
                        let streamed = self.at_stream_path();
                        self.stack.push(Frame::Array(Vec::new(), streamed));
                        continue 'document;
                    }
                }
                Some(b'{') => {
                    self.check_depth()?;
                    if self.in_top_level_array() {
                        self.element_open = self.pos;
                        self.element_proof = None;
                    }
                    self.pos += 1;
                    self.skip_ws();
                    if self.input.get(self.pos) == Some(&b'}') {
                        self.pos += 1;
                        Value::Object(Map::new())
                    } else {
                        let map = Map::new();
                        let (key, key_at, name) = self.member_name(&map, None)?;
                        self.stack.push(Frame::Object {
                            map,
                            key,
                            key_at,
                            name,
                        });
                        continue 'document;
                    }
                }
                Some(b'"') => Value::String(self.string()?),
                Some(b'-' | b'0'..=b'9') => self.number()?,
                Some(b't') => self.literal(b"true", Value::Bool(true))?,
                Some(b'f') => self.literal(b"false", Value::Bool(false))?,
                Some(b'n') => self.literal(b"null", Value::Null)?,
                Some(b'N' | b'I' | b'+') => return Err(self.non_finite_or_syntax(self.pos)),
                _ => return Err(self.unexpected(self.pos, "a JSON value")),
            };

            // Hand the finished value to its container; close every container that ends here.
            loop {
                let Some(frame) = self.stack.pop() else {
                    break 'document value;
                };
                match frame {
                    Frame::Array(mut items, streamed) => {
                        if streamed && !items.is_empty() {
                            self.hand_over(items.len(), value);
                            items.push(Value::Null);
                        } else {
                            items.push(value);
                        }
                        self.skip_ws();
                        match self.input.get(self.pos) {
                            Some(b',') => {
                                self.pos += 1;
                                if items.len() >= self.max_array_len {
                                    self.skip_ws();
                                    return Err(self.array_too_long());
                                }
                                self.stack.push(Frame::Array(items, streamed));
                                continue 'document;
                            }
                            Some(b']') => {
                                self.pos += 1;
                                if streamed {
                                    // Only the first element was kept.
                                    items.truncate(1);
                                }
                                value = Value::Array(items);
                            }
                            _ => return Err(self.unexpected(self.pos, "',' or ']'")),
                        }
                    }
                    Frame::Object {
                        mut map,
                        key,
                        key_at,
                        name,
                    } => {
                        if self.stack.is_empty() {
                            self.top_members.push((key_at, self.pos));
                        }
                        if self.stack.is_empty() && key == "proof" {
                            self.proof_member = Some((key_at, self.pos));
                        } else if key == "proof" && self.in_top_level_array() {
                            self.element_proof = Some((key_at, self.pos));
                        }
                        // The duplicate check is the insertion itself: one map lookup per
                        // member. The frame is off the stack, so the error carries the
                        // object's path.
                        match map.entry(key) {
                            Entry::Vacant(slot) => {
                                slot.insert(value);
                            }
                            Entry::Occupied(slot) => {
                                return Err(Error::JsonDuplicateKey {
                                    key: slot.key().clone(),
                                    position: self.position(key_at),
                                });
                            }
                        }
                        self.skip_ws();
                        match self.input.get(self.pos) {
                            Some(b',') => {
                                self.pos += 1;
                                let (key, key_at, name) = self.member_name(&map, Some(name))?;
                                self.stack.push(Frame::Object {
                                    map,
                                    key,
                                    key_at,
                                    name,
                                });
                                continue 'document;
                            }
                            Some(b'}') => {
                                self.pos += 1;
                                value = Value::Object(map);
                                self.close_element();
                            }
                            _ => return Err(self.unexpected(self.pos, "',' or '}'")),
                        }
                    }
                }
            }
        };
        self.skip_ws();
        if self.pos < self.input.len() {
            if self.starts_invalid_utf8(self.pos) {
                return Err(Error::JsonInvalidUtf8 {
                    position: self.position(self.pos),
                });
            }
            return Err(Error::JsonTrailingCharacters {
                position: self.position(self.pos),
            });
        }
        Ok(value)
    }

    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.input.get(self.pos) {
            self.pos += 1;
            self.layout = Layout::NotCanonical;
        }
    }

    /// Records a fact about the input that the canonical form would not have.
    fn not_canonical(&mut self) {
        self.layout = Layout::NotCanonical;
    }

    /// Records a fact the parser leaves to re-serializing (unless the input is already known
    /// not to be canonical).
    fn unsure(&mut self) {
        if self.layout == Layout::Canonical {
            self.layout = Layout::Unsure;
        }
    }

    /// Whether the array opening here (its frame not pushed yet) is at the stream's path.
    fn at_stream_path(&self) -> bool {
        let Some(stream) = &self.stream else {
            return false;
        };
        stream.path.len() == self.stack.len()
            && stream
                .path
                .iter()
                .zip(&self.stack)
                .all(|(step, frame)| match (step, frame) {
                    (Step::Member(name), Frame::Object { key, .. }) => key == name,
                    (Step::Element, Frame::Array(..)) => true,
                    _ => false,
                })
    }

    /// Hands element `index` of the streamed array on top of the stack (its frame off the
    /// stack) to the sink, with the indices of the arrays on its path.
    fn hand_over(&mut self, index: usize, value: Value) {
        let mut at: Vec<usize> = self
            .stack
            .iter()
            .filter_map(|frame| match frame {
                Frame::Array(items, _) => Some(items.len()),
                Frame::Object { .. } => None,
            })
            .collect();
        at.push(index);
        if let Some(stream) = self.stream.as_mut() {
            (stream.sink)(&at, value);
            self.partial = true;
        }
    }

    /// Whether the value being read is an element of an array that is a top-level member.
    fn in_top_level_array(&self) -> bool {
        matches!(
            self.stack.as_slice(),
            [Frame::Object { .. }, Frame::Array(..)]
        )
    }

    /// Records the span of the object that just closed, if it is an element of a top-level
    /// array.
    fn close_element(&mut self) {
        if let [Frame::Object { key_at, .. }, Frame::Array(items, _)] = self.stack.as_slice() {
            self.elements.push(ElementSpan {
                member_at: *key_at,
                index: items.len(),
                start: self.element_open,
                end: self.pos,
                proof: self.element_proof,
            });
        }
    }

    /// Called at an opening bracket, before it is pushed.
    fn check_depth(&self) -> Result<()> {
        if self.stack.len() >= self.max_depth {
            return Err(Error::JsonTooDeep {
                limit: self.max_depth,
                position: self.position(self.pos),
            });
        }
        Ok(())
    }

    /// Called with the array's frame off the stack, at the element that is one too many.
    fn array_too_long(&self) -> Error {
        Error::JsonArrayTooLong {
            limit: self.max_array_len,
            position: self.position(self.pos),
        }
    }

    /// Reads `"name" :` of the next member of `map` (whose frame is off the stack, so errors
    /// carry the object's path); returns the name, the offset of its opening quote and the span
    /// of its raw text. `previous` is the raw span of the member name before it, if any: in the
    /// canonical form names are unescaped and strictly increasing in UTF-16 order.
    fn member_name(
        &mut self,
        map: &Map<String, Value>,
        previous: Option<(usize, usize)>,
    ) -> Result<(String, usize, (usize, usize))> {
        self.skip_ws();
        if map.len() >= self.max_object_members {
            return Err(Error::JsonTooManyMembers {
                limit: self.max_object_members,
                position: self.position(self.pos),
            });
        }
        if self.input.get(self.pos) != Some(&b'"') {
            return Err(self.unexpected(self.pos, "a member name (a string)"));
        }
        let start = self.pos;
        let key = self.string()?;
        let name = (start + 1, self.pos - 1);
        if self.layout != Layout::NotCanonical {
            self.check_name_order(&key, name, previous);
        }
        self.skip_ws();
        if self.input.get(self.pos) != Some(&b':') {
            return Err(self.unexpected(self.pos, "':'"));
        }
        self.pos += 1;
        Ok((key, start, name))
    }

    /// The canonical form has member names in strictly increasing UTF-16 order. Compared on
    /// their raw text, which is the name itself when it has no escape; a name with an escape
    /// (canonical for a control character) leaves the order to re-serializing.
    fn check_name_order(
        &mut self,
        key: &str,
        name: (usize, usize),
        previous: Option<(usize, usize)>,
    ) {
        // An escape always takes more bytes than the text it stands for.
        if key.len() != name.1 - name.0 {
            return self.unsure();
        }
        let Some(previous) = previous else { return };
        let raw = |(a, b): (usize, usize)| self.input.get(a..b).unwrap_or_default();
        if raw(previous).contains(&b'\\') {
            return; // escaped: already unsure
        }
        // Both names were read as UTF-8 without escapes: their raw bytes are the names.
        if crate::jcs::cmp_utf16_bytes(raw(previous), raw(name)) != std::cmp::Ordering::Less {
            self.not_canonical();
        }
    }

    fn literal(&mut self, word: &'static [u8], value: Value) -> Result<Value> {
        if self.input[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.unexpected(self.pos, "a JSON value"))
        }
    }

    /// Reads a string starting at the opening quote at `self.pos`.
    fn string(&mut self) -> Result<String> {
        let open = self.pos;
        let start = open + 1;
        let rest = self.input.get(start..).unwrap_or_default();
        let mut end = match find_string_special(rest) {
            Some(n) => start + n,
            None => return Err(self.syntax_at(self.input.len(), "unterminated string".into())),
        };
        if self.input[end] == b'"' {
            // Fast path: no escapes.
            if end - start > self.max_string_bytes {
                return Err(self.string_too_long(open));
            }
            let text = self.utf8(start, end)?.to_owned();
            self.pos = end + 1;
            return Ok(text);
        }

        let mut out = String::with_capacity(end - start + 16);
        let mut chunk = start;
        loop {
            out.push_str(self.utf8(chunk, end)?);
            match self.input.get(end) {
                Some(b'"') => {
                    self.pos = end + 1;
                    break;
                }
                Some(b'\\') => end = self.escape(end, &mut out)?,
                Some(_) => {
                    return Err(self.syntax_at(
                        end,
                        "control character (U+0000 to U+001F) in a string must be escaped".into(),
                    ))
                }
                None => return Err(self.syntax_at(self.input.len(), "unterminated string".into())),
            }
            if out.len() > self.max_string_bytes {
                return Err(self.string_too_long(open));
            }
            chunk = end;
            let rest = self.input.get(end..).unwrap_or_default();
            end += find_string_special(rest).unwrap_or(rest.len());
        }
        if out.len() > self.max_string_bytes {
            return Err(self.string_too_long(open));
        }
        Ok(out)
    }

    fn string_too_long(&self, open: usize) -> Error {
        Error::JsonStringTooLong {
            limit: self.max_string_bytes,
            position: self.position(open),
        }
    }

    /// The input between `start` and `end` (which end on ASCII bytes) as text.
    fn utf8(&self, start: usize, end: usize) -> Result<&str> {
        let bytes = self.input.get(start..end).unwrap_or_default();
        std::str::from_utf8(bytes).map_err(|e| Error::JsonInvalidUtf8 {
            position: self.position(start + e.valid_up_to()),
        })
    }

    /// Decodes the escape sequence at `at` (a backslash) into `out`; returns the offset after it.
    /// The canonical form escapes only `"`, `\\` and the control characters: `\b \t \n \f \r`
    /// by name, the rest as `\u00xx` in lower case; any other escape marks the input as not
    /// canonical.
    fn escape(&mut self, at: usize, out: &mut String) -> Result<usize> {
        let c = match self.input.get(at + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => {
                self.not_canonical();
                '/'
            }
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                let unit = self.hex4(at + 2)?;
                let named = matches!(unit, 0x08 | 0x09 | 0x0a | 0x0c | 0x0d);
                let lower_case = self
                    .input
                    .get(at + 2..at + 6)
                    .is_some_and(|hex| !hex.iter().any(u8::is_ascii_uppercase));
                if unit >= 0x20 || named || !lower_case {
                    self.not_canonical();
                }
                let mut next = at + 6;
                let code = match unit {
                    0xD800..=0xDBFF => {
                        let low = if self.input.get(next..next + 2) == Some(b"\\u") {
                            self.hex4(next + 2)?
                        } else {
                            0
                        };
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(self.lone_surrogate(at));
                        }
                        next += 6;
                        0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    }
                    0xDC00..=0xDFFF => return Err(self.lone_surrogate(at)),
                    _ => unit,
                };
                // Surrogates were handled above, so every remaining code is a scalar value.
                let c = char::from_u32(code).ok_or_else(|| self.lone_surrogate(at))?;
                out.push(c);
                return Ok(next);
            }
            None => return Err(self.syntax_at(self.input.len(), "unterminated string".into())),
            Some(_) => return Err(self.syntax_at(at, "invalid escape sequence".into())),
        };
        out.push(c);
        Ok(at + 2)
    }

    fn lone_surrogate(&self, at: usize) -> Error {
        Error::JsonLoneSurrogate {
            position: self.position(at),
        }
    }

    fn hex4(&self, at: usize) -> Result<u32> {
        let mut code = 0u32;
        for i in at..at + 4 {
            let digit = match self.input.get(i) {
                Some(&b) => (b as char).to_digit(16),
                None => return Err(self.syntax_at(self.input.len(), "unterminated string".into())),
            };
            match digit {
                Some(d) => code = code * 16 + d,
                None => {
                    return Err(
                        self.syntax_at(i, "a \\u escape needs four hexadecimal digits".into())
                    )
                }
            }
        }
        Ok(code)
    }

    /// Reads a number starting at `self.pos` (a `-` or a digit).
    fn number(&mut self) -> Result<Value> {
        let start = self.pos;
        let negative = self.input[start] == b'-';
        if negative {
            self.pos += 1;
        }
        let mut significand: u64 = 0;
        let mut overflow = false;
        match self.input.get(self.pos) {
            Some(b'0') => {
                self.pos += 1;
                if let Some(b'0'..=b'9') = self.input.get(self.pos) {
                    return Err(self.syntax_at(start, "leading zeros are not allowed".into()));
                }
            }
            Some(b'1'..=b'9') => {
                while let Some(&d @ b'0'..=b'9') = self.input.get(self.pos) {
                    match significand
                        .checked_mul(10)
                        .and_then(|s| s.checked_add(u64::from(d - b'0')))
                    {
                        Some(s) => significand = s,
                        None => overflow = true,
                    }
                    self.pos += 1;
                }
            }
            Some(b'I' | b'N') => return Err(self.non_finite_or_syntax(start)),
            _ => return Err(self.syntax_at(start, "invalid number".into())),
        }
        let mut float = false;
        if self.input.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            self.digits(start)?;
            float = true;
        }
        if let Some(b'e' | b'E') = self.input.get(self.pos) {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.input.get(self.pos) {
                self.pos += 1;
            }
            self.digits(start)?;
            float = true;
        }
        if self.numbers.is_some() {
            self.keep_number_text(start);
        }
        if !float && !overflow && significand <= MAX_SAFE_INTEGER {
            if !negative {
                return Ok(Value::Number(Number::from(significand)));
            }
            // As serde_json: negative integers that fit are i64; `-0` is the double `-0.0`.
            let n = (significand as i64).wrapping_neg();
            if n < 0 {
                return Ok(Value::Number(Number::from(n)));
            }
        }
        // Whether this spelling is the canonical one is left to re-serializing.
        self.unsure();
        // Fractions, exponents, `-0` and integers beyond ±(2^53 − 1): the shared rules, which
        // refuse `1e400`, `1e-400` and `9007199254740993` (an integer literal is accepted
        // beyond 2^53 only in RFC 8785's spelling of a double, so that canonical output parses
        // again, and is then read as that double).
        let text = self.utf8(start, self.pos)?;
        let fault = match number_literal_rules(text) {
            // Finite, so `from_f64` succeeds.
            Ok(f) => match Number::from_f64(f) {
                Some(n) => return Ok(Value::Number(n)),
                None => NumberFault::OutOfRange,
            },
            // A number read for its text is not signed as a double: the nearest double will do.
            Err(NumberFault::Inexact) if self.numbers.is_some() => {
                match text.parse::<f64>().ok().and_then(Number::from_f64) {
                    Some(n) => return Ok(Value::Number(n)),
                    None => NumberFault::OutOfRange,
                }
            }
            Err(fault) => fault,
        };
        Err(fault.into_error(self.position(start)))
    }

    /// Keeps the text of the number from `start` to `self.pos` under its JSON Pointer.
    fn keep_number_text(&mut self, start: usize) {
        let input: &'a [u8] = self.input;
        // The grammar let only ASCII through.
        let text =
            std::str::from_utf8(input.get(start..self.pos).unwrap_or_default()).unwrap_or_default();
        let pointer = self.pointer();
        if let Some(numbers) = self.numbers.as_mut() {
            numbers.by_pointer.insert(pointer, text);
        }
    }

    /// Reads one or more digits (of a fraction or an exponent).
    fn digits(&mut self, number_start: usize) -> Result<()> {
        let first = self.pos;
        while let Some(b'0'..=b'9') = self.input.get(self.pos) {
            self.pos += 1;
        }
        if self.pos == first {
            return Err(self.syntax_at(number_start, "invalid number".into()));
        }
        Ok(())
    }

    /// At `at` there is `N`, `I` or a sign: `NaN`, `Infinity` (with an optional sign) are
    /// named as such, anything else is a syntax error.
    fn non_finite_or_syntax(&self, at: usize) -> Error {
        let rest = self.input.get(at..).unwrap_or_default();
        let unsigned = match rest.first() {
            Some(b'+' | b'-') => &rest[1..],
            _ => rest,
        };
        if unsigned.starts_with(b"NaN") || unsigned.starts_with(b"Infinity") {
            Error::JsonNonFiniteNumber {
                position: self.position(at),
            }
        } else {
            self.unexpected(at, "a JSON value")
        }
    }

    /// The error for an unexpected byte (or the end of input) at `at`.
    fn unexpected(&self, at: usize, expected: &str) -> Error {
        match self.input.get(at) {
            None => self.syntax_at(at, format!("unexpected end of input, expected {expected}")),
            Some(_) if self.starts_invalid_utf8(at) => Error::JsonInvalidUtf8 {
                position: self.position(at),
            },
            Some(&b) if b.is_ascii() => self.syntax_at(
                at,
                format!(
                    "unexpected character {:?}, expected {expected}",
                    char::from(b)
                ),
            ),
            Some(_) => self.syntax_at(at, format!("unexpected character, expected {expected}")),
        }
    }

    /// Whether the byte at `at` begins something other than a complete UTF-8 character.
    fn starts_invalid_utf8(&self, at: usize) -> bool {
        let end = self.input.len().min(at + 4);
        match self.input.get(at..end) {
            Some(bytes) => match std::str::from_utf8(bytes) {
                Ok(_) => false,
                Err(e) => e.valid_up_to() == 0,
            },
            None => false,
        }
    }

    fn syntax_at(&self, at: usize, message: String) -> Error {
        Error::JsonSyntax {
            message,
            position: self.position(at),
        }
    }

    /// The position of offset `at`: the JSON Pointer spelled by the open frames, line, column.
    fn position(&self, at: usize) -> Position {
        let path = self.pointer();
        let before = self.input.get(..at).unwrap_or(self.input);
        let line_start = before
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let line = 1 + before.iter().filter(|&&b| b == b'\n').count();
        // Count characters, not bytes: skip UTF-8 continuation bytes.
        let column = 1 + before[line_start..]
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count();
        Position { path, line, column }
    }

    /// The JSON Pointer spelled by the open frames.
    fn pointer(&self) -> String {
        let mut path = String::new();
        for frame in &self.stack {
            path.push('/');
            match frame {
                Frame::Array(items, _) => path.push_str(&items.len().to_string()),
                Frame::Object { key, .. } => {
                    for c in key.chars() {
                        match c {
                            '~' => path.push_str("~0"),
                            '/' => path.push_str("~1"),
                            c => path.push(c),
                        }
                    }
                }
            }
        }
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// In the canonical form of an object, `canonical_member_value` finds each member's value
    /// as its own canonical form, whatever the values around it hold (strings with quotes,
    /// backslashes, brackets and escapes, nested containers, scalars last or first). (Moved
    /// from the exchange block, which had its own copy of the scan.)
    #[test]
    fn a_member_of_canonical_json_is_found_as_its_canonical_form() {
        use serde_json::json;
        let tricky = [
            json!("a \"quoted\" } ] , { [ string \\ with \\\" escapes \u{1} \n é 列"),
            json!({"a": [1, {"b": "}\"]"}, []], "c": {}, "d": null}),
            json!([[], {}, "", 0, -1, 1.5, true, false, null]),
            json!(12345),
            json!(null),
            json!(""),
            json!("\\"),
        ];
        for (i, before) in tricky.iter().enumerate() {
            for after in &tricky {
                let document = json!({
                    "header": before,
                    "payload": after,
                    "proof": before,
                    "type": "ExchangeRequest",
                    "a\"payload": after,
                });
                let bytes = crate::jcs::canonicalize(&document);
                for (name, value) in document.as_object().unwrap() {
                    assert_eq!(
                        canonical_member_value(&bytes, name.as_bytes()),
                        (!name.contains('"'))
                            .then(|| crate::jcs::canonicalize(value))
                            .as_deref(),
                        "{i} {name}"
                    );
                }
                assert_eq!(canonical_member_value(&bytes, b"absent"), None);
            }
        }
        for not_an_object in [&b"[1]"[..], b"", b"\"payload\"", b"{}", b"{\"payload\""] {
            assert_eq!(canonical_member_value(not_an_object, b"payload"), None);
        }
    }

    /// `Parsed::canonical_member` (the spans the parser noted, no scan) agrees with
    /// `canonical_member_value` (the scan) on the same documents, past the inline capacity too.
    #[test]
    fn noted_member_spans_agree_with_the_scan() {
        use serde_json::json;
        let limits = Limits::default();
        let mut documents = vec![
            json!({"pay": "x", "payload": {"a": "}\"]"}, "payloads": [1], "proof": {"b": 2}}),
            json!({"a\"payload": 1, "payload": "p\u{1}", "é": "列"}),
            json!({"payload": "p\u{1}\"", "é": "列", "ö": {"a": []}}),
            json!({}),
        ];
        let many: serde_json::Map<String, Value> = (0..TopMembers::CAPACITY + 5)
            .map(|i| (format!("m{i:02}"), json!({"i": i, "s": "}]"})))
            .collect();
        documents.push(Value::Object(many));
        for document in &documents {
            let bytes = crate::jcs::canonicalize(document);
            let parsed = parse_with_layout(&bytes, &limits).unwrap();
            // A name with an escape leaves the order to re-serializing: not noted as
            // canonical, so no spans are offered (the scan still finds the members).
            let Some(canonical) = parsed.canonical_bytes() else {
                assert!(document
                    .as_object()
                    .unwrap()
                    .keys()
                    .any(|k| k.contains('"')));
                assert_eq!(parsed.canonical_member("payload"), None);
                continue;
            };
            let mut names: Vec<&str> = document
                .as_object()
                .unwrap()
                .keys()
                .map(|k| k.as_str())
                .collect();
            names.extend(["absent", "pa", "payloadx", ""]);
            for name in names {
                let scanned = canonical_member_value(&bytes, name.as_bytes());
                assert_eq!(parsed.canonical_member(name), scanned, "{name}");
                assert_eq!(canonical.member_value(name), scanned, "{name}");
            }
        }
        // Only for input the parser itself found canonical.
        let spaced = parse_with_layout(br#"{"payload": 1}"#, &limits).unwrap();
        assert_eq!(spaced.canonical_member("payload"), None);
    }

    /// Number texts: kept as written under their pointers (escaped names, nested arrays), an
    /// integer beyond 2^53 accepted only in that mode, every other rule unchanged.
    #[test]
    fn number_texts_are_kept_as_written() {
        let limits = Limits::default();
        let input = br#"{"a/b":[1, 2.50, -0, 1E3], "m~": {"n": 9007199254740993}, "s": "7"}"#;
        let (value, numbers) = parse_keeping_number_texts(input, &limits).unwrap();
        assert_eq!(numbers.get("/a~1b/1"), Some("2.50"));
        assert_eq!(numbers.get("/a~1b/2"), Some("-0"));
        assert_eq!(numbers.get("/a~1b/3"), Some("1E3"));
        assert_eq!(numbers.get("/m~0/n"), Some("9007199254740993"));
        assert_eq!(numbers.get("/s"), None);
        assert_eq!(numbers.len(), 5);
        assert_eq!(value["m~"]["n"].as_f64(), Some(9_007_199_254_740_992.0));
        assert_eq!(
            parse(input).unwrap_err().code(),
            "json.number_inexact",
            "the plain parser still refuses it"
        );
        for (bad, code) in [
            (&br#"[1e400]"#[..], "json.number_out_of_range"),
            (br#"{"a":1,"a":2}"#, "json.duplicate_key"),
            (br#"[01]"#, "json.syntax"),
        ] {
            assert_eq!(
                parse_keeping_number_texts(bad, &limits).unwrap_err().code(),
                code
            );
        }
        let (_, none) = parse_keeping_number_texts(br#"["x"]"#, &limits).unwrap();
        assert!(none.is_empty());
        assert_eq!(none.iter().count(), 0);
    }

    /// An element of a top-level array of canonical input carries its own bytes, and its
    /// unsecured hash from them is the hash of its canonical form without `proof`; anywhere
    /// else, or in input that is not canonical, it carries none.
    #[test]
    fn elements_of_top_level_arrays_carry_their_canonical_bytes() {
        let text = br#"{"a":[{"b":{"proof":1},"proof":{"x":[{"proof":2}]},"z":"\u001f"},{"proof":3},{"c":1},5,{}],"n":{"proof":4},"proof":{"q":1},"vc":[{"a":2,"proof":[]}]}"#;
        let parsed = parse_with_layout(text, &Limits::default()).unwrap();
        assert!(parsed.is_canonical());
        for (member, index) in [("a", 0), ("a", 1), ("a", 2), ("vc", 0)] {
            let element = parsed.element(member, index).unwrap();
            let map = element.value().as_object().unwrap();
            let canonical = element.canonical.unwrap();
            assert_eq!(
                canonical.bytes,
                crate::jcs::canonicalize(element.value()).as_slice()
            );
            assert_eq!(
                canonical.unsecured_sha256(),
                map.contains_key("proof")
                    .then(|| crate::proof::eddsa_jcs_2022::unsecured_sha256(map)),
                "{member}[{index}]"
            );
        }
        // Not an object with members, or not there.
        assert!(parsed.element("a", 3).unwrap().canonical.is_none());
        assert!(parsed.element("a", 4).unwrap().canonical.is_none());
        assert!(parsed.element("a", 5).is_none());
        assert!(parsed.element("n", 0).is_none());
        assert!(parsed.element("proof", 0).is_none());
        // White space: the same values, no bytes.
        let spaced = parse_with_layout(br#"{"a": [{"proof":3}]}"#, &Limits::default()).unwrap();
        let element = spaced.element("a", 0).unwrap();
        assert!(element.canonical.is_none());
        assert_eq!(element.value(), parsed.element("a", 1).unwrap().value());
    }

    /// The canonical-layout judgement on hand-picked texts, and the unsecured-document hash
    /// read from canonical bytes against hashing the canonical form without `proof`.
    #[test]
    fn layout_of_canonical_and_other_texts() {
        use sha2::{Digest, Sha256};
        let cases: &[(&str, Layout)] = &[
            (r#"{"a":1,"b":[true,null,"x"]}"#, Layout::Canonical),
            (r#"{"b":1,"a":2}"#, Layout::NotCanonical),
            (r#"{"a": 1}"#, Layout::NotCanonical),
            (r#" {"a":1}"#, Layout::NotCanonical),
            (r#"{"a":1} "#, Layout::NotCanonical),
            (r#"{"a":"\n\t\"\\\u001f"}"#, Layout::Canonical),
            (r#"{"a":"\u001F"}"#, Layout::NotCanonical),
            (r#"{"a":"\u000a"}"#, Layout::NotCanonical),
            (r#"{"a":"\/"}"#, Layout::NotCanonical),
            (r#"{"a":"\u0041"}"#, Layout::NotCanonical),
            (r#"{"a":"\ud83d\ude00"}"#, Layout::NotCanonical),
            (r#"{"\n":1,"a":2}"#, Layout::Unsure),
            (r#"{"a":1.5}"#, Layout::Unsure),
            (r#"{"a":-0}"#, Layout::Unsure),
            (r#"{"\u00e9":1}"#, Layout::NotCanonical),
            ("[1,-2,0]", Layout::Canonical),
            ("{\"\u{e000}\":1,\"\u{1f600}\":2}", Layout::NotCanonical),
            ("{\"\u{1f600}\":1,\"\u{e000}\":2}", Layout::Canonical),
        ];
        for (text, layout) in cases {
            let parsed = parse_with_layout(text.as_bytes(), &Limits::default()).unwrap();
            assert_eq!(parsed.layout, *layout, "{text}");
            let truly = crate::jcs::canonicalize(parsed.value()) == text.as_bytes();
            assert_eq!(parsed.is_canonical(), truly, "{text}");
        }

        let docs = [
            r#"{"a":1,"proof":{"x":1},"z":2}"#,
            r#"{"proof":{"x":1},"z":2}"#,
            r#"{"a":1,"proof":[{"x":1},{"y":"\n"}]}"#,
            r#"{"proof":{"x":1}}"#,
            r#"{"a":{"proof":1},"proof":{"x":1}}"#,
        ];
        for text in docs {
            let parsed = parse_with_layout(text.as_bytes(), &Limits::default()).unwrap();
            let mut without = parsed.value().clone();
            without.as_object_mut().unwrap().remove("proof");
            let expected: [u8; 32] = Sha256::digest(crate::jcs::canonicalize(&without)).into();
            assert_eq!(parsed.unsecured_sha256(), Some(expected), "{text}");
        }
        // Not canonical, or no top-level proof: no shortcut.
        for text in [
            r#"{"proof":{"x":1}, "z":2}"#,
            r#"{"a":1}"#,
            r#"{"a":{"proof":1}}"#,
        ] {
            let parsed = parse_with_layout(text.as_bytes(), &Limits::default()).unwrap();
            assert_eq!(parsed.unsecured_sha256(), None, "{text}");
        }
    }

    /// The shared rules, and the parser applying them with the codes of the module docs.
    #[test]
    fn number_literal_rules_are_the_parsers() {
        use NumberFault::{Inexact, OutOfRange};
        let cases: [(&str, std::result::Result<f64, NumberFault>); 16] = [
            ("4.50", Ok(4.5)),
            ("-0", Ok(-0.0)),
            ("0e-400", Ok(0.0)),
            ("1E2", Ok(100.0)),
            ("4.9e-324", Ok(5e-324)),
            ("9007199254740991", Ok(9_007_199_254_740_991.0)),
            ("9007199254740992", Ok(9_007_199_254_740_992.0)),
            ("-9223372036854776000", Ok(-9_223_372_036_854_775_808.0)),
            ("100000000000000000000", Ok(1e20)),
            ("1e400", Err(OutOfRange)),
            ("-1e400", Err(OutOfRange)),
            ("1e-400", Err(OutOfRange)),
            ("-0.5e-400", Err(OutOfRange)),
            ("9007199254740993", Err(Inexact)),
            ("18446744073709551616", Err(Inexact)),
            ("-9223372036854775808", Err(Inexact)),
        ];
        for (literal, want) in cases {
            let got = number_literal_rules(literal);
            assert_eq!(got.map(f64::to_bits), want.map(f64::to_bits), "{literal}");
            let parsed = parse(literal.as_bytes());
            match want {
                Ok(f) => assert_eq!(
                    parsed.ok().and_then(|v| v.as_f64()).map(f64::to_bits),
                    Some(f.to_bits()),
                    "{literal}"
                ),
                Err(fault) => assert_eq!(
                    parsed.err().map(|e| e.code()),
                    Some(fault.into_error(Position::default()).code()),
                    "{literal}"
                ),
            }
        }
        assert_eq!(number_literal_rules("abc"), Err(NumberFault::Invalid));
    }

    #[test]
    fn find_string_special_matches_a_byte_loop() {
        for filler in [b'a', 0x7f, 0x80, 0xc3, 0xff, b' ', b'!', b'#', b'[', b']'] {
            for len in 0..20 {
                for at in 0..=len {
                    for special in 0..=255u8 {
                        let mut bytes = vec![filler; len];
                        if at < len {
                            bytes[at] = special;
                        }
                        let expected = bytes
                            .iter()
                            .position(|&b| b < 0x20 || b == b'"' || b == b'\\');
                        assert_eq!(find_string_special(&bytes), expected, "{bytes:?}");
                    }
                }
            }
        }
    }
    /// From canonical bytes, the whole document's hash and the unsecured one (shared prefix),
    /// and the proof configuration's hash, are those of canonicalizing the parts, wherever
    /// `proofValue` and `proof` sit and whatever the strings around them hold.
    #[test]
    fn hashes_from_canonical_bytes_agree_with_canonicalizing() {
        use crate::proof::eddsa_jcs_2022::hash_data;
        use sha2::{Digest, Sha256};
        let tricky = [
            serde_json::json!("a \"quoted\" } ] , { [ \\ \" \u{1} \n é 列 proofValue"),
            serde_json::json!({"a": [1, {"proofValue": "}\"]"}, []], "c": {}, "d": null}),
            serde_json::json!([[], {}, "", 0, -1, true, false, null]),
            serde_json::json!(12345),
        ];
        for (i, around) in tricky.iter().enumerate() {
            for proof in [
                serde_json::json!({"proofValue": "z3x", "type": around, "z": around}),
                serde_json::json!({"a": around, "proofValue": "z3x", "z": around}),
                serde_json::json!({"a": around, "proofValue": "z3x"}),
                serde_json::json!({"proofValue": "z3x"}),
                serde_json::json!({"a": around}),
                serde_json::json!([{"a": around, "proofValue": "z3x"}]),
            ] {
                for document in [
                    serde_json::json!({"a": around, "proof": proof, "z": around}),
                    serde_json::json!({"proof": proof, "z": around}),
                    serde_json::json!({"a": around, "proof": proof}),
                    serde_json::json!({"proof": proof}),
                    serde_json::json!({"a": around}),
                ] {
                    let bytes = crate::jcs::canonicalize(&document);
                    let parsed = parse_with_layout(&bytes, &Limits::default()).unwrap();
                    let mut unsecured = document.clone();
                    let proof = unsecured.as_object_mut().unwrap().remove("proof");
                    let whole: [u8; 32] = Sha256::digest(&bytes).into();
                    assert_eq!(parsed.canonical_sha256(), Some(whole), "{i} {document}");
                    let expected = proof.as_ref().map(|_| {
                        let mut h = [0u8; 32];
                        h.copy_from_slice(&hash_data(&unsecured, &serde_json::json!({}))[32..]);
                        h
                    });
                    assert_eq!(parsed.unsecured_sha256(), expected, "{i} {document}");
                    let canonical = parsed.canonical_bytes().unwrap();
                    assert_eq!(canonical.unsecured_sha256(), expected, "{i} {document}");
                    let config = match &proof {
                        Some(Value::Object(object)) if object.contains_key("proofValue") => {
                            let config = Value::Object(crate::proof::proof_config(object));
                            let mut h = [0u8; 32];
                            h.copy_from_slice(&hash_data(&serde_json::json!({}), &config)[..32]);
                            Some(h)
                        }
                        _ => None,
                    };
                    assert_eq!(canonical.proof_config_sha256(), config, "{i} {document}");
                }
            }
        }
    }
}
