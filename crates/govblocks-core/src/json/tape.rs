//! A canonical document read without a tree: one flat vector of slots that point into the
//! input ([`Tape`]), for the verifier's common case, a document that arrives exactly as it was
//! signed (RFC 8785).
//!
//! Building a [`Value`] costs an allocation per member name and string and a map insertion per
//! member, and dropping it as much again; for a 1 KiB exchange envelope that was a third of the
//! verifier's work outside the signature. A tape costs one vector. The schema is checked on it
//! ([`SchemaRegistry::validate_tape`](crate::schema::SchemaRegistry::validate_tape)), a typed
//! reader reads its members' text, and only what needs a tree (a proof) becomes one.
//!
//! **Only canonical input, and only the plainest of it.** [`Tape::parse`] accepts a document
//! only if the strict parser ([`parse_with_layout`](super::parse_with_layout)) would accept it
//! *and* find it canonical, with the same value: no white space, member names without escapes
//! and in strictly increasing UTF-16 order (so no duplicates), strings without escapes or
//! control characters, numbers that are integers of at most ±(2^53 − 1) in plain digits (not
//! `-0`), within every [`Limits`]. Anything else — an error, another layout, an escape, a
//! fraction — returns `None`, and the caller parses with the strict parser, which gives the
//! answer and the error: the tape never decides a refusal, so it cannot give another one. The
//! test `tape::tests::the_tape_agrees_with_the_strict_parser` holds the two together.

use super::{Limits, TopMembers, MAX_DEPTH_CAP, MAX_SAFE_INTEGER};
use serde_json::{Map, Number, Value};
use std::sync::OnceLock;

/// What a value of a [`Tape`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Null,
    False,
    True,
    Number,
    String,
    Array,
    Object,
}

/// One value of the document, or one member name (a `String` slot right before its value).
#[derive(Debug, Clone, Copy)]
struct Slot {
    kind: Kind,
    /// The value's text: a string's without its quotes, a container's from its bracket to
    /// its closing bracket inclusive.
    start: u32,
    end: u32,
    /// Members of an object, elements of an array.
    count: u32,
    /// The slot after this value and everything in it.
    next: u32,
}

/// A canonical document as a flat vector of slots over its text: the verifier's reading of a
/// document that arrives exactly as it was signed, without a [`Value`] tree.
///
/// [`Tape::parse`] accepts a document only if the strict parser
/// ([`parse_with_layout`](super::parse_with_layout)) would accept it *and* find it canonical
/// (RFC 8785), with the same value, and only the plainest of it: no white space, member names
/// in strictly increasing UTF-16 order (so no duplicates), strings without escapes or control
/// characters, numbers that are integers of at most ±(2^53 − 1) in plain digits (not `-0`),
/// within every [`Limits`]. Anything else returns `None`, and the caller parses with the strict
/// parser, which gives the answer and the error: a tape never decides a refusal.
///
/// ```
/// use govblocks_core::json::{Limits, Tape};
/// let tape = Tape::parse(br#"{"a":[1,"x"],"b":null}"#, &Limits::default()).unwrap();
/// let a = tape.root().get("a").unwrap();
/// assert_eq!(a.raw(), r#"[1,"x"]"#);
/// assert_eq!(a.elements().nth(1).unwrap().as_str(), Some("x"));
/// // Not canonical (white space), or not plain (an escape): for the strict parser.
/// assert!(Tape::parse(br#"{"a": 1}"#, &Limits::default()).is_none());
/// assert!(Tape::parse(br#"{"a":"\n"}"#, &Limits::default()).is_none());
/// ```
#[derive(Debug)]
pub struct Tape<'a> {
    text: &'a str,
    slots: Vec<Slot>,
    /// The hash of the document without its `proof` member, once computed (as
    /// [`Parsed`](super::Parsed) keeps it: [`Tape::canonical_sha256`] hashes the bytes before
    /// the proof once for both).
    unsecured: OnceLock<Option<[u8; 32]>>,
}

/// A container being read: its slot, and for an object the span of its last member name.
struct Open {
    slot: usize,
    last_name: Option<(usize, usize)>,
}

impl<'a> Tape<'a> {
    /// Reads `bytes` if they are canonical JSON of the plain kind this module describes, within
    /// `limits`; `None` otherwise (then parse with the strict parser).
    pub fn parse(bytes: &'a [u8], limits: &Limits) -> Option<Tape<'a>> {
        if bytes.len() > limits.max_bytes || u32::try_from(bytes.len()).is_err() {
            return None;
        }
        // One UTF-8 check for the whole input; every slice below starts and ends at an ASCII
        // byte, so it is text too.
        let text = std::str::from_utf8(bytes).ok()?;
        let max_depth = limits.max_depth.min(MAX_DEPTH_CAP);
        // Roughly one slot per 16 bytes of a typical document: one allocation, seldom two.
        let mut slots: Vec<Slot> = Vec::with_capacity(bytes.len() / 16 + 4);
        let mut stack: Vec<Open> = Vec::with_capacity(8);
        let mut pos = 0usize;
        'value: loop {
            // One value at `pos`: a scalar, an empty container, or a container's opening.
            let at = pos;
            match *bytes.get(pos)? {
                open @ (b'{' | b'[') => {
                    if stack.len() >= max_depth {
                        return None;
                    }
                    let (kind, close) = if open == b'{' {
                        (Kind::Object, b'}')
                    } else {
                        (Kind::Array, b']')
                    };
                    slots.push(slot(kind, at, at + 1));
                    pos += 1;
                    if *bytes.get(pos)? == close {
                        pos += 1;
                        let index = slots.len() - 1;
                        finish(&mut slots, index, pos);
                    } else {
                        let limit = match kind {
                            Kind::Object => limits.max_object_members,
                            _ => limits.max_array_len,
                        };
                        if limit == 0 {
                            return None;
                        }
                        stack.push(Open {
                            slot: slots.len() - 1,
                            last_name: None,
                        });
                        if kind == Kind::Object {
                            pos = member_name(bytes, pos, &mut slots, stack.last_mut()?, limits)?;
                        }
                        continue 'value;
                    }
                }
                b'"' => {
                    let end = string_end(bytes, pos, limits)?;
                    slots.push(slot(Kind::String, at + 1, end));
                    pos = end + 1;
                }
                b'-' | b'0'..=b'9' => {
                    pos = integer_end(bytes, pos)?;
                    slots.push(slot(Kind::Number, at, pos));
                }
                b't' => pos = literal(bytes, pos, b"true", Kind::True, &mut slots)?,
                b'f' => pos = literal(bytes, pos, b"false", Kind::False, &mut slots)?,
                b'n' => pos = literal(bytes, pos, b"null", Kind::Null, &mut slots)?,
                _ => return None,
            }
            // The value is read: count it in its container, then close every container that
            // ends here.
            loop {
                let Some(open) = stack.last_mut() else {
                    break 'value;
                };
                let container = slots.get_mut(open.slot)?;
                container.count += 1;
                let is_object = container.kind == Kind::Object;
                match (*bytes.get(pos)?, is_object) {
                    (b',', _) => {
                        pos += 1;
                        let count = container.count as usize;
                        if is_object {
                            if count >= limits.max_object_members {
                                return None;
                            }
                            pos = member_name(bytes, pos, &mut slots, open, limits)?;
                        } else if count >= limits.max_array_len {
                            return None;
                        }
                        continue 'value;
                    }
                    (b'}', true) | (b']', false) => {
                        pos += 1;
                        let index = open.slot;
                        stack.pop();
                        finish(&mut slots, index, pos);
                    }
                    _ => return None,
                }
            }
        }
        (pos == bytes.len()).then_some(Tape {
            text,
            slots,
            unsecured: OnceLock::new(),
        })
    }

    /// The document's root value.
    pub fn root(&self) -> TapeValue<'_> {
        TapeValue {
            text: self.text,
            slots: &self.slots,
            index: 0,
        }
    }

    /// The document's text.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// SHA-256 of the document's bytes (the [`ContentDigest`](crate::digest::ContentDigest) of
    /// its value, `proof` included), in one pass with the hash of the document without its
    /// `proof`, which the verifier then reuses. `None` when the root is not an object.
    pub fn canonical_sha256(&self) -> Option<[u8; 32]> {
        let (whole, unsecured) = self.canonical_bytes()?.sha256_whole_and_unsecured();
        let _ = self.unsecured.set(unsecured);
        Some(whole)
    }

    /// SHA-256 of the canonical document without its `proof` member (`None` without one).
    pub(crate) fn unsecured_sha256(&self) -> Option<[u8; 32]> {
        *self
            .unsecured
            .get_or_init(|| self.canonical_bytes()?.unsecured_sha256())
    }

    /// The bytes with the spans of the root object's members, for hashing without a tree
    /// (`None` when the root is not an object).
    pub(crate) fn canonical_bytes(&self) -> Option<super::CanonicalBytes<'a>> {
        object_bytes(self.text, &self.root())
    }
}

/// [`TapeValue::canonical_bytes`] of `object`, a value of a tape over `text`.
fn object_bytes<'a>(text: &'a str, object: &TapeValue<'_>) -> Option<super::CanonicalBytes<'a>> {
    object.as_object()?;
    let start = object.slot().start as usize;
    let mut members = TopMembers::new();
    let mut proof_member = None;
    for (name, value) in object.member_slots() {
        // From the name's opening quote to the end of the value, from the object's `{`.
        let span = (
            name.slot().start as usize - 1 - start,
            value.slot().value_end() - start,
        );
        members.push(span);
        if name.as_str() == Some("proof") {
            proof_member = Some(span);
        }
    }
    Some(super::CanonicalBytes {
        bytes: text.get(start..object.slot().value_end())?.as_bytes(),
        proof_member,
        members: Some(members),
    })
}

fn slot(kind: Kind, start: usize, end: usize) -> Slot {
    // Offsets fit: the input is below 4 GiB (checked first).
    Slot {
        kind,
        start: start as u32,
        end: end as u32,
        count: 0,
        next: 0,
    }
}

/// Closes the container at `index`, which ends before `pos`.
fn finish(slots: &mut [Slot], index: usize, pos: usize) {
    let next = slots.len() as u32;
    if let Some(s) = slots.get_mut(index) {
        s.end = pos as u32;
        s.next = next;
    }
}

/// The offset of the closing quote of the string opening at `open`, if it holds no escape and
/// no control character and fits the limit.
fn string_end(bytes: &[u8], open: usize, limits: &Limits) -> Option<usize> {
    let rest = bytes.get(open + 1..)?;
    let n = super::find_string_special(rest)?;
    (rest[n] == b'"' && n <= limits.max_string_bytes).then_some(open + 1 + n)
}

/// Reads `"name":` at `pos` into a slot (strictly after the object's last name in UTF-16
/// order); returns the offset of the member's value.
fn member_name(
    bytes: &[u8],
    pos: usize,
    slots: &mut Vec<Slot>,
    open: &mut Open,
    limits: &Limits,
) -> Option<usize> {
    if *bytes.get(pos)? != b'"' {
        return None;
    }
    let end = string_end(bytes, pos, limits)?;
    let name = (pos + 1, end);
    if let Some((a, b)) = open.last_name {
        let ordered = crate::jcs::cmp_utf16_bytes(&bytes[a..b], &bytes[name.0..name.1]);
        if ordered != std::cmp::Ordering::Less {
            return None;
        }
    }
    open.last_name = Some(name);
    let mut s = slot(Kind::String, name.0, name.1);
    s.next = slots.len() as u32 + 1;
    slots.push(s);
    (*bytes.get(end + 1)? == b':').then_some(end + 2)
}

/// The end of the integer at `pos`, if it is one the strict parser reads as an integer and
/// finds canonical: `-?(0|[1-9][0-9]*)`, not `-0`, at most 2^53 − 1 in magnitude.
fn integer_end(bytes: &[u8], pos: usize) -> Option<usize> {
    let negative = bytes[pos] == b'-';
    let digits_at = pos + usize::from(negative);
    let digits = bytes
        .get(digits_at..)?
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    let end = digits_at + digits;
    if digits == 0 || digits > 16 || matches!(bytes.get(end), Some(b'.' | b'e' | b'E')) {
        return None;
    }
    if bytes[digits_at] == b'0' && (digits > 1 || negative) {
        return None;
    }
    let magnitude = bytes[digits_at..end]
        .iter()
        .fold(0u64, |n, d| n * 10 + u64::from(d - b'0'));
    (magnitude <= MAX_SAFE_INTEGER).then_some(end)
}

fn literal(
    bytes: &[u8],
    pos: usize,
    word: &[u8],
    kind: Kind,
    slots: &mut Vec<Slot>,
) -> Option<usize> {
    let end = pos + word.len();
    (bytes.get(pos..end)? == word).then(|| {
        slots.push(slot(kind, pos, end));
        end
    })
}

impl Slot {
    /// Where the value's text ends (a string's after its closing quote).
    fn value_end(&self) -> usize {
        self.end as usize + usize::from(self.kind == Kind::String)
    }

    /// The slot after this value.
    fn after(&self, index: usize) -> usize {
        match self.kind {
            Kind::Array | Kind::Object => self.next as usize,
            _ => index + 1,
        }
    }
}

/// The members of an object of a [`Tape`]: each name (a string value) and value.
#[derive(Debug, Clone)]
pub struct Members<'t> {
    value: TapeValue<'t>,
    left: usize,
    next: usize,
}

impl<'t> Iterator for Members<'t> {
    type Item = (TapeValue<'t>, TapeValue<'t>);

    fn next(&mut self) -> Option<Self::Item> {
        self.left = self.left.checked_sub(1)?;
        let (name, value) = (self.next, self.next + 1);
        self.next = self.value.slots.get(value)?.after(value);
        Some((self.value.at(name), self.value.at(value)))
    }
}

/// The elements of an array of a [`Tape`].
#[derive(Debug, Clone)]
pub struct Elements<'t> {
    value: TapeValue<'t>,
    left: usize,
    next: usize,
}

impl<'t> Iterator for Elements<'t> {
    type Item = TapeValue<'t>;

    fn next(&mut self) -> Option<Self::Item> {
        self.left = self.left.checked_sub(1)?;
        let here = self.next;
        self.next = self.value.slots.get(here)?.after(here);
        Some(self.value.at(here))
    }
}

/// One value of a [`Tape`].
#[derive(Debug, Clone, Copy)]
pub struct TapeValue<'t> {
    text: &'t str,
    slots: &'t [Slot],
    index: usize,
}

impl<'t> TapeValue<'t> {
    fn slot(&self) -> Slot {
        self.slots[self.index]
    }

    fn at(&self, index: usize) -> TapeValue<'t> {
        TapeValue { index, ..*self }
    }

    pub(crate) fn kind(&self) -> Kind {
        self.slot().kind
    }

    /// Where the value lies in the document: a stable identity while the tape lives.
    pub(crate) fn index(&self) -> usize {
        self.index
    }

    /// The value's canonical text (a string with its quotes).
    pub fn raw(&self) -> &'t str {
        let s = self.slot();
        let start = s.start as usize - usize::from(s.kind == Kind::String);
        self.text.get(start..s.value_end()).unwrap_or_default()
    }

    /// The value kept as its canonical text (a member of a canonical document is the
    /// canonical form of its value), made a tree only if used as one.
    pub fn to_lazy(&self) -> super::LazyValue {
        super::LazyValue::from_canonical_text(self.raw())
    }

    /// Whether the value is `null`.
    pub fn is_null(&self) -> bool {
        self.kind() == Kind::Null
    }

    /// The string, if the value is one (it has no escapes: its text is the string).
    pub fn as_str(&self) -> Option<&'t str> {
        let s = self.slot();
        (s.kind == Kind::String).then(|| {
            self.text
                .get(s.start as usize..s.end as usize)
                .unwrap_or_default()
        })
    }

    /// The integer, if the value is a number (every number of a tape is an integer).
    pub fn as_i64(&self) -> Option<i64> {
        (self.kind() == Kind::Number).then(|| self.raw().parse().ok())?
    }

    /// Whether the value is an object.
    pub fn as_object(&self) -> Option<()> {
        (self.kind() == Kind::Object).then_some(())
    }

    /// Number of members or elements (0 for a scalar).
    pub fn len(&self) -> usize {
        self.slot().count as usize
    }

    /// Whether the value has no members or elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The slots of the members' names and values, if the value is an object.
    fn member_slots(&self) -> Members<'t> {
        Members {
            value: *self,
            left: if self.kind() == Kind::Object {
                self.len()
            } else {
                0
            },
            next: self.index + 1,
        }
    }

    /// The members of an object, each name as a string value (none for anything else).
    pub fn member_iter(&self) -> Members<'t> {
        self.member_slots()
    }

    /// The members of an object (none for anything else), in their (canonical) order.
    pub fn members(&self) -> impl Iterator<Item = (&'t str, TapeValue<'t>)> + 't {
        self.member_slots()
            .map(|(name, value)| (name.as_str().unwrap_or_default(), value))
    }

    /// The member `name` of an object.
    pub fn get(&self, name: &str) -> Option<TapeValue<'t>> {
        self.member_slots()
            .find(|(n, _)| n.as_str() == Some(name))
            .map(|(_, v)| v)
    }

    /// The elements of an array (none for anything else).
    pub fn elements(&self) -> Elements<'t> {
        Elements {
            value: *self,
            left: if self.kind() == Kind::Array {
                self.len()
            } else {
                0
            },
            next: self.index + 1,
        }
    }

    /// The object's text with the spans of its members, for hashing it without a tree (a
    /// part of canonical JSON is the canonical form of its value): the whole document's, or an
    /// embedded document's (a credential in a presentation). `None` when not an object.
    pub(crate) fn canonical_bytes(&self) -> Option<super::CanonicalBytes<'t>> {
        object_bytes(self.text, self)
    }

    /// An address that tells this tape from any other alive at the same time.
    pub(crate) fn tape_address(&self) -> usize {
        self.slots.as_ptr() as usize
    }

    /// The value as a tree.
    pub fn to_value(&self) -> Value {
        match self.kind() {
            Kind::Null => Value::Null,
            Kind::False => Value::Bool(false),
            Kind::True => Value::Bool(true),
            Kind::Number => Value::Number(self.number()),
            Kind::String => Value::String(self.as_str().unwrap_or_default().to_owned()),
            Kind::Array => Value::Array(self.elements().map(|e| e.to_value()).collect()),
            Kind::Object => Value::Object(
                self.members()
                    .map(|(n, v)| (n.to_owned(), v.to_value()))
                    .collect::<Map<String, Value>>(),
            ),
        }
    }

    /// The number, as the strict parser reads it: `u64` when not negative, else `i64`.
    pub(crate) fn number(&self) -> Number {
        let raw = self.raw();
        match raw.strip_prefix('-') {
            None => Number::from(raw.parse::<u64>().unwrap_or_default()),
            Some(_) => Number::from(raw.parse::<i64>().unwrap_or_default()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse_with_layout;
    use proptest::prelude::*;

    /// For every input: the tape reads it only if the strict parser accepts it, finds it
    /// canonical and reads the same value; and it reads the plain canonical documents.
    fn agree(bytes: &[u8], limits: &Limits) -> bool {
        let tape = Tape::parse(bytes, limits);
        let strict = parse_with_layout(bytes, limits);
        if let Some(tape) = &tape {
            let parsed = strict
                .as_ref()
                .expect("the tape read what the parser refuses");
            assert!(
                parsed.canonical_bytes().is_some(),
                "{:?}",
                String::from_utf8_lossy(bytes)
            );
            assert_eq!(&tape.root().to_value(), parsed.value());
        }
        tape.is_some()
    }

    #[test]
    fn the_tape_agrees_with_the_strict_parser() {
        let limits = Limits::default();
        let accepted: &[&str] = &[
            r#"{"a":1,"b":[true,false,null],"c":{"d":"é ☃ 𝄞"},"e":-42,"f":9007199254740991}"#,
            r#"[]"#,
            r#"{}"#,
            r#""x""#,
            r#"0"#,
            r#"[[],{},[{}]]"#,
            r#"{"":0,"a":{"":[]}}"#,
            // UTF-16 order: U+10000 (a surrogate pair) sorts before U+FB01.
            "{\"\u{10000}\":1,\"\u{fb01}\":2}",
        ];
        for text in accepted {
            assert!(agree(text.as_bytes(), &limits), "{text}");
        }
        let declined: &[&str] = &[
            r#"{"a": 1}"#,
            r#"{"b":1,"a":2}"#,
            r#"{"a":1,"a":1}"#,
            r#"{"a":"\n"}"#,
            r#"{"a":"\u00e9"}"#,
            r#"{"\u0061":1}"#,
            r#"[1.5]"#,
            r#"[1e3]"#,
            r#"[-0]"#,
            r#"[01]"#,
            r#"[9007199254740992]"#,
            r#"[12345678901234567]"#,
            r#"[1,]"#,
            r#"{"a":1,}"#,
            r#"[1}"#,
            r#"{"a":1]"#,
            r#"[tru]"#,
            r#"[nul"#,
            r#"{"a""#,
            r#"{"a":"#,
            r#"["#,
            "",
            "[1] ",
            "\u{feff}[1]",
            "[\"\u{1}\"]",
            "{\"\u{fb01}\":2,\"\u{10000}\":1}",
        ];
        for text in declined {
            assert!(!agree(text.as_bytes(), &limits), "{text}");
        }
        assert!(!agree(b"[\"\xff\"]", &limits));
    }

    #[test]
    fn the_tape_declines_what_is_over_a_limit_and_reads_what_is_at_it() {
        let at = |limits: Limits, ok: &str, over: &str| {
            assert!(agree(ok.as_bytes(), &limits), "{ok}");
            assert!(!agree(over.as_bytes(), &limits), "{over}");
        };
        let base = Limits::default;
        at(
            Limits {
                max_depth: 2,
                ..base()
            },
            "[[1]]",
            "[[[1]]]",
        );
        at(
            Limits {
                max_array_len: 2,
                ..base()
            },
            "[1,2]",
            "[1,2,3]",
        );
        at(
            Limits {
                max_object_members: 2,
                ..base()
            },
            r#"{"a":1,"b":2}"#,
            r#"{"a":1,"b":2,"c":3}"#,
        );
        at(
            Limits {
                max_string_bytes: 2,
                ..base()
            },
            r#"["ab"]"#,
            r#"["abc"]"#,
        );
        at(
            Limits {
                max_string_bytes: 2,
                ..base()
            },
            r#"{"ab":1}"#,
            r#"{"abc":1}"#,
        );
        at(
            Limits {
                max_bytes: 5,
                ..base()
            },
            "[1,2]",
            "[1,22]",
        );
    }

    fn arb_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            (0..=MAX_SAFE_INTEGER).prop_map(Value::from),
            (-(MAX_SAFE_INTEGER as i64)..=0).prop_map(Value::from),
            (-1e6f64..1e6).prop_filter_map("finite", |f| Number::from_f64(f).map(Value::Number)),
            any::<String>().prop_map(Value::String),
            "[a-z~/é]{0,6}".prop_map(Value::String),
        ];
        leaf.prop_recursive(6, 64, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map(any::<String>(), inner.clone(), 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
                prop::collection::btree_map("[a-d]{0,2}", inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        /// Canonical documents, and each with one byte changed: whatever the tape reads, the
        /// strict parser reads too, as canonical and as the same value.
        #[test]
        fn random_documents_agree_with_the_strict_parser(
            value in arb_json(),
            at in any::<prop::sample::Index>(),
            byte in prop::sample::select(b"{}[]\",:-01.ea \\".to_vec()),
        ) {
            let limits = Limits::default();
            let canonical = crate::jcs::canonicalize(&value);
            agree(&canonical, &limits);
            let mut damaged = canonical.clone();
            let i = at.index(damaged.len());
            damaged[i] = byte;
            agree(&damaged, &limits);
        }
    }

    #[test]
    fn members_spans_and_hashes_are_the_parsers() {
        let bytes = crate::jcs::canonicalize(&serde_json::json!({
            "header": {"b": [1, {"c": null}], "a": "x"},
            "payload": {"q": [true]},
            "proof": {"proofValue": "z1", "type": "T"},
            "type": "E",
        }));
        let tape = Tape::parse(&bytes, &Limits::default()).unwrap();
        let parsed = parse_with_layout(&bytes, &Limits::default()).unwrap();
        let (ours, theirs) = (
            tape.canonical_bytes().unwrap(),
            parsed.canonical_bytes().unwrap(),
        );
        for name in ["header", "payload", "proof", "type", "nope"] {
            assert_eq!(ours.member_value(name), theirs.member_value(name), "{name}");
        }
        assert_eq!(
            ours.sha256_whole_and_unsecured(),
            theirs.sha256_whole_and_unsecured()
        );
        assert_eq!(ours.proof_config_sha256(), theirs.proof_config_sha256());
        let root = tape.root();
        assert_eq!(root.get("payload").unwrap().raw(), r#"{"q":[true]}"#);
        assert_eq!(root.get("type").unwrap().raw(), r#""E""#);
        assert_eq!(root.get("type").unwrap().as_str(), Some("E"));
        let header = root.get("header").unwrap();
        let b: Vec<_> = header
            .get("b")
            .unwrap()
            .elements()
            .map(|e| e.raw())
            .collect();
        assert_eq!(b, ["1", r#"{"c":null}"#]);
        assert_eq!(
            header.get("b").unwrap().elements().next().unwrap().as_i64(),
            Some(1)
        );
    }
}
